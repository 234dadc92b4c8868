"""Large ledger imports as background jobs: checked by a worker, confirmed by
the person on the job's page, then written by a worker."""

import logging

from django.core.cache import cache
from django.core.files.storage import default_storage
from django.utils import timezone

from ledgers.errors import LedgerFileError
from ledgers.importing import import_ledger
from ledgers.models import LedgerImport
from ledgers.registry import LEDGERS, may_import

logger = logging.getLogger(__name__)
ERRORS_KEPT = 200  # errors listed on the page; the count says how many in all


def import_job_run(job: LedgerImport) -> None:
    """Check (or, once confirmed, write) the job's file; all rows or none."""
    job.status, job.error = LedgerImport.Status.RUNNING, ""
    job.save(update_fields=["status", "error"])
    ledger = LEDGERS[job.kind]

    def progress(done: int, total: int) -> None:
        cache.set(job.progress_key, (done, total), 24 * 3600)

    try:
        if not may_import(job.requested_by, ledger):  # a role taken away since
            raise LedgerFileError("无权导入该台账。")
        with default_storage.open(job.path) as stored:
            content = stored.read()
        result = import_ledger(
            ledger,
            content,
            job.filename,
            user=job.requested_by,
            dry_run=not job.confirmed,
            progress=progress,
        )
    except Exception as error:  # recorded on the job, shown on its page
        if not isinstance(error, LedgerFileError):
            logger.exception("台账导入失败：%s", job)
        job.status, job.error = LedgerImport.Status.FAILED, f"导入失败：{error}"
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "error", "finished_at"])
        return
    job.new, job.updated, job.unchanged = result.new, result.updated, result.unchanged
    job.errors = [str(e) for e in result.errors[:ERRORS_KEPT]]
    job.error_count = len(result.errors)
    job.rows = result.new + result.updated + result.unchanged
    done = job.confirmed and result.ok
    job.status = LedgerImport.Status.DONE if done else LedgerImport.Status.CHECKED
    job.finished_at = timezone.now()
    job.save()
    if done:
        default_storage.delete(job.path)
