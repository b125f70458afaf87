from __future__ import annotations

from importlib import import_module

from django.contrib import admin
from django.urls import include, path

from config.api import api
from config.metrics import metrics
from stint.accounts import views as account_views
from stint.core import views as core_views
from stint.flows.urls import NAMESPACED as FLOW_PATTERNS

handler403 = "stint.core.views.error_403"
handler404 = "stint.core.views.error_404"
handler500 = "stint.core.views.error_500"

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    path("metrics", metrics, name="metrics"),
    path("api/v1/", api.urls),
    # The admin signs in through allauth (rate limits, two-factor), never with its own password form.
    path("admin/login/", account_views.admin_login_view, name="admin_login"),
    path("admin/password_change/", account_views.admin_password_change_view),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
]

# Each app that has HTML pages contributes ``urls.py``; they are mounted here in one place.
for _app, _prefix in (
    ("accounts", "me/"),
    ("notifications", "notifications/"),
    ("skills", "skills/"),
    ("organizations", "organizations/"),
    ("talent", "talent/"),
    ("projects", "projects/"),
    ("applications", "applications/"),
    ("messaging", "messages/"),
    ("engagements", "engagements/"),
    ("payments", "payments/"),
    ("matching", "search/"),
    ("planner", "planner/"),
    ("recommendations", "recommendations/"),
    ("advisors", "advisors/"),
    ("talentpool", "pool/"),
    ("coach", "coach/"),
    ("explore", "explore/"),
    ("privacy", "me/privacy/"),
    ("credentials", ""),
):
    try:
        _module = import_module(f"stint.{_app}.urls")
    except ModuleNotFoundError as exc:
        if exc.name != f"stint.{_app}.urls":
            raise
        continue
    # Cross-app pages (stint.flows) keep their app's prefix and namespace, and are matched first.
    _patterns = [*FLOW_PATTERNS.get(_app, []), *_module.urlpatterns]
    urlpatterns.append(path(_prefix, include((_patterns, _module.app_name))))
