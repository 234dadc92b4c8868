"""Which data changes enter the audit trail (django-auditlog).

Every model of the project and of auth is registered, tracking its own
columns (old → new) and its many-to-many fields, but not the reverse
relations (auditlog would read them on every save). Petitioners' personal
data is stored masked. Bookkeeping tables (sessions, lockout counters, OTP
devices, the trail itself) are left out.
"""

from django.apps import apps
from django.db.models import ManyToManyField

SKIP_APPS = frozenset(
    {"sessions", "contenttypes", "admin", "axes", "otp_totp", "auditlog"}
)
SKIP_MODELS = frozenset(
    {"auth.permission", "security.auditevent", "security.passwordhistory"}
)
SKIP_FIELDS = frozenset({"password", "last_login"})
MASKED = {
    "petitions.petitioner": ["name", "id_number", "phone", "address"],
    "petitions.petitioncase": ["content"],
}


def register_models() -> None:
    from auditlog.registry import auditlog

    for model in apps.get_models():
        meta = model._meta
        label = meta.label_lower
        if meta.app_label in SKIP_APPS or label in SKIP_MODELS or not meta.managed:
            continue
        fields = [f.name for f in meta.concrete_fields if f.name not in SKIP_FIELDS]
        m2m = [f.name for f in meta.many_to_many if isinstance(f, ManyToManyField)]
        auditlog.register(
            model,
            include_fields=fields,
            m2m_fields=m2m,
            mask_fields=MASKED.get(label, []),
        )
