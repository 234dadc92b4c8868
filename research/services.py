"""Writes along the research chain: one call per user action, atomic."""

from datetime import date

from django.db import transaction

from org.models import Cadre, OrgUnit
from tracking.services import tracked_item_open

from .models import Finding, Measure


@transaction.atomic
def measure_add(
    *,
    finding: Finding,
    title: str,
    unit: OrgUnit,
    deadline: date,
    start_date: date,
    owner: Cadre | None = None,
) -> Measure:
    item = tracked_item_open(
        kind=Measure.ITEM_KIND,
        title=title,
        unit=unit,
        owner=owner,
        start_date=start_date,
        deadline=deadline,
    )
    return Measure.objects.create(finding=finding, item=item)
