"""Demo-data steps of the marketplace apps. Each app's ``demo.py`` appends its idempotent steps to
``stint.demo.loader.STEPS`` when imported; the order here is the order they run in."""

from importlib import import_module

for _app in (
    "skills",
    "organizations",
    "talent",
    "projects",
    "applications",
    "engagements",
    "planner",
    "matching",
    "recommendations",
):
    try:
        import_module(f"stint.{_app}.demo")
    except ModuleNotFoundError as exc:
        if exc.name != f"stint.{_app}.demo":
            raise
