"""Collect: every figure of a unit's report for a period, from the pillars'
selectors and the quota engine, as one plain data object."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count

from activities import selectors as activity_selectors
from org.models import OrgUnit
from petitions import selectors as petition_selectors
from research import selectors as research_selectors
from tracking.models import TrackedItem
from tracking.periods import Period
from tracking.registry import item_kind_label

from .quotas import Status
from .selectors import compliance_for_unit


@dataclass
class Shortfall:
    rule: str
    short: int  # people (or teams) falling short
    applicable: int
    names: list[str]
    noun: str = "名领导干部"  # or "个领导班子" for team rules


@dataclass
class Figures:
    unit: str
    period: Period
    year: int
    quarter: int | None
    policy: activity_selectors.ActivityFigures
    research: research_selectors.ResearchFigures
    petitions: petition_selectors.PetitionFigures
    # the same figures as policy: activities carry pillars 1 and 4
    onsite: activity_selectors.ActivityFigures
    rules_met: int = 0
    rules_total: int = 0
    shortfalls: list[Shortfall] = field(default_factory=list)
    overdue: dict[str, int] = field(default_factory=dict)


def collect(
    unit: OrgUnit, period: Period, *, today: date, quarter: int | None = None
) -> Figures:

    activities = activity_selectors.report_figures(unit.path, period.start, period.end)
    table = compliance_for_unit(unit, period, today)
    by_rule: dict[str, list] = {}
    for cell in table.cells:
        by_rule.setdefault(cell.rule.name, []).append(cell)
    shortfalls = []
    for name, cells in by_rule.items():
        short = [c for c in cells if c.status == Status.FAILED]
        if short:
            shortfalls.append(
                Shortfall(
                    rule=name,
                    short=len(short),
                    applicable=len(cells),
                    names=[
                        (c.cadre.name if c.cadre else c.unit.name) for c in short[:5]
                    ],
                )
            )
    overdue_rows = (
        TrackedItem.objects.filter(unit__path__startswith=unit.path)
        .open()
        .filter(deadline__lt=min(today, period.end))
        .order_by()
        .values_list("kind")
        .annotate(n=Count("pk"))
    )
    overdue: dict[str, int] = {}
    for kind, n in overdue_rows:
        label = item_kind_label(kind)
        overdue[label] = overdue.get(label, 0) + n
    return Figures(
        unit=unit.name,
        period=period,
        year=period.start.year,
        quarter=quarter,
        policy=activities,
        onsite=activities,
        research=research_selectors.report_figures(unit.path, period.start, period.end),
        petitions=petition_selectors.report_figures(
            unit.path, period.start, period.end
        ),
        rules_met=sum(
            1
            for cells in by_rule.values()
            if all(c.status != Status.FAILED for c in cells)
        ),
        rules_total=len(by_rule),
        shortfalls=sorted(shortfalls, key=lambda s: -s.short),
        overdue=overdue,
    )
