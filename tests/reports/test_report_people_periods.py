"""A past quarter's quota figures are those of the leaders in post then: a
transfer, a departure or a newcomer after the quarter leaves its report as
it was, and the next quarter counts them as they now are."""

from datetime import date

import pytest

from reports.collect import collect
from reports.compose import compose
from reports.selectors import leaders_in_period
from tests.factories import CadreFactory
from tracking.periods import period_of

pytestmark = pytest.mark.django_db
Q3, Q4 = period_of(2024, 3), period_of(2024, 4)


def build(unit, today: date):
    figures = collect(unit, Q3, today=today, quarter=3)
    return figures, compose(figures, signed_on=date(2024, 10, 8)).plain()


def names(figures) -> set[str]:
    return {name for shortfall in figures.shortfalls for name in shortfall.names}


def test_changes_of_people_after_the_quarter_leave_its_report(city):
    moved = city.users.cadre.cadre  # 王建国, 城关镇
    left = city.yc_colleague  # 赵红梅, 城关镇
    october, october_text = build(city.yongchang, date(2024, 10, 8))
    assert {"王建国（城关镇）", "赵红梅（城关镇）"} <= names(october)

    moved.unit, moved.position_since = city.ningyuanpu, date(2024, 11, 1)
    moved.save()
    left.is_active, left.position_since = False, date(2024, 11, 5)
    left.save()
    newcomer = CadreFactory(name="钱立新", unit=city.chengguan)
    newcomer.positions.update(since=date(2024, 11, 1))

    december, december_text = build(city.yongchang, date(2024, 12, 10))
    assert december == october
    assert december_text == october_text

    in_q4 = {c.name for c in leaders_in_period(city.yongchang, Q4, date(2024, 12, 10))}
    assert {moved.name, left.name, newcomer.name} <= in_q4  # each in post in Q4
    in_jinchuan = leaders_in_period(city.jinchuan, Q3, date(2024, 12, 10))
    assert moved.name not in {c.name for c in in_jinchuan}  # not there in Q3
    next_year = period_of(2025, 1)
    in_2025 = {
        c.name for c in leaders_in_period(city.yongchang, next_year, date(2025, 3, 1))
    }
    assert newcomer.name in in_2025
    assert not {moved.name, left.name} & in_2025


def test_a_cadre_back_in_post_holds_a_new_position(city):
    cadre = city.yc_colleague
    cadre.is_active, cadre.position_since = False, date(2024, 3, 31)
    cadre.save()
    cadre.is_active, cadre.position_since = True, date(2024, 9, 1)
    cadre.save()
    spans = list(cadre.positions.order_by("since").values_list("since", "until"))
    assert spans[-2][1] == date(2024, 3, 31)
    assert spans[-1] == (date(2024, 9, 1), None)
    in_q2 = leaders_in_period(city.yongchang, period_of(2024, 2), date(2024, 12, 1))
    assert cadre.pk not in {c.pk for c in in_q2}
