from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from stint.accounts.choices import SIGNUP_ROLES, Role
from stint.accounts.models import ApiToken, User
from stint.core.audit import audit_log
from stint.core.errors import ApplicationError, Conflict, NotAuthenticated, ValidationFailed

TOKEN_PREFIX = "stint_"


class InvalidCredentials(ApplicationError):
    code = "invalid_credentials"
    status = 401
    title = "The email address or password is not correct"


def hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def user_signup(*, email: str, password: str, name: str, role: str, request: HttpRequest | None = None) -> User:
    """Create an account with a role. Used by the API; the HTML signup goes through allauth's form,
    whose adapter calls ``user_apply_signup_data`` so both faces set the same fields."""
    errors: list[dict[str, str]] = []
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        errors.append({"field": "email", "message": "Enter a valid email address."})
    if role not in [r.value for r in SIGNUP_ROLES]:
        errors.append({"field": "role", "message": "Choose talent, company or advisor."})
    name = (name or "").strip()
    if not name:
        errors.append({"field": "name", "message": "Tell us your name."})
    if len(name) > 150:
        errors.append({"field": "name", "message": "At most 150 characters."})
    try:
        validate_password(password, User(email=email, name=name))
    except ValidationError as exc:
        errors.extend({"field": "password", "message": m} for m in exc.messages)
    if errors:
        raise ValidationFailed("The signup data is not valid.", errors=errors)
    try:
        with transaction.atomic():
            if User.objects.filter(email__iexact=email).exists():
                raise IntegrityError
            user = User.objects.create_user(email=email, password=password, name=name, role=role)
            from allauth.account.models import EmailAddress

            EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
            audit_log(user, "user.signed_up", user, {"role": role, "via": "api"})
    except IntegrityError:
        raise Conflict("An account with this email address already exists.", code="email_taken") from None
    return user


def user_apply_signup_data(user: User, *, name: str, role: str) -> None:
    user.name = name.strip()
    user.role = role if role in [r.value for r in SIGNUP_ROLES] else Role.TALENT


def token_create(*, email: str, password: str, name: str = "api") -> tuple[ApiToken, str]:
    """Check the credentials and issue a new bearer token. The secret is returned once."""
    user = authenticate(username=(email or "").strip().lower(), password=password)
    if user is None or not user.is_active:
        raise InvalidCredentials()
    return token_issue(user=user, name=name)


def token_issue(*, user: Any, name: str = "api") -> tuple[ApiToken, str]:
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


def token_revoke(*, token: ApiToken, actor: Any) -> None:
    if not ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now()):
        raise NotAuthenticated("This token is already revoked.", code="token_revoked")
    audit_log(actor, "token.revoked", token)
