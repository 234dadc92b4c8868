"""The quota engine: (rules, window, people) → a compliance table.

Counts come from the pillars' selectors in a fixed handful of grouped queries
(activities, reception days, backlog cases, research days, topics, liaison
roles, plans), whatever the number of people or rules. Each rule is judged on
the sub-periods of its own period that meet the window (the months of a
monthly rule inside a quarter, the year of a yearly rule): a completed
sub-period is met or missed, the running one is "on track" or "at risk".
"""

import calendar
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import models

from activities import selectors as activity_selectors
from org.models import Cadre, OrgUnit
from org.selectors import rank_history, rank_on
from petitions import selectors as petition_selectors
from research import selectors as research_selectors
from tracking.periods import Period, period_of

from .models import QuotaRule

Audience = QuotaRule.Audience
Measure = QuotaRule.Measure


class Status(models.TextChoices):
    MET = "met", "达标"
    ON_TRACK = "on_track", "进行中"
    AT_RISK = "at_risk", "有风险"
    FAILED = "failed", "未达标"


# The cell colours of the dashboard (green / blue-grey / yellow / red).
STATUS_ORDER = {Status.FAILED: 0, Status.AT_RISK: 1, Status.ON_TRACK: 2, Status.MET: 3}
AT_RISK_SHARE = 1 / 3  # a running period with a third or less of its time left


@dataclass
class Cell:
    rule: QuotaRule
    cadre: Cadre | None
    unit: OrgUnit
    period: str
    required: int
    done: int
    shortfall: int
    status: Status
    periods_met: int
    periods_total: int
    unit_word: str = ""

    @property
    def progress(self) -> str:
        if self.periods_total > 1:
            return f"{self.periods_met}/{self.periods_total}个{self.unit_word}达标"
        return f"{self.done}/{self.required}"


@dataclass
class Table:
    window: Period
    rules: list[QuotaRule]
    cells: list[Cell] = field(default_factory=list)

    def by_cadre(self) -> dict[Cadre, dict[str, Cell]]:
        rows: dict[Cadre, dict[str, Cell]] = {}
        for cell in self.cells:
            if cell.cadre is not None:
                rows.setdefault(cell.cadre, {})[cell.rule.code] = cell
        return rows


# --- sub-periods ----------------------------------------------------------

UNIT_WORDS = {
    "week": "周",
    "month": "月",
    "quarter": "季度",
    "half_year": "半年",
    "year": "年",
}


def sub_periods(kind: str, window: Period, today: date) -> list[Period]:
    """The periods of `kind` that meet the window and have begun by `today`."""
    found = []
    if kind == "week":
        start = window.start - timedelta(days=window.start.weekday())
        while start <= window.end:
            end = start + timedelta(days=6)
            found.append(Period(start, end, f"{start:%m月%d日}起一周"))
            start = end + timedelta(days=1)
    else:
        months = {"month": 1, "quarter": 3, "half_year": 6, "year": 12}[kind]
        year = window.start.year
        for first in range(1, 13, months):
            start = date(year, first, 1)
            last = first + months - 1
            end = date(year, last, calendar.monthrange(year, last)[1])
            if end >= window.start and start <= window.end:
                found.append(Period(start, end, f"{year}年{first}月起"))
    return [p for p in found if p.start <= today]


def _judge(done_by_period: list[tuple[Period, int]], threshold: int, today: date):
    met = failed = 0
    status = Status.MET
    for period, done in done_by_period:
        if done >= threshold:
            met += 1
        elif period.end < today:
            failed += 1
        else:
            left = (period.end - today).days + 1
            total = (period.end - period.start).days + 1
            running = (
                Status.AT_RISK if left / total <= AT_RISK_SHARE else Status.ON_TRACK
            )
            if STATUS_ORDER[running] < STATUS_ORDER[status]:
                status = running
    if failed:
        status = Status.FAILED
    return status, met


# --- who a rule applies to -------------------------------------------------

LIAISON_AUDIENCES = {
    Audience.PROJECT_LEADERS: ("project", "leader"),
    Audience.PROJECT_COMMISSIONERS: ("project", "commissioner"),
    Audience.ENTERPRISE_LEADERS: ("enterprise", "leader"),
    Audience.ENTERPRISE_HEADS: ("enterprise", "responsible"),
}


