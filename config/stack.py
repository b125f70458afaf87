"""The Django stack of ``config/settings.py``: the installed apps, the middleware in its order, and
the template engine. Nothing here depends on the environment."""

from __future__ import annotations

from pathlib import Path
from typing import Any

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_htmx",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "ninja",
    "stint.core",
    "stint.accounts",
    "stint.notifications",
    "stint.messaging",
    "stint.skills",
    "stint.currencies",
    "stint.organizations",
    "stint.talent",
    "stint.projects",
    "stint.applications",
    "stint.engagements",
    "stint.payments",
    "stint.matching",
    "stint.planner",
    "stint.recommendations",
    "stint.credentials",
    "stint.advisors",
    "stint.talentpool",
    "stint.coach",
    "stint.explore",
    "stint.privacy",
    "stint.flows",
    "stint.demo",
]

MIDDLEWARE = [
    # First: every response (redirects and refusals included) carries X-Request-ID and is timed.
    "stint.core.observability.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Hostile input (NUL, malformed or oversized bodies) is refused before sessions, CSRF or views.
    "stint.core.guard.RequestGuardMiddleware",
    # Reads of browse/search/public pages from the replica, when there is one (stint/core/dbrouter.py).
    "stint.core.dbrouter.ReplicaRoutingMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Language from the cookie the footer's switcher sets, then Accept-Language (URLs stay the same);
    # a signed-in user's own setting wins (PreferencesMiddleware, after authentication).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The signed-in user's language and time zone (docs/i18n.md).
    "stint.accounts.middleware.PreferencesMiddleware",
    # After authentication: the budget applies to reads and to requests without credentials.
    "stint.core.dbtimeout.StatementTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "stint.accounts.middleware.StaffMfaMiddleware",
    "stint.core.middleware.ApplicationErrorMiddleware",
]


def templates(directory: Path) -> list[dict[str, Any]]:
    """Django templates from ``directory`` and the apps, with the context every page needs."""
    return [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "DIRS": [directory],
            "APP_DIRS": True,
            "OPTIONS": {
                "context_processors": [
                    "django.template.context_processors.request",
                    "django.template.context_processors.csp",
                    "django.contrib.auth.context_processors.auth",
                    "django.contrib.messages.context_processors.messages",
                    "stint.core.context_processors.site",
                    "stint.notifications.context_processors.notifications",
                    "stint.payments.context_processors.payments",
                ],
            },
        }
    ]
