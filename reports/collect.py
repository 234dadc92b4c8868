"""Collect: every figure of a unit's report for a period, from the pillars'
selectors and the quota engine, as one plain data object."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count

from activities import selectors as activity_selectors
from org.models import Cadre, OrgUnit
from petitions import selectors as petition_selectors
from research import selectors as research_selectors
from supervision.models import RectificationItem, SupervisionOrder
from tracking.models import TrackedItem
from tracking.periods import Period
from tracking.registry import item_report_label

from .quotas import Status
from .selectors import compliance_for_unit


@dataclass
class Shortfall:
    rule: str
    short: int  # people (or teams) falling short
    applicable: int
    names: list[str]  # for the optional annex, never the report body
    noun: str = "名领导干部"  # or "个领导班子" for team rules
    level: int = 0  # 0 city, 1 county, 2 township: the highest level short


# Shortfalls of city-level leaders come first, then county, then township.
RANK_LEVELS = {Cadre.Rank.CITY: 0, Cadre.Rank.COUNTY: 1, Cadre.Rank.TOWNSHIP: 2}


def _level(cell) -> int:
    if cell.cadre is not None:
        return RANK_LEVELS.get(cell.cadre.rank, 3)
    return 0 if cell.unit.kind == OrgUnit.Kind.CITY else 1


def _shortfall(rule: str, cells: list) -> Shortfall | None:
    short = [c for c in cells if c.status == Status.FAILED]
    if not short:
        return None
    teams = all(c.cadre is None for c in short)
    return Shortfall(
        rule=rule,
        short=len(short),
        applicable=len(cells),
        names=[
            c.unit.name if c.cadre is None else f"{c.cadre.name}（{c.unit.name}）"
            for c in short
        ],
        noun="个领导班子" if teams else "名领导干部",
        level=min(_level(c) for c in short),
    )


@dataclass(frozen=True)
class SupervisionFigures:
    """督办单 and 整改事项 under the unit: issued or found in the period, and
    how they stood at its end."""

    orders_issued: int = 0
    orders_closed: int = 0  # of those issued, replied and closed by the end
    rectifications: int = 0  # found in the period
    rectifications_closed: int = 0  # closed in the period, whenever found
    rectifications_open: int = 0  # open at the period's end
    rectification_titles: list[str] = field(default_factory=list)
    order_titles: list[str] = field(default_factory=list)  # what was supervised


def supervision_figures(unit: OrgUnit, start: date, end: date) -> SupervisionFigures:
    """Four queries over the tracked items of supervision."""
    items = TrackedItem.objects.filter(unit__path__startswith=unit.path)
    orders = items.filter(
        kind=SupervisionOrder.ITEM_KIND, start_date__range=(start, end)
    )
    rectifications = items.filter(kind=RectificationItem.ITEM_KIND)
    found = rectifications.filter(start_date__range=(start, end))
    closed_then = TrackedItem.objects.closed_on(end).values("pk")
    return SupervisionFigures(
        orders_issued=orders.count(),
        orders_closed=orders.filter(pk__in=closed_then).count(),
        rectifications=found.count(),
        rectifications_closed=rectifications.closed_within(start, end).count(),
        rectifications_open=rectifications.open_on(end).count(),
        rectification_titles=list(
            found.order_by("start_date", "pk").values_list("title", flat=True)[:2]
        ),
        order_titles=[
            title.removeprefix("督办：")
            for title in orders.order_by("start_date", "pk").values_list(
                "title", flat=True
            )[:2]
        ],
    )


def scope_word(unit: OrgUnit) -> str:
    """How a unit's report names its own area: 全市, 全县, 全区, 全镇, 全乡,
    全街道; a department has none."""
    if unit.kind == OrgUnit.Kind.CITY:
        return "全市"
    if unit.kind in (OrgUnit.Kind.COUNTY, OrgUnit.Kind.TOWNSHIP):
        for ending in ("街道", "乡", "区", "县", "镇"):
            if unit.name.endswith(ending):
                return f"全{ending}"
    return ""


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
    # open and past their deadline at the end of the period (or today)
    overdue: dict[str, int] = field(default_factory=dict)
    as_of: date | None = None  # the day states are taken on
    supervision: SupervisionFigures = field(default_factory=SupervisionFigures)
    scope: str = ""  # "全市", "全县"…: how the report names the unit's area


def collect(
    unit: OrgUnit, period: Period, *, today: date, quarter: int | None = None
) -> Figures:
    """Flows count what is dated inside the period; states (open, overdue)
    and the quota table are taken as of the period's last day (or today, for
    a period not yet over), so a past period reads the same whenever built."""
    as_of = min(today, period.end)
    activities = activity_selectors.report_figures(unit.path, period.start, period.end)
    # The day after the period: its sub-periods are over and judged as such.
    table = compliance_for_unit(
        unit, period, min(today, period.end + timedelta(days=1))
    )
    by_rule: dict[str, list] = {}
    for cell in table.cells:
        by_rule.setdefault(cell.rule.name, []).append(cell)
    shortfalls = [
        found
        for name, cells in by_rule.items()
        if (found := _shortfall(name, cells)) is not None
    ]
    overdue_rows = (
        TrackedItem.objects.filter(unit__path__startswith=unit.path)
        .open_on(as_of)
        .filter(deadline__lt=as_of)
        .order_by()
        .values_list("kind")
        .annotate(n=Count("pk"))
    )
    overdue: dict[str, int] = {}
    for kind, n in overdue_rows:
        label = item_report_label(kind)
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
        shortfalls=sorted(shortfalls, key=lambda s: (s.level, -s.short)),
        overdue=overdue,
        as_of=as_of,
        supervision=supervision_figures(unit, period.start, as_of),
        scope=scope_word(unit),
    )
