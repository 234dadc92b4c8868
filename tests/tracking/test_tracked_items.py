"""One colour rule and one close-out for every tracked item."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from tracking.models import Colour, TrackedItem, colour_for

START = date(2024, 3, 1)


@pytest.mark.parametrize(
    ("deadline", "today", "colour"),
    [
        # 40 days allowed: yellow from 7 days before (day 33), or 75% (day 30).
        (START + timedelta(days=40), START + timedelta(days=29), Colour.BLUE),
        (START + timedelta(days=40), START + timedelta(days=30), Colour.YELLOW),
        (START + timedelta(days=40), START + timedelta(days=40), Colour.YELLOW),
        (START + timedelta(days=40), START + timedelta(days=41), Colour.RED),
        # 100 days allowed: 75% comes first too (day 75; deadline − 7 is day 93).
        (START + timedelta(days=100), START + timedelta(days=74), Colour.BLUE),
        (START + timedelta(days=100), START + timedelta(days=75), Colour.YELLOW),
        # A short item is yellow from its first day.
        (START + timedelta(days=5), START, Colour.YELLOW),
    ],
)
def test_colour_boundaries(deadline, today, colour):
    assert colour_for(start=START, deadline=deadline, today=today) == colour


def test_a_closed_item_leaves_the_warnings():
    late = START + timedelta(days=90)
    assert colour_for(start=START, deadline=START, today=late, closed=True) == "closed"


@pytest.mark.django_db
def test_sql_colour_agrees_with_the_python_rule(city):
    for days in (1, 5, 20, 40, 100):
        TrackedItem.objects.create(
            kind="test",
            title=f"{days}天",
            unit=city.chengguan,
            start_date=START,
            deadline=START + timedelta(days=days),
        )
    for offset in range(0, 110, 3):
        today = START + timedelta(days=offset)
        for item in TrackedItem.objects.with_colour(today):
            assert item.warning == item.colour(today), (item.title, today)


@pytest.mark.django_db
def test_close_out_and_reopen_keep_history(city):
    item = TrackedItem.objects.create(
        kind="test",
        title="路灯维修",
        unit=city.chengguan,
        start_date=START,
        deadline=START,
    )
    item.close_out(by=city.users.clerk, result="已修复")
    item.reopen(by=city.users.clerk, reason="群众反映仍不亮")
    item.close_out(by=city.users.clerk, result="更换灯具")
    actions = [(e.action, e.note) for e in item.events.all()]
    assert actions == [
        ("closed", "已修复"),
        ("reopened", "群众反映仍不亮"),
        ("closed", "更换灯具"),
    ]
    assert item.closed_by == city.users.clerk and item.result == "更换灯具"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("user", "closes"),
    [("clerk", True), ("cadre", True), ("leader", False), ("auditor", False)],
)
def test_close_out_view_checks_scope(client, city, user, closes):
    item = TrackedItem.objects.create(
        kind="test",
        title="渠道修缮",
        unit=city.chengguan,
        owner=city.users.cadre.cadre,
        start_date=START,
        deadline=START,
    )
    client.force_login(getattr(city.users, user))
    response = client.post(reverse("item_close", args=[item.pk]), {"result": "已完成"})
    item.refresh_from_db()
    assert item.is_closed is closes
    assert response.status_code == (302 if closes else 404)
