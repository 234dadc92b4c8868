"""Writes of grassroots activities: one call per user action, atomic."""

from datetime import date

from django.db import transaction

from org.models import Cadre, OrgUnit
from tracking.services import tracked_item_open

from .models import Activity, HandedOverProblem, LivelihoodItem, TypicalCase


@transaction.atomic
def activity_save(*, form, by, problems: list[dict] | None = None) -> Activity:
    """Save an activity form (new or edited) and the problems handed over."""
    activity: Activity = form.save(commit=False)
    if activity.pk is None:
        activity.created_by = by
    if not activity.unit_id:
        activity.unit = activity.cadre.unit
    activity.save()
    form.save_m2m()
    for problem in problems or []:
        problem_hand_over(activity=activity, **problem)
    return activity


def problem_hand_over(
    *,
    activity: Activity,
    title: str,
    unit: OrgUnit,
    deadline: date,
    owner: Cadre | None = None,
) -> HandedOverProblem:
    item = tracked_item_open(
        kind=HandedOverProblem.ITEM_KIND,
        title=title,
        unit=unit,
        owner=owner,
        start_date=activity.start_date,
        deadline=deadline,
    )
    return HandedOverProblem.objects.create(activity=activity, item=item)


@transaction.atomic
def livelihood_create(
    *,
    year: int,
    title: str,
    unit: OrgUnit,
    owner: Cadre | None,
    start_date: date,
    deadline: date,
    target: str = "",
) -> LivelihoodItem:
    item = tracked_item_open(
        kind=LivelihoodItem.ITEM_KIND,
        title=title,
        unit=unit,
        owner=owner,
        start_date=start_date,
        deadline=deadline,
    )
    livelihood = LivelihoodItem(year=year, item=item, target=target)
    livelihood.clean()
    livelihood.save()
    return livelihood


@transaction.atomic
def typical_case_add(
    *,
    activity: Activity,
    title: str,
    polarity: str,
    found_on: date,
    summary: str = "",
) -> TypicalCase:
    """A typical case met in the activity, under the activity's unit."""
    case = TypicalCase(
        activity=activity,
        title=title,
        polarity=polarity,
        found_on=found_on,
        summary=summary,
        unit=activity.unit,
    )
    case.full_clean()
    case.save()
    return case
