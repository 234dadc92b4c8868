"""The first yellow day is the earlier of deadline − 7 days and the day 75% of
the allowed time has passed (rounded up to a whole day). Below 28 days
allowed, deadline − 7 comes first; above, the 75% point does."""

from datetime import date, timedelta

import pytest

from tracking.models import Colour, TrackedItem, colour_for, warn_from

START = date(2024, 3, 1)


def day(n: int) -> date:
    return START + timedelta(days=n)


@pytest.mark.parametrize(
    ("allowed", "first_yellow"),
    [
        (20, 13),  # deadline − 7 = day 13; 75% = day 15
        (27, 20),  # deadline − 7 = day 20; 75% = day 21 (20.25 rounded up)
        (28, 21),  # both on day 21
        (41, 31),  # 75% = day 31 (30.75 rounded up); deadline − 7 = day 34
    ],
)
def test_the_first_yellow_day(allowed, first_yellow):
    assert warn_from(START, day(allowed)) == day(first_yellow)


@pytest.mark.parametrize(
    ("today", "colour"),
    [
        (12, Colour.BLUE),
        (13, Colour.YELLOW),
        (20, Colour.YELLOW),
        (21, Colour.RED),
    ],
)
def test_a_twenty_day_item_turns_yellow_a_week_before(today, colour):
    assert colour_for(start=START, deadline=day(20), today=day(today)) == colour


@pytest.mark.django_db
def test_the_stored_warning_day_and_the_sql_colour_follow_the_rule(city):
    item = TrackedItem.objects.create(
        kind="test",
        title="20天事项",
        unit=city.chengguan,
        start_date=START,
        deadline=day(20),
    )
    assert item.warn_from == day(13)
    colours = {
        n: TrackedItem.objects.with_colour(day(n)).get(pk=item.pk).warning
        for n in (12, 13, 20, 21)
    }
    assert colours == {12: "blue", 13: "yellow", 20: "yellow", 21: "red"}
