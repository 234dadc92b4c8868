"""The inbox: unread badge, mark read, read all, reminder settings."""

import pytest
from django.urls import reverse

from supervision.models import OrderNotice
from tracking.models import NotificationMute
from tracking.services import notify

pytestmark = pytest.mark.django_db


def _notice(user, title="测试消息", url="/supervision/"):
    return notify(recipients=[user], kind=OrderNotice.ISSUED, title=title, url=url)[0]


def test_badge_counts_unread_and_reading_clears_it(client, city):
    cadre = city.users.cadre
    first, _ = _notice(cadre), _notice(cadre, "第二条")
    client.force_login(cadre)
    badge = client.get(reverse("supervision:unread_badge")).content.decode()
    assert 'data-testid="unread-count"' in badge and ">2<" in badge
    response = client.post(
        reverse("supervision:notice_read", args=[first.pk]), {"open": "1"}
    )
    assert response.url == "/supervision/"
    first.refresh_from_db()
    assert first.read_at is not None
    client.post(reverse("supervision:inbox_read_all"))
    badge = client.get(reverse("supervision:unread_badge")).content.decode()
    assert "unread-count" not in badge
    inbox = client.get(reverse("supervision:inbox")).context["page"]
    assert len(inbox) == 2


def test_nobody_reads_another_users_notice(client, city):
    notice = _notice(city.users.cadre)
    client.force_login(city.users.clerk)
    response = client.post(reverse("supervision:notice_read", args=[notice.pk]))
    assert response.status_code == 404
    assert list(client.get(reverse("supervision:inbox")).context["page"]) == []


def test_an_outside_url_is_not_followed(client, city):
    notice = _notice(city.users.cadre, url="https://evil.example/")
    client.force_login(city.users.cadre)
    response = client.post(
        reverse("supervision:notice_read", args=[notice.pk]), {"open": "1"}
    )
    assert response.url == reverse("supervision:inbox")


def test_a_user_sees_and_mutes_kinds_of_reminders(client, city):
    user = city.users.cadre
    client.force_login(user)
    page = client.get(reverse("supervision:reminders"))
    kinds = {kind for kind, _, _, enabled in page.context["kinds"] if enabled}
    assert "due_3" in kinds and "overdue_daily" in kinds
    wanted = kinds - {"overdue_daily", "quota_shortfall"}
    client.post(reverse("supervision:reminders"), {"kind": sorted(wanted)})
    assert set(
        NotificationMute.objects.filter(user=user).values_list("kind", flat=True)
    ) == {"overdue_daily", "quota_shortfall"}
    assert notify(recipients=[user], kind="overdue_daily", title="x", key="k") == []
    # Orders are not reminders: they always arrive.
    NotificationMute.objects.create(user=user, kind="order_issued")
    assert len(notify(recipients=[user], kind="order_issued", title="x")) == 1
    client.post(reverse("supervision:reminders"), {"kind": sorted(kinds)})
    assert not NotificationMute.objects.filter(
        user=user, kind__in=["overdue_daily", "quota_shortfall"]
    ).exists()


def test_the_navigation_links_the_inbox(client, city):
    client.force_login(city.users.cadre)
    html = client.get(reverse("home")).content.decode()
    assert reverse("supervision:unread_badge") in html
    assert 'data-testid="inbox-link"' in html
