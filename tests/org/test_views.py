"""Pages of the core: login, the home page by role, the cadre register."""

import pytest
from django.urls import reverse

from tests.factories import CadreFactory

pytestmark = pytest.mark.django_db


def test_login_page_is_in_chinese(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "用户名" in response.text and "登录" in response.text


def test_anonymous_user_is_sent_to_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_wrong_password_gets_a_chinese_error(client, city):
    response = client.post(reverse("login"), {"username": "clerk", "password": "x"})
    assert response.status_code == 200
    assert "请输入一个正确的" in response.text


@pytest.mark.parametrize(
    ("user", "panel", "absent"),
    [
        ("cadre", "panel-cadre", "panel-clerk"),
        ("clerk", "panel-clerk", "panel-admin"),
        ("leader", "panel-leadership", "panel-petition-office"),
        ("petition_office", "panel-petition-office", "panel-leadership"),
        ("auditor", "panel-audit", "panel-clerk"),
        ("sysadmin", "panel-admin", "panel-audit"),
    ],
)
def test_home_page_fits_the_role(client, city, user, panel, absent):
    client.force_login(getattr(city.users, user))
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert f'data-testid="{panel}"' in response.text
    assert f'data-testid="{absent}"' not in response.text


def test_clerk_cannot_open_a_cadre_of_another_county(client, city):
    client.force_login(city.users.clerk)
    response = client.get(reverse("cadre_detail", args=[city.jc_cadre.pk]))
    assert response.status_code == 404


def test_leader_opens_a_cadre_of_own_county(client, city):
    client.force_login(city.users.leader)
    response = client.get(reverse("cadre_detail", args=[city.jc_cadre.pk]))
    assert response.status_code == 200
    assert "陈海军" in response.text


def test_cadre_list_filters_by_unit_subtree_within_scope(client, city):
    client.force_login(city.users.clerk)
    response = client.get(reverse("cadre_list"), {"unit": city.chengguan.pk})
    shown = {cadre.name for cadre in response.context["page"]}
    assert shown == {"王建国", "赵红梅"}


def test_cadre_list_rejects_a_unit_outside_scope(client, city):
    client.force_login(city.users.clerk)
    response = client.get(reverse("cadre_list"), {"unit": city.jinchuan.pk})
    assert "陈海军" not in response.text
    assert response.context["filter"].errors


def test_unit_list_shows_the_tree_with_counts(client, city):
    client.force_login(city.users.city_leader)
    response = client.get(reverse("unit_list"))
    units = {unit.name: unit for unit in response.context["units"]}
    assert units["城关镇"].cadre_count == 2
    assert units["城关镇"].place_count == 1


def test_cadre_list_query_count_is_flat(client, city, count_queries):

    client.force_login(city.users.city_leader)
    url = reverse("cadre_list")
    client.get(url)
    few = count_queries(lambda: client.get(url))
    CadreFactory.create_batch(45, unit=city.chengguan)
    assert count_queries(lambda: client.get(url)) == few
