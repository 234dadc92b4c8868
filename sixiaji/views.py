import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import (
    content_disposition_header,
    url_has_allowed_host_and_scheme,
)
from django.views.decorators.http import require_POST

from . import tasks
from .filters import CadreFilter
from .forms import CloseOutForm, ReopenForm
from .ledger_export import ExportFilterError, audit_export, prepare_export
from .ledger_import import LedgerFileError, import_ledger, template_xlsx
from .ledgers import LEDGERS, may_import
from .models import Cadre, LedgerExport, TrackedItem
from .registry import OWN_CLOSE_OUT
from .roles import Role, roles_of
from .scope import get_visible_or_404
from .selectors import scope_summary, unit_tree


@login_required
def home(request):
    roles = roles_of(request.user)
    cadre = getattr(request.user, "cadre", None)
    context = {
        "cadre": cadre,
        "summary": scope_summary(request.user),
        "scope_unit": request.user.scope_unit or (cadre.unit if cadre else None),
        "is_cadre": Role.CADRE in roles,
        "is_clerk": Role.CLERK in roles,
        "is_leadership": Role.LEADERSHIP in roles,
        "is_petition_office": Role.PETITION_OFFICE in roles,
        "is_system_admin": Role.SYSTEM_ADMIN in roles or request.user.is_superuser,
        "is_security_admin": Role.SECURITY_ADMIN in roles,
        "is_audit_admin": Role.AUDIT_ADMIN in roles,
    }
    return render(request, "sixiaji/home.html", context)


@login_required
def unit_list(request):
    return render(request, "sixiaji/unit_list.html", {"units": unit_tree(request.user)})


@login_required
def cadre_list(request):
    queryset = Cadre.objects.visible_to(request.user).select_related("unit", "user")
    cadre_filter = CadreFilter(request.GET, queryset=queryset, request=request)
    page = Paginator(cadre_filter.qs, 50).get_page(request.GET.get("page"))
    return render(
        request, "sixiaji/cadre_list.html", {"filter": cadre_filter, "page": page}
    )


@login_required
def cadre_detail(request, pk: int):
    cadre = get_visible_or_404(Cadre, request.user, pk=pk)
    return render(request, "sixiaji/cadre_detail.html", {"cadre": cadre})


def _generic_items(user):
    """Items the user may close out or reopen through the generic forms."""
    return TrackedItem.objects.editable_by(user).exclude(kind__in=OWN_CLOSE_OUT)


@login_required
@require_POST
def item_close_out(request, pk: int):
    """销号: the one close-out flow of every tracked item."""
    item = get_object_or_404(_generic_items(request.user), pk=pk)
    form = CloseOutForm(request.POST)
    if item.is_closed:
        messages.info(request, "该事项已销号。")
    elif form.is_valid():
        item.close_out(by=request.user, result=form.cleaned_data["result"])
        messages.success(request, f"“{item.title}”已销号。")
    else:
        messages.error(request, "销号失败：请填写办理结果。")
    return redirect(safe_next(request))


@login_required
@require_POST
def item_reopen(request, pk: int):
    """Reopen a closed-out item; its close-out stays in the history."""
    item = get_object_or_404(_generic_items(request.user), pk=pk)
    form = ReopenForm(request.POST, item=item)
    if not item.is_closed:
        messages.info(request, "该事项尚未销号。")
    elif form.is_valid():
        item.reopen(
            by=request.user,
            reason=form.cleaned_data["reason"],
            deadline=form.cleaned_data["deadline"],
        )
        messages.success(request, f"“{item.title}”已重新打开。")
    else:
        errors = "；".join(
            f"{form.fields[name].label}：{'、'.join(errs)}"
            for name, errs in form.errors.items()
        )
        messages.error(request, f"未能重新打开：{errors}")
    return redirect(safe_next(request))


