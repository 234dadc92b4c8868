import threading
import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db import connection, connections, transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import (
    content_disposition_header,
)
from django.views.decorators.http import require_http_methods, require_POST

from ledgers import tasks
from ledgers.bounds import check_size, rows_in
from ledgers.errors import LedgerFileError
from ledgers.export import (
    ExportFilterError,
    audit_export,
    export_job_check,
    export_job_retry,
    prepare_export,
    stored_filters,
)
from ledgers.importing import import_ledger, template_xlsx
from ledgers.models import LedgerExport, LedgerImport
from ledgers.registry import LEDGERS, may_import
from security.audit import client_address

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx_response(content, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def ledger_export(request, kind: str):
    """导出台账: exactly the rows the list's filters (the query string) select,
    as .xlsx; a large export becomes a job whose page shows progress and then
    the download. Only a POST (with its CSRF token) exports: a link followed
    from elsewhere shows what would be exported and writes nothing."""
    ledger = LEDGERS.get(kind)
    if ledger is None:
        raise Http404
    try:
        prepared = prepare_export(ledger, request.user, request.GET)
    except ExportFilterError as error:
        messages.error(request, str(error))
        return redirect(ledger.list_url or "home")
    if request.method != "POST":
        return render(
            request,
            "ledgers/export_confirm.html",
            {"prepared": prepared, "kind": kind, "query": request.GET.urlencode()},
        )
    audit_export(prepared, user=request.user, address=client_address(request))
    if not prepared.is_large:
        with prepared.write() as written:  # at most LEDGER_EXPORT_ASYNC_ROWS rows
            return _xlsx_response(written.read(), prepared.filename)
    job = LedgerExport.objects.create(
        kind=kind,
        params=stored_filters(request.GET),
        title=prepared.title,
        requested_by=request.user,
        total=prepared.count,
    )
    _enqueue_export(request, job)
    return redirect(job)


def _enqueue(task, job, unavailable: str, *args, off_request: bool = False) -> None:
    """Send `job` to its worker once the request's transaction commits; with
    the broker down the job fails at once, saying why, and is kept. With
    `off_request`, a job of the embedded setup (eager Celery, no worker) runs
    in a thread of its own, so the request returns at once."""

    def send():
        if off_request and task.app.conf.task_always_eager:
            # Rows not yet committed (inside an outer transaction) are
            # invisible to another thread's connection: run them here.
            if not connection.in_atomic_block:
                threading.Thread(
                    target=_run_in_thread,
                    args=(task, job.pk, *args),
                    name=f"{task.name}-{job.pk}",
                    daemon=True,
                ).start()
                return
        try:
            task.delay(job.pk, *args)
        except Exception as error:  # the broker is down: say so, keep the job
            type(job).objects.filter(pk=job.pk).update(
                status=type(job).Status.FAILED,
                error=f"{unavailable}（{type(error).__name__}）",
            )

    transaction.on_commit(send)


def _run_in_thread(task, *args) -> None:
    """A job of the embedded setup, off the request; if the process ends
    first, the job's heartbeat stops and its page shows it stopped."""
    try:
        task.apply(args=args)
    finally:
        connections.close_all()  # this thread's own connections


def _enqueue_export(request, job: LedgerExport) -> None:
    _enqueue(
        tasks.export_ledger,
        job,
        "导出服务暂不可用（消息队列无法连接），请稍后点击“重新导出”；"
        f"不超过{settings.LEDGER_EXPORT_ASYNC_ROWS}行的台账可直接导出",
        job.attempt,
        off_request=True,
    )


def _export_job_for(request, pk: int) -> LedgerExport:
    """Only the person who asked for an export sees it (404 for anyone else)."""
    return get_object_or_404(LedgerExport, pk=pk, requested_by=request.user)


@login_required
def my_exports(request):
    """我的导出: the user's own background exports, newest first, each with its
    status and, once done, its download; a job whose worker stopped shows so."""
    page = Paginator(
        LedgerExport.objects.filter(requested_by=request.user), 20
    ).get_page(request.GET.get("page"))
    jobs = [export_job_check(job) if job.is_pending else job for job in page]
    return render(request, "ledgers/export_list.html", {"page": page, "jobs": jobs})


@login_required
def ledger_export_job(request, pk: int):
    job = export_job_check(_export_job_for(request, pk))
    template = (
        "ledgers/_export_job_status.html"
        if request.headers.get("HX-Request")
        else "ledgers/export_job.html"
    )
    return render(request, template, {"job": job})


@login_required
@require_POST
def ledger_export_retry(request, pk: int):
    job = _export_job_for(request, pk)
    if export_job_retry(job):
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
    return _xlsx_response(
        template_xlsx(ledger, request.user), f"{ledger.title}台账导入模板.xlsx"
    )


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


def _chosen_fills(request, ledger) -> tuple[dict, dict]:
    """The mapping step's columns the sheet lacks: our header → one value for
    the whole file, or → the source column it is derived from."""
    ours = {c.header for c in ledger.import_columns}
    constants, derived = {}, {}
    for header, how, value, source in zip(
        request.POST.getlist("fill-header"),
        request.POST.getlist("fill-how"),
        request.POST.getlist("fill-value"),
        request.POST.getlist("fill-from"),
        strict=False,
    ):
        if header not in ours:
            continue
        if how == "derive" and source:
            derived[header] = source
        elif how == "constant" and value.strip():
            constants[header] = value.strip()
    return constants, derived


def _chosen_values(request, ledger) -> dict[str, dict[str, str]]:
    """The value-mapping step: header → value as written → the chosen label."""
    labels = {
        c.header: set(c.widget.by_label)
        for c in ledger.import_columns
        if hasattr(c.widget, "by_label")
    }
    values: dict[str, dict[str, str]] = {}
    for header, written, label in zip(
        request.POST.getlist("value-header"),
        request.POST.getlist("value-written"),
        request.POST.getlist("value-label"),
        strict=False,
    ):
        if label in labels.get(header, ()):
            values.setdefault(header, {})[written] = label
    return values


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
        return render(request, "ledgers/ledger_import.html", context)
    token = request.POST.get("token", "")
    if "file" in request.FILES or not token:
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, "请选择要导入的台账文件。")
            return render(request, "ledgers/ledger_import.html", context)
        suffix = "." + upload.name.lower().rsplit(".", 1)[-1]
        if suffix not in IMPORT_TYPES:
            messages.error(request, "只接受 .xlsx、.xls 或 .csv 文件。")
            return render(request, "ledgers/ledger_import.html", context)
        if upload.size > IMPORT_MAX_BYTES:
            messages.error(request, "文件不能超过10MB。")
            return render(request, "ledgers/ledger_import.html", context)
        token = uuid.uuid4().hex
        path = default_storage.save(f"imports/{token}{suffix}", upload)
        pending = {"path": path, "choice": {}, "name": upload.name}
    else:
        pending = _pending(request, token)
        if pending is None:
            messages.error(request, "预览已过期，请重新上传。")
            return redirect("ledger_import", kind=kind)
        if "remap" in request.POST:
            pending["choice"] = _chosen_mapping(request, ledger)
            pending["constants"], pending["derived"] = _chosen_fills(request, ledger)
            pending["values"] = _chosen_values(request, ledger)
        if request.POST.get("header_row", "").isdigit():
            # The person pointed at the header: the columns are new ones.
            pending["header_row"] = int(request.POST["header_row"])
            pending["choice"] = {}
            for chosen in ("constants", "derived", "values"):
                pending.pop(chosen, None)
    with default_storage.open(pending["path"]) as stored:
        content = stored.read()
    confirm = "confirm" in request.POST
    try:
        if "file" in request.FILES and _is_large(content, pending["path"]):
            return _import_in_background(request, ledger, pending["path"], upload.name)
        result = import_ledger(
            ledger,
            content,
            pending["path"],
            user=request.user,
            dry_run=not confirm,
            choice=pending["choice"],
            header_row=pending.get("header_row"),
            constants=pending.get("constants"),
            derived=pending.get("derived"),
            values=pending.get("values"),
        )
    except LedgerFileError as error:
        default_storage.delete(pending["path"])
        messages.error(request, str(error))
        return render(request, "ledgers/ledger_import.html", context)
    if confirm and result.ok:
        default_storage.delete(pending["path"])
        _keep_pending(request, token, None)
        messages.success(
            request,
            f"已导入：新增{result.new}行，更新{result.updated}行，未变{result.unchanged}行。",
        )
        return redirect(ledger.list_url)
    _keep_pending(request, token, pending)
    context.update(
        result=result,
        token=token,
        filename=pending.get("name", ""),
        header_row=pending.get("header_row"),
    )
    return render(request, "ledgers/ledger_import.html", context)


