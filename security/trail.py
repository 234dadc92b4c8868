"""Which data changes enter the audit trail (django-auditlog).

Every model of the project and of auth is registered, tracking its own
columns (old → new) and its many-to-many fields, but not the reverse
relations (auditlog would read them on every save). Bookkeeping tables
(sessions, lockout counters, OTP devices, the trail itself) are left out.

Apps that hold personal data register it from their `AppConfig.ready()`
(`register_sensitive`): those fields are stored masked, and the record's text
form too when the app gives a masking function for it.
"""

from collections.abc import Callable

from auditlog.registry import auditlog
from django.apps import apps
from django.db.models import ManyToManyField, Model

SKIP_APPS = frozenset(
    {"sessions", "contenttypes", "admin", "axes", "otp_totp", "auditlog"}
)
SKIP_MODELS = frozenset(
    {"auth.permission", "security.auditevent", "security.passwordhistory"}
)
SKIP_FIELDS = frozenset({"password", "last_login"})

# model label → the fields the trail stores masked
MASKED_FIELDS: dict[str, list[str]] = {}
# model label → how the record's text form (object_repr) is masked
REPR_MASKS: dict[str, Callable[[str], str]] = {}


def mask_for_trail(value: str) -> str:
    """How the trail stores a sensitive field (AUDITLOG_MASK_CALLABLE): the
    first character only, so the auditor sees that it changed without
    reading it."""
    value = str(value)
    if not value or value == "None":
        return value
    return value[0] + "*" * min(8, max(2, len(value) - 1))


def _register(model: type[Model]) -> None:
    meta = model._meta
    fields = [f.name for f in meta.concrete_fields if f.name not in SKIP_FIELDS]
    m2m = [f.name for f in meta.many_to_many if isinstance(f, ManyToManyField)]
    auditlog.register(
        model,
        include_fields=fields,
        m2m_fields=m2m,
        mask_fields=MASKED_FIELDS.get(meta.label_lower, []),
    )


def register_models() -> None:
    for model in apps.get_models():
        meta = model._meta
        label = meta.label_lower
        if meta.app_label in SKIP_APPS or label in SKIP_MODELS or not meta.managed:
            continue
        _register(model)


def register_sensitive(
    model: type[Model],
    *,
    fields: list[str],
    mask_repr: Callable[[str], str] | None = None,
) -> None:
    """Store `fields` of `model` masked in the trail (and its text form, with
    `mask_repr`)."""
    label = model._meta.label_lower
    MASKED_FIELDS[label] = list(fields)
    if mask_repr is not None:
        REPR_MASKS[label] = mask_repr
    if auditlog.contains(model):
        _register(model)  # registered before the app said what to mask


def masked_repr(app_label: str, model_name: str, text: str) -> str:
    """A record's text form as the trail may show it."""
    mask = REPR_MASKS.get(f"{app_label}.{model_name}")
    return mask(text) if mask else text
