from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Router, Status

from stint.accounts import services
from stint.accounts.schemas import SignupIn, TokenIn, TokenOut, UserOut
from stint.core import ratelimit
from stint.core.api import ProblemSchema
from stint.core.errors import NotAuthenticated

router = Router(tags=["accounts"])

LOGIN_FAILURES_PER_WINDOW = 5
LOGIN_WINDOW_SECONDS = 300


@router.post("/auth/signup", auth=None, response={201: UserOut, 409: ProblemSchema, 422: ProblemSchema})
def signup(request: HttpRequest, payload: SignupIn):  # type: ignore[no-untyped-def]
    """Create an account as talent, company or advisor. Staff accounts come from `createsuperuser`."""
    ratelimit.check("signup", ratelimit.client_ip(request), limit=20, window_seconds=60)
    ratelimit.hit("signup", ratelimit.client_ip(request), window_seconds=60)
    user = services.user_signup(email=payload.email, password=payload.password, name=payload.name, role=payload.role)
    return Status(201, user)


@router.post("/auth/token", auth=None, response={200: TokenOut, 401: ProblemSchema, 429: ProblemSchema})
def token_create(request: HttpRequest, payload: TokenIn):  # type: ignore[no-untyped-def]
    """Exchange an email and password for a bearer token. Failed attempts are rate limited per
    address and per IP (5 per 5 minutes)."""
    email_key = payload.email.strip().lower()
    ip_key = ratelimit.client_ip(request)
    for bucket, ident in (("login-email", email_key), ("login-ip", ip_key)):
        ratelimit.check(bucket, ident, limit=LOGIN_FAILURES_PER_WINDOW, window_seconds=LOGIN_WINDOW_SECONDS)
    try:
        token, secret = services.token_create(email=payload.email, password=payload.password, name=payload.name)
    except services.InvalidCredentials:
        ratelimit.hit("login-email", email_key, window_seconds=LOGIN_WINDOW_SECONDS)
        ratelimit.hit("login-ip", ip_key, window_seconds=LOGIN_WINDOW_SECONDS)
        raise
    return {"token": secret, "token_id": token.id}


@router.delete("/auth/token", response={204: None, 401: ProblemSchema})
def token_delete(request: HttpRequest):  # type: ignore[no-untyped-def]
    """Revoke the bearer token used for this request; it stops working at once."""
    token = getattr(request.user, "_api_token", None)
    if token is None:
        raise NotAuthenticated("Send the bearer token you want to revoke.", code="token_required")
    services.token_revoke(token=token, actor=request.user)
    return HttpResponse(status=204)


@router.get("/me", response=UserOut)
def me(request: HttpRequest):  # type: ignore[no-untyped-def]
    return request.user
