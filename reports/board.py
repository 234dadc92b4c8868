"""The dashboard's data (`selectors.Board`) built of one block per org unit:
the unit's own leaders' cells, figures and open items. A write raises the
counters of the units it counts in (`cache.FEEDS`), so the first view after
it computes those units' blocks again and composes the table from the others
as cached: a cadre's write in one county leaves the other counties' blocks in
place, and that work does not grow with the number of counties."""

import logging
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.core.cache import cache
from django.db.models import Count

from activities import selectors as activity_selectors
from org.models import Cadre, CadrePosition, OrgUnit, User
from org.selectors import leaders_held
from petitions import selectors as petition_selectors
from research import selectors as research_selectors
from tracking.models import TrackedItem
from tracking.periods import Period

from .cache import COUNTER_KEY, cached_blocks, scope_key
from .models import QuotaRule
from .quotas import STATUS_ORDER, Status, evaluate, plan_cells
from .selectors import (
    STATUSES,
    Board,
    PersonRow,
    RuleBar,
    UnitShortfall,
    cell_records_url,
    colour_rows,
    dashboard_units,
    teams_in,
)

logger = logging.getLogger(__name__)
Measure = QuotaRule.Measure
# The figures at the top, in this order (the pillars' labels); the last four
# are shown at zero too.
SHOWN_AT_ZERO = ["调研课题", "调研", "接访日", "信访事项"]
FIGURE_ORDER = [*activity_selectors.FIGURE_LABELS, *SHOWN_AT_ZERO]


@dataclass
class UnitBlock:
    """What one unit adds to the dashboard of any unit above it, as plain
    data: its own leaders' cells (not its subtree's), figures and open items."""

    # (cadre pk, name, unit name, unit path, {rule code: (status, status
    # label, progress, records URL)}) per leader of the unit
    leaders: list[tuple] = field(default_factory=list)
    figures: dict[str, int] = field(default_factory=dict)
    items: dict[tuple[str, str], int] = field(default_factory=dict)


def unit_blocks(user, unit_ids: list[int], window: Period, today: date) -> dict:
    """The blocks of these units for the user, in a fixed handful of grouped
    queries whatever their number."""
    blocks = {pk: UnitBlock() for pk in unit_ids}
    # The leaders in post in these units during the window, as they were
    # then: a past period reads the same after transfers and departures.
    leaders = leaders_held(
        CadrePosition.objects.whose_work_is_visible_to(user).filter(
            unit_id__in=unit_ids
        ),
        Cadre.objects.whose_work_is_visible_to(user).filter(unit_id__in=unit_ids),
        window,
        today,
    )
    rules = QuotaRule.objects.filter(is_active=True).exclude(
        measure=Measure.PLAN_SUBMITTED
    )
    table = evaluate(rules, window, leaders, today=today)
    for cadre, cells in table.by_cadre().items():
        blocks[cadre.unit_id].leaders.append(
            (
                cadre.pk,
                cadre.name,
                cadre.unit.name,
                cadre.unit.path,
                {
                    code: (
                        c.status.value,
                        c.status.label,
                        c.progress,
                        cell_records_url(c, window),
                    )
                    for code, c in cells.items()
                },
            )
        )
    parts = [
        *activity_selectors.unit_figure_parts(unit_ids, window.start, window.end),
        *research_selectors.unit_figure_parts(unit_ids, window.start, window.end),
        *petition_selectors.unit_figure_parts(unit_ids, window.start, window.end),
    ]
    for label, unit_id, n in parts[0].union(*parts[1:], all=True):
        blocks[unit_id].figures[label] = blocks[unit_id].figures.get(label, 0) + n
    items = (
        TrackedItem.objects.visible_to(user)
        .filter(unit_id__in=unit_ids, closed_at__isnull=True)
        .with_colour(today)
        .values_list("unit_id", "kind", "warning")
        .annotate(n=Count("pk"))
    )
    for unit_id, kind, warning, n in items:
        blocks[unit_id].items[(kind, warning)] = n
    return blocks


def compose(
    blocks: dict, unit: OrgUnit, units: list[OrgUnit], window: Period, today: date
) -> Board:
    """The dashboard's data for `unit` from the blocks of its subtree's units:
    rule bars, the units and people most behind, the people × rules rows."""
    rules = list(QuotaRule.objects.filter(is_active=True))
    leaders = sorted(
        (row for block in blocks.values() for row in block.leaders),
        key=lambda row: (row[3], row[1], row[0]),
    )
    applying = {code for row in leaders for code in row[4]}
    columns = [rule for rule in rules if rule.code in applying]
    rows = []
    for pk, name, unit_name, _, cells in leaders:
        row_cells = [cells.get(rule.code) for rule in columns]
        statuses = Counter(c[0] for c in row_cells if c)
        rows.append(
            PersonRow(
                cadre_pk=pk,
                name=name,
                unit_name=unit_name,
                failed=statuses[Status.FAILED.value],
                at_risk=statuses[Status.AT_RISK.value],
                cells=row_cells,
            )
        )
    order = {status.value: rank for status, rank in STATUS_ORDER.items()}
    paths = {row[0]: row[3] for row in leaders}
    rows.sort(
        key=lambda row: (
            min((order[c[0]] for c in row.cells if c), default=9),
            -row.failed,
            paths[row.cadre_pk],
        )
    )
    bars = []
    for index, rule in enumerate(columns):
        tally = Counter(row.cells[index][0] for row in rows if row.cells[index])
        bars.append(
            RuleBar(
                code=rule.code,
                name=rule.name,
                label=rule.label,
                audience=rule.get_audience_display(),
                citation=rule.source,
                counts=[(s.value, s.label, tally[s.value]) for s in STATUSES],
                total=sum(tally.values()),
            )
        )
    # The rules most people fail first: the first screen says "on what".
    bars.sort(key=lambda bar: (-bar.failing, -bar.at_risk))
    figures: Counter = Counter()
    items: Counter = Counter()
    for block in blocks.values():
        figures.update(block.figures)
        items.update(block.items)
    return Board(
        columns=[(rule.code, rule.name) for rule in columns],
        bars=bars,
        units=_units_behind(rows, paths, unit, units),
        rows=rows,
        plan_cells=[
            (c.unit.name, c.status.value, c.status.label)
            for c in plan_cells(rules, window, teams_in(units, unit), today)
        ],
        leaders=len(rows),
        failing=sum(1 for row in rows if row.failed),
        figures={
            label: figures[label]
            for label in sorted({*figures, *SHOWN_AT_ZERO}, key=_figure_rank)
            if figures[label] or label in SHOWN_AT_ZERO
        },
        items=colour_rows(items),
    )


