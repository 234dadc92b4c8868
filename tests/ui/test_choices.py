"""Searchable choices: a select of more than 50 rows renders only the chosen
one and loads the rest from a JSON endpoint scoped to the user; no main list
or form page of the scale city renders a select of more than 50 options."""

import re

import pytest
from django import forms
from django.urls import reverse

from org.models import Cadre
from tests.factories import CadreFactory
from tests.scale import LARGER, client_for, measured_at
from ui.choices import LIMIT
from ui.forms import BootstrapFormMixin

pytestmark = pytest.mark.django_db

SELECT = re.compile(r"<select\b[^>]*>(.*?)</select>", re.S)


def _url(name):
    return reverse("choices", args=[name])


def _bulk(unit, n, prefix):
    Cadre.objects.bulk_create(
        Cadre(name=f"{prefix}{i:03d}", unit=unit, rank=Cadre.Rank.STAFF)
        for i in range(n)
    )


class CadreForm(BootstrapFormMixin, forms.Form):
    cadre = forms.ModelChoiceField(label="干部", queryset=Cadre.objects.all())


def test_a_select_of_at_most_50_rows_lists_them_all(city):
    Cadre.objects.all().delete()
    _bulk(city.yongchang, LIMIT, "甲")
    html = str(CadreForm()["cadre"])
    assert html.count("<option") == LIMIT + 1  # and the empty choice
    assert "data-choices-url" not in html


def test_a_larger_select_renders_only_the_chosen_row(city):
    _bulk(city.yongchang, LIMIT + 1, "乙")
    chosen = Cadre.objects.get(name="乙050")
    html = str(CadreForm(data={"cadre": chosen.pk})["cadre"])
    assert html.count("<option") == 2  # the empty choice and the chosen one
    assert f'value="{chosen.pk}" selected' in html and "乙050" in html
    assert f'data-choices-url="{_url("cadre")}"' in html
    assert CadreForm(data={"cadre": chosen.pk}).is_valid()  # all rows still valid


def test_choices_search_within_the_users_scope(client, city):
    CadreFactory(name="永昌测试干部", unit=city.yongchang)
    CadreFactory(name="金川测试干部", unit=city.jinchuan)
    client.force_login(city.users.clerk)  # 永昌县 office
    found = client.get(_url("cadre"), {"q": "测试干部"}).json()["results"]
    assert [row["text"] for row in found] == ["永昌测试干部"]
    client.force_login(city.users.leader)  # a leader of 金川区
    found = client.get(_url("cadre"), {"q": "测试干部"}).json()["results"]
    assert [row["text"] for row in found] == ["金川测试干部"]


def test_choices_need_a_login_and_a_known_source(client, city):
    assert client.get(_url("cadre")).status_code == 302
    client.force_login(city.users.clerk)
    assert client.get(_url("nothing")).status_code == 404


def test_choices_return_at_most_20_rows(client, city):
    _bulk(city.yongchang, 30, "丙")
    client.force_login(city.users.clerk)
    assert len(client.get(_url("cadre"), {"q": "丙"}).json()["results"]) == 20


def test_places_and_reception_days_are_scoped(client, city):
    client.force_login(city.users.clerk)
    places = {r["text"] for r in client.get(_url("place")).json()["results"]}
    assert str(city.yc_village) in places and str(city.jc_village) not in places
    assert client.get(_url("reception-day")).status_code == 200


PAGES = [
    "/activities/",
    "/activities/?pillar=onsite",
    "/activities/new/",
    "/activities/new/?kind=onsite",
    "/activities/livelihood/",
    "/activities/livelihood/new/",
    "/activities/liaisons/",
    "/research/plans/",
    "/research/plans/new/",
    "/research/topics/",
    "/research/topics/new/",
    "/research/trips/",
    "/research/findings/",
    "/research/measures/",
    "/petitions/",
    "/petitions/new/",
    "/petitions/receptions/",
    "/petitions/receptions/new/",
    "/petitions/backlog/",
    "/petitions/hotline/",
    "/supervision/",
    "/supervision/overdue/",
    "/supervision/rectifications/",
    "/supervision/orders/",
    "/supervision/orders/new/",
    "/org/cadres/",
    "/reports/dashboard/",
    "/reports/reports/",
]


def test_no_page_of_the_scale_city_renders_a_select_of_more_than_50_options():
    def walk(city):
        largest, opened = {}, 0
        for username in ("scale_city", "scale_clerk", "scale_petition"):
            client = client_for(username)
            for url in PAGES:
                response = client.get(url)
                if response.status_code != 200:
                    continue  # a page this role may not open
                opened += 1
                for match in SELECT.finditer(response.content.decode()):
                    name = re.search(r'name="([^"]*)"', match.group(0))
                    key = (username, url, name and name.group(1))
                    largest[key] = match.group(1).count("<option")
        return largest, opened

    largest, opened = measured_at(LARGER, walk)
    assert opened > 40
    assert max(largest.values()) > 10  # the walk saw real choice lists
    assert {k: n for k, n in largest.items() if n > LIMIT} == {}
