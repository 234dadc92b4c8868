"""Password rules of 等保2.0 level 3 (identity): complexity, no common
password however dressed up, no sequence or keyboard pattern, and history.

Used as AUTH_PASSWORD_VALIDATORS; Django calls `validate` before a password
is set and `password_changed` after it is saved.
"""

import string

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.contrib.auth.password_validation import (
    CommonPasswordValidator as DjangoCommonPasswordValidator,
)
from django.core.exceptions import ValidationError

from security.models import PasswordHistory

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


# Symbols written for letters ("p@ssw0rd"); digits that stand for more than one
# letter (1: i or l) are left alone.
LEET = str.maketrans({"@": "a", "0": "o", "3": "e", "$": "s", "5": "s"})
EDGE = string.digits + string.punctuation + " "


class CommonPasswordValidator(DjangoCommonPasswordValidator):
    """Django's list of 20,000 common passwords, also matched once capitals,
    digits and symbols at either end and letter-like symbols are taken off:
    `Password123!` is `password123` and `password`, both on the list."""

    def validate(self, password, user=None):
        lowered = password.lower().strip()
        candidates = {lowered, lowered.strip(string.punctuation), lowered.strip(EDGE)}
        candidates |= {c.translate(LEET) for c in candidates}
        if any(c in self.passwords for c in candidates if c):
            raise ValidationError(
                "密码过于常见（如在常见密码后加数字或符号），请换一个。",
                code="password_too_common",
            )

    def get_help_text(self):
        return "密码不能是常见密码（加上数字或符号也不行）。"


KEYBOARD_ROWS = ("1234567890-=", "qwertyuiop[]", "asdfghjkl;'", "zxcvbnm,./")
# Keyboard columns read downwards: 1qaz, 2wsx, 3edc … and their neighbours.
KEYBOARD_COLUMNS = tuple(
    "".join(row[i] for row in KEYBOARD_ROWS if i < len(row)) for i in range(10)
)
RUN = 4


def _runs(text: str, length: int):
    return (text[i : i + length] for i in range(len(text) - length + 1))


def pattern_of(password: str) -> str:
    """What makes the password guessable in a few tries: "连续" (abcd, 4321),
    "键盘" (qwer, asdf, 1qaz), "重复" (aaaa), or "" when none of them."""
    text = password.lower()
    for run in _runs(text, RUN):
        if len(set(run)) == 1:
            return "重复"
        steps = {ord(b) - ord(a) for a, b in zip(run, run[1:], strict=False)}
        if run.isalnum() and steps in ({1}, {-1}):
            return "连续"
        for line in KEYBOARD_ROWS + KEYBOARD_COLUMNS:
            if run in line or run in line[::-1]:
                return "键盘"
    return ""


class PatternValidator:
    """No run of four characters in sequence, along the keyboard or repeated."""

    MESSAGES = {
        "连续": "密码不能包含连续字符（如 abcd、1234、4321）。",
        "键盘": "密码不能包含键盘上相邻的字符（如 qwer、asdf、1qaz）。",
        "重复": "密码不能包含连续重复的字符（如 aaaa、1111）。",
    }

    def validate(self, password, user=None):
        pattern = pattern_of(password)
        if pattern:
            raise ValidationError(self.MESSAGES[pattern], code="password_pattern")

    def get_help_text(self):
        return "密码不能包含连续、键盘相邻或重复的4个字符。"


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
