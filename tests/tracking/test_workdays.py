"""The working-day calendar: 调休 Saturdays, holidays, unknown years, overrides."""

from datetime import date

import pytest

from tracking.models import CalendarOverride
from tracking.workdays import (
    add_working_days,
    deadline_after,
    is_workday,
    year_is_known,
)

pytestmark = pytest.mark.django_db


def test_a_make_up_saturday_is_a_workday_and_a_holiday_monday_is_not():
    assert is_workday(date(2024, 10, 12))  # 调休 Saturday after National Day
    assert not is_workday(date(2024, 10, 7))  # Monday inside the holiday


def test_working_days_step_over_the_golden_week():
    assert add_working_days(date(2024, 9, 30), 1) == date(2024, 10, 8)


def test_an_unknown_year_never_crashes_and_overrides_win():
    assert not year_is_known(2027)
    assert is_workday(date(2027, 1, 4)) and not is_workday(date(2027, 1, 2))
    CalendarOverride.objects.create(day=date(2027, 1, 2), is_workday=True, note="调休")
    assert is_workday(date(2027, 1, 2)) and year_is_known(2027)


def test_calendar_days_roll_past_a_holiday():
    assert deadline_after(date(2024, 9, 16), 15, working_days=False) == date(
        2024, 10, 8
    )
