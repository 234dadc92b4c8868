"""Which data changes enter the audit trail (django-auditlog).

Every model of the project and of auth is registered, tracking its own
columns (old → new) and its many-to-many fields, but not the reverse
relations (auditlog would read them on every save). Bookkeeping tables
(sessions, lockout counters, OTP devices, the trail itself) are left out.

Apps that hold personal data register it from their `AppConfig.ready()`
(`register_sensitive`): those fields are stored masked, the record's text
form too when the app gives a masking function for it, and free-text fields
through the app's masking of the personal data a record's text may hold.
"""

from collections.abc import Callable

from auditlog import get_logentry_model
from auditlog.cid import get_cid
from auditlog.context import auditlog_disabled
from auditlog.diff import model_instance_diff
from auditlog.registry import auditlog
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import ManyToManyField, Model
from django.db.models.signals import pre_save
from django.utils.encoding import smart_str

SKIP_APPS = frozenset(
    {"sessions", "contenttypes", "admin", "axes", "otp_totp", "auditlog"}
)
# A cadre's position history repeats the changes of the cadre, which the
# trail records; the 身份证号 hash is a matching key, never shown.
SKIP_MODELS = frozenset(
    {
        "auth.permission",
        "security.auditevent",
        "security.passwordhistory",
        "security.secondfactor",
        "org.cadreposition",
    }
)
SKIP_FIELDS = frozenset({"password", "last_login", "id_hash"})

# model label → the fields the trail stores masked
MASKED_FIELDS: dict[str, list[str]] = {}
# model label → how the record's text form (object_repr) is masked
REPR_MASKS: dict[str, Callable[[str], str]] = {}
# model label → its free-text fields and, given the record, how they are masked
TextMask = Callable[[Model], Callable[[str], str]]
TEXT_MASKS: dict[str, tuple[frozenset[str], TextMask]] = {}


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
    fields: list[str] = (),
    mask_repr: Callable[[str], str] | None = None,
    text_fields: list[str] = (),
    text_mask: TextMask | None = None,
) -> None:
    """Store `fields` of `model` masked in the trail (and its text form, with
    `mask_repr`); store `text_fields`, free text, through
    `text_mask(record)`, which masks the personal data it may hold."""
    label = model._meta.label_lower
    MASKED_FIELDS[label] = list(fields)
    if mask_repr is not None:
        REPR_MASKS[label] = mask_repr
    if text_fields and text_mask is not None:
        TEXT_MASKS[label] = (frozenset(text_fields), text_mask)
    if auditlog.contains(model):
        _register(model)  # registered before the app said what to mask


def masked_repr(app_label: str, model_name: str, text: str) -> str:
    """A record's text form as the trail may show it."""
    mask = REPR_MASKS.get(f"{app_label}.{model_name}")
    return mask(text) if mask else text


def masked_changes(content_type, object_pk, changes):
    """A change's old → new values of registered free-text fields, masked for
    the trail. The record gives the masking (e.g. its case's petitioners'
    names); a deleted record, no longer there to ask, has its text masked
    whole."""
    label = f"{content_type.app_label}.{content_type.model}"
    if label not in TEXT_MASKS or not isinstance(changes, dict):
        return changes
    fields, text_mask = TEXT_MASKS[label]
    model = content_type.model_class()
    record = model._default_manager.filter(pk=object_pk).first()
    mask = text_mask(record) if record is not None else mask_for_trail
    return {
        name: [mask(v) if isinstance(v, str) else v for v in values]
        if name in fields and isinstance(values, list | tuple)
        else values
        for name, values in changes.items()
    }


def log_in_bulk(
    records: list[Model],
    *,
    created: bool,
    actor=None,
    originals: dict | None = None,
    m2m: dict | None = None,
) -> int:
    """The trail of records saved in bulk (`bulk_create` / `bulk_update` send
    no signals), written in one insert: for each record the entry auditlog
    would write on its save (the same diff, masking, actor and address, with
    `originals` giving an updated record's stored state by pk), and one for
    the many-to-many values added with it (`m2m`: pk → {field: [records]}).
    Returns the number of entries written."""
    if auditlog_disabled.get() or not records:
        return 0
    LogEntry = get_logentry_model()
    action = LogEntry.Action.CREATE if created else LogEntry.Action.UPDATE
    model = type(records[0])
    if not auditlog.contains(model):
        return 0
    content_type = ContentType.objects.get_for_model(model)
    tracked_m2m = {  # as `_register` tracks them
        f.name for f in model._meta.many_to_many if isinstance(f, ManyToManyField)
    }
    cid, entries = get_cid(), []

    def entry(record, changes, kind):
        logged = LogEntry(
            content_type=content_type,
            object_pk=str(record.pk),
            object_id=record.pk if isinstance(record.pk, int) else None,
            object_repr=smart_str(record),
            action=kind,
            changes=changes,
            actor=actor,
            actor_email=getattr(actor, "email", None),
            cid=cid,
        )
        # What a saved entry goes through: auditlog's actor and address from
        # the request, and the masking of sensitive text (security.signals).
        pre_save.send(sender=LogEntry, instance=logged, raw=False, using="default")
        entries.append(logged)

    for record in records:
        old = (originals or {}).get(record.pk)
        changes = model_instance_diff(
            old, record, use_json_for_changes=settings.AUDITLOG_STORE_JSON_CHANGES
        )
        if changes:
            entry(record, changes, action)
        for name, added in ((m2m or {}).get(record.pk) or {}).items():
            if name in tracked_m2m and added:
                objects = [smart_str(o) for o in added]
                changes = {
                    name: {"type": "m2m", "operation": "add", "objects": objects}
                }
                entry(record, changes, LogEntry.Action.UPDATE)
    LogEntry.objects.bulk_create(entries, batch_size=1000)
    return len(entries)
