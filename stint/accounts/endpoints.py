from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext
from ninja import Router, Status

from stint.accounts import services
from stint.accounts.schemas import (
    AcceptedOut,
    EmailIn,
    SignupIn,
    SignupOut,
    TokenIn,
    TokenOut,
    UserOut,
    UserPreferencesIn,
)
from stint.core import ratelimit
from stint.core.api import ProblemSchema
from stint.core.errors import NotAuthenticated

router = Router(tags=["accounts"])

LOGIN_FAILURES_PER_WINDOW = 5
LOGIN_WINDOW_SECONDS = 300
SIGNUPS_PER_MINUTE = 20
VERIFICATION_REQUESTS_PER_MINUTE = 20


@router.post(
    "/auth/signup",
    auth=None,
    response={202: SignupOut, 422: ProblemSchema, 429: ProblemSchema},
)
def signup(request: HttpRequest, payload: SignupIn):
    """Create an account as talent, company or advisor (staff accounts come from `createsuperuser`).

    Answers `202` with the same body whether the address is new or already has an account, so
    signup does not reveal who is registered: a new address gets its account and a verification
    link; an address that already has an account gets no second one, and its owner is emailed that
    someone tried to sign up with it. When `email_verification` is `mandatory`, confirm the address
    with the emailed link before requesting a token. Invalid input is `422` either way; 20 signups
    per minute per IP."""
    ip = ratelimit.client_ip_bucket(request)
    ratelimit.reserve([("signup", ip)], limit=SIGNUPS_PER_MINUTE, window_seconds=60)
    services.user_signup(
        email=payload.email, password=payload.password, name=payload.name, role=payload.role, request=request
    )
    return Status(
        202,
        {
            "email": payload.email.strip().lower(),
            "email_verification": services.email_verification_mode(),
            "detail": gettext(
                "If this address is new, its account is created and a confirmation link is on its way; "
                "if it already has an account, we emailed its owner instead."
            ),
        },
    )


@router.post("/auth/email/verification", auth=None, response={202: AcceptedOut, 422: ProblemSchema, 429: ProblemSchema})
def email_verification_resend(request: HttpRequest, payload: EmailIn):
    """Send a new confirmation link to an address whose account has not confirmed it yet.

    Always `202` with the same body (unknown and already confirmed addresses get nothing); at most
    one email per address every few minutes (the earlier link stays valid)."""
    ip = ratelimit.client_ip_bucket(request)
    ratelimit.reserve([("verify-resend", ip)], limit=VERIFICATION_REQUESTS_PER_MINUTE, window_seconds=60)
    services.email_verification_resend(email=payload.email, request=request)
    return Status(
        202, {"detail": gettext("If this address has an account waiting for confirmation, a new link is on its way.")}
    )


@router.post(
    "/auth/token",
    auth=None,
    response={200: TokenOut, 401: ProblemSchema, 403: ProblemSchema, 422: ProblemSchema, 429: ProblemSchema},
)
def token_create(request: HttpRequest, payload: TokenIn):
    """Exchange an email and password (and, with two-factor authentication on, a `code`) for a
    bearer token.

    * `401 invalid_credentials`: wrong email or password.
    * `401 mfa_required`: the password is right and the account has two-factor authentication:
      repeat the request with `code` (the authenticator app's current code, or a recovery code).
    * `401 mfa_invalid`: the code is wrong or was already used.
    * `403 email_unverified`: email verification is mandatory on this server and the address is not
      confirmed yet (`POST /auth/email/verification` sends a new link).
    * `429 rate_limited`: 5 attempts per 5 minutes per address and per client IP. Each attempt is
      counted *before* the password is checked, so parallel requests cannot exceed the limit; a
      successful one (or one that only lacked the code) is given back."""
    reservation = ratelimit.reserve(
        [("login-email", payload.email.strip().lower()), ("login-ip", ratelimit.client_ip_bucket(request))],
        limit=LOGIN_FAILURES_PER_WINDOW,
        window_seconds=LOGIN_WINDOW_SECONDS,
    )
    try:
        token, secret = services.token_create(
            email=payload.email, password=payload.password, code=payload.code, name=payload.name
        )
    except (services.MfaRequired, services.EmailUnverified):
        reservation.release()  # the password was right and no code was guessed: not a failure
        raise
    reservation.release()
    return {"token": secret, "token_id": token.id}


@router.delete("/auth/token", response={204: None, 401: ProblemSchema})
def token_delete(request: HttpRequest):
    """Revoke the bearer token used for this request; it stops working at once."""
    token = getattr(request.user, "_api_token", None)
    if token is None:
        raise NotAuthenticated(gettext("Send the bearer token you want to revoke."), code="token_required")
    services.token_revoke(token=token, actor=request.user)
    return HttpResponse(status=204)


@router.get("/me", response=UserOut)
def me(request: HttpRequest):
    return request.user


@router.patch("/me", response={200: UserOut, 401: ProblemSchema, 422: ProblemSchema})
def me_update(request: HttpRequest, payload: UserPreferencesIn):
    """Change your preferences: `language` (`en`, `es`, `fr`), `time_zone` (IANA, e.g.
    `America/Sao_Paulo`) and `currency` (for approximate comparisons only). Send only what changes;
    an empty string clears a preference. All or nothing: `422 invalid_language`,
    `invalid_time_zone` or `invalid_currency` (nothing is changed); an unknown field is
    `422 validation_error`."""
    return services.user_preferences_update(
        user=request.user,  # type: ignore[arg-type]
        **payload.dict(exclude_unset=True),
    )
