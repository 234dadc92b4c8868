"""The home page's panels of the quota engine and the reports (registered in
apps.py): a cadre's own unmet quotas, who is behind in a leader's scope, and
the reports the office is to send."""

from datetime import date

from django.utils import timezone

from org.models import OrgUnit
from tracking.periods import period_from_query

from . import selectors
from .board import cached_board
from .models import QuotaRule, Report
from .quotas import STATUS_ORDER, Status, evaluate

SHOWN = 6


def my_quotas(request) -> dict | None:
    """The cadre's own quotas this year that are not met, the failed first:
    the same table as 我的指标."""
    cadre = getattr(request.user, "cadre", None)
    if cadre is None:
        return None
    today = timezone.localdate()
    window, _ = period_from_query({}, today)
    table = evaluate(
        QuotaRule.objects.filter(is_active=True), window, [cadre], today=today
    )
    missing = sorted(
        (c for c in table.cells if c.status != Status.MET),
        key=lambda c: (STATUS_ORDER[c.status], c.rule.code),
    )
    return {
        "window": window,
        "missing": missing,
        "met": sum(1 for c in table.cells if c.status == Status.MET),
        "total": len(table.cells),
    }


def behind(request) -> dict | None:
    """Who and which unit is behind in the leader's scope this year: the
    dashboard's own (cached) table."""
    today = timezone.localdate()
    window, (year, _, _) = period_from_query({}, today)
    units = selectors.dashboard_units(request.user, year)
    cadre = getattr(request.user, "cadre", None)
    wanted = request.user.scope_unit or (cadre.unit if cadre else None)
    unit = next((u for u in units if wanted and u.pk == wanted.pk), None)
    unit = unit or (units[0] if units else None)
    if unit is None:
        return None
    board, _ = cached_board(request.user, unit, window, today, units)
    people = [row for row in board.rows if row.failed or row.at_risk][:SHOWN]
    return {
        "unit": unit,
        "window": window,
        "leaders": board.leaders,
        "failing": board.failing,
        "people": people,
        "units": [u for u in board.units if u.failing][:3],
    }


def _quarter_before(day: date) -> tuple[int, int]:
    quarter = (day.month - 1) // 3 + 1
    return (day.year, quarter - 1) if quarter > 1 else (day.year - 1, 4)


def reports_to_send(request) -> dict | None:
    """The quarterly report of the office's unit for the quarter just ended
    (sent in the first weeks of the next): generated or not yet."""
    cadre = getattr(request.user, "cadre", None)
    unit: OrgUnit | None = request.user.scope_unit or (cadre.unit if cadre else None)
    if unit is None:
        return None
    year, quarter = _quarter_before(timezone.localdate())
    report = (
        Report.objects.filter(unit=unit, year=year, quarter=quarter)
        .order_by("-pk")
        .first()
    )
    return {"unit": unit, "year": year, "quarter": quarter, "report": report}
