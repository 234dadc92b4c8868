"""A home page per role: each role's first work first, only the user's own
items or scope, in a number of queries that does not grow with the data."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from org.models import Cadre
from reports.models import Report
from tests.factories import CadreFactory
from tracking.models import TrackedItem

pytestmark = pytest.mark.django_db


def _item(title, *, owner, unit, deadline, kind="test"):
    return TrackedItem.objects.create(
        kind=kind,
        title=title,
        unit=unit,
        owner=owner,
        start_date=deadline - timedelta(days=30),
        deadline=deadline,
    )


def _home(client, user):
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response


def _panels(response) -> list[str]:
    return [panel.name for panel in response.context["panels"]]


# --- cadre -------------------------------------------------------------------


def test_cadre_sees_own_unmet_quotas_and_own_red_and_yellow_items_first(client, city):
    today = timezone.localdate()
    me = city.users.cadre.cadre
    _item("我的逾期事项", owner=me, unit=city.chengguan, deadline=today - timedelta(3))
    _item("我的临期事项", owner=me, unit=city.chengguan, deadline=today + timedelta(2))
    _item("我的远期事项", owner=me, unit=city.chengguan, deadline=today + timedelta(90))
    response = _home(client, city.users.cadre)
    assert _panels(response)[:2] == ["my_quotas", "my_items"]
    items = response.context["panels"][1].context["items"]
    assert [i.title for i in items] == ["我的逾期事项", "我的临期事项"]  # red first
    quotas = response.context["panels"][0].context
    # a township cadre: a lecture a year (rule 1), a reception day a week (10)
    assert {"1", "10"} <= {cell.rule.code for cell in quotas["missing"]}
    assert "我的未完成指标" in response.text and "我的逾期事项" in response.text
    assert 'data-testid="stat-units"' not in response.text  # no scope counts


def test_cadre_never_sees_another_cadres_items(client, city):
    today = timezone.localdate()
    _item(
        "同事的逾期事项",
        owner=city.yc_colleague,
        unit=city.chengguan,
        deadline=today - timedelta(3),
    )
    _item(
        "无人负责的逾期事项",
        owner=None,
        unit=city.chengguan,
        deadline=today - timedelta(3),
    )
    response = _home(client, city.users.cadre)
    assert "同事的逾期事项" not in response.text
    assert "无人负责的逾期事项" not in response.text
    assert response.context["panels"][1].context["items"] == []
    assert "没有逾期或临期的事项" in response.text


def test_cadre_home_has_no_office_or_leadership_panels(client, city):
    names = _panels(_home(client, city.users.cadre))
    assert not {
        "behind",
        "overdue",
        "due_this_week",
        "ledgers",
        "reports_to_send",
    } & set(names)


# --- leadership --------------------------------------------------------------


def test_leader_sees_who_is_behind_and_what_is_overdue_in_scope_only(client, city):
    today = timezone.localdate()
    CadreFactory(name="金川区长", unit=city.jinchuan, rank="county")
    _item(
        "金川逾期",
        owner=city.jc_cadre,
        unit=city.ningyuanpu,
        deadline=today - timedelta(9),
    )
    _item(
        "永昌逾期",
        owner=city.users.cadre.cadre,
        unit=city.chengguan,
        deadline=today - timedelta(9),
    )
    response = _home(client, city.users.leader)
    assert _panels(response)[:2] == ["behind", "overdue"]
    behind = response.context["panels"][0].context
    assert behind["unit"] == city.jinchuan
    assert behind["leaders"] >= 2 and 0 < behind["failing"] <= behind["leaders"]
    assert all(p["row"].unit_name != "永昌县" for p in behind["people"])
    # Each person's failed rules are named, each linked to the records behind it.
    failed = [rule for p in behind["people"] for rule in p["failed"]]
    assert len(failed) == sum(p["row"].failed for p in behind["people"])
    for name, url in failed:
        if url:
            assert f'<a href="{escape(url)}">{name}</a>' in response.text
    overdue = response.context["panels"][1].context
    assert [i.title for i in overdue["items"]] == ["金川逾期"]
    assert overdue["items"][0].overdue_days == 9
    assert "逾期9天" in response.text and "永昌逾期" not in response.text
    assert f"{behind['failing']}</strong> / {behind['leaders']}" in response.text


# --- office ------------------------------------------------------------------


def test_clerk_sees_the_week_due_ledgers_and_the_report_to_send(client, city):
    today = timezone.localdate()
    sunday = today + timedelta(days=6 - today.weekday())
    _item("本周到期", owner=None, unit=city.chengguan, deadline=sunday)
    _item("下周到期", owner=None, unit=city.chengguan, deadline=sunday + timedelta(1))
    _item("已逾期", owner=None, unit=city.chengguan, deadline=today - timedelta(1))
    _item("金川本周", owner=None, unit=city.ningyuanpu, deadline=sunday)
    response = _home(client, city.users.clerk)
    assert _panels(response) == ["due_this_week", "ledgers", "reports_to_send"]
    due = response.context["panels"][0].context
    assert [i.title for i in due["items"]] == ["本周到期"]
    assert due["count"] == 1 and due["overdue"] == 1
    ledgers = response.context["panels"][1].context["ledgers"]
    assert "activities" in {ledger.kind for ledger in ledgers}
    assert "petition_cases" not in {ledger.kind for ledger in ledgers}  # 信访事项
    report = response.context["panels"][2].context
    assert report["unit"] == city.yongchang and report["report"] is None
    assert "尚未生成" in response.text


def test_the_report_to_send_shows_once_generated(client, city):
    today = timezone.localdate()
    quarter = (today.month - 1) // 3 + 1
    year, quarter = (today.year, quarter - 1) if quarter > 1 else (today.year - 1, 4)
    Report.objects.create(
        unit=city.yongchang,
        year=year,
        quarter=quarter,
        status=Report.Status.DONE,
        requested_by=city.users.clerk,
    )
    response = _home(client, city.users.clerk)
    assert response.context["panels"][2].context["report"] is not None
    assert "尚未生成" not in response.text


def test_petition_office_sees_the_week_due_and_its_ledgers(client, city):
    names = _panels(_home(client, city.users.petition_office))
    assert names == ["due_this_week", "ledgers"]


# --- administrators ------------------------------------------------------------


@pytest.mark.parametrize("user", ["sysadmin", "secadmin", "auditor"])
def test_administrators_see_their_own_work_only(client, city, user):
    response = _home(client, getattr(city.users, user))
    assert _panels(response) == []
    assert 'data-testid="home-panels"' not in response.text
    for business in (
        "activities:list",
        "reports:dashboard",
        "supervision:items",
        "my_exports",
        "reports:my_quotas",
    ):
        assert f'href="{reverse(business)}' not in response.text


# --- query counts ----------------------------------------------------------------


def _grow(city, n):
    today = timezone.localdate()
    for i in range(n):
        for cadre, unit in (
            (city.users.cadre.cadre, city.chengguan),
            (city.jc_cadre, city.ningyuanpu),
        ):
            _item(
                f"事项{unit.pk}-{i}",
                owner=cadre,
                unit=unit,
                deadline=today - timedelta(i),
            )
        CadreFactory(unit=city.ningyuanpu, rank="township", is_leadership_member=True)


@pytest.mark.parametrize(
    "user", ["cadre", "leader", "city_leader", "clerk", "petition_office", "sysadmin"]
)
def test_home_page_queries_do_not_grow_with_the_data(client, city, count_queries, user):
    client.force_login(getattr(city.users, user))
    url = reverse("home")
    client.get(url)  # warm: sessions, the calendar
    _grow(city, 2)
    few = count_queries(lambda: client.get(url))
    _grow(city, 20)
    many = count_queries(lambda: client.get(url))
    assert few == many, (few, many)
    assert many <= 40


# --- 我的调研 and 我的指标 agree ------------------------------------------------


def test_research_overview_applies_the_sixty_days_rule_as_my_quotas_does(client, city):
    deputy = city.users.cadre.cadre  # a township deputy head, a team member
    deputy.is_leadership_member = True
    deputy.save()
    client.force_login(city.users.cadre)
    overview = client.get(reverse("research:overview"))
    assert "要求不少于60天" not in overview.text and "还差60天" not in overview.text
    assert "不适用" in overview.text
    quotas = client.get(reverse("reports:my_quotas"))
    assert "5" not in {cell.rule.code for cell in quotas.context["cells"]}

    leader = city.users.leader.cadre  # a county-level team member: it applies
    Cadre.objects.filter(pk=leader.pk).update(is_leadership_member=True)
    client.force_login(city.users.leader)
    overview = client.get(reverse("research:overview"))
    assert "要求不少于60天" in overview.text and "还差60天" in overview.text
    quotas = client.get(reverse("reports:my_quotas"))
    assert "5" in {cell.rule.code for cell in quotas.context["cells"]}
