"""Reads for the leadership dashboard, built on the quota engine and the
pillars' selectors."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from urllib.parse import urlencode

from django.db.models import Count, QuerySet

from activities import selectors as activity_selectors
from org.models import Cadre, CadrePosition, OrgUnit
from org.roles import Role, has_role
from org.selectors import leaders_held
from petitions import selectors as petition_selectors
from research import selectors as research_selectors
from tracking.models import Colour, TrackedItem
from tracking.periods import Period
from tracking.registry import item_kind_label

from .models import QuotaRule
from .quotas import STATUS_ORDER, Cell, Status, Table, evaluate


def _is_team(unit: OrgUnit, parent: OrgUnit | None) -> bool:
    return unit.kind in (OrgUnit.Kind.CITY, OrgUnit.Kind.COUNTY) or (
        unit.kind == OrgUnit.Kind.DEPARTMENT
        and parent is not None
        and parent.kind == OrgUnit.Kind.CITY
    )


def team_units(unit: OrgUnit) -> list[OrgUnit]:
    """Leadership teams at county level and above in the subtree (rule 3)."""
    units = OrgUnit.objects.filter(path__startswith=unit.path).select_related("parent")
    return [u for u in units if _is_team(u, u.parent)]


def dashboard_units(user, year: int) -> list[OrgUnit]:
    """Every unit whose work the user sees, with its parent and its research
    plan's submission day for the year: the dashboard's unit picker, teams
    (rule 3) and child units all come from this one query."""
    return list(
        OrgUnit.objects.whose_work_is_visible_to(user)
        .select_related("parent")
        .annotate(plan_submitted_on=research_selectors.plan_submitted_on(year))
        .order_by("path")
    )


def report_units(user) -> QuerySet[OrgUnit]:
    """Units whose work reports the user may ask for: the office (办公室) and
    the leaders of a unit, for every unit of its subtree, townships included.
    Not the petition office, whose city-wide scope is for petition work only,
    nor the administrators."""
    units = OrgUnit.objects.order_by("path")
    if user.is_superuser:
        return units
    cadre = getattr(user, "cadre", None)
    unit = user.scope_unit or (cadre.unit if cadre else None)
    if unit is None or not has_role(user, Role.CLERK, Role.LEADERSHIP):
        return units.none()
    return units.filter(path__startswith=unit.path)


def teams_in(units: list[OrgUnit], unit: OrgUnit) -> list[OrgUnit]:
    """The leadership teams of the unit's subtree among `units`."""
    return [u for u in units if u.is_within(unit) and _is_team(u, u.parent)]


def leaders_in_period(
    unit: OrgUnit, window: Period, today: date, user=None
) -> list[Cadre]:
    """Every leader in post in the unit's subtree at some time in the window,
    as they were then (`org.selectors.leaders_held`); with `user`, those
    whose work the user sees."""
    positions, cadres = CadrePosition.objects.all(), Cadre.objects.all()
    if user is not None:
        positions = positions.whose_work_is_visible_to(user)
        cadres = cadres.whose_work_is_visible_to(user)
    return leaders_held(
        positions.filter(unit__path__startswith=unit.path),
        cadres.filter(unit__path__startswith=unit.path),
        window,
        today,
    )


def compliance_for_unit(unit: OrgUnit, window: Period, today: date) -> Table:
    """The compliance table of every leader of the unit's subtree in the
    window (for reports, which cover the whole unit whoever generates them)."""
    return evaluate(
        QuotaRule.objects.filter(is_active=True),
        window,
        leaders_in_period(unit, window, today),
        today=today,
        units=team_units(unit),
    )


def compliance(
    user, unit: OrgUnit, window: Period, today: date, units: list[OrgUnit] | None = None
) -> Table:
    """The compliance table of the leaders under the unit that the user sees;
    `units` (from `dashboard_units`) saves reading the teams again."""
    return evaluate(
        QuotaRule.objects.filter(is_active=True),
        window,
        leaders_in_period(unit, window, today, user),
        today=today,
        units=team_units(unit) if units is None else teams_in(units, unit),
    )


@dataclass
class MatrixRow:
    cadre: Cadre
    cells: list[Cell | None]  # one per rule column, None where it does not apply

    @property
    def worst(self) -> int:
        return min((STATUS_ORDER[c.status] for c in self.cells if c), default=9)

    @property
    def failed(self) -> int:
        return sum(1 for c in self.cells if c and c.status == Status.FAILED)


