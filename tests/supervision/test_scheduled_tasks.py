"""The beat jobs: quota shortfalls, report drafts, and a real worker run."""

from datetime import date

import pytest
from django.utils import timezone

from petitions.models import ReceptionDay
from reports.tasks import quarterly_drafts, quota_shortfall_reminders
from supervision.tasks import escalate_orders, send_reminders
from tracking.models import Notification

from .conftest import DEADLINE


@pytest.mark.django_db
def test_quota_shortfall_is_flagged_two_weeks_before_the_month_ends(city):
    leader = city.users.leader  # a county-level leader: monthly reception day
    assert quota_shortfall_reminders(on="2024-03-15") == 0  # 16 days left
    sent = quota_shortfall_reminders(on="2024-03-18")
    assert sent >= 1
    titles = list(
        Notification.objects.filter(
            recipient=leader, kind="quota_shortfall"
        ).values_list("title", flat=True)
    )
    assert "本月尚未安排接访日（03月31日截止）" in titles
    assert quota_shortfall_reminders(on="2024-03-19") == 0  # once per period
    assert quota_shortfall_reminders(on="2024-03-23") == 0  # a Saturday


@pytest.mark.django_db
def test_a_met_quota_is_not_flagged(city):

    ReceptionDay.objects.create(
        kind=ReceptionDay.Kind.RECEPTION,
        leader=city.users.leader.cadre,
        day=date(2024, 3, 5),
        location="金川区信访接待大厅",
    )
    quota_shortfall_reminders(on="2024-03-18")
    titles = Notification.objects.filter(recipient=city.users.leader).values_list(
        "title", flat=True
    )
    assert not any("接访" in t for t in titles)


@pytest.mark.django_db
def test_a_report_draft_tells_the_office(city, monkeypatch):

    monkeypatch.setattr(timezone, "localdate", lambda: date(2024, 10, 8))
    quarterly_drafts()
    notice = Notification.objects.get(recipient=city.users.clerk)
    assert notice.kind == "report_ready" and "永昌县" in notice.title
    assert notice.url.startswith("/reports/")


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_reminders_run_in_a_real_worker_through_redis(
    city, make_item, celery_worker, default_data
):
    item = make_item()
    result = send_reminders.delay(on="2024-10-10")
    assert result.get(timeout=30)["due_3"] == 1
    assert send_reminders.delay(on="2024-10-10").get(timeout=30)["due_3"] == 0
    notice = Notification.objects.get(recipient=city.users.cadre)
    assert notice.kind == "due_3" and notice.item == item
    assert str(DEADLINE.month) in notice.title
    assert escalate_orders.delay(on="2024-10-10").get(timeout=30) == []
