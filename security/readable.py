"""How a data change in the audit trail reads to the auditor.

django-auditlog stores each changed field as text: foreign keys as ids,
choices as their stored values, date-times as naive UTC with microseconds and
JSON as ASCII-escaped text. The auditor reads field and choice labels in
Chinese, related records by name (masked as the trail masks them), local time
to the second and JSON as its text. Related records are looked up once per
page, not once per row.
"""

import json
from collections import defaultdict
from datetime import UTC

from auditlog.models import LogEntry
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from security.trail import masked_repr

CHANGE_ACTIONS = {
    LogEntry.Action.CREATE: "新增",
    LogEntry.Action.UPDATE: "修改",
    LogEntry.Action.DELETE: "删除",
    LogEntry.Action.ACCESS: "访问",
}
M2M_OPERATIONS = {"add": "新增", "delete": "移除", "clear": "清空"}
EMPTY = "（空）"
LONGEST = 120  # characters of one value shown; the rest is cut with "…"


def _field(model, name: str):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _label(model, name: str) -> str:
    field = _field(model, name)
    return str(getattr(field, "verbose_name", name))


def _cut(text: str) -> str:
    return text if len(text) <= LONGEST else text[: LONGEST - 1] + "…"


def _json_text(raw: str) -> str:
    """JSON as the words it holds: a list of paragraphs as their texts."""
    try:
        value = json.loads(raw)
    except (TypeError, ValueError):
        return raw
    if isinstance(value, list) and all(
        isinstance(item, dict) and "text" in item for item in value
    ):
        return " / ".join(str(item["text"]) for item in value)
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def _local_time(raw: str) -> str:
    moment = parse_datetime(raw)
    if moment is None:
        return raw
    if timezone.is_naive(moment):  # auditlog stores naive UTC
        moment = moment.replace(tzinfo=UTC)
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S")


class _Names:
    """Names of the related records a page of entries refers to, fetched in
    one query per related model."""

    def __init__(self):
        self.wanted: dict[type[models.Model], set[str]] = defaultdict(set)
        self.found: dict[tuple[type[models.Model], str], str] = {}

    def want(self, model, pk: str) -> None:
        self.wanted[model].add(pk)

    def fetch(self) -> None:
        for model, pks in self.wanted.items():
            field = model._meta.pk
            keys = []
            for pk in pks:
                try:
                    keys.append(field.to_python(pk))
                except Exception:  # a value the key field cannot read
                    continue
            meta = model._meta
            for obj in model._base_manager.filter(pk__in=keys):
                name = masked_repr(meta.app_label, meta.model_name, str(obj))
                self.found[(model, str(obj.pk))] = name

    def name(self, model, pk: str) -> str:
        if (model, pk) in self.found:
            return self.found[(model, pk)]
        return f"{model._meta.verbose_name}#{pk}（已删除）"


def _value(field, raw, names: _Names) -> str:
    if raw is None or raw in ("None", ""):
        return EMPTY
    raw = str(raw)
    if field is None:
        return _cut(raw)
    if field.is_relation and (field.many_to_one or field.one_to_one):
        return _cut(names.name(field.related_model, raw))
    if field.choices:
        labels = {str(key): str(label) for key, label in field.flatchoices}
        return labels.get(raw, raw)
    if isinstance(field, models.BooleanField):
        return {"True": "是", "False": "否"}.get(raw, raw)
    if isinstance(field, models.DateTimeField):
        return _local_time(raw)
    if isinstance(field, models.DateField):
        day = parse_date(raw)
        return day.isoformat() if day else raw
    if isinstance(field, models.JSONField):
        return _cut(_json_text(raw))
    return _cut(raw)


def _wanted(entry: LogEntry, names: _Names) -> None:
    model = entry.content_type.model_class()
    for name, values in (entry.changes_dict or {}).items():
        field = _field(model, name)
        if isinstance(values, dict) or field is None:
            continue
        if field.is_relation and (field.many_to_one or field.one_to_one):
            for raw in values:
                if raw not in (None, "None", ""):
                    names.want(field.related_model, str(raw))


def _change_text(entry: LogEntry, names: _Names) -> str:
    model = entry.content_type.model_class()
    parts = []
    for name, values in (entry.changes_dict or {}).items():
        if name == "id":
            continue  # the record's number is in 对象
        label = _label(model, name)
        if isinstance(values, dict):  # many-to-many: {"operation", "objects"}
            operation = M2M_OPERATIONS.get(values.get("operation"), "变更")
            objects = "、".join(str(o) for o in values.get("objects", []))
            parts.append(f"{label}：{operation} {_cut(objects)}".rstrip())
            continue
        field = _field(model, name)
        old, new = (list(values) + [None, None])[:2]
        if entry.action == LogEntry.Action.CREATE:
            parts.append(f"{label}：{_value(field, new, names)}")
        elif entry.action == LogEntry.Action.DELETE:
            parts.append(f"{label}：{_value(field, old, names)}")
        else:
            parts.append(
                f"{label}：{_value(field, old, names)} → {_value(field, new, names)}"
            )
    return "；".join(parts)


def describe_changes(entries) -> list[dict]:
    """A page of data changes as rows the auditor reads: when (local time),
    who, from where, what was done to which record, and each field's change."""
    entries = list(entries)
    names = _Names()
    for entry in entries:
        _wanted(entry, names)
    names.fetch()
    rows = []
    for entry in entries:
        ct = entry.content_type
        model = ct.model_class()
        kind = str(model._meta.verbose_name) if model else ct.model
        rows.append(
            {
                "at": entry.timestamp,
                "user": entry.actor.get_username() if entry.actor else "系统",
                "address": entry.remote_addr or "",
                "action": CHANGE_ACTIONS.get(entry.action, str(entry.action)),
                "target": f"{kind}#{entry.object_pk}",
                "object": masked_repr(ct.app_label, ct.model, entry.object_repr),
                "detail": _change_text(entry, names),
            }
        )
    return rows
