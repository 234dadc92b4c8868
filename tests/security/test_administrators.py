"""The system and security administrators see reference data (units, places,
cadres) and no business data (docs/security.md "Access"): not the quota
matrix, not compliance.json, not a leader's research year by ?cadre=, and
their menu offers only what they may open."""

import re

import pytest
from django.urls import reverse

from tests.security.matrix import COUNTIES, ROLES, outcome, url_names
from tests.security.test_permissions import PUBLIC

pytestmark = pytest.mark.django_db

# Pages that take a person or a unit in the query string, with the record
# they name in each county: codes per role as in test_permissions.py.
# fmt: off
QUERY_RULES = {
    ("research:overview", "cadre"): "200/404 200/404 404/200 200/200 200/200 404/404 404/404 404/404",
    ("reports:dashboard", "unit"): "200/404 200/404 404/200 200/200 200/200 404/404 404/404 404/404",
    ("reports:compliance_json", "unit"): "200/404 200/404 404/200 200/200 200/200 404/404 404/404 404/404",
    ("reports:trend_json", "unit"): "200/404 200/404 404/200 200/200 200/200 404/404 404/404 404/404",
}
# fmt: on


def _named(city, world, kind: str) -> dict:
    if kind == "unit":
        return {"yc": city.yongchang, "jc": city.jinchuan}
    return world[kind]


@pytest.mark.parametrize(("name", "param"), sorted(QUERY_RULES))
def test_pages_by_person_or_unit_follow_the_scope(client_for, world, city, name, param):
    records = _named(city, world, param)
    observed = []
    for role in ROLES:
        client = client_for(role)
        pair = [
            outcome(client.get(reverse(name), {param: records[c].pk, "year": 2024}))
            for c in COUNTIES
        ]
        observed.append("/".join(pair))
    assert " ".join(observed) == QUERY_RULES[(name, param)], (
        f"{name}?{param}=\n 角色：{' '.join(ROLES)}"
    )


def _markers(world) -> list[str]:
    """Text that only a page showing business records can contain."""
    found = []
    for side in COUNTIES:
        found += [
            world["item"][side].title,
            world["activity"][side].topic,
            world["livelihood"][side].item.title,
            world["topic"][side].title,
            world["rectification"][side].problem,
            world["case"][side].number,
        ]
    return found


def _pages(city, world):
    """Every page without an id in its path, and those that take a person or
    a unit in the query, for either county."""
    for name, params in sorted(url_names().items()):
        if name in PUBLIC or params:
            continue
        yield reverse(name), {}
        for side in COUNTIES:
            yield reverse(name), {"cadre": world["cadre"][side].pk, "year": 2024}
            yield reverse(name), {"unit": _named(city, world, "unit")[side].pk}


@pytest.mark.parametrize("role", ["sysadmin", "secadmin"])
def test_system_and_security_admins_see_no_business_records(
    client_for, world, city, role
):
    client = client_for(role)
    markers = _markers(world)
    shown = []
    for url, query in _pages(city, world):
        response = client.get(url, query)
        if response.status_code != 200 or response.streaming:
            continue
        text = response.content.decode()
        shown += [(url, query, m) for m in markers if m in text]
    assert shown == []


def test_the_markers_are_seen_by_the_clerk(client_for, world, city):
    """The same pages show the 永昌县 records to its office: the test above
    looks for text the pages do show."""
    client = client_for("clerk")
    markers = {m for m in _markers(world) if "金川" not in m}
    seen = set()
    for url, query in _pages(city, world):
        response = client.get(url, query)
        if response.status_code == 200 and not response.streaming:
            text = response.content.decode()
            seen |= {m for m in markers if m in text}
    yc = _markers(world)[:6]
    assert set(yc) <= seen, set(yc) - seen


MENU = re.compile(r'<nav class="navbar.*?</nav>', re.S)
HREF = re.compile(r'href="([^"#?]+)')


def _menu(client) -> set[str]:
    home = client.get(reverse("home")).content.decode()
    return set(HREF.findall(MENU.search(home).group(0)))


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("sysadmin", {"home", "cadre_list", "admin:index"}),
        ("secadmin", {"home", "cadre_list", "admin:index"}),
        ("auditor", {"home", "audit_trail"}),
    ],
)
def test_an_administrators_menu_offers_only_what_it_may_open(
    client_for, city, role, expected
):
    user = getattr(city.users, role)
    user.is_staff = True
    user.save()
    client = client_for(role)
    links = _menu(client)
    assert links == {reverse(name) for name in expected}
    for link in links:
        assert client.get(link).status_code == 200, link


def test_business_roles_keep_their_menu(client_for, city):
    links = _menu(client_for("leader"))
    for name in ("reports:dashboard", "research:overview", "supervision:inbox"):
        assert reverse(name) in links
