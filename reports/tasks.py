"""Celery tasks of reports: thin wrappers that fetch by id and call services."""

from datetime import date

from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

from . import board, reminders
from .cache import WARM_QUEUED_KEY
from .services import report_generate, report_requeue_waiting


@shared_task(acks_late=True, ignore_result=True)
def generate_report(report_id: int) -> int:
    report_generate(report_id)
    return report_id


@shared_task
def requeue_waiting() -> list[int]:
    """Every minute from beat: send the reports that could not be queued
    while the broker was down."""
    return report_requeue_waiting()


@shared_task
def quarterly_drafts() -> list[int]:
    """Daily from beat: the quarter's report drafts on its first working day."""
    return reminders.quarterly_drafts(timezone.localdate())


@shared_task
def quota_shortfall_reminders(on: str | None = None) -> int:
    """Daily from beat: tell cadres which quotas of a closing period are short."""
    return reminders.quota_shortfall_reminders(
        date.fromisoformat(on) if on else timezone.localdate()
    )


@shared_task(ignore_result=True)
def warm_dashboards() -> int:
    """After a city-wide change (queued by `cache.city_changed`) and daily
    from beat as the day turns: compute the dashboards viewed lately."""
    cache.delete(WARM_QUEUED_KEY)  # a change from now on queues another
    return board.warm_viewed(timezone.localdate())
