"""Supervision orders: issue, reply, send back, escalate; who sees what."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from org.scope import access_for
from supervision.models import SupervisionOrder
from supervision.selectors import order_panel, order_schedule
from supervision.services import escalate_overdue_orders, order_issue, order_reply
from tracking.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def overdue(make_item):
    today = timezone.localdate()
    return make_item(
        "村道破损修复",
        start=today - timedelta(days=30),
        deadline=today - timedelta(days=2),
    )


def _kinds(user):
    return list(
        Notification.objects.filter(recipient=user)
        .order_by("pk")
        .values_list("kind", flat=True)
    )


def test_order_lifecycle_issue_reply_send_back_reply(client, city, overdue):
    today = timezone.localdate()
    leader, cadre = city.users.city_leader, city.users.cadre
    client.force_login(leader)
    page = client.get(reverse("supervision:order_create"), {"item": overdue.pk})
    assert page.status_code == 200
    assert page.context["form"]["cadre"].initial == cadre.cadre.pk
    response = client.post(
        reverse("supervision:order_create") + f"?item={overdue.pk}",
        {
            "unit": city.chengguan.pk,
            "cadre": cadre.cadre.pk,
            "deadline": (today + timedelta(days=3)).isoformat(),
            "note": "请说明逾期原因并限期办结。",
        },
    )
    order = SupervisionOrder.objects.get()
    assert response.status_code == 302 and response.url == order.get_absolute_url()
    assert order.target == overdue and order.status == "issued"
    assert order.item.kind == "supervision_order" and order.item.owner == cadre.cadre
    assert order.item.colour(today) == "blue" or order.item.colour(today) == "yellow"
    assert _kinds(cadre) == ["order_issued"]

    client.force_login(cadre)
    assert client.get(order.get_absolute_url()).context["can_reply"]
    client.post(
        reverse("supervision:order_reply", args=[order.pk]),
        {"text": "已联系施工队，本周内修复。"},
    )
    order.refresh_from_db()
    assert order.status == "replied" and order.item.is_closed
    assert order.replies.get().on_time
    assert not overdue.__class__.objects.get(pk=overdue.pk).is_closed
    assert _kinds(leader) == ["order_replied"]

    client.force_login(leader)
    new_deadline = today + timedelta(days=7)
    client.post(
        reverse("supervision:order_send_back", args=[order.pk]),
        {"reason": "请附修复照片。", "deadline": new_deadline.isoformat()},
    )
    order.refresh_from_db()
    assert order.status == "issued" and not order.item.is_closed
    assert order.item.deadline == new_deadline
    assert [e.action for e in order.item.events.all()] == ["closed", "reopened"]
    assert _kinds(cadre) == ["order_issued", "order_issued"]


def test_an_overdue_reply_escalates_once_to_issuer_and_office_above(
    city, overdue, monkeypatch
):
    today = timezone.localdate()
    order = order_issue(
        by=city.users.city_leader,
        unit=city.chengguan,
        cadre=city.users.cadre.cadre,
        deadline=today,
        note="限期回复",
        target=overdue,
    )
    assert escalate_overdue_orders(today) == []  # due today is not overdue
    later = today + timedelta(days=1)
    assert escalate_overdue_orders(later) == [order]
    assert escalate_overdue_orders(later) == []  # beat running twice
    order.refresh_from_db()
    assert order.status == "escalated" and order.escalated_at
    assert order.item.colour(later) == "red"
    assert _kinds(city.users.city_leader) == ["order_escalated"]
    # 城关镇's parent is 永昌县, whose office is the clerk.
    assert _kinds(city.users.clerk) == ["order_escalated"]

    monkeypatch.setattr(timezone, "localdate", lambda: later)
    reply = order_reply(order=order, by=city.users.cadre, text="已整改")
    assert reply.on_time is False
    months, quarters = order_schedule(city.users.city_leader, today.year)
    month = months[today.month - 1]
    assert (month.issued, month.replied, month.on_time, month.escalated) == (1, 1, 0, 1)
    assert quarters[(today.month - 1) // 3].issued == 1


def test_an_order_on_a_quota_shortfall_to_a_unit_goes_to_its_office(client, city):
    client.force_login(city.users.clerk)
    today = timezone.localdate()
    client.post(
        reverse("supervision:order_create"),
        {
            "shortfall": f"{today:%Y年%m月}尚未安排接访日",
            "unit": city.chengguan.pk,
            "deadline": today.isoformat(),
            "note": "请本月内安排接访日。",
        },
    )
    order = SupervisionOrder.objects.get()
    assert order.subject == "quota" and order.target is None
    assert order.item.owner is None and order.item.unit == city.chengguan
    assert _kinds(city.users.clerk) == ["order_issued"]


def test_issue_form_names_the_bad_field(client, city):
    client.force_login(city.users.city_leader)
    response = client.post(
        reverse("supervision:order_create"),
        {
            "shortfall": "",
            "unit": city.ningyuanpu.pk,
            "cadre": city.users.cadre.cadre.pk,
            "deadline": "2020-01-01",
            "note": "",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"shortfall", "cadre", "deadline", "note"}
    assert "不在宁远堡镇" in errors["cadre"][0]
    assert not SupervisionOrder.objects.exists()


@pytest.mark.parametrize("user", ["cadre", "petition_office", "auditor"])
def test_only_leaders_and_the_office_issue(client, city, overdue, user):
    client.force_login(getattr(city.users, user))
    response = client.get(reverse("supervision:order_create"), {"item": overdue.pk})
    assert response.status_code == 404


def test_a_leader_cannot_issue_on_an_item_outside_scope(client, city, overdue):
    client.force_login(city.users.leader)  # 金川区
    response = client.get(reverse("supervision:order_create"), {"item": overdue.pk})
    assert response.status_code == 404


@pytest.fixture
def two_orders(city, make_item):
    today = timezone.localdate()
    yc = order_issue(
        by=city.users.city_leader,
        unit=city.chengguan,
        cadre=city.users.cadre.cadre,
        deadline=today + timedelta(days=3),
        note="永昌",
        target=make_item("永昌县事项"),
    )
    jc = order_issue(
        by=city.users.city_leader,
        unit=city.ningyuanpu,
        cadre=city.jc_cadre,
        deadline=today + timedelta(days=3),
        note="金川",
        target=make_item("金川区事项", unit=city.ningyuanpu, owner=city.jc_cadre),
    )
    return yc, jc


@pytest.mark.parametrize(
    ("user", "sees"),
    [
        ("clerk", {"永昌"}),
        ("cadre", {"永昌"}),
        ("leader", {"金川"}),
        ("city_leader", {"永昌", "金川"}),
        ("auditor", set()),
    ],
)
def test_a_unit_sees_only_the_orders_sent_to_it(client, city, two_orders, user, sees):
    client.force_login(getattr(city.users, user))
    page = client.get(reverse("supervision:orders"))
    assert {o.note for o in page.context["page"]} == sees
    items = client.get(reverse("supervision:items")).context["page"]
    assert all(
        ("永昌" in i.title and "永昌" in sees) or ("金川" in i.title and "金川" in sees)
        for i in items
    )


def test_every_order_url_is_404_outside_scope(client, city, two_orders):
    yc, jc = two_orders
    client.force_login(city.users.clerk)  # 永昌县 office
    today = timezone.localdate()
    urls_get = [
        reverse("supervision:order_detail", args=[jc.pk]),
        reverse("supervision:item_detail", args=[jc.item_id]),
        reverse("supervision:item_detail", args=[jc.target_id]),
    ]
    for url in urls_get:
        assert client.get(url).status_code == 404, url
    posts = [
        (reverse("supervision:order_reply", args=[jc.pk]), {"text": "x"}),
        (
            reverse("supervision:order_send_back", args=[jc.pk]),
            {"reason": "x", "deadline": today.isoformat()},
        ),
        (reverse("item_close", args=[jc.target_id]), {"result": "x"}),
        (reverse("item_reopen", args=[jc.target_id]), {"reason": "x"}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 404, url
    jc.refresh_from_db()
    assert jc.status == "issued" and not jc.replies.exists()
    # The receiver replies; only the issuer sends back.
    assert client.get(yc.get_absolute_url()).status_code == 200
    order_reply(order=yc, by=city.users.cadre, text="已办")
    response = client.post(
        reverse("supervision:order_send_back", args=[yc.pk]),
        {"reason": "x", "deadline": today.isoformat()},
    )
    assert response.status_code == 404


def test_dashboard_panel_counts_orders_in_two_queries(
    client, city, two_orders, count_queries
):
    today = timezone.localdate()
    user = city.users.city_leader
    access_for(user)  # the request has read the user's roles already
    panel = {}
    assert count_queries(lambda: panel.update(order_panel(user, city.root, today))) <= 2
    assert panel["counts"]["open"] == 2 and len(panel["urgent"]) == 2
    assert (
        panel["counts"]["red"] + panel["counts"]["yellow"] + panel["counts"]["blue"]
        == 2
    )
    client.force_login(user)
    page = client.get(reverse("reports:dashboard"), {"year": today.year})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="supervision-panel"' in html and two_orders[0].number in html
    # The one mechanism's 红黄蓝 table lists the orders' kind too.
    assert "督办单" in {row["kind"] for row in page.context["items"]}


def test_schedule_page_counts_by_month_and_quarter(client, city, two_orders):
    client.force_login(city.users.clerk)
    today = timezone.localdate()
    page = client.get(reverse("supervision:order_schedule"), {"year": today.year})
    months = page.context["months"]
    assert sum(m.issued for m in months) == 1  # the clerk sees 永昌县's only
    assert date(today.year, 1, 1).year == page.context["year"]


def test_an_order_is_closed_by_its_reply_not_by_generic_close_out(
    client, city, two_orders, register
):
    yc, _ = two_orders
    case = register()
    client.force_login(city.users.clerk)
    for item_pk in (yc.item_id, case.stage_item_id):
        response = client.post(reverse("item_close", args=[item_pk]), {"result": "x"})
        assert response.status_code == 404
    page = client.get(reverse("supervision:item_detail", args=[yc.item_id]))
    assert page.context["editable"] is False
    yc.refresh_from_db()
    assert not yc.item.is_closed


@pytest.mark.parametrize(
    "url_name", ["supervision:items", "supervision:overdue", "supervision:orders"]
)
def test_list_query_counts_are_flat(client, city, make_item, count_queries, url_name):
    today = timezone.localdate()
    past = today - timedelta(days=9)

    def add(n):
        for i in range(n):
            item = make_item(
                f"事项{i}", start=past, deadline=past + timedelta(days=i % 3)
            )
            order_issue(
                by=city.users.city_leader,
                unit=city.chengguan,
                cadre=city.users.cadre.cadre,
                deadline=today,
                note="n",
                target=item,
            )

    client.force_login(city.users.clerk)
    url = reverse(url_name)
    add(2)
    few = count_queries(lambda: client.get(url))
    add(20)
    assert count_queries(lambda: client.get(url)) == few
