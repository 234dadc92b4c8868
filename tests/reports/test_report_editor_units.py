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
