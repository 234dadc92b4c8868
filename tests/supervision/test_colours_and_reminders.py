"""红黄蓝 and the reminder thresholds at each boundary, on the 2024 National
Day calendar (a 调休 Sunday before it, a 调休 Saturday after it)."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone

from org.roles import Role
from supervision.reminders import run_reminders
from tests.factories import make_login
from tracking.models import Colour, Notification, NotificationMute, TrackedItem

from .conftest import DEADLINE

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("today", "colour"),
    [
        # 60 days allowed: 75% passes on day 45, 29 September (a 调休 Sunday).
        (date(2024, 9, 28), Colour.BLUE),
        (date(2024, 9, 29), Colour.YELLOW),
        # Due in 3 working days across the 调休 Saturday 12 October.
        (date(2024, 10, 10), Colour.YELLOW),
        (DEADLINE, Colour.YELLOW),  # due today
        (DEADLINE + timedelta(days=1), Colour.RED),  # overdue by one day
    ],
)
def test_colour_at_each_boundary_in_python_and_sql(make_item, today, colour):
    item = make_item()
    assert item.colour(today) == colour
    assert TrackedItem.objects.with_colour(today).get(pk=item.pk).warning == colour


def _sent_on(user, day):
    return sorted(
        Notification.objects.filter(recipient=user, created_at__date=day).values_list(
            "kind", flat=True
        )
    )


def test_reminders_over_the_life_of_an_item(city, make_item, monkeypatch):
    """Walk the days from 26 September to 16 October, running the beat job
    twice a day: each threshold is told once, on the right working day."""

    cadre, clerk = city.users.cadre, city.users.clerk
    make_item()
    sent: dict[date, list[str]] = {}
    day = date(2024, 9, 26)
    while day <= date(2024, 10, 16):
        now = timezone.make_aware(
            timezone.datetime(day.year, day.month, day.day, 8, 30)
        )
        monkeypatch.setattr(timezone, "now", lambda now=now: now)
        first = run_reminders(day)
        second = run_reminders(day)
        assert not any(second.values()), (day, second)  # beat running twice
        kinds = _sent_on(cadre, day) + [f"office:{k}" for k in _sent_on(clerk, day)]
        if kinds:
            sent[day] = kinds
        if day in (date(2024, 9, 28), *(date(2024, 10, d) for d in range(1, 8))):
            assert first == {}  # days off: nothing runs
        day += timedelta(days=1)

    assert sent == {
        date(2024, 9, 29): ["share_75"],  # the 调休 Sunday
        # On 9 October the deadline is still 4 working days away; on the 10th
        # the 调休 Saturday makes it 3 (on a plain calendar it would be the 9th).
        date(2024, 10, 10): ["due_3"],
        date(2024, 10, 15): ["overdue_daily", "office:overdue_weekly"],
        date(2024, 10, 16): ["overdue_daily"],
    }


def test_when_both_thresholds_fall_due_only_due_soon_is_sent(city, make_item):
    # 75% of 1–12 October passes on the 10th, when it is also due in 3 days.
    make_item(start=date(2024, 10, 1), deadline=date(2024, 10, 12))
    run_reminders(date(2024, 10, 10))
    run_reminders(date(2024, 10, 11))
    assert _kinds(city.users.cadre) == ["due_3"]


def _kinds(user):
    return sorted(
        Notification.objects.filter(recipient=user).values_list("kind", flat=True)
    )


def test_a_new_deadline_is_a_new_threshold(city, make_item):
    item = make_item()
    run_reminders(date(2024, 10, 10))
    item.close_out(by=city.users.clerk, result="已完成")
    item.reopen(
        by=city.users.clerk, reason="群众反映未修好", deadline=date(2024, 10, 18)
    )
    run_reminders(date(2024, 10, 16))
    assert _kinds(city.users.cadre) == ["due_3", "due_3"]


def test_the_database_refuses_a_second_notice_for_the_same_key(city, make_item):
    item = make_item()
    fields = {
        "recipient": city.users.cadre,
        "kind": Notification.Kind.DUE_SOON,
        "item": item,
        "key": f"item:{item.pk}:{item.deadline}",
        "title": "将到期",
    }
    Notification.objects.create(**fields)
    with pytest.raises(IntegrityError):
        Notification.objects.create(**fields)


def test_a_muted_kind_is_not_sent_and_others_are(city, make_item):
    NotificationMute.objects.create(
        user=city.users.cadre, kind=Notification.Kind.OVERDUE_DAILY
    )
    make_item(deadline=date(2024, 10, 14))
    run_reminders(date(2024, 10, 10))
    run_reminders(date(2024, 10, 15))
    assert _kinds(city.users.cadre) == ["due_3"]
    assert _kinds(city.users.clerk) == ["overdue_weekly"]


def test_weekly_digest_goes_to_the_nearest_office_only(city, make_item):

    city_office = make_login("cityclerk", Role.CLERK, scope=city.root)
    make_item("永昌县事项")
    make_item("市直事项", unit=city.root, owner=city.users.city_leader.cadre)
    run_reminders(date(2024, 10, 15))
    clerk_notice = Notification.objects.get(
        recipient=city.users.clerk, kind="overdue_weekly"
    )
    assert "永昌县事项" in clerk_notice.body and "市直事项" not in clerk_notice.body
    city_notice = Notification.objects.get(recipient=city_office, kind="overdue_weekly")
    assert "市直事项" in city_notice.body and "永昌县事项" not in city_notice.body


def test_notices_are_emailed_after_commit(
    city, make_item, mailoutbox, django_capture_on_commit_callbacks
):
    cadre = city.users.cadre
    cadre.email = "wang@example.cn"
    cadre.save()
    make_item()
    with django_capture_on_commit_callbacks(execute=True):
        run_reminders(date(2024, 10, 10))
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["wang@example.cn"]
    assert "渠道修缮" in mailoutbox[0].subject
    assert Notification.objects.get(recipient=cadre).emailed_at is not None


def test_an_item_without_a_login_owner_reminds_no_one_but_the_office(city, make_item):
    make_item(owner=city.yc_colleague)
    run_reminders(date(2024, 10, 10))
    run_reminders(date(2024, 10, 15))
    assert Notification.objects.filter(recipient=city.users.cadre).count() == 0
    assert _kinds(city.users.clerk) == ["overdue_weekly"]
