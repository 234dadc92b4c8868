"""The quota engine's "at risk" boundary: a running period not yet met is at
risk once a third or less of its days are left (today counted), on track
before; the research plan is at risk within 20 days of its due day."""

from datetime import date

import pytest

from org.models import Cadre
from petitions.models import ReceptionDay
from reports.models import QuotaRule
from reports.quotas import Status, evaluate
from tests.factories import ActivityFactory, CadreFactory
from tracking.periods import period_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def county_leader(city):
    return CadreFactory(unit=city.yongchang, rank=Cadre.Rank.COUNTY)


def status(code, cadre, window, today, units=()):
    table = evaluate(
        [QuotaRule.objects.get(code=code)],
        window,
        [cadre] if cadre else [],
        today=today,
        units=units,
    )
    [cell] = table.cells
    return cell.status


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2024, 4, 20), Status.ON_TRACK),  # 11 of April's 30 days left
        (date(2024, 4, 21), Status.AT_RISK),  # 10 of 30 left: exactly a third
        (date(2024, 4, 30), Status.AT_RISK),  # the last day
    ],
)
def test_a_month_is_at_risk_with_a_third_of_its_days_left(
    county_leader, today, expected
):
    # Rule 9: county leaders receive petitioners at least one day a month.
    assert status("9", county_leader, period_of(2024, month=4), today) == expected


def test_a_met_month_is_never_at_risk(county_leader):
    ReceptionDay.objects.create(
        kind="reception", leader=county_leader, day=date(2024, 4, 2)
    )
    window = period_of(2024, month=4)
    assert status("9", county_leader, window, date(2024, 4, 21)) == Status.MET


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2024, 8, 31), Status.ON_TRACK),  # 123 of 366 days left
        (date(2024, 9, 1), Status.AT_RISK),  # 122 of 366 left: exactly a third
    ],
)
def test_a_year_is_at_risk_from_the_first_of_september(county_leader, today, expected):
    # Rule 1: leaders give at least one lecture a year; 2024 has 366 days.
    assert status("1", county_leader, period_of(2024), today) == expected
    ActivityFactory(cadre=county_leader, kind="lecture", start_date=date(2024, 3, 1))
    assert status("1", county_leader, period_of(2024), today) == Status.MET


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2024, 2, 8), Status.ON_TRACK),  # 21 days before 02-29
        (date(2024, 2, 9), Status.AT_RISK),  # 20 days before
        (date(2024, 3, 1), Status.FAILED),  # after the due day
    ],
)
def test_a_missing_research_plan_is_at_risk_20_days_before_the_due_day(
    city, today, expected
):
    # Rule 3: the plan by the end of February (02-29 in a leap year).
    assert status("3", None, period_of(2024), today, units=[city.yongchang]) == expected
