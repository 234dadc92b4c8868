"""防扎堆: a place warns when CROWDING_VISITS different leaders (this one
included) visit it within CROWDING_DAYS days; one leader's repeat visits
count once."""

from datetime import date, timedelta

import pytest

from activities.forms import ActivityForm
from activities.selectors import crowding_at
from tests.factories import ActivityFactory, CadreFactory

pytestmark = pytest.mark.django_db
DAY = date(2024, 5, 15)


def visit(city, cadre, offset: int):
    return ActivityFactory(
        cadre=cadre, start_date=DAY + timedelta(days=offset), places=[city.yc_village]
    )


def crowded(city) -> bool:
    found = crowding_at([city.yc_village], DAY, cadre_id=city.users.cadre.cadre.pk)
    return [c.place for c in found] == [city.yc_village]


def test_the_defaults_are_three_leaders_in_seven_days(settings):
    assert (settings.CROWDING_VISITS, settings.CROWDING_DAYS) == (3, 7)


def test_one_other_leader_visiting_twice_does_not_warn(city):
    visit(city, city.yc_colleague, 1)
    visit(city, city.yc_colleague, 2)
    assert not crowded(city)


def test_two_other_leaders_warn(city):
    visit(city, city.yc_colleague, 1)
    visit(city, CadreFactory(unit=city.chengguan), -1)
    assert crowded(city)


def test_one_other_leader_does_not_warn(city):
    visit(city, city.yc_colleague, 1)
    assert not crowded(city)


@pytest.mark.parametrize(
    ("offset", "warns"), [(6, True), (7, False), (-6, True), (-7, False)]
)
def test_the_window_reaches_six_days_either_side(city, offset, warns):
    visit(city, city.yc_colleague, offset)
    visit(city, CadreFactory(unit=city.chengguan), offset)
    assert crowded(city) is warns


def test_the_form_warns_from_the_second_other_leader(city):
    """Through the form: two visits by one leader pass; a visit by a second
    leader warns and names both."""

    other = CadreFactory(name="孙立新", unit=city.chengguan)
    visit(city, city.yc_colleague, 1)
    visit(city, city.yc_colleague, 2)
    form = ActivityForm(
        {
            "kind": "onsite",
            "status": "held",
            "cadre": city.users.cadre.cadre.pk,
            "places": [city.yc_village.pk],
            "start_date": DAY.isoformat(),
            "topic": "灌溉用水调度现场协调",
            "problems_raised": 0,
            "problems_solved_on_site": 0,
            "suggestions": 0,
        },
        user=city.users.cadre,
    )
    assert form.is_valid(), form.errors  # one other leader only
    visit(city, other, -3)
    form = ActivityForm(form.data, user=city.users.cadre)
    assert not form.is_valid()
    message = form.errors["confirm_crowding"][0]
    assert "赵红梅" in message and "孙立新" in message