def applies(
    rule: QuotaRule,
    cadre: Cadre,
    liaisons: set[tuple[int, str, str]],
    rank: str | None = None,
) -> bool:
    """Whether the rule applies to the cadre holding `rank` (by default the
    current one)."""
    rank, R = rank or cadre.rank, Cadre.Rank
    audience = rule.audience
    if audience in LIAISON_AUDIENCES:
        kind, role = LIAISON_AUDIENCES[audience]
        return (cadre.pk, kind, role) in liaisons
    return {
        Audience.LEADERS: rank != R.STAFF,
        Audience.CITY_OR_SECRETARY: rank == R.CITY or cadre.is_party_secretary,
        Audience.TEAM_COUNTY_UP: cadre.on_county_team(rank),
        Audience.CITY: rank == R.CITY,
        Audience.COUNTY: rank == R.COUNTY,
        Audience.TOWNSHIP: rank == R.TOWNSHIP,
        Audience.CITY_AND_COUNTY: rank in (R.CITY, R.COUNTY),
    }.get(audience, False)


# --- counting ----------------------------------------------------------------

ACTIVITY_MEASURES = {
    Measure.LECTURE: ("lecture", None),
    Measure.PARTY_LECTURE: ("party_lecture", None),
    Measure.ONSITE: ("onsite", None),
    Measure.PROJECT_CONTACT: ("project_visit", None),
    Measure.PROJECT_SITE_VISIT: ("project_visit", "site_visit"),
    Measure.ENTERPRISE_CONTACT: ("enterprise_visit", None),
    Measure.ENTERPRISE_SITE_VISIT: ("enterprise_visit", "site_visit"),
}


class Counts:
    """Everything the rules count for these cadres in the year (and the weeks
    across its edges), fetched once and indexed by cadre; `done(rule, cadre,
    period)` then answers from memory."""

    def __init__(self, cadre_ids: list[int], year: int):
        start, end = (
            date(year, 1, 1) - timedelta(days=6),
            date(year, 12, 31) + timedelta(days=6),
        )
        self.activities: dict[tuple[int, str], list[tuple[date, str, int]]] = (
            defaultdict(list)
        )
        for cadre_id, kind, mode, month, n in activity_selectors.activity_month_counts(
            cadre_ids, start, end
        ):
            month = month.date() if hasattr(month, "date") else month
            self.activities[(cadre_id, kind)].append((month, mode, n))
        # Sorted dates per leader: a period's count is two bisections.
        self.receptions: dict[int, list[date]] = defaultdict(list)
        self.backlog: dict[int, list[date]] = defaultdict(list)
        receptions: dict[int, set[date]] = defaultdict(set)
        for cadre_id, day, what in petition_selectors.leader_days(
            cadre_ids, start, end
        ):
            if what == "reception":
                receptions[cadre_id].add(day)
            else:
                self.backlog[cadre_id].append(day)
        for cadre_id, days in receptions.items():
            self.receptions[cadre_id] = sorted(days)
        for days in self.backlog.values():
            days.sort()
        self.research_days = research_selectors.research_days(
            cadre_ids, date(year, 1, 1), date(year, 12, 31)
        )
        self.topics = research_selectors.topic_facts(cadre_ids, year)

    def done(self, rule: QuotaRule, cadre_id: int, period: Period) -> int:
        measure = rule.measure
        if measure in ACTIVITY_MEASURES:
            kind, wanted_mode = ACTIVITY_MEASURES[measure]
            return sum(
                n
                for month, mode, n in self.activities[(cadre_id, kind)]
                if period.start <= month <= period.end
                and (wanted_mode is None or mode == wanted_mode)
            )
        if measure == Measure.RECEPTION_DAYS:
            return _within(self.receptions.get(cadre_id, []), period)
        if measure == Measure.BACKLOG_CASES:
            return _within(self.backlog.get(cadre_id, []), period)
        if measure == Measure.RESEARCH_DAYS:
            return self.research_days.get(cadre_id, 0)
        if measure == Measure.TOPICS_LED:
            return self.topics.get(cadre_id, {}).get("led", 0)
        raise ValueError(measure)


def _within(days: list[date], period: Period) -> int:
    """How many of the sorted `days` fall in the period."""
    return bisect_right(days, period.end) - bisect_left(days, period.start)


def _due_date(rule: QuotaRule, year: int) -> date:
    """The rule's due day in `year`; "02-28" means the end of February."""
    month, day = (int(part) for part in rule.due_month_day.split("-"))
    last = calendar.monthrange(year, month)[1]
    return date(year, month, last if (month == 2 and day >= 28) else min(day, last))


