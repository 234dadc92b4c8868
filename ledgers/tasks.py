from celery import shared_task
from django.conf import settings
from django.utils import timezone

from ledgers.export import export_job_run, ledger_files_purge
from ledgers.import_jobs import import_job_run
from ledgers.models import LedgerExport, LedgerImport


# No result is kept: the job's row says how it went. With a result, sending
# it would first wait ~19 s for an unreachable result store (Redis down).
# Past the soft limit the job is marked stopped (timed out) and may be retried.
@shared_task(
    acks_late=True,
    ignore_result=True,
    soft_time_limit=settings.LEDGER_EXPORT_TIME_LIMIT,
    time_limit=settings.LEDGER_EXPORT_TIME_LIMIT + 60,
)
def export_ledger(job_id: int, attempt: int | None = None) -> int:
    """A large ledger export; rerunning it rewrites the same job's file. A
    message of an attempt since retried does nothing."""

    job = LedgerExport.objects.select_related("requested_by").get(pk=job_id)
    export_job_run(job, attempt)
    return job_id


@shared_task
def purge_ledger_files() -> tuple[int, int]:

    return ledger_files_purge(timezone.now())


@shared_task(acks_late=True)
def import_ledger(job_id: int) -> int:
    """A large ledger import: checked, or written once confirmed."""

    import_job_run(LedgerImport.objects.select_related("requested_by").get(pk=job_id))
    return job_id
