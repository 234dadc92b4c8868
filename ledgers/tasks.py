from celery import shared_task
from django.utils import timezone

from ledgers.export import export_job_run, ledger_files_purge
from ledgers.import_jobs import import_job_run
from ledgers.models import LedgerExport, LedgerImport


# No result is kept: the job's row says how it went. With a result, sending
# it would first wait ~19 s for an unreachable result store (Redis down).
@shared_task(acks_late=True, ignore_result=True)
def export_ledger(job_id: int) -> int:
    """A large ledger export; rerunning it rewrites the same job's file."""

    export_job_run(LedgerExport.objects.select_related("requested_by").get(pk=job_id))
    return job_id


@shared_task
def purge_ledger_files() -> tuple[int, int]:

    return ledger_files_purge(timezone.now())


@shared_task(acks_late=True)
def import_ledger(job_id: int) -> int:
    """A large ledger import: checked, or written once confirmed."""

    import_job_run(LedgerImport.objects.select_related("requested_by").get(pk=job_id))
    return job_id
