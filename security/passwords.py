"""Password rules of 等保2.0 level 3 (identity): complexity and history.

Used as AUTH_PASSWORD_VALIDATORS; Django calls `validate` before a password
is set and `password_changed` after it is saved.
"""

import string

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError

CLASSES = (
    ("大写字母", set(string.ascii_uppercase)),
    ("小写字母", set(string.ascii_lowercase)),
    ("数字", set(string.digits)),
)


def character_classes(password: str) -> int:
    """How many of upper case, lower case, digits and other characters it uses."""
    used = sum(1 for _, chars in CLASSES if chars & set(password))
    others = set(password) - set(string.ascii_letters + string.digits)
    return used + (1 if others else 0)


class CharacterClassesValidator:
    """At least `min_classes` of: upper case, lower case, digits, symbols."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        if character_classes(password) < self.min_classes:
            raise ValidationError(
                f"密码须包含大写字母、小写字母、数字、符号中的至少{self.min_classes}类。",
                code="password_too_simple",
            )

    def get_help_text(self):
        return f"密码须包含大写字母、小写字母、数字、符号中的至少{self.min_classes}类。"


class NotUsernameValidator:
    """The password may not contain the username (in either case)."""

    def validate(self, password, user=None):
        username = getattr(user, "username", "") or ""
        if username and username.lower() in password.lower():
            raise ValidationError("密码不能包含用户名。", code="password_has_username")

    def get_help_text(self):
        return "密码不能包含用户名。"


class HistoryValidator:
    """None of the user's last `count` passwords may be used again."""

    def __init__(self, count: int = 5):
        self.count = count

    def _recent(self, user):
        return list(
            user.password_history.order_by("-at", "-pk").values_list(
                "password", flat=True
            )[: self.count]
        )

    def validate(self, password, user=None):
        if user is None or user.pk is None:
            return
        hashes = self._recent(user)
        if user.password:
            hashes.append(user.password)
        if any(check_password(password, encoded) for encoded in hashes):
            raise ValidationError(
                f"不能使用最近{self.count}次用过的密码。", code="password_reused"
            )

    def password_changed(self, password, user=None):
        if user is None or user.pk is None or not user.password:
            return
        from security.models import PasswordHistory

        PasswordHistory.objects.create(user=user, password=user.password)
        keep = user.password_history.order_by("-at", "-pk").values_list(
            "pk", flat=True
        )[: self.count]
        user.password_history.exclude(pk__in=list(keep)).delete()

    def get_help_text(self):
        return f"不能使用最近{self.count}次用过的密码。"


def password_expired(user, now) -> bool:
    """True when the user must change the password: never changed by the user
    (first login), or older than PASSWORD_MAX_AGE_DAYS (0 turns expiry off)."""
    changed = user.password_changed_at
    if changed is None:
        return True
    days = settings.PASSWORD_MAX_AGE_DAYS
    return bool(days) and (now - changed).days >= days
