"""The WSGI application, ready to serve before its first request.

Importing this module sets Django up *and* builds the URLconf, which imports every app's views and
endpoints and builds the Ninja API (``config.api``): seconds of work that would otherwise fall on
the first request each new gunicorn worker receives (issue 15: 5–9 s after a restart or a scaling
event). Gunicorn loads this module in each worker before the worker accepts a connection, so the
cost is paid at start-up. ``STINT_WSGI_WARM_UP=false`` turns it off (a shell that only needs the
``application`` object).
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()


def warm_up() -> None:
    """Import the URLconf (and so the API) and fill the resolver's reverse tables."""
    import logging
    import time

    from django.db import connections
    from django.urls import get_resolver

    started = time.monotonic()
    resolver = get_resolver()
    resolver.url_patterns  # noqa: B018  (imports config.urls, config.api and every app's views)
    resolver.reverse_dict  # noqa: B018  (the tables ``reverse()`` and ``{% url %}`` use)
    # Whatever start-up read from the database did so on this (main) thread, which never serves a
    # request: close it, or the worker holds one connection more than its request threads.
    connections.close_all()
    logging.getLogger("stint.wsgi").info(
        "URLconf and API built at start-up in %.2fs (pid %s)", time.monotonic() - started, os.getpid()
    )


if os.environ.get("STINT_WSGI_WARM_UP", "true").strip().lower() not in {"0", "false", "no", "off"}:
    warm_up()
