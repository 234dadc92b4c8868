"""What each role sees across two counties: one rule, `visible_to(user)`."""

import pytest
from django.contrib.auth.models import AnonymousUser

from org.models import Cadre, OrgUnit, Place

pytestmark = pytest.mark.django_db


def names(queryset) -> set[str]:
    return {str(obj.name) for obj in queryset}


def test_cadre_sees_only_own_cadre_record(city):
    assert names(Cadre.objects.visible_to(city.users.cadre)) == {"王建国"}


def test_cadre_reaches_places_of_own_county_only(city):
    visible = names(Place.objects.visible_to(city.users.cadre))
    assert "金川西村" in visible
    assert "宁远堡村" not in visible


def test_clerk_sees_own_county_subtree(city):
    clerk = city.users.clerk
    assert names(OrgUnit.objects.visible_to(clerk)) == {
        "永昌县",
        "城关镇",
        "永昌县委办公室",
    }
    cadres = names(Cadre.objects.visible_to(clerk))
    assert {"王建国", "赵红梅", "clerk"} <= cadres
    assert "陈海军" not in cadres
    assert "李志强" not in cadres


def test_clerk_cannot_see_other_county_places(city):
    assert names(Place.objects.visible_to(city.users.clerk)) == {"金川西村"}


def test_leader_of_other_county_sees_only_that_county(city):
    leader = city.users.leader
    assert names(Place.objects.visible_to(leader)) == {"宁远堡村"}
    cadres = names(Cadre.objects.visible_to(leader))
    assert "陈海军" in cadres
    assert "王建国" not in cadres


def test_city_leader_and_petition_office_see_the_whole_city(city):
    for user in (city.users.city_leader, city.users.petition_office):
        assert names(Place.objects.visible_to(user)) == {"金川西村", "宁远堡村"}
        assert Cadre.objects.visible_to(user).count() == Cadre.objects.count()


def test_auditor_sees_no_business_or_reference_records(city):
    auditor = city.users.auditor
    assert not Cadre.objects.visible_to(auditor).exists()
    assert not OrgUnit.objects.visible_to(auditor).exists()
    assert not Place.objects.visible_to(auditor).exists()


def test_system_and_security_admins_see_reference_data_city_wide(city):
    for user in (city.users.sysadmin, city.users.secadmin):
        assert OrgUnit.objects.visible_to(user).count() == OrgUnit.objects.count()
        assert Cadre.objects.visible_to(user).count() == Cadre.objects.count()


def test_anonymous_and_inactive_users_see_nothing(city):

    assert not Cadre.objects.visible_to(AnonymousUser()).exists()
    clerk = city.users.clerk
    clerk.is_active = False
    assert not Cadre.objects.visible_to(clerk).exists()


def test_moving_a_unit_moves_its_subtree(city):
    city.chengguan.parent = city.jinchuan
    city.chengguan.save()
    city.yc_village.refresh_from_db()
    assert city.chengguan.path == "/620300/620302/620321100/"
    assert names(Place.objects.visible_to(city.users.leader)) == {
        "金川西村",
        "宁远堡村",
    }
