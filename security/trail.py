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
from auditlog.diff import (
    get_field_value,
    get_mask_function,
    is_primitive,
    model_instance_diff,
    track_field,
)
from auditlog.registry import auditlog
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connections, router
from django.db.models import JSONField, ManyToManyField, Model
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

    use_json = settings.AUDITLOG_STORE_JSON_CHANGES
    created_diff = _created_diff(model, use_json) if created else None
    for record in records:
        if created_diff is not None:
            changes = created_diff(record)
        else:
            old = (originals or {}).get(record.pk)
            changes = model_instance_diff(old, record, use_json_for_changes=use_json)
        if changes:
            entry(record, changes, action)
        for name, added in ((m2m or {}).get(record.pk) or {}).items():
            if name in tracked_m2m and added:
                objects = [smart_str(o) for o in added]
                changes = {
                    name: {"type": "m2m", "operation": "add", "objects": objects}
                }
                entry(record, changes, LogEntry.Action.UPDATE)
    _insert(LogEntry, entries)
    return len(entries)


def _created_diff(model: type[Model], use_json: bool):
    """auditlog's `model_instance_diff(None, record)` for records of `model`,
    with what does not change from one record to the next (the tracked
    fields, the masking) worked out once: every tracked field with a value,
    from auditlog's "None"."""
    settings_of = auditlog.get_model_fields(model)
    fields = [f for f in model._meta.get_fields() if track_field(f)]
    if settings_of["include_fields"]:
        fields = [f for f in fields if f.name in settings_of["include_fields"]]
    if settings_of["exclude_fields"]:
        fields = [f for f in fields if f.name not in settings_of["exclude_fields"]]
    masked = set(settings_of["mask_fields"])
    mask = get_mask_function(settings_of.get("mask_callable"))
    old = None if use_json else "None"

    def diff(record) -> dict | None:
        changes = {}
        for field in fields:
            new = get_field_value(record, field, use_json)
            if new == old:
                continue
            if field.name in masked:
                changes[field.name] = (mask(smart_str(old)), mask(smart_str(new)))
            elif not use_json:
                changes[field.name] = (old, smart_str(new))
            else:
                changes[field.name] = (
                    old,
                    new if is_primitive(new) else smart_str(new),
                )
        return changes or None

    return diff


def _insert(model: type[Model], records: list[Model]) -> None:
    """Write new records in one statement. On PostgreSQL a COPY, where
    `bulk_create`'s UNNEST arrays are quoted element by element in Python
    under client-side binding."""
    connection = connections[router.db_for_write(model)]
    if connection.vendor != "postgresql":
        model.objects.bulk_create(records, batch_size=1000)
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    sql = "COPY {} ({}) FROM STDIN".format(
        quote(model._meta.db_table), ", ".join(quote(f.column) for f in fields)
    )
    # COPY's text form is typed by the server from each column: the values go
    # as Python holds them, but JSON, which its field encodes.
    encoded = [isinstance(f, JSONField) for f in fields]
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for record in records:
            copy.write_row(
                [
                    f.get_db_prep_save(f.pre_save(record, True), connection)
                    if json
                    else f.pre_save(record, True)
                    for f, json in zip(fields, encoded, strict=True)
                ]
            )
