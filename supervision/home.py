"""The home page's panels of tracked items (registered in apps.py): a cadre's
own red and yellow items, the overdue items of a leader's scope, and what
falls due this week for the office."""

from datetime import timedelta

from django.utils import timezone

from tracking.models import Colour, TrackedItem

from . import selectors

SHOWN = 8  # rows a panel lists; its count and link give the rest


def my_items(request) -> dict | None:
    """The cadre's own open red and yellow items, red (overdue) first."""
    cadre = getattr(request.user, "cadre", None)
    if cadre is None:
        return None
    today = timezone.localdate()
    items = (
        TrackedItem.objects.filter(owner=cadre, closed_at__isnull=True)
        .with_colour(today)
        .filter(warning__in=[Colour.RED, Colour.YELLOW])
        .select_related("unit")
        .order_by("deadline", "pk")
    )
    rows = list(items[: SHOWN + 1])
    return {
        "items": rows[:SHOWN],
        "more": len(rows) > SHOWN,
        "red": sum(1 for item in rows if item.warning == Colour.RED),
        "today": today,
    }


def overdue(request) -> dict:
    """The overdue items of the user's scope, the longest overdue first."""
    today = timezone.localdate()
    items = (
        selectors.items_for(request.user, today)
        .open()
        .filter(deadline__lt=today)
        .order_by("deadline", "pk")
    )
    rows = list(items[:SHOWN])
    for item in rows:
        item.overdue_days = (today - item.deadline).days
    return {"items": rows, "count": items.count()}


def due_this_week(request) -> dict:
    """Open items of the user's scope due from today to Sunday, and how many
    are already overdue."""
    today = timezone.localdate()
    sunday = today + timedelta(days=6 - today.weekday())
    open_items = selectors.items_for(request.user, today).open()
    due = open_items.filter(deadline__range=(today, sunday)).order_by("deadline", "pk")
    rows = list(due[:SHOWN])
    return {
        "items": rows,
        "count": due.count(),
        "overdue": open_items.filter(deadline__lt=today).count(),
        "sunday": sunday,
    }
