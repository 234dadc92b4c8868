"""Reports from the web for every unit an office may report on, townships
included, and for no unit outside its scope."""

import pytest
from django.urls import reverse

from reports.models import Report
from reports.selectors import report_units


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "unit", "allowed"),
    [
        ("clerk", "chengguan", True),  # a township of 永昌县
        ("clerk", "yc_office", True),
        ("clerk", "ningyuanpu", False),  # a township of 金川区
        ("leader", "ningyuanpu", True),
        ("leader", "chengguan", False),
        ("city_leader", "chengguan", True),
        ("petition_office", "chengguan", False),
        ("cadre", "chengguan", False),  # a township cadre, not its office
    ],
)
def test_a_township_report_is_asked_for_from_the_web_within_scope(
    client, city, django_capture_on_commit_callbacks, role, unit, allowed
):
    client.force_login(getattr(city.users, role))
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(
            reverse("reports:report_list"),
            {"unit": getattr(city, unit).pk, "year": 2024, "period": "q3"},
        )
    created = Report.objects.filter(unit=getattr(city, unit)).exists()
    assert created == allowed
    if not allowed:
        assert response.status_code == 200
        assert "unit" in response.context["form"].errors


@pytest.mark.django_db
def test_the_request_form_offers_the_townships_of_the_office(client, city):
    assert set(report_units(city.users.clerk)) == {
        city.yongchang,
        city.chengguan,
        city.yc_office,
    }
    client.force_login(city.users.clerk)
    page = client.get(reverse("reports:report_list"))
    assert "城关镇" in page.text and "宁远堡镇" not in page.text


@pytest.mark.django_db
def test_a_unit_without_an_issuing_name_signs_as_its_party_office_not_a_place(city):
    assert city.root.signature == "中共金昌市委办公室"
    assert city.chengguan.signature == "中共城关镇委员会"
    assert city.yc_office.signature == "永昌县委办公室"  # a department: its name
    city.chengguan.issuing_name = "中共永昌县城关镇委员会"
    assert city.chengguan.signature == "中共永昌县城关镇委员会"


@pytest.mark.django_db
def test_the_system_administrator_sets_the_issuing_name_in_the_unit_admin(client, city):
    city.users.sysadmin.is_staff = True  # as tests/security sets it
    city.users.sysadmin.save()
    client.force_login(city.users.sysadmin)
    url = reverse("admin:org_orgunit_change", args=[city.jinchuan.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'name="issuing_name"' in page.text
    form = page.context["adminform"].form
    data = {**form.initial, "issuing_name": "中共金昌市金川区委办公室"}
    data = {k: v if v is not None else "" for k, v in data.items()}
    data["parent"] = city.root.pk
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    city.jinchuan.refresh_from_db()
    assert city.jinchuan.signature == "中共金昌市金川区委办公室"
