"""导出台账: the rows a list's filters select, written as .xlsx.

One path for the list pages, the command line and the worker: the filters are
read with the exporting user's scope, the title is built from them, and the
rows are streamed to openpyxl's write-only sheet. An export of more than
`settings.LEDGER_EXPORT_ASYNC_ROWS` rows runs as a `LedgerExport` job.
"""

import logging
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from types import SimpleNamespace
from typing import BinaryIO

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db.models import QuerySet
from django.utils import timezone

from ledgers.models import LedgerExport
from ledgers.registry import LEDGERS, Ledger, ledger_title
from org.roles import sees_personal_data
from security.models import AuditEvent
from ui.spreadsheet import ExportContext, write_xlsx

logger = logging.getLogger(__name__)
EXPORT_CHUNK_ROWS = 500  # rows fetched at a time: memory stays flat at any size


class ExportFilterError(ValueError):
    """The list's filter values cannot be read (e.g. a unit outside scope)."""


@dataclass
class PreparedExport:
    ledger: Ledger
    rows: Iterable
    count: int
    title: str
    unit_name: str
    context: ExportContext

    @property
    def filename(self) -> str:
        return f"{self.title}.xlsx"

    @property
    def is_large(self) -> bool:
        return self.count > settings.LEDGER_EXPORT_ASYNC_ROWS

    def write(self, progress: Callable[[int], None] | None = None) -> BinaryIO:
        """The .xlsx in a temporary file (rewound), so neither the rows nor
        the file are held in memory."""
        rows = self.rows
        if isinstance(rows, QuerySet):
            rows = rows.iterator(chunk_size=EXPORT_CHUNK_ROWS)
        output = tempfile.TemporaryFile()
        write_xlsx(
            self.ledger.export_columns,
            rows,
            self.context,
            sheet_name=self.ledger.title,
            title=self.title,
            unit_name=self.unit_name,
            exported_on=timezone.localdate(),
            progress=progress,
            output=output,
        )
        output.seek(0)
        return output


def prepare_export(ledger: Ledger, user, params) -> PreparedExport:
    """The filtered rows the user may see, with the title offices expect."""
    rows = ledger.filterset(
        params, queryset=ledger.queryset(user), request=SimpleNamespace(user=user)
    )
    if not rows.is_valid():
        raise ExportFilterError(
            "筛选条件有误，未导出："
            + "；".join(
                f"{rows.form.fields[name].label}：{'、'.join(errors)}"
                for name, errors in rows.form.errors.items()
            )
        )
    cleaned = rows.form.cleaned_data
    cadre = getattr(user, "cadre", None)
    unit = cleaned.get("unit") or user.scope_unit or (cadre.unit if cadre else None)
    unit_name = unit.name if unit else "全市"
    if ledger.expand:
        records = list(ledger.expand(rows.qs, cleaned, user))
        count = len(records)
    else:
        records, count = rows.qs, rows.qs.count()
    return PreparedExport(
        ledger=ledger,
        rows=records,
        count=count,
        title=ledger_title(ledger, unit_name=unit_name, params=cleaned),
        unit_name=unit_name,
        context=ExportContext(
            user=user, unmasked=ledger.sensitive and sees_personal_data(user)
        ),
    )


def audit_export(prepared: PreparedExport, *, user, address: str | None) -> None:
    """An export holding personal data is audit-logged, masked or not."""
    if not prepared.ledger.sensitive:
        return
    masked = "未脱敏" if prepared.context.unmasked else "已脱敏"
    AuditEvent.objects.create(
        user=user,
        # The auditor searches events by this name (security/audit_views.py).
        username=user.get_username(),
        action=AuditEvent.Action.EXPORT,
        object_type=prepared.ledger.kind,
        detail=f"{prepared.title}，{prepared.count}条，{masked}"[:300],
        address=address,
    )


def export_job_run(job: LedgerExport) -> None:
    """Write a queued export, recording progress; a failure says why."""

    job.status, job.done, job.error = LedgerExport.Status.RUNNING, 0, ""
    job.save(update_fields=["status", "done", "error"])

    def progress(done: int) -> None:
        LedgerExport.objects.filter(pk=job.pk).update(done=done)

    try:
        prepared = prepare_export(LEDGERS[job.kind], job.requested_by, job.params)
        job.total = prepared.count
        job.save(update_fields=["total"])
        written = prepared.write(progress)
    except Exception as error:  # recorded on the job, which can be retried
        logger.exception("台账导出失败：%s", job)
        job.status, job.error = LedgerExport.Status.FAILED, f"导出失败：{error}"
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "error", "finished_at"])
        return
    with written:
        job.file.save(prepared.filename, File(written), save=False)
    job.status, job.done = LedgerExport.Status.DONE, prepared.count
    job.finished_at = timezone.now()
    job.save(update_fields=["file", "status", "done", "finished_at"])


def ledger_files_purge(now) -> tuple[int, int]:
    """Delete uploads never confirmed and export jobs past their keeping
    time; (uploads, jobs) deleted."""

    uploads = 0
    cutoff = now - timedelta(hours=settings.LEDGER_UPLOAD_KEEP_HOURS)
    if default_storage.exists("imports"):
        for name in default_storage.listdir("imports")[1]:
            path = f"imports/{name}"
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
                uploads += 1
    old = LedgerExport.objects.filter(
        requested_at__lt=now - timedelta(days=settings.LEDGER_EXPORT_KEEP_DAYS)
    )
    jobs = 0
    for job in old:
        if job.file:
            job.file.delete(save=False)
        job.delete()
        jobs += 1
    return uploads, jobs
