"""Writes along the research chain: one call per user action, atomic. Each
checks the record's rules (the model's `full_clean` and `clean_related`)
before it writes, whichever page or command calls it."""

from collections.abc import Iterable
from datetime import date

from django.core.files import File
from django.db import transaction

from org.models import Cadre, OrgUnit, Place
from tracking.services import tracked_item_open

from .models import (
    Conversion,
    Finding,
    Measure,
    ResearchPlan,
    ResearchReport,
    ResearchTopic,
    ResearchTrip,
    TypicalCase,
)


@transaction.atomic
def plan_create(
    *, unit: OrgUnit, year: int, submitted_on: date | None = None, content: str = ""
) -> ResearchPlan:
    plan = ResearchPlan(
        unit=unit, year=year, submitted_on=submitted_on, content=content
    )
    plan.full_clean()
    plan.save()
    return plan


@transaction.atomic
def topic_save(*, topic: ResearchTopic, members: Iterable[Cadre]) -> ResearchTopic:
    """Save a new or edited topic, its fields as set by the caller, and its
    members."""
    if not topic.unit_id and topic.lead_id:
        topic.unit = topic.lead.unit
    topic.full_clean()
    topic.save()
    topic.members.set(members)
    return topic


@transaction.atomic
def trip_add(
    *,
    topic: ResearchTopic,
    start_date: date,
    end_date: date,
    places: Iterable[Place],
    participants: Iterable[Cadre],
    notes: str = "",
) -> ResearchTrip:
    places, participants = list(places), list(participants)
    trip = ResearchTrip(
        topic=topic, start_date=start_date, end_date=end_date, notes=notes
    )
    trip.full_clean()
    trip.clean_related(places=places, participants=participants)
    trip.save()
    trip.places.set(places)
    trip.participants.set(participants)
    return trip


@transaction.atomic
def finding_add(*, topic: ResearchTopic, description: str, found_on: date) -> Finding:
    finding = Finding(topic=topic, description=description, found_on=found_on)
    finding.full_clean()
    finding.save()
    return finding


@transaction.atomic
def typical_case_add(
    *,
    topic: ResearchTopic,
    title: str,
    polarity: str,
    found_on: date,
    summary: str = "",
) -> TypicalCase:
    """A typical case of the topic, under the topic's unit."""
    case = TypicalCase(
        topic=topic,
        title=title,
        polarity=polarity,
        found_on=found_on,
        summary=summary,
        unit=topic.unit,
    )
    case.full_clean()
    case.save()
    return case


@transaction.atomic
def measure_add(
    *,
    finding: Finding,
    title: str,
    unit: OrgUnit,
    deadline: date,
    start_date: date,
    owner: Cadre,
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


@transaction.atomic
def conversion_add(
    *,
    topic: ResearchTopic,
    kind: str,
    title: str,
    converted_on: date,
    findings: Iterable[Finding],
) -> Conversion:
    findings = list(findings)
    conversion = Conversion(
        topic=topic, kind=kind, title=title, converted_on=converted_on
    )
    conversion.full_clean()
    conversion.clean_related(findings=findings)
    conversion.save()
    conversion.findings.set(findings)
    return conversion


@transaction.atomic
def report_submit(
    *,
    topic: ResearchTopic,
    submitted_on: date,
    text: str = "",
    file: File | None | bool = None,
) -> ResearchReport:
    """Submit (or replace) a topic's report. `file`: an upload, False to
    remove the one held, None to keep it."""
    report = ResearchReport.objects.filter(topic=topic).first() or ResearchReport(
        topic=topic
    )
    report.submitted_on, report.text = submitted_on, text
    if file is not None:
        report.file = file or ""
    report.full_clean()
    report.save()
    return report
