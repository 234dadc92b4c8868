from celery import shared_task


# No result is kept: the job's row says how it went. With a result, sending
# it would first wait ~19 s for an unreachable result store (Redis down).
@shared_task(acks_late=True, ignore_result=True)
def export_ledger(job_id: int) -> int:
    """A large ledger export; rerunning it rewrites the same job's file."""
    from ledgers.export import export_job_run
    from ledgers.models import LedgerExport

    export_job_run(LedgerExport.objects.select_related("requested_by").get(pk=job_id))
    return job_id


@shared_task
def purge_ledger_files() -> tuple[int, int]:
    from django.utils import timezone

    from ledgers.export import ledger_files_purge

    return ledger_files_purge(timezone.now())
