"""The Chinese working-day calendar: official holidays and 调休 make-up
workdays from `chinese-calendar`, overridden by `CalendarOverride` rows.

For a year the library does not know (it raises NotImplementedError for
years after its last release) and that has no overrides, weekends are the
only days off: the product warns rather than crashes.
"""

import functools
import logging
from datetime import date, timedelta

import chinese_calendar

from tracking.models import CalendarOverride

logger = logging.getLogger(__name__)


def _overrides(first: date, last: date) -> dict[date, bool]:

    return dict(
        CalendarOverride.objects.filter(day__range=(first, last)).values_list(
            "day", "is_workday"
        )
    )


def year_is_known(year: int) -> bool:
    """Whether the library or the override table knows the year's holidays."""

    try:
        chinese_calendar.is_workday(date(year, 1, 1))
        return True
    except NotImplementedError:
        return CalendarOverride.objects.filter(day__year=year).exists()


@functools.cache
def _warn_unknown_year(year: int) -> None:
    logger.warning(
        "节假日安排未知（%s年），按周末休息计算；请在“节假日调整”中录入。", year
    )


def _library_workday(day: date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        _warn_unknown_year(day.year)
        return day.weekday() < 5


def is_workday(day: date, overrides: dict[date, bool] | None = None) -> bool:
    if overrides is None:
        overrides = _overrides(day, day)
    if day in overrides:
        return overrides[day]
    return _library_workday(day)


def add_working_days(start: date, days: int) -> date:
    """The day `days` working days after `start` (start itself not counted)."""
    overrides = _overrides(start, start + timedelta(days=days * 3 + 30))
    day, left = start, days
    while left > 0:
        day += timedelta(days=1)
        if is_workday(day, overrides):
            left -= 1
    return day


def next_workday(day: date) -> date:
    """`day` itself if it is a working day, otherwise the next one."""
    overrides = _overrides(day, day + timedelta(days=40))
    while not is_workday(day, overrides):
        day += timedelta(days=1)
    return day


def deadline_after(start: date, days: int, *, working_days: bool) -> date:
    """A time limit of `days` from `start`: counted in working days, or in
    calendar days with a last day on a holiday moved to the next working day
    (the usual rule for statutory periods)."""
    if working_days:
        return add_working_days(start, days)
    return next_workday(start + timedelta(days=days))


def working_days_between(pairs: list[tuple[date, date]]) -> list[int]:
    """For each (start, end), the working days after `start` up to and
    including `end` (0 when done the same day): a handling time in working
    days. The override table is read once for all the pairs."""
    if not pairs:
        return []
    first = min(start for start, _ in pairs)
    last = max(end for _, end in pairs)
    overrides = _overrides(first, last)
    workday = {}
    day = first
    while day <= last:
        workday[day] = is_workday(day, overrides)
        day += timedelta(days=1)
    counted = []
    for start, end in pairs:
        day, n = start, 0
        while day < end:
            day += timedelta(days=1)
            n += workday[day]
        counted.append(n)
    return counted
