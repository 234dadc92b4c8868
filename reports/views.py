from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from ledgers.registry import LEDGERS, may_import
from org.models import OrgUnit
from org.scope import get_or_404
from security.audit import audit
from security.models import AuditEvent
from supervision.selectors import order_panel
from tracking.models import TrackedItem
from tracking.periods import period_from_query
from ui.versioning import claim_version, conflict_message

from . import selectors, services
from .board import cached_board
from .compose import Paragraph
from .forms import ParagraphFormSet, ReportRequestForm, ReportTextForm
from .models import QuotaRule, Report
from .quotas import Status, evaluate
from .routing import read_alias, replica_reads


def _window(request):
    return period_from_query(request.GET, timezone.localdate())


def _unit(request, units: list[OrgUnit] | None = None):
    """The unit asked for (one whose work the user sees), else the user's own
    scope unit; None for the administrators, who see no work.

    With `units` (every unit the user sees, from `selectors.dashboard_units`)
    the unit is picked from that list, with no further query."""
    if units is not None:
        return _unit_among(request, units)
    visible = OrgUnit.objects.whose_work_is_visible_to(request.user)
    if request.GET.get("unit"):
        return get_or_404(visible, pk=request.GET["unit"])
    cadre = getattr(request.user, "cadre", None)
    unit = request.user.scope_unit or (cadre.unit if cadre else None)
    if unit is None:
        unit = visible.order_by("path").first()
    if unit is None:
        return None
    return get_or_404(visible, pk=unit.pk)


def _unit_among(request, units: list[OrgUnit]):
    by_pk = {u.pk: u for u in units}
    wanted = request.GET.get("unit")
    if not wanted:
        cadre = getattr(request.user, "cadre", None)
        unit = request.user.scope_unit or (cadre.unit if cadre else None)
        if unit is None:
            return units[0] if units else None
        wanted = unit.pk
    try:
        return by_pk[int(wanted)]
    except (KeyError, ValueError):
        raise Http404 from None


@login_required
def index(request):
    # 导入 only where the user may import: a button must not lead to a 404.
    ledgers = [
        (ledger, may_import(request.user, ledger)) for ledger in LEDGERS.values()
    ]
    return render(request, "reports/index.html", {"ledgers": ledgers})


MATRIX_PAGE = 25


