"""Demo-data steps of the marketplace apps. Each app's ``demo.py`` appends its idempotent steps to
``stint.demo.loader.STEPS`` when imported; ``APP_ORDER`` is the order they run in, whatever order
the modules happened to be imported in (a test may import one app's demo module first)."""

from importlib import import_module

APP_ORDER = (
    "skills",
    "organizations",
    "talent",
    "projects",
    "payments",
    "applications",
    "engagements",
    "planner",
    "matching",
    "recommendations",
)

for _app in APP_ORDER:
    try:
        import_module(f"stint.{_app}.demo")
    except ModuleNotFoundError as exc:
        if exc.name != f"stint.{_app}.demo":
            raise


def step_rank(step: object) -> int:
    parts = getattr(step, "__module__", "").split(".")
    app = parts[1] if len(parts) > 2 and parts[0] == "stint" else ""
    return APP_ORDER.index(app) if app in APP_ORDER else len(APP_ORDER)
