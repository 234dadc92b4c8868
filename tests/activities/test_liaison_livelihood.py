"""Project/enterprise liaison and livelihood items: lists, forms, scope."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity, Liaison, LivelihoodItem
from activities.services import livelihood_create
from tests.factories import ActivityFactory, PlaceFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def project(city):
    return PlaceFactory(name="河西堡化工园区项目", unit=city.chengguan, kind="project")


def test_clerk_assigns_a_liaison_and_contacts_are_counted(client, city, project):
    client.force_login(city.users.clerk)
    response = client.post(
        reverse("activities:liaison_list"),
        {
            "kind": "project",
            "cadre": city.yc_colleague.pk,
            "role": "commissioner",
            "place": project.pk,
            "since": date(TODAY.year, 1, 1).isoformat(),
        },
    )
    assert response.status_code == 302
    liaison = Liaison.objects.get(place=project)
    for mode in ("phone", "site_visit", "site_visit"):
        ActivityFactory(
            kind="project_visit",
            cadre=city.yc_colleague,
            liaison=liaison,
            contact_mode=mode,
            start_date=date(TODAY.year, 1, 5),
            places=[project],
        )
    listed = client.get(reverse("activities:liaison_list")).context["liaisons"]
    assert [(row.contact_count, row.site_visit_count) for row in listed] == [(3, 2)]


def test_liaison_place_must_match_its_kind(client, city, project):
    client.force_login(city.users.clerk)
    response = client.post(
        reverse("activities:liaison_list"),
        {
            "kind": "enterprise",
            "cadre": city.yc_colleague.pk,
            "role": "leader",
            "place": project.pk,
            "since": TODAY.isoformat(),
        },
    )
    assert response.status_code == 200
    assert "与类别“包联企业”不符" in response.text
    assert not Liaison.objects.exists()


def test_other_county_liaisons_are_not_listed(client, city, project):
    Liaison.objects.create(
        kind="project",
        cadre=city.yc_colleague,
        role="leader",
        place=project,
        since=TODAY,
    )
    client.force_login(city.users.leader)
    assert not client.get(reverse("activities:liaison_list")).context["liaisons"]


@pytest.fixture
def livelihood(city):
    return livelihood_create(
        year=TODAY.year,
        title="城关镇老旧小区改造",
        unit=city.chengguan,
        owner=None,
        start_date=TODAY - timedelta(days=30),
        deadline=TODAY + timedelta(days=3),
        target="改造小区3个",
    )


def test_livelihood_list_shows_colour_and_scope(client, city, livelihood):
    client.force_login(city.users.clerk)
    response = client.get(reverse("activities:livelihood_list"), {"year": TODAY.year})
    [(row, colour, closable)] = response.context["rows"]
    assert row == livelihood and colour == "yellow" and closable
    client.force_login(city.users.leader)
    response = client.get(reverse("activities:livelihood_list"), {"year": TODAY.year})
    assert response.context["rows"] == []


def test_clerk_adds_a_livelihood_item(client, city):
    client.force_login(city.users.clerk)
    response = client.post(
        reverse("activities:livelihood_create"),
        {
            "year": TODAY.year,
            "title": "农村饮水安全巩固提升",
            "unit": city.yongchang.pk,
            "start_date": date(TODAY.year, 1, 1).isoformat(),
            "deadline": date(TODAY.year, 12, 31).isoformat(),
        },
    )
    assert response.status_code == 302
    item = LivelihoodItem.objects.get()
    assert item.item.kind == "livelihood" and item.item.unit == city.yongchang


def test_livelihood_deadline_before_start_is_rejected(client, city):
    client.force_login(city.users.clerk)
    response = client.post(
        reverse("activities:livelihood_create"),
        {
            "year": TODAY.year,
            "title": "错误时限",
            "unit": city.yongchang.pk,
            "start_date": date(TODAY.year, 6, 1).isoformat(),
            "deadline": date(TODAY.year, 5, 1).isoformat(),
        },
    )
    assert "完成时限：完成时限不能早于开始日期。" in response.text
    assert not LivelihoodItem.objects.exists()


def test_progress_update_and_close_out(client, city, livelihood):
    client.force_login(city.users.clerk)
    client.post(
        reverse("activities:livelihood_progress", args=[livelihood.pk]),
        {"progress": "已完成2个小区", "progress_percent": 70},
    )
    livelihood.refresh_from_db()
    assert livelihood.progress_percent == 70
    response = client.post(
        reverse("activities:livelihood_progress", args=[livelihood.pk]),
        {"progress": "超额", "progress_percent": 150},
    )
    livelihood.refresh_from_db()
    assert livelihood.progress_percent == 70
    assert response.status_code == 302
    client.post(
        reverse("item_close", args=[livelihood.item.pk]), {"result": "全部完工"}
    )
    livelihood.item.refresh_from_db()
    assert livelihood.item.is_closed


def test_other_county_cannot_update_progress(client, city, livelihood):
    client.force_login(city.users.leader)
    response = client.post(
        reverse("activities:livelihood_progress", args=[livelihood.pk]),
        {"progress": "篡改", "progress_percent": 100},
    )
    assert response.status_code == 404


def test_demo_city_has_a_year_of_activities(demo_city):
    # Running seed_demo again changes no table: tests/demo/test_seed_demo.py.
    kinds = set(Activity.objects.values_list("kind", flat=True))
    assert kinds == set(Activity.Kind.values)
    assert Activity.objects.planned().exists() or TODAY.month == 12
    assert LivelihoodItem.objects.count() == 12
