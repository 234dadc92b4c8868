"""Writes of the core shared by the pillars."""

from datetime import date

from .models import Cadre, OrgUnit, TrackedItem


def tracked_item_open(
    *,
    kind: str,
    title: str,
    unit: OrgUnit,
    start_date: date,
    deadline: date,
    owner: Cadre | None = None,
) -> TrackedItem:
    """Open a tracked item for a pillar record (the record links to it)."""
    return TrackedItem.objects.create(
        kind=kind,
        title=title,
        unit=unit,
        owner=owner,
        start_date=start_date,
        deadline=deadline,
    )
