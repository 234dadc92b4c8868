"""The dashboard, its JSON endpoints, the personal page and quota_status."""

import json
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from org.models import Cadre
from petitions.models import ReceptionDay
from reports.cache import bump
from tests.factories import ActivityFactory, CadreFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def leaders(city):
    yc = CadreFactory(
        name="永昌县长",
        unit=city.yongchang,
        rank=Cadre.Rank.COUNTY,
        is_leadership_member=True,
    )
    jc = CadreFactory(
        name="金川区长",
        unit=city.jinchuan,
        rank=Cadre.Rank.COUNTY,
        is_leadership_member=True,
    )
    ReceptionDay.objects.create(kind="reception", leader=jc, day=date(2024, 1, 10))
    return {"yc": yc, "jc": jc}


URLS = ["reports:dashboard", "reports:compliance_json", "reports:trend_json"]


@pytest.mark.parametrize("name", URLS)
def test_a_leader_cannot_open_another_county(client, city, leaders, name):
    client.force_login(city.users.leader)
    assert (
        client.get(reverse(name), {"unit": city.yongchang.pk, "year": 2024}).status_code
        == 404
    )
    assert (
        client.get(reverse(name), {"unit": city.jinchuan.pk, "year": 2024}).status_code
        == 200
    )


@pytest.mark.parametrize("name", URLS)
def test_the_auditor_has_no_dashboard(client, city, name):
    client.force_login(city.users.auditor)
    assert client.get(reverse(name)).status_code == 403


def test_compliance_json_is_scoped_to_the_subtree(client, city, leaders):
    client.force_login(city.users.leader)
    data = client.get(reverse("reports:compliance_json"), {"year": 2024}).json()
    cadres = {cell["cadre"] for cell in data["cells"]}
    assert "金川区长" in cadres and "永昌县长" not in cadres
    cell = next(
        c for c in data["cells"] if c["cadre"] == "金川区长" and c["rule"] == "9"
    )
    assert set(cell) == {
        "cadre",
        "unit",
        "rule",
        "period",
        "required",
        "done",
        "status",
    }
    assert cell["done"] == 1 and cell["status"] == "failed"


def test_city_dashboard_rolls_up_counties_and_drills_down(client, city, leaders):
    client.force_login(city.users.city_leader)
    response = client.get(reverse("reports:dashboard"), {"year": 2024})
    units = [u.name for u in response.context["board"].units]
    assert {"永昌县", "金川区"} <= set(units)
    drill = client.get(
        reverse("reports:dashboard"), {"year": 2024, "unit": city.jinchuan.pk}
    )
    names = [row.name for row in drill.context["page"]]
    assert "金川区长" in names and "永昌县长" not in names
    assert "金川区长" in drill.text


def test_people_falling_short_come_first(client, city, leaders):
    for month in range(1, 13):
        ReceptionDay.objects.create(
            kind="reception", leader=leaders["yc"], day=date(2024, month, 5)
        )
        ActivityFactory(
            cadre=leaders["yc"], kind="onsite", start_date=date(2024, month, 6)
        )
    client.force_login(city.users.city_leader)
    rows = client.get(reverse("reports:dashboard"), {"year": 2024}).context["page"]
    order = [row.name for row in rows]
    assert order.index("金川区长") < order.index("永昌县长")


def test_trend_json_counts_months(client, city, leaders):
    ActivityFactory(cadre=leaders["jc"], kind="onsite", start_date=date(2024, 3, 3))
    client.force_login(city.users.leader)
    data = client.get(reverse("reports:trend_json"), {"year": 2024}).json()
    series = {s["name"]: s["data"] for s in data["series"]}
    assert series["基层活动"][2] == 1 and series["接访日"][0] == 1
    assert data["months"][0] == "1月"


def _bulk_leaders(unit, count):
    Cadre.objects.bulk_create(
        Cadre(
            name=f"领导{unit.code}{n}",
            unit=unit,
            rank=Cadre.Rank.COUNTY,
            is_leadership_member=True,
        )
        for n in range(count)
    )


def test_dashboard_query_count_is_flat_from_10_to_1000_cadres(
    client, city, count_queries
):
    client.force_login(city.users.city_leader)
    url = reverse("reports:dashboard")
    _bulk_leaders(city.yongchang, 10)
    client.get(url, {"year": 2024})
    bump()  # both requests compute the table
    at_10 = count_queries(lambda: client.get(url, {"year": 2024}))
    _bulk_leaders(city.jinchuan, 990)
    bump()
    at_1000 = count_queries(lambda: client.get(url, {"year": 2024}))
    assert at_10 == at_1000


def test_my_quotas_shows_what_is_missing_and_my_items(client, city):
    client.force_login(city.users.leader)  # a county-rank leader of 金川区
    response = client.get(reverse("reports:my_quotas"), {"year": 2024})
    missing = {cell.rule.code for cell in response.context["missing"]}
    assert {"1", "9", "13"} <= missing
    assert "每月至少接访1天" in response.text


def test_quota_status_command_json(city, leaders, capsys):
    call_command(
        "quota_status", "--unit", "620302", "--year", "2024", "--month", "1", "--json"
    )
    rows = json.loads(capsys.readouterr().out)
    row = next(r for r in rows if r["cadre"] == "金川区长" and r["rule"] == "9")
    assert row == {
        "cadre": "金川区长",
        "unit": "金川区",
        "rule": "9",
        "period": "2024年1月",
        "required": 1,
        "done": 1,
        "status": "met",
    }
    assert all(r["cadre"] != "永昌县长" for r in rows)


def test_quota_status_rejects_an_unknown_unit():

    with pytest.raises(CommandError, match="没有编码为"):
        call_command("quota_status", "--unit", "999", "--year", "2024")
