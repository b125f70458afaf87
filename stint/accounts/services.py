"""Writes on accounts: API signup, API tokens (with the second factor and email verification),
and what a password change does to the rest of the account. docs/accounts.md explains the rules."""

from __future__ import annotations

import hashlib
import secrets
import zoneinfo

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from stint.accounts import selectors
from stint.accounts.choices import SIGNUP_ROLES, Role
from stint.accounts.models import ApiToken, User
from stint.core.audit import audit_log
from stint.core.errors import ApplicationError, NotAuthenticated, PermissionDenied, ValidationFailed
from stint.core.money import SUPPORTED_CURRENCIES
from stint.core.types import Actor

TOKEN_PREFIX = "stint_"


class InvalidCredentials(ApplicationError):
    code = "invalid_credentials"
    status = 401
    title = _("The email address or password is not correct")


class MfaRequired(ApplicationError):
    """The password was right and the account has two-factor authentication: send ``code``."""

    code = "mfa_required"
    status = 401
    title = _("Two-factor authentication code required")


class MfaInvalid(ApplicationError):
    code = "mfa_invalid"
    status = 401
    title = _("The two-factor authentication code is not correct")


class EmailUnverified(PermissionDenied):
    code = "email_unverified"
    title = _("Confirm your email address first")


def hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def email_verification_mode() -> str:
    """allauth's setting (``STINT_EMAIL_VERIFICATION``): ``mandatory``, ``optional`` or ``none``."""
    from allauth.account import app_settings

    return str(app_settings.EMAIL_VERIFICATION.value)


def email_verification_mandatory() -> bool:
    return email_verification_mode() == "mandatory"


# --- signup ----------------------------------------------------------------------------------------


def _signup_errors(*, email: str, password: str, name: str, role: str) -> list[dict[str, str]]:
    errors: list[dict[str, str]] = []
    try:
        validate_email(email)
    except ValidationError:
        errors.append({"field": "email", "message": gettext("Enter a valid email address.")})
    if role not in [r.value for r in SIGNUP_ROLES]:
        errors.append({"field": "role", "message": gettext("Choose talent, company or advisor.")})
    if not name:
        errors.append({"field": "name", "message": gettext("Tell us your name.")})
    if len(name) > 150:
        errors.append({"field": "name", "message": gettext("At most %(count)s characters.") % {"count": 150}})
    try:
        validate_password(password, User(email=email, name=name))
    except ValidationError as exc:
        errors.extend({"field": "password", "message": m} for m in exc.messages)
    return errors


def user_signup(*, email: str, password: str, name: str, role: str, request: HttpRequest) -> User | None:
    """Create an account with a role and email its verification link; used by the API (the HTML
    signup is allauth's form, whose adapter calls ``user_apply_signup_data``).

    An address that already has an account gets no second account and no error: its owner is
    emailed that someone tried to sign up with it, and the caller answers exactly as for a new
    address, so signup cannot tell anyone which addresses have accounts. Returns the new user, or
    None when the address was taken. Invalid input is ``422 validation_error`` either way."""
    email = (email or "").strip().lower()
    name = (name or "").strip()
    errors = _signup_errors(email=email, password=password, name=name, role=role)
    if errors:
        raise ValidationFailed(gettext("The signup data is not valid."), errors=errors)
    from allauth.account.models import EmailAddress

    created: tuple[User, EmailAddress] | None = None
    try:
        with transaction.atomic():
            # Taken if it is any account's login address or one of its other addresses (allauth's rule).
            taken = (
                User.objects.filter(email__iexact=email).exists()
                or EmailAddress.objects.filter(email__iexact=email).exists()
            )
            if not taken:
                new_user = User.objects.create_user(email=email, password=password, name=name, role=role)
                address = EmailAddress.objects.create(user=new_user, email=email, primary=True, verified=False)
                audit_log(new_user, "user.signed_up", new_user, {"role": role, "via": "api"})
                created = (new_user, address)
    except IntegrityError:  # a concurrent signup with the same address won
        created = None
    if created is None:
        make_password(password)  # the same hashing cost as a real signup: no timing difference
        _send_account_exists_mail(request=request, email=email)
        return None
    user, address = created
    if email_verification_mode() != "none" and _email_budget(request=request, email=email):
        address.send_confirmation(request, signup=True)
    return user


def _email_budget(*, request: HttpRequest, email: str) -> bool:
    """allauth's per-address limit on verification mails (shared with the web's "resend"); when it
    is spent the mail is skipped silently: the earlier one is still valid."""
    from allauth.core import ratelimit as allauth_ratelimit

    return allauth_ratelimit.consume(request, action="confirm_email", key=email.lower())


def _send_account_exists_mail(*, request: HttpRequest, email: str) -> None:
    from allauth.account.adapter import get_adapter
    from allauth.core.context import request_context

    if not _email_budget(request=request, email=email):
        return
    with request_context(request):
        get_adapter(request).send_account_already_exists_mail(email)


def email_verification_resend(*, email: str, request: HttpRequest) -> None:
    """Email a new verification link to ``email`` if an account has it unverified. Answers the
    same (nothing) for unknown or verified addresses; at most one mail per address per cooldown."""
    from allauth.account.models import EmailAddress

    address = (
        EmailAddress.objects.select_related("user")
        .filter(email__iexact=(email or "").strip(), verified=False, user__is_active=True)
        .first()
    )
    if address is None or not _email_budget(request=request, email=address.email):
        return
    address.send_confirmation(request, signup=False)


def user_apply_signup_data(*, user: User, name: str, role: str) -> None:
    user.name = name.strip()
    user.role = role if role in [r.value for r in SIGNUP_ROLES] else Role.TALENT


