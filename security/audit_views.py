"""The audit trail in one place, for the audit administrator only.

Two kinds of rows: data changes (django-auditlog's LogEntry: who, when, old →
new, from where) and access events (AuditEvent: sign-ins, exports, report
downloads, unmasked views). Nobody edits either; the auditor reads, filters
and exports. The system and security administrators do not see this page.
"""

from datetime import datetime, time

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django import forms
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header

from org.roles import Role, has_role
from security.audit import audit
from security.models import AuditEvent
from security.readable import CHANGE_ACTIONS, describe_changes
from ui.forms import BootstrapFormMixin
from ui.spreadsheet import Column, ExportContext, write_xlsx

EXPORT_LIMIT = 50000


class AuditFilterForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="类别",
        choices=[("changes", "数据变更"), ("events", "登录与访问")],
        required=False,
    )
    user = forms.CharField(label="用户", max_length=150, required=False)
    action = forms.CharField(label="操作", max_length=20, required=False)
    start = forms.DateField(label="起始日期", required=False)
    end = forms.DateField(label="截止日期", required=False)
    target = forms.CharField(label="对象", max_length=50, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start"].widget.input_type = "date"
        self.fields["end"].widget.input_type = "date"

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", "截止日期不能早于起始日期。")
        return data


def _bounds(data):
    tz = timezone.get_current_timezone()
    start = data.get("start")
    end = data.get("end")
    return (
        datetime.combine(start, time.min, tzinfo=tz) if start else None,
        datetime.combine(end, time.max, tzinfo=tz) if end else None,
    )


def change_rows(data: dict):
    rows = LogEntry.objects.select_related("actor", "content_type").order_by(
        "-timestamp", "-pk"
    )
    start, end = _bounds(data)
    if start:
        rows = rows.filter(timestamp__gte=start)
    if end:
        rows = rows.filter(timestamp__lte=end)
    if data.get("user"):
        rows = rows.filter(actor__username__icontains=data["user"])
    if data.get("action"):
        codes = [k for k, v in CHANGE_ACTIONS.items() if data["action"] in v]
        rows = rows.filter(action__in=codes)
    if data.get("target"):
        rows = rows.filter(content_type__in=_content_types_named(data["target"]))
    return rows


def _content_types_named(text: str) -> list[ContentType]:
    """The record kinds whose Chinese name (or model name) contains `text`."""
    kinds = ContentType.objects.filter(app_label__in=_trail_apps())
    return [
        ct
        for ct in kinds
        if ct.model_class() is not None
        and (text in str(ct.model_class()._meta.verbose_name) or text in ct.model)
    ]


def _trail_apps() -> set[str]:
    return {model._meta.app_label for model in auditlog.get_models()}


def event_rows(data: dict):
    rows = AuditEvent.objects.select_related("user")
    start, end = _bounds(data)
    if start:
        rows = rows.filter(at__gte=start)
    if end:
        rows = rows.filter(at__lte=end)
    if data.get("user"):
        rows = rows.filter(username__icontains=data["user"])
    if data.get("action"):
        codes = [v for v, label in AuditEvent.Action.choices if data["action"] in label]
        rows = rows.filter(action__in=codes or [data["action"]])
    if data.get("target"):
        rows = rows.filter(object_type__icontains=data["target"])
    return rows


def describe_events(events) -> list[dict]:
    return [describe_event(event) for event in events]


def describe_event(event: AuditEvent) -> dict:
    return {
        "at": event.at,
        "user": event.username or (event.user.get_username() if event.user else ""),
        "address": event.address or "",
        "action": event.get_action_display(),
        "target": f"{event.object_type}#{event.object_id}"
        if event.object_id
        else event.object_type,
        "object": "",
        "detail": event.detail,
    }


def _auditor_only(request):
    if not has_role(request.user, Role.AUDIT_ADMIN):
        raise Http404


def _filtered(request):
    form = AuditFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    kind = data.get("kind") or "changes"
    if kind == "events":
        return form, kind, event_rows(data), describe_events
    return form, kind, change_rows(data), describe_changes


@login_required
def audit_trail(request):
    _auditor_only(request)
    form, kind, rows, describe = _filtered(request)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "security/audit_trail.html",
        {
            "form": form,
            "kind": kind,
            "page": page,
            "rows": describe(page),
        },
    )


# The audit export in the ledger layout, one column per field of a row.
COLUMNS = [
    Column(header, lambda row, x, key=key: row[key], width)
    for header, key, width in [
        ("时间", "at", 18),
        ("用户", "user", 12),
        ("来源地址", "address", 14),
        ("操作", "action", 12),
        ("对象类型", "target", 14),
        ("对象", "object", 16),
        ("内容", "detail", 40),
    ]
]


@login_required
def audit_export(request):
    """The filtered rows (the query string) as .xlsx, from a POST only: a link
    followed from elsewhere exports nothing in the auditor's name."""
    _auditor_only(request)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form, kind, rows, describe = _filtered(request)
    title = "数据变更审计记录" if kind == "changes" else "登录与访问审计记录"
    written = 0

    def records():
        chunk = []
        for row in rows[:EXPORT_LIMIT].iterator(chunk_size=2000):
            chunk.append(row)
            if len(chunk) == 2000:
                yield from describe(chunk)
                chunk = []
        yield from describe(chunk)

    def local(items):
        nonlocal written
        for item in items:
            written += 1
            yield {**item, "at": timezone.localtime(item["at"]).replace(microsecond=0)}

    content = write_xlsx(
        COLUMNS,
        local(records()),
        ExportContext(user=request.user, unmasked=False),
        sheet_name="审计记录",
        title=title,
        unit_name="全市",
        exported_on=timezone.localdate(),
    )
    audit(request, AuditEvent.Action.EXPORT, "审计记录", f"{title}，{written}条")
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = content_disposition_header(True, f"{title}.xlsx")
    return response