@login_required
def dashboard(request):
    """The leadership dashboard. First screen: who and which unit is behind,
    on what (rule bars, units and people most behind); then the people × rules
    matrix, a page at a time, filtered by rule and status."""
    window, (year, quarter, month) = _window(request)
    with replica_reads():
        units = selectors.dashboard_units(request.user, year)
        unit = _unit(request, units)
        if unit is None:
            return render(request, "reports/no_scope.html", status=403)
        today = timezone.localdate()
        board, board_key = cached_board(
            request.user, unit, window, today, units, using=read_alias()
        )
        # Not cached: escalation updates orders in bulk, without signals.
        supervision = order_panel(request.user, unit, today)
    rule, status = request.GET.get("rule", ""), request.GET.get("status", "")
    rows = selectors.matrix_page(board.rows, board.columns, rule, status)
    page = Paginator(rows, MATRIX_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    base = {"unit": unit.pk, "year": year}
    if quarter:
        base["quarter"] = quarter
    if month:
        base["month"] = month
    return render(
        request,
        "reports/dashboard.html",
        {
            "unit": unit,
            "window": window,
            "year": year,
            "quarter": quarter,
            "month": month,
            "quarters": range(1, 5),
            "months": range(1, 13),
            "board": board,
            "board_key": board_key,
            "columns": board.columns,
            "page": page,
            "rule": rule,
            "status": status,
            "statuses": selectors.STATUSES,
            "base": urlencode(base),
            "query": query.urlencode(),
            "items": board.items,
            "supervision": supervision,
            "units": [u for u in units if u.kind != OrgUnit.Kind.TOWNSHIP],
            "parent_visible": any(u.pk == unit.parent_id for u in units),
        },
    )


@login_required
@replica_reads()
def compliance_json(request):
    unit = _unit(request)
    if unit is None:
        return JsonResponse({"error": "没有可查看的单位"}, status=403)
    window, _ = _window(request)
    table = selectors.compliance(request.user, unit, window, timezone.localdate())
    return JsonResponse(
        {
            "unit": unit.name,
            "period": window.label,
            "cells": [
                {
                    "cadre": cell.cadre.name if cell.cadre else None,
                    "unit": cell.unit.name,
                    "rule": cell.rule.code,
                    "period": cell.period,
                    "required": cell.required,
                    "done": cell.done,
                    "status": cell.status.value,
                }
                for cell in table.cells
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )


@login_required
@replica_reads()
def trend_json(request):
    unit = _unit(request)
    if unit is None:
        return JsonResponse({"error": "没有可查看的单位"}, status=403)
    window, (year, _, _) = _window(request)
    return JsonResponse(
        selectors.trend(unit, year), json_dumps_params={"ensure_ascii": False}
    )


@login_required
def my_quotas(request):
    """A cadre's own page: quotas this period, what is missing, open items."""
    cadre = getattr(request.user, "cadre", None)
    if cadre is None:
        return redirect("reports:dashboard")
    window, (year, quarter, month) = _window(request)
    today = timezone.localdate()
    table = evaluate(
        QuotaRule.objects.filter(is_active=True), window, [cadre], today=today
    )
    items = (
        TrackedItem.objects.filter(owner=cadre, closed_at__isnull=True)
        .select_related("unit")
        .with_colour(today)
        .order_by("deadline")
    )
    return render(
        request,
        "reports/my_quotas.html",
        {
            "cadre": cadre,
            "window": window,
            "year": year,
            "cells": table.cells,
            "missing": [c for c in table.cells if c.status != Status.MET],
            "items": items,
        },
    )


def _report_for(user, pk: int, *, editable: bool = False):

    queryset = (
        Report.objects.editable_by(user)
        if editable
        else Report.objects.visible_to(user)
    )
    return get_object_or_404(queryset.select_related("unit", "requested_by"), pk=pk)


@login_required
def report_list(request):
    form = ReportRequestForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        report = services.report_request(by=request.user, **form.cleaned_data)
        messages.success(request, "已提交生成，请稍候。")
        return redirect("reports:report_detail", pk=report.pk)
    history = Report.objects.visible_to(request.user).select_related(
        "unit", "requested_by"
    )[:100]
    return render(
        request,
        "reports/report_list.html",
        {
            "form": form,
            "history": history,
            "can_generate": form.fields["unit"].queryset.exists(),
        },
    )


def _editor(report: Report, data=None):
    """The report's text form and paragraph formset, from its stored text."""
    form = ReportTextForm(
        data,
        initial={
            "title": report.title,
            "signature": report.signature or report.unit.signature,
            "signed_on": report.signed_on or timezone.localdate(),
        },
    )
    paragraphs = ParagraphFormSet(
        data,
        prefix="p",
        initial=[{"style": p["style"], "text": p["text"]} for p in report.paragraphs],
    )
    return form, paragraphs


def _render_detail(request, report: Report, editable: bool, editor=None, status=200):
    form, paragraphs = editor or (_editor(report) if editable else (None, None))
    return render(
        request,
        "reports/report_detail.html",
        {
            "report": report,
            "editable": editable,
            "form": form,
            "paragraphs": paragraphs,
        },
        status=status,
    )


@login_required
def report_detail(request, pk: int):
    report = _report_for(request.user, pk)
    editable = Report.objects.editable_by(request.user).filter(pk=pk).exists()
    if request.headers.get("HX-Request"):
        response = render(request, "reports/_report_status.html", {"report": report})
        if report.status in (Report.Status.DONE, Report.Status.FAILED):
            response["HX-Refresh"] = "true"  # show the finished report in full
        return response
    return _render_detail(request, report, editable)


@login_required
@require_POST
def report_edit(request, pk: int):
    """Save the office's text of the report and render the files again."""
    report = _report_for(request.user, pk, editable=True)
    form, paragraphs = _editor(report, request.POST)
    if form.is_valid() and paragraphs.is_valid():
        if not claim_version(report, request.POST.get("version")):
            form.add_error(None, conflict_message())
        else:
            services.report_text_save(
                report=report,
                paragraphs=[
                    Paragraph(p["style"], p["text"])
                    for p in paragraphs.cleaned_data
                    if p and not p.get("DELETE")
                ],
                **form.cleaned_data,
            )
            messages.success(request, "修改已保存，正在重新生成 PDF 和 Word。")
            return redirect("reports:report_detail", pk=pk)
    return _render_detail(request, report, True, (form, paragraphs))


@login_required
@require_POST
def report_retry(request, pk: int):
    report = _report_for(request.user, pk, editable=True)
    Report.objects.filter(pk=pk).update(status=Report.Status.QUEUED, error="")
    transaction.on_commit(lambda: services.report_enqueue(report.pk))
    messages.success(request, "已重新提交生成。")
    return redirect("reports:report_detail", pk=pk)


@login_required
def report_download(request, pk: int, fmt: str):
    report = _report_for(request.user, pk)
    if fmt not in ("pdf", "docx"):
        raise Http404
    file = report.pdf if fmt == "pdf" else report.docx
    if report.status != Report.Status.DONE or not file:
        raise Http404
    audit(request, AuditEvent.Action.DOWNLOAD, report, f"下载{report}（{fmt}）")
    return FileResponse(
        file.open("rb"),
        as_attachment=True,
        filename=f"{' '.join(report.title.split())}.{fmt}",
    )
