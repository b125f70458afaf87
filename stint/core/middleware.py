from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme

from stint.core.errors import ApplicationError, NotFound
from stint.core.problem import error_to_problem


class ApplicationErrorMiddleware:
    """Turn an ``ApplicationError`` that escapes an HTML view into a message and a redirect back.

    Views that render forms catch errors themselves and attach them to the form; this is the
    safety net for action buttons (POST → redirect). JSON API errors are handled by the NinjaAPI.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, ApplicationError):
            return None
        if request.path.startswith("/api/"):
            return error_to_problem(request, exception)
        if isinstance(exception, NotFound):
            raise Http404(exception.message)
        if request.method in ("GET", "HEAD"):
            if exception.status == 403:
                # A page the user may not open: Django's 403 page and one log line, not a 500.
                raise DjangoPermissionDenied(exception.message) from exception
            return None
        messages.error(request, exception.message)
        target = request.headers.get("Referer") or "/"
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = "/"
        if getattr(request, "htmx", False):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return HttpResponseRedirect(target)