def matrix(table: Table) -> tuple[list[QuotaRule], list[MatrixRow]]:
    """People × rules, the people falling short first."""
    rows = table.by_cadre()
    columns = [
        r for r in table.rules if any(r.code in cells for cells in rows.values())
    ]
    matrix_rows = [
        MatrixRow(cadre, [cells.get(rule.code) for rule in columns])
        for cadre, cells in rows.items()
    ]
    matrix_rows.sort(key=lambda row: (row.worst, -row.failed, row.cadre.unit.path))
    return columns, matrix_rows


@dataclass
class RollUp:
    unit: OrgUnit
    shares: list[tuple[int, int] | None]  # (meeting, applicable) per rule column

    def share(self, index: int) -> int | None:
        value = self.shares[index]
        return round(100 * value[0] / value[1]) if value and value[1] else None


def roll_up(
    table: Table,
    unit: OrgUnit,
    columns: list[QuotaRule],
    units: list[OrgUnit] | None = None,
) -> list[RollUp]:
    """Per child unit: the share of its leaders meeting (or on track for) each
    rule. The children come from `units` when given, else from a query."""
    if units is None:
        children = list(
            OrgUnit.objects.filter(parent=unit).order_by("sort_order", "code")
        )
    else:
        children = sorted(
            (u for u in units if u.parent_id == unit.pk),
            key=lambda u: (u.sort_order, u.code),
        )
    counts: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0])
    for cell in table.cells:
        child = next((c for c in children if cell.unit.path.startswith(c.path)), None)
        if child is None:
            continue
        entry = counts[(child.pk, cell.rule.code)]
        entry[1] += 1
        if cell.status in (Status.MET, Status.ON_TRACK):
            entry[0] += 1
    rollups = []
    for child in children:
        shares = [
            tuple(counts[(child.pk, rule.code)])
            if (child.pk, rule.code) in counts
            else None
            for rule in columns
        ]
        if any(shares):
            rollups.append(RollUp(child, shares))
    return rollups


def item_colours(user, unit: OrgUnit, today: date) -> list[dict]:
    """Open tracked items by kind and 红黄蓝, under the unit."""
    rows = (
        TrackedItem.objects.visible_to(user)
        .filter(unit__path__startswith=unit.path, closed_at__isnull=True)
        .with_colour(today)
        .values_list("kind", "warning")
        .annotate(n=Count("pk"))
    )
    return colour_rows({(kind, warning): n for kind, warning, n in rows})


def colour_rows(counts: dict[tuple[str, str], int]) -> list[dict]:
    """The dashboard's rows of open items by kind and 红黄蓝, from counts by
    (kind, warning)."""
    by_kind: dict[str, dict[str, int]] = defaultdict(dict)
    for (kind, warning), n in counts.items():
        by_kind[kind][warning] = n
    return [
        {
            "code": kind,  # the item list's filter (the counts link to it)
            "kind": item_kind_label(kind),
            "red": colours.get(Colour.RED, 0),
            "yellow": colours.get(Colour.YELLOW, 0),
            "blue": colours.get(Colour.BLUE, 0),
            "counts": [
                (c.value, colours.get(c, 0))
                for c in (Colour.RED, Colour.YELLOW, Colour.BLUE)
            ],
        }
        for kind, colours in sorted(by_kind.items())
    ]


def pillar_figures(unit: OrgUnit, window: Period) -> dict[str, int]:
    """The figures at the top of the dashboard, in one query: the pillars'
    (label, count) rows united."""
    parts = [
        *activity_selectors.figure_parts(unit.path, window.start, window.end),
        *research_selectors.figure_parts(unit.path, window.start, window.end),
        *petition_selectors.figure_parts(unit.path, window.start, window.end),
    ]
    return dict(parts[0].union(*parts[1:], all=True))


def figure_urls(unit: OrgUnit, year: int, quarter=None, month=None) -> dict[str, str]:
    """label → the list showing exactly the records a top figure counts."""
    year_query = urlencode({"unit": unit.pk, "year": year})
    period = {"quarter": quarter} if quarter else {}
    if month:
        period["month"] = month
    query = f"{year_query}&{urlencode(period)}" if period else year_query
    return {
        **activity_selectors.figure_urls(query),
        **research_selectors.figure_urls(query, year_query),
        **petition_selectors.figure_urls(query),
    }


