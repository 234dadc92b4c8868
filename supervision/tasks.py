"""Celery tasks of supervision: thin wrappers, run daily by beat."""

from datetime import date

from celery import shared_task
from django.utils import timezone

from tracking.workdays import is_workday

from .reminders import run_reminders
from .services import escalate_overdue_orders


def _day(on: str | None) -> date:
    return date.fromisoformat(on) if on else timezone.localdate()


@shared_task
def send_reminders(on: str | None = None) -> dict[str, int]:
    """The daily reminders of tracked items (acts on working days only)."""

    return run_reminders(_day(on))


@shared_task
def escalate_orders(on: str | None = None) -> list[int]:
    """Escalate supervision orders whose reply is overdue (on working days)."""

    day = _day(on)
    if not is_workday(day):
        return []
    return [order.pk for order in escalate_overdue_orders(day)]