def safe_next(request) -> str:
    """The `next` URL of a form, if it stays on this site; home otherwise."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("home")


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx_response(content, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@login_required
def ledger_export(request, kind: str):
    """导出台账: exactly the rows the list's filters select, as .xlsx; a large
    export becomes a job whose page shows progress and then the download."""
    ledger = LEDGERS.get(kind)
    if ledger is None:
        raise Http404
    try:
        prepared = prepare_export(ledger, request.user, request.GET)
    except ExportFilterError as error:
        messages.error(request, str(error))
        return redirect(ledger.list_url or "home")
    audit_export(prepared, user=request.user, address=request.META.get("REMOTE_ADDR"))
    if not prepared.is_large:
        with prepared.write() as written:  # at most LEDGER_EXPORT_ASYNC_ROWS rows
            return _xlsx_response(written.read(), prepared.filename)
    job = LedgerExport.objects.create(
        kind=kind,
        params=request.GET.dict(),
        title=prepared.title,
        requested_by=request.user,
        total=prepared.count,
    )
    _enqueue_export(request, job)
    return redirect(job)


def _enqueue_export(request, job: LedgerExport) -> None:
    def send():
        try:
            tasks.export_ledger.delay(job.pk)
        except Exception as error:  # the broker is down: say so, keep the job
            LedgerExport.objects.filter(pk=job.pk).update(
                status=LedgerExport.Status.FAILED,
                error=f"导出服务暂不可用，请稍后点击“重新导出”（{type(error).__name__}）",
            )

    transaction.on_commit(send)


def _export_job_for(request, pk: int) -> LedgerExport:
    """Only the person who asked for an export sees it (404 for anyone else)."""
    return get_object_or_404(LedgerExport, pk=pk, requested_by=request.user)


@login_required
def ledger_export_job(request, pk: int):
    job = _export_job_for(request, pk)
    template = (
        "sixiaji/_export_job_status.html"
        if request.headers.get("HX-Request")
        else "sixiaji/export_job.html"
    )
    return render(request, template, {"job": job})


@login_required
@require_POST
def ledger_export_retry(request, pk: int):
    job = _export_job_for(request, pk)
    if job.status == LedgerExport.Status.FAILED:
        job.status, job.error, job.done = LedgerExport.Status.QUEUED, "", 0
        job.save(update_fields=["status", "error", "done"])
        _enqueue_export(request, job)
        messages.info(request, "已重新排队导出。")
    return redirect(job)


@login_required
def ledger_export_file(request, pk: int):
    job = _export_job_for(request, pk)
    if job.status != LedgerExport.Status.DONE or not job.file:
        raise Http404
    with job.file.open("rb") as stored:
        return _xlsx_response(stored.read(), f"{job.title}.xlsx")


IMPORT_MAX_BYTES = 10 * 1024 * 1024
IMPORT_TYPES = (".xlsx", ".xls", ".csv")


def _importable(request, kind: str):
    ledger = LEDGERS.get(kind)
    if ledger is None or not may_import(request.user, ledger):
        raise Http404
    return ledger


@login_required
def ledger_template_download(request, kind: str):
    ledger = _importable(request, kind)
    return _xlsx_response(template_xlsx(ledger), f"{ledger.title}台账导入模板.xlsx")


def _pending(request, token: str) -> dict | None:
    """An uploaded ledger waiting for confirmation: its stored path and the
    column mapping chosen so far (only in this user's session)."""
    pending = request.session.get("ledger_import", {}).get(token)
    if not pending or not default_storage.exists(pending["path"]):
        return None
    return pending


def _keep_pending(request, token: str, pending: dict | None) -> None:
    uploads = request.session.get("ledger_import", {})
    if pending is None:
        uploads.pop(token, None)
    else:
        uploads[token] = pending
    request.session["ledger_import"] = uploads


def _chosen_mapping(request, ledger) -> dict[str, str | None]:
    """The mapping form: source column title → one of our headers or 不导入."""
    ours = {c.header for c in ledger.import_columns}
    titles = request.POST.getlist("source")
    headers = request.POST.getlist("target")
    return {
        title: (header if header in ours else None)
        for title, header in zip(titles, headers, strict=False)
    }


@login_required
def ledger_import_view(request, kind: str):
    """Upload → preview with the column mapping (changeable; nothing written)
    → confirm → import, all-or-nothing."""
    ledger = _importable(request, kind)
    context = {"ledger": ledger, "targets": [c.header for c in ledger.import_columns]}
    if request.method != "POST":
        return render(request, "sixiaji/ledger_import.html", context)
    token = request.POST.get("token", "")
    if "file" in request.FILES or not token:
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, "请选择要导入的台账文件。")
            return render(request, "sixiaji/ledger_import.html", context)
        suffix = "." + upload.name.lower().rsplit(".", 1)[-1]
        if suffix not in IMPORT_TYPES:
            messages.error(request, "只接受 .xlsx、.xls 或 .csv 文件。")
            return render(request, "sixiaji/ledger_import.html", context)
        if upload.size > IMPORT_MAX_BYTES:
            messages.error(request, "文件不能超过10MB。")
            return render(request, "sixiaji/ledger_import.html", context)
        token = uuid.uuid4().hex
        path = default_storage.save(f"imports/{token}{suffix}", upload)
        pending = {"path": path, "choice": {}}
    else:
        pending = _pending(request, token)
        if pending is None:
            messages.error(request, "预览已过期，请重新上传。")
            return redirect("ledger_import", kind=kind)
        if "remap" in request.POST:
            pending["choice"] = _chosen_mapping(request, ledger)
    with default_storage.open(pending["path"]) as stored:
        content = stored.read()
    confirm = "confirm" in request.POST
    try:
        result = import_ledger(
            ledger,
            content,
            pending["path"],
            user=request.user,
            dry_run=not confirm,
            choice=pending["choice"],
        )
    except LedgerFileError as error:
        default_storage.delete(pending["path"])
        messages.error(request, str(error))
        return render(request, "sixiaji/ledger_import.html", context)
    if confirm and result.ok:
        default_storage.delete(pending["path"])
        _keep_pending(request, token, None)
        messages.success(
            request,
            f"已导入：新增{result.new}行，更新{result.updated}行，未变{result.unchanged}行。",
        )
        return redirect(ledger.list_url)
    _keep_pending(request, token, pending)
    context.update(result=result, token=token)
    return render(request, "sixiaji/ledger_import.html", context)