def _figure_rank(label: str) -> tuple[int, str]:
    if label in FIGURE_ORDER:
        return FIGURE_ORDER.index(label), label
    return len(FIGURE_ORDER), label


def _units_behind(rows, paths, unit, units) -> list[UnitShortfall]:
    """The unit's children by the share of their leaders with a rule failed."""
    children = [u for u in units if u.parent_id == unit.pk]
    tally: dict[int, list[int]] = {}
    for row in rows:
        path = paths[row.cadre_pk]
        child = next((c for c in children if path.startswith(c.path)), None)
        if child is None:
            continue
        entry = tally.setdefault(child.pk, [0, 0])
        entry[0] += 1
        entry[1] += bool(row.failed)
    found = [
        UnitShortfall(c.pk, c.name, *tally[c.pk]) for c in children if c.pk in tally
    ]
    found.sort(key=lambda u: (-u.share, -u.failing, u.name))
    return found


def cached_board(
    user,
    unit: OrgUnit,
    window: Period,
    today: date,
    units: list[OrgUnit],
    *,
    using: str = "default",
) -> tuple[Board, str]:
    """(the dashboard's data for `unit`, its cache key): composed from the
    blocks of every unit of its subtree among `units` (those the user sees,
    from `selectors.dashboard_units`)."""
    note_viewed(user, unit, window)
    return _cached_board(user, unit, window, today, units, using=using)


def _cached_board(user, unit, window, today, units, *, using="default"):
    subtree = [u for u in units if u.is_within(unit)]
    return cached_blocks(
        "dashboard",
        user,
        [u.pk for u in subtree],
        (window.start, window.end, today),
        lambda missing: unit_blocks(user, missing, window, today),
        lambda blocks: compose(blocks, unit, subtree, window, today),
        composed_parts=(unit.pk,),
        using=using,
    )


# The dashboards viewed lately, for the warm-up: (scope, unit, period) →
# (a user of that scope, the period, when last viewed). Users of one scope
# share the cached table, so one of them stands for all.
VIEWED_KEY = "reports:dashboards-viewed"
VIEWED_DAYS = 7
VIEWED_MAX = 200
# The city's data counter the last warm-up started from: a change that
# raised the counter to n is warmed once this is n or more.
WARMED_KEY = "reports:warmed-counter"


def note_viewed(user, unit: OrgUnit, window: Period) -> None:
    viewed = cache.get(VIEWED_KEY) or {}
    entry = (scope_key(user), unit.pk, window.start, window.end)
    now = time.time()
    if entry in viewed and now - viewed[entry][2] < 3600:
        return  # noted within the hour: no write on every view
    viewed[entry] = (user.pk, window, now)
    if len(viewed) > VIEWED_MAX:
        newest = sorted(viewed.items(), key=lambda item: item[1][2])[-VIEWED_MAX:]
        viewed = dict(newest)
    cache.set(VIEWED_KEY, viewed, None)


def warm_viewed(today: date) -> int:
    """Compute the tables of the dashboards viewed in the last `VIEWED_DAYS`
    days for `today` (the blocks of the units whose version moved), as their
    viewers would: after a city-wide change and at the start of each day,
    their next viewer reads them from the cache. Returns the tables warmed."""
    counter = cache.get(COUNTER_KEY, 0)
    cutoff = time.time() - VIEWED_DAYS * 86400
    viewed = cache.get(VIEWED_KEY) or {}
    warmed = 0
    users = User.objects.filter(is_active=True).in_bulk(
        [user_pk for user_pk, _, _ in viewed.values()]
    )
    for (_, unit_pk, _, _), (user_pk, window, seen) in viewed.items():
        user = users.get(user_pk)
        if seen < cutoff or user is None:
            continue
        units = dashboard_units(user, window.start.year)
        unit = next((u for u in units if u.pk == unit_pk), None)
        if unit is None:  # out of the user's scope now
            continue
        try:
            _cached_board(user, unit, window, today, units)
        except Exception:  # the next viewer computes it, and says why
            logger.exception("看板预计算失败：单位 %s", unit_pk)
            continue
        warmed += 1
    cache.set(WARMED_KEY, counter, None)
    return warmed