def trend(unit: OrgUnit, year: int) -> dict:
    """Monthly counts per pillar for the year, for the ECharts trend."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    months = [date(year, m, 1) for m in range(1, 13)]
    series = {
        "基层活动": activity_selectors.month_series(unit.path, start, end),
        "调研": research_selectors.month_series(unit.path, start, end),
        "接访日": petition_selectors.month_series(unit.path, start, end),
    }
    return {
        "months": [f"{m.month}月" for m in months],
        "series": [
            {"name": name, "data": [values.get(m, 0) for m in months]}
            for name, values in series.items()
        ],
    }


@lru_cache
def _records_base(measure: str) -> str:
    """The list URL and query (but the cadre and year) of a rule's measure, as
    the pillar counting it gives it; a city dashboard links thousands of
    cells, so each is built once."""
    for pillar in (activity_selectors, research_selectors, petition_selectors):
        url = pillar.records_url(measure)
        if url is not None:
            return url
    raise ValueError(f"no pillar counts the measure {measure!r}")


def cell_records_url(cell: Cell, window: Period) -> str:
    """Where the records behind a cell are listed."""
    return f"{_records_base(cell.rule.measure)}{cell.cadre.pk}&year={window.start.year}"


# --- the dashboard's first screen and its paged matrix -----------------------

STATUSES = [Status.MET, Status.ON_TRACK, Status.AT_RISK, Status.FAILED]


@dataclass
class RuleBar:
    """One rule's people by status at the chosen level (达标/进行中/有风险/未达标)."""

    code: str
    name: str
    label: str
    audience: str
    citation: str
    counts: list[tuple[str, str, int]]  # (status, status label, people)
    total: int

    def _count(self, status: Status) -> int:
        return next((n for s, _, n in self.counts if s == status.value), 0)

    @property
    def failing(self) -> int:
        return self._count(Status.FAILED)

    @property
    def at_risk(self) -> int:
        return self._count(Status.AT_RISK)

    @property
    def segments(self) -> list[tuple[str, str, int, float, float]]:
        """(status, label, people, x, width) of the bar, in percent."""
        found, x = [], 0.0
        for status, label, n in self.counts:
            width = 100 * n / self.total if self.total else 0
            found.append((status, label, n, round(x, 2), round(width, 2)))
            x += width
        return found


@dataclass
class UnitShortfall:
    pk: int
    name: str
    leaders: int
    failing: int  # leaders with at least one rule failed

    @property
    def share(self) -> int:
        return round(100 * self.failing / self.leaders) if self.leaders else 0


@dataclass
class PersonRow:
    cadre_pk: int
    name: str
    unit_name: str
    failed: int
    at_risk: int
    # One per column: (status, status label, progress, records URL) or None.
    cells: list[tuple[str, str, str, str] | None]


@dataclass
class Board:
    """Everything the dashboard shows that comes from the compliance table,
    as plain data (it is cached)."""

    columns: list[tuple[str, str]]  # (code, name) of rules applying here
    bars: list[RuleBar]
    units: list[UnitShortfall]  # child units, most behind first
    rows: list[PersonRow]  # people, most behind first
    plan_cells: list[tuple[str, str, str]]  # (unit, status, status label)
    leaders: int
    failing: int
    figures: dict[str, int]
    items: list[dict]


@dataclass
class PersonCard:
    """A person of the matrix as a phone shows them: their unmet (red) and
    at-risk (yellow) rules by name, the unmet first."""

    row: PersonRow
    flagged: list[tuple[str, str, str, str, str]]  # status, label, rule, progress, url


def person_cards(rows: list[PersonRow], columns) -> list[PersonCard]:
    """The matrix's rows as a list by person, for a narrow screen."""
    order = {Status.FAILED.value: 0, Status.AT_RISK.value: 1}
    cards = []
    for row in rows:
        flagged = [
            (cell[0], cell[1], name, cell[2], cell[3])
            for (_, name), cell in zip(columns, row.cells, strict=True)
            if cell and cell[0] in order
        ]
        flagged.sort(key=lambda item: order[item[0]])
        cards.append(PersonCard(row, flagged))
    return cards


def matrix_page(
    rows: list[PersonRow], columns, rule: str, status: str, cadre: str = ""
):
    """The rows shown in the matrix: those with `status` on `rule` when given;
    one person's row with `cadre` (their id)."""
    if cadre:
        rows = [r for r in rows if str(r.cadre_pk) == cadre]
    codes = [code for code, _ in columns]
    if rule in codes:
        index = codes.index(rule)
        rows = [
            r
            for r in rows
            if r.cells[index] and (not status or r.cells[index][0] == status)
        ]
    elif status:
        rows = [r for r in rows if any(c and c[0] == status for c in r.cells)]
    return rows
