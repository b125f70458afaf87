"""Demo-data steps of the marketplace apps. Each app's ``demo.py`` appends its idempotent steps to
``stint.core.demo.STEPS`` when imported; ``APP_ORDER`` is the order they run in, whatever order
the modules happened to be imported in (a test may import one app's demo module first). The steps
that span several apps (a hire with its engagement and messages, the first submission) live in
this package as ``stint.demo.<app>``, next to the loader that may import every app."""

from importlib import import_module

APP_ORDER = (
    "skills",
    "currencies",
    "organizations",
    "talent",
    "projects",
    "payments",
    "applications",
    "engagements",
    "planner",
    "matching",
    "recommendations",
    "credentials",
    "advisors",
    "talentpool",
)
CROSS_APP_STEPS = (
    "payments",
    "applications",
    "engagements",
    "credentials",
    "talentpool",
)  # stint.demo.<app>, not stint.<app>.demo

for _app in APP_ORDER:
    _name = f"stint.demo.{_app}" if _app in CROSS_APP_STEPS else f"stint.{_app}.demo"
    try:
        import_module(_name)
    except ModuleNotFoundError as exc:
        if exc.name != _name:
            raise


def step_rank(step: object) -> int:
    parts = getattr(step, "__module__", "").split(".")
    app = ""
    if len(parts) > 2 and parts[0] == "stint":
        app = parts[2] if parts[1] == "demo" else parts[1]
    return APP_ORDER.index(app) if app in APP_ORDER else len(APP_ORDER)
