from celery import shared_task
from django.db import connection

from org.models import OrgUnit


@shared_task
def worker_health() -> dict:
    """Reports what the worker sees: proves broker, worker and database wiring."""
    return {"database": connection.vendor, "units": OrgUnit.objects.count()}