def _is_large(content: bytes, path: str) -> bool:
    check_size(content, path)
    return rows_in(content, path) > settings.LEDGER_IMPORT_ASYNC_ROWS


def _import_in_background(request, ledger, path: str, filename: str):
    """A file of many rows is checked and imported by a worker, never inside
    the web request; its page shows the progress."""
    job = LedgerImport.objects.create(
        kind=ledger.kind, path=path, filename=filename, requested_by=request.user
    )
    _enqueue_import(job)
    return redirect(job)


def _enqueue_import(job: LedgerImport) -> None:
    _enqueue(tasks.import_ledger, job, "导入服务暂不可用，请稍后重新上传")


def _import_job_for(request, pk: int) -> LedgerImport:
    """Only the person who uploaded the file sees its job (404 for anyone)."""
    return get_object_or_404(LedgerImport, pk=pk, requested_by=request.user)


@login_required
def ledger_import_job(request, pk: int):
    job = _import_job_for(request, pk)
    template = (
        "ledgers/_import_job_status.html"
        if request.headers.get("HX-Request")
        else "ledgers/import_job.html"
    )
    context = {"job": job, "ledger": LEDGERS.get(job.kind)}
    return render(request, template, context)


@login_required
@require_POST
def ledger_import_confirm(request, pk: int):
    """确认导入 after a clean check: the same file, now written."""
    job = _import_job_for(request, pk)
    if job.status == LedgerImport.Status.CHECKED and not job.error_count:
        job.confirmed, job.status = True, LedgerImport.Status.QUEUED
        job.save(update_fields=["confirmed", "status"])
        _enqueue_import(job)
        messages.info(request, "已确认，正在后台导入。")
    return redirect(job)
