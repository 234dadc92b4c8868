"""整改事项: a new kind on the one mechanism, with the one close-out flow."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from supervision.models import RectificationItem
from supervision.services import rectification_add
from tests.factories import CadreFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def town_leader(city):
    return CadreFactory(name="刘镇长", unit=city.chengguan, is_leadership_member=True)


def _form(city, leader, **extra):
    return {
        "source": "self_inspection",
        "problem": "为民服务中心窗口服务质量有待提升",
        "measures": "完善首问负责制度",
        "target": "群众满意率95%以上",
        "deadline": (timezone.localdate() + timedelta(days=30)).isoformat(),
        "unit": city.chengguan.pk,
        "leader": leader.pk,
        "owner": city.users.cadre.cadre.pk,
        **extra,
    }


def test_office_registers_a_rectification_item(client, city, town_leader):
    client.force_login(city.users.clerk)
    response = client.post(
        reverse("supervision:rectification_create"), _form(city, town_leader)
    )
    rectification = RectificationItem.objects.get()
    assert response.url == rectification.get_absolute_url()
    item = rectification.item
    assert item.kind == "rectification" and item.unit == city.chengguan
    assert item.owner == city.users.cadre.cadre and rectification.leader == town_leader
    page = client.get(rectification.get_absolute_url())
    assert "完善首问负责制度" in page.content.decode()
    listed = client.get(reverse("supervision:rectifications")).context["page"]
    assert [i.pk for i in listed] == [item.pk]


def test_rectification_form_names_each_bad_field(client, city, town_leader):
    client.force_login(city.users.clerk)
    response = client.post(
        reverse("supervision:rectification_create"),
        _form(
            city,
            town_leader,
            problem="",
            deadline="2020-01-01",
            owner=city.jc_cadre.pk,
        ),
    )
    errors = response.context["form"].errors
    assert set(errors) == {"problem", "deadline", "owner"}
    assert not RectificationItem.objects.exists()


@pytest.mark.parametrize("user", ["cadre", "leader", "auditor"])
def test_only_the_office_registers(client, city, user):
    client.force_login(getattr(city.users, user))
    assert client.get(reverse("supervision:rectification_create")).status_code == 404


def test_close_out_and_reopen_keep_history_through_the_pages(client, city, town_leader):
    rectification = rectification_add(
        by=city.users.clerk,
        unit=city.chengguan,
        problem="接访日安排不均衡",
        measures="制定轮值表",
        target="每周接访",
        deadline=timezone.localdate() + timedelta(days=10),
        leader=town_leader,
        owner=city.users.cadre.cadre,
    )
    item = rectification.item
    detail = rectification.get_absolute_url()
    client.force_login(city.users.clerk)
    client.post(
        reverse("item_close", args=[item.pk]),
        {"result": "已公示轮值表", "next": detail},
    )
    new_deadline = timezone.localdate() + timedelta(days=20)
    response = client.post(
        reverse("item_reopen", args=[item.pk]),
        {
            "reason": "第二周未落实",
            "deadline": new_deadline.isoformat(),
            "next": detail,
        },
    )
    assert response.url == detail
    client.post(reverse("item_close", args=[item.pk]), {"result": "已整改到位"})
    item.refresh_from_db()
    assert item.deadline == new_deadline and item.result == "已整改到位"
    assert [(e.action, e.note, e.by) for e in item.events.all()] == [
        ("closed", "已公示轮值表", city.users.clerk),
        ("reopened", "第二周未落实", city.users.clerk),
        ("closed", "已整改到位", city.users.clerk),
    ]
    page = client.get(detail).content.decode()
    assert "第二周未落实" in page and "已整改到位" in page


def test_reopen_needs_a_reason_and_a_sane_deadline(client, city, make_item):
    item = make_item()
    item.close_out(by=city.users.clerk, result="完成")
    client.force_login(city.users.clerk)
    client.post(reverse("item_reopen", args=[item.pk]), {"reason": ""})
    client.post(
        reverse("item_reopen", args=[item.pk]),
        {"reason": "x", "deadline": "2000-01-01"},
    )
    item.refresh_from_db()
    assert item.is_closed and item.events.count() == 1


def test_a_unit_sees_only_its_rectification_items(client, city, town_leader):
    mine = rectification_add(
        by=city.users.clerk,
        unit=city.chengguan,
        problem="永昌县问题",
        measures="m",
        target="t",
        deadline=timezone.localdate(),
        leader=town_leader,
        owner=None,
    )
    theirs = rectification_add(
        by=city.users.clerk,
        unit=city.ningyuanpu,
        problem="金川区问题",
        measures="m",
        target="t",
        deadline=timezone.localdate(),
        leader=city.jc_cadre,
        owner=None,
    )
    client.force_login(city.users.leader)  # 金川区
    listed = client.get(reverse("supervision:rectifications")).context["page"]
    assert [i.title for i in listed] == ["金川区问题"]
    assert client.get(mine.get_absolute_url()).status_code == 404
    assert client.get(theirs.get_absolute_url()).status_code == 200
    assert (
        client.get(reverse("supervision:item_detail", args=[mine.item_id])).status_code
        == 404
    )


def test_overdue_list_covers_every_kind_and_filters(client, city, make_item):
    today = timezone.localdate()
    past = today - timedelta(days=5)
    make_item("逾期措施", kind="research_measure", start=past, deadline=past)
    make_item(
        "逾期民生",
        kind="livelihood",
        start=past,
        deadline=past,
        owner=city.yc_colleague,
    )
    make_item("未到期", start=today, deadline=today + timedelta(days=30))
    client.force_login(city.users.clerk)
    page = client.get(reverse("supervision:overdue")).context["page"]
    assert {i.title for i in page} == {"逾期措施", "逾期民生"}
    page = client.get(reverse("supervision:overdue"), {"kind": "livelihood"}).context[
        "page"
    ]
    assert [i.title for i in page] == ["逾期民生"]
    client.force_login(city.users.cadre)
    page = client.get(reverse("supervision:overdue"), {"mine": 1}).context["page"]
    assert [i.title for i in page] == ["逾期措施"]
    page = client.get(reverse("supervision:items"), {"colour": "blue"}).context["page"]
    assert [i.title for i in page] == ["未到期"]


def test_rectification_ledger_exports_the_rows_with_their_colour(
    client, city, town_leader
):

    rectification_add(
        by=city.users.clerk,
        unit=city.chengguan,
        problem="窗口服务质量有待提升",
        measures="完善首问负责制",
        target="满意率95%",
        deadline=timezone.localdate() - timedelta(days=1),
        start_date=timezone.localdate() - timedelta(days=10),
        leader=town_leader,
        owner=city.users.cadre.cadre,
    )
    client.force_login(city.users.clerk)
    response = client.post(reverse("ledger_export", args=["rectifications"]))
    sheet = load_workbook(BytesIO(response.content)).active
    rows = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    data = next(r for r in rows if r and r[0] == "窗口服务质量有待提升")
    assert "红色（逾期）" in data and town_leader.name in data
