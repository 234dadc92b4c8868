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
