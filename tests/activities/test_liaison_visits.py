"""包抓项目 / 包联企业 visits logged through the activity page: a visit on the
cadre's own liaison of the matching kind is saved and counted; one on a
liaison of the other kind is refused."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity, Liaison
from tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def liaison_of(city, kind: str) -> Liaison:
    place = PlaceFactory(name=f"{kind}点位", unit=city.chengguan, kind=kind)
    return Liaison.objects.create(
        kind=kind,
        cadre=city.users.cadre.cadre,
        role="leader",
        place=place,
        since=TODAY - timedelta(days=100),
    )


def post_visit(client, city, kind: str, liaison: Liaison):
    client.force_login(city.users.cadre)
    return client.post(
        reverse("activities:create"),
        {
            "kind": kind,
            "status": "held",
            "cadre": city.users.cadre.cadre.pk,
            "places": [liaison.place.pk],
            "start_date": (TODAY - timedelta(days=2)).isoformat(),
            "topic": "了解项目建设用地和用工需求",
            "liaison": liaison.pk,
            "contact_mode": "site_visit",
            "problems_raised": 2,
            "problems_solved_on_site": 1,
            "suggestions": 0,
            "problems-TOTAL_FORMS": 0,
            "problems-INITIAL_FORMS": 0,
        },
    )


@pytest.mark.parametrize(
    ("kind", "liaison_kind"),
    [("project_visit", "project"), ("enterprise_visit", "enterprise")],
)
def test_a_visit_on_the_cadres_own_liaison_is_saved_and_counted(
    client, city, kind, liaison_kind
):
    liaison = liaison_of(city, liaison_kind)
    response = post_visit(client, city, kind, liaison)
    assert response.status_code == 302, response.context["form"].errors
    visit = Activity.objects.get()
    assert (visit.kind, visit.liaison, visit.contact_mode) == (
        kind,
        liaison,
        "site_visit",
    )
    assert visit.problems_raised == 2
    listed = client.get(
        reverse("activities:liaison_list"), {"year": visit.start_date.year}
    ).context["liaisons"]
    assert [(row.contact_count, row.site_visit_count) for row in listed] == [(1, 1)]


def test_a_visit_on_a_liaison_of_the_other_kind_is_refused(client, city):
    liaison = liaison_of(city, "enterprise")
    response = post_visit(client, city, "project_visit", liaison)
    assert response.status_code == 200
    assert "所选关系不是项目包抓" in response.text
    assert not Activity.objects.exists()
