"""Calendar periods: a year, quarter, month, as a first and last day."""

import calendar
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    label: str

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end


def period_of(
    year: int,
    quarter: int | None = None,
    month: int | None = None,
    half: int | None = None,
) -> Period:
    if half:
        if half == 1:
            return Period(date(year, 1, 1), date(year, 6, 30), f"{year}年上半年")
        return Period(date(year, 7, 1), date(year, 12, 31), f"{year}年下半年")
    if month:
        last = calendar.monthrange(year, month)[1]
        return Period(
            date(year, month, 1), date(year, month, last), f"{year}年{month}月"
        )
    if quarter:
        first_month = 3 * (quarter - 1) + 1
        last_month = first_month + 2
        last = calendar.monthrange(year, last_month)[1]
        return Period(
            date(year, first_month, 1),
            date(year, last_month, last),
            f"{year}年第{quarter}季度",
        )
    return Period(date(year, 1, 1), date(year, 12, 31), f"{year}年")


def period_from_query(
    params, today: date
) -> tuple[Period, tuple[int, int | None, int | None]]:
    """The period a page's ?year=&quarter=&month= asks for (this year by default;
    an unreadable or impossible value falls back to this year)."""
    try:
        year = int(params.get("year") or today.year)
        quarter = int(params.get("quarter") or 0) or None
        month = int(params.get("month") or 0) or None
        return period_of(year, quarter, month), (year, quarter, month)
    except ValueError:
        return period_of(today.year), (today.year, None, None)
