"""Work on the org tree and its people across models: unit codes as the
tree keeps them, the activation link of a new account."""

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache

from django.contrib.auth.hashers import is_password_usable
from django.contrib.auth.tokens import default_token_generator
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from org.models import User


def activation_path(user) -> str:
    """The one-time link (path) on which a new account sets its own first
    password; none for an account that has one. It stops working once the
    password is set (the token covers the password hash) or after
    PASSWORD_RESET_TIMEOUT."""
    if is_password_usable(user.password):
        return ""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    # One reverse per script prefix, not one per account of an export.
    pattern = _activation_pattern(get_script_prefix())
    return pattern.replace("UID0", uid).replace("TOKEN0", token)


@lru_cache(maxsize=8)
def _activation_pattern(script_prefix: str) -> str:
    return reverse("account_activate", args=["UID0", "TOKEN0"])


@dataclass(frozen=True)
class AccountValues:
    """What an activation token covers, read as values (an export of 100,000
    accounts builds no model instances)."""

    pk: int
    password: str
    last_login: datetime | None
    email: str

    @staticmethod
    def get_email_field_name() -> str:
        return User.get_email_field_name()


def activation_path_of(pk, password: str, last_login, email: str) -> str:
    """`activation_path` of the account holding these values (what its token
    covers), for an export that reads values rather than accounts."""
    if is_password_usable(password):
        return ""
    if last_login is not None:
        # As the account holds it (UTC), whatever local time it is read in.
        if timezone.is_naive(last_login):
            last_login = timezone.make_aware(last_login)
        last_login = last_login.astimezone(UTC)
    return activation_path(AccountValues(pk, password, last_login, email))


def normalize_code(value) -> str:
    """A unit's code as the tree keeps it: a 12-digit 统计用区划代码 loses the
    zeros of the levels below it (620321000000 → 620321, 620321100000 →
    620321100); any other code is kept as written."""
    text = str(value or "").strip()
    if text.endswith(".0"):
        text = text[:-2]  # a code typed as a number in Excel
    if re.fullmatch(r"\d{12}", text):
        if text.endswith("000000"):
            return text[:6]
        if text.endswith("000"):
            return text[:9]
    return text