# --- API tokens -------------------------------------------------------------------------------------


def user_authenticate(*, email: str, password: str) -> User:
    """The active user with this email and password, or ``InvalidCredentials`` (401)."""
    user = authenticate(username=(email or "").strip().lower(), password=password)
    if user is None or not user.is_active:
        raise InvalidCredentials()
    return user


def mfa_check(*, user: User, code: str) -> bool:
    """The second factor, for accounts that have one (allauth.mfa): a current TOTP code or an
    unused recovery code. Returns False when the account has none; raises ``MfaRequired`` when
    ``code`` is empty and ``MfaInvalid`` when it is wrong (or already used: TOTP codes are
    remembered for their validity window, recovery codes are single-use)."""
    from allauth.mfa.models import Authenticator

    if not selectors.user_has_mfa(user=user):
        return False
    code = (code or "").strip()
    if not code:
        raise MfaRequired(
            gettext(
                "This account uses two-factor authentication: send the code from the authenticator app "
                "(or a recovery code) as `code`."
            )
        )
    # TOTP first: a six-digit code is checked against it, not used up as a recovery code.
    for authenticator in Authenticator.objects.filter(
        user_id=user.pk, type__in=[Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES]
    ).order_by("-type"):
        if authenticator.wrap().validate_code(code):
            authenticator.record_usage()
            return True
    raise MfaInvalid()


def token_create(*, email: str, password: str, code: str = "", name: str = "api") -> tuple[ApiToken, str]:
    """Check the credentials, the second factor (when the account has one) and, when email
    verification is mandatory, the verified address; then issue a bearer token. The secret is
    returned once. Rate limiting is the caller's (the endpoint reserves an attempt first)."""
    user = user_authenticate(email=email, password=password)
    mfa_check(user=user, code=code)
    if email_verification_mandatory() and not selectors.email_is_verified(user=user):
        raise EmailUnverified(
            gettext(
                "Confirm your email address with the link we sent you before requesting a token. "
                "POST /api/v1/auth/email/verification sends a new link."
            )
        )
    return token_issue(user=user, name=name)


def token_issue(*, user: User, name: str = "api") -> tuple[ApiToken, str]:
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name[:100], prefix=secret[:12], key_hash=hash_token(secret))
    audit_log(user, "token.created", token, {"name": name})
    return token, secret


def token_authenticate(secret: str) -> User | None:
    if not secret or not secret.startswith(TOKEN_PREFIX):
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=hash_token(secret), revoked_at__isnull=True).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.user._api_token = token  # type: ignore[attr-defined]
    return token.user


def token_revoke(*, token: ApiToken, actor: Actor) -> None:
    if not ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now()):
        raise NotAuthenticated(gettext("This token is already revoked."), code="token_revoked")
    audit_log(actor, "token.revoked", token)


# --- password changes --------------------------------------------------------------------------------


def user_password_changed(*, user: User, actor: Actor, via: str) -> int:
    """After a password change, set or reset: revoke every API token of ``user`` (one conditional
    update) and record it. Other browser sessions end by themselves: Django ties a session to the
    password hash, and only the session that made the change is carried over. Returns how many
    tokens were revoked; the notification email (allauth's, our template) says so."""
    revoked = ApiToken.objects.filter(user_id=user.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    audit_log(actor, "user.password_changed", user, {"via": via, "tokens_revoked": revoked})
    return revoked


# --- preferences (docs/i18n.md) ------------------------------------------------------------------


def preference_errors(*, language: str | None, time_zone: str | None, currency: str | None) -> list[ValidationFailed]:
    """What is wrong with the preferences given (None = not given). Blank means "not chosen"."""
    problems: list[ValidationFailed] = []
    if language and language not in dict(settings.LANGUAGES):
        problems.append(
            ValidationFailed(
                gettext("This language is not available."),
                code="invalid_language",
                errors=[{"field": "language", "message": gettext("Choose one of the languages offered.")}],
            )
        )
    if time_zone and time_zone not in zoneinfo.available_timezones():
        problems.append(
            ValidationFailed(
                gettext("This time zone is not known."),
                code="invalid_time_zone",
                errors=[{"field": "time_zone", "message": gettext("Choose a time zone such as Europe/Berlin.")}],
            )
        )
    if currency and currency not in SUPPORTED_CURRENCIES:
        problems.append(
            ValidationFailed(
                gettext("This currency is not supported."),
                code="invalid_currency",
                errors=[{"field": "currency", "message": gettext("Choose one of the currencies offered.")}],
            )
        )
    return problems


def user_preferences_update(
    *, user: User, language: str | None = None, time_zone: str | None = None, currency: str | None = None
) -> User:
    """Set the user's language, time zone and comparison currency; ``None`` leaves one as it is,
    ``""`` clears it (back to the browser's language, the profile's zone or UTC, the default
    currency). All or nothing: one invalid value refuses the whole change (its stable ``code``)."""
    language = language.strip() if language is not None else None
    time_zone = time_zone.strip() if time_zone is not None else None
    currency = currency.strip().upper() if currency is not None else None
    problems = preference_errors(language=language, time_zone=time_zone, currency=currency)
    if problems:
        first = problems[0]
        first.errors = [e for p in problems for e in p.errors]
        raise first
    changed = []
    for field, value in (("language", language), ("time_zone", time_zone), ("currency", currency)):
        if value is not None and getattr(user, field) != value:
            setattr(user, field, value)
            changed.append(field)
    if changed:
        user.save(update_fields=changed)
        audit_log(user, "user.preferences_changed", user, {field: getattr(user, field) for field in changed})
    return user