def evaluate(
    rules, window: Period, cadres: list[Cadre], *, today: date, units=()
) -> Table:
    """The compliance table of `cadres` (and, for plan rules, `units`)."""
    rules = list(rules)
    table = Table(window=window, rules=rules)
    year = window.start.year
    ids = [c.pk for c in cadres]
    liaisons = activity_selectors.liaison_roles(ids, min(today, window.end))
    counts = Counts(ids, year)
    ranks = rank_history(ids)
    for rule in rules:
        if rule.measure == Measure.PLAN_SUBMITTED:
            table.cells += _plan_cells(rule, units, year, today)
            continue
        periods = sub_periods(rule.period, window, today)
        if not periods:
            continue
        for cadre in cadres:
            # Each sub-period by the rank held on its first day (a cadre made
            # county-level on 1 July meets the county rules from July).
            held = [
                p
                for p in periods
                if applies(rule, cadre, liaisons, rank_on(ranks, cadre, p.start))
            ]
            if not held:
                continue
            if rule.measure in (
                Measure.TOPICS_REPORTED,
                Measure.FINDINGS_WITH_MEASURES,
            ):
                cell = _topic_cell(rule, cadre, counts, year, today, window)
            else:
                done = [(p, counts.done(rule, cadre.pk, p)) for p in held]
                status, met = _judge(done, rule.threshold, today)
                cell = Cell(
                    rule=rule,
                    cadre=cadre,
                    unit=cadre.unit,
                    period=window.label,
                    required=rule.threshold * len(held),
                    done=sum(n for _, n in done),
                    shortfall=sum(max(0, rule.threshold - n) for _, n in done),
                    status=status,
                    periods_met=met,
                    periods_total=len(held),
                    unit_word=UNIT_WORDS[rule.period],
                )
            if cell:
                table.cells.append(cell)
    return table


def _topic_cell(rule, cadre, counts, year, today, window) -> Cell | None:
    facts = counts.topics.get(cadre.pk, {})
    if rule.measure == Measure.TOPICS_REPORTED:
        required, done = facts.get("led", 0), facts.get("reported", 0)
        due = date(year, 12, 31)
    else:
        required, done = facts.get("findings", 0), facts.get("answered", 0)
        due = None
    if not required:
        return None  # nothing to report on: rule 4 already flags a missing topic
    if done >= required:
        status = Status.MET
    elif due is None or today > due:
        status = Status.FAILED if due else Status.AT_RISK
    else:
        left = (due - today).days / 365
        status = Status.AT_RISK if left <= AT_RISK_SHARE else Status.ON_TRACK
    return Cell(
        rule=rule,
        cadre=cadre,
        unit=cadre.unit,
        period=window.label,
        required=required,
        done=done,
        shortfall=required - done,
        status=status,
        periods_met=int(done >= required),
        periods_total=1,
    )


def plan_cells(rules, window: Period, units, today: date) -> list[Cell]:
    """The cells of the plan rules among `rules` for the teams `units`, as
    `evaluate` gives them (no cadre)."""
    return [
        cell
        for rule in rules
        if rule.measure == Measure.PLAN_SUBMITTED
        for cell in _plan_cells(rule, units, window.start.year, today)
    ]


def _plan_cells(rule, units, year, today) -> list[Cell]:
    """Plan rule cells of the teams; units read with the `plan_submitted_on`
    annotation (research_selectors.plan_submitted_on) need no query."""
    if all(hasattr(u, "plan_submitted_on") for u in units):
        plans = {u.pk: u.plan_submitted_on for u in units}
    else:
        plans = research_selectors.plans_submitted([u.pk for u in units], year)
    due = _due_date(rule, year)
    cells = []
    for unit in units:
        submitted = plans.get(unit.pk)
        if submitted and submitted <= due:
            status = Status.MET
        elif today > due:
            status = Status.FAILED
        else:
            status = Status.AT_RISK if (due - today).days <= 20 else Status.ON_TRACK
        cells.append(
            Cell(
                rule=rule,
                cadre=None,
                unit=unit,
                period=f"{year}年",
                required=1,
                done=int(status == Status.MET),
                shortfall=int(status != Status.MET),
                status=status,
                periods_met=int(status == Status.MET),
                periods_total=1,
            )
        )
    return cells


def window_of(
    year: int, quarter: int | None = None, month: int | None = None
) -> Period:
    return period_of(year, quarter, month)
