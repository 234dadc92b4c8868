"""The smaller lists sort and search as the big ones do (ui/filtering.py):
reception days, backlog cases, plans, research trips, findings and measures;
their query counts are flat in tests/*/test_query_counts.py. The filter button
says how many filters are set."""

import random
import re
from datetime import date

import pytest
from django.urls import reverse

from petitions.demo import _id_number
from petitions.models import ReceptionDay
from petitions.services import backlog_assign
from research.models import Finding, ResearchPlan
from research.services import measure_add
from tests.factories import TopicFactory, make_trip

pytestmark = pytest.mark.django_db


def _get(client, user, name, **params):
    client.force_login(user)
    response = client.get(reverse(name), params)
    assert response.status_code == 200
    return response


def test_reception_days_sort_and_search(client, city):
    for name, day, visitors in (("乙", 2, 9), ("甲", 1, 3), ("丙", 3, 6)):
        ReceptionDay.objects.create(
            kind="reception",
            leader=city.yc_colleague,
            day=date(2024, 3, day),
            visitors=visitors,
            location=f"{name}接待中心",
        )
    clerk = city.users.clerk

    def rows(**params):
        page = _get(client, clerk, "petitions:reception_list", **params)
        return [r.location[0] for r in page.context["page"]]

    assert rows(sort="date") == ["甲", "乙", "丙"]
    assert rows(sort="-date") == ["丙", "乙", "甲"]
    assert rows(sort="visitors") == ["甲", "丙", "乙"]
    assert rows(sort="-visitors") == ["乙", "丙", "甲"]
    assert rows(q="丙接待") == ["丙"]
    assert len(rows(q="赵红梅")) == 3  # the leader's name
    assert rows(q="赵红梅 乙") == ["乙"]
    page = _get(client, clerk, "petitions:reception_list", sort="visitors")
    assert 'aria-sort="ascending"' in page.text and 'name="q"' in page.text


@pytest.fixture
def backlog(city, register):
    made = []
    for n, (leader, day) in enumerate(
        ((city.yc_colleague, 5), (city.users.cadre.cadre, 1), (city.yc_colleague, 9))
    ):
        id_number = _id_number(random.Random(n), 1980 + n)
        case = register(on=date(2024, 3, day), id_number=id_number)
        made.append(
            backlog_assign(
                case=case,
                leader=leader,
                team="县信访局",
                plan="一案一策",
                assigned_on=date(2024, 3, day),
                deadline=date(2024, 9, day),
            )
        )
    return made


def test_backlog_cases_sort_and_search(client, city, backlog):
    office = city.users.petition_office

    def rows(**params):
        page = _get(client, office, "petitions:backlog_list", **params)
        return [b.pk for b in page.context["backlog"]]

    first, second, third = (b.pk for b in backlog)  # assigned on the 5th, 1st, 9th
    assert rows(sort="assigned") == [second, first, third]
    assert rows(sort="-assigned") == [third, first, second]
    assert rows(sort="-deadline") == [third, first, second]
    assert rows(q="王建国") == [second]  # the leader in charge
    assert rows(q=backlog[2].case.number) == [third]
    assert sorted(rows(q="永昌县")) == sorted([first, second, third])


def test_backlog_search_never_looks_in_petitioners_data(client, city, backlog):
    """Not by name, ID number or phone: not even for the petition office,
    who sees them unmasked, so that no role can probe masked values."""
    id_number = backlog[0].case.petitioners.get().id_number
    for user in (city.users.petition_office, city.users.clerk):
        for term in ("张建国", id_number, id_number[-6:], "13812341234"):
            page = _get(client, user, "petitions:backlog_list", q=term)
            assert list(page.context["backlog"]) == [], (user, term)


def test_plans_sort_and_search(client, city):
    for unit, submitted in (
        (city.chengguan, date(2024, 2, 20)),
        (city.yc_office, date(2024, 1, 10)),
        (city.yongchang, date(2024, 3, 5)),
    ):
        ResearchPlan.objects.create(
            unit=unit, year=2024, submitted_on=submitted, content=f"{unit.name}计划"
        )
    clerk = city.users.clerk

    def rows(**params):
        page = _get(client, clerk, "research:plan_list", **params)
        return [p.unit.name for p in page.context["page"]]

    assert rows(sort="submitted") == ["永昌县委办公室", "城关镇", "永昌县"]
    assert rows(sort="-submitted") == ["永昌县", "城关镇", "永昌县委办公室"]
    assert rows(q="城关") == ["城关镇"]
    assert sorted(rows(q="永昌县")) == ["永昌县", "永昌县委办公室"]


@pytest.fixture
def chain(city):
    """Three topics of 金川区's leader, a trip, a finding and measures each."""
    leader = city.users.leader.cadre
    findings = []
    for n, (title, day) in enumerate((("乙课题", 2), ("甲课题", 9), ("丙课题", 5))):
        topic = TopicFactory(lead=leader, title=title, year=2024)
        make_trip(topic, date(2024, 4, day), date(2024, 4, day + 1), leader)
        finding = Finding.objects.create(
            topic=topic, description=f"{title[0]}问题", found_on=date(2024, 4, day)
        )
        for m in range(n + 1):
            measure_add(
                finding=finding,
                title=f"{title[0]}措施{m}",
                unit=city.ningyuanpu if n == 1 else city.jinchuan,
                owner=city.jc_cadre if n == 1 else leader,
                start_date=date(2024, 4, day),
                deadline=date(2024, 10, day + m),
            )
        findings.append(finding)
    return findings


def test_trips_sort_and_search(client, city, chain):
    leader = city.users.leader

    def rows(**params):
        page = _get(client, leader, "research:trip_list", **params)
        return [t.topic.title[0] for t in page.context["page"]]

    assert rows(sort="date") == ["乙", "丙", "甲"]
    assert rows(sort="-date") == ["甲", "丙", "乙"]
    assert rows(sort="topic") == ["丙", "乙", "甲"]  # by code point: 丙 < 乙 < 甲
    assert rows(sort="-topic") == ["甲", "乙", "丙"]
    assert rows(q="甲课题") == ["甲"]
    assert len(rows(q="李志强")) == 3  # a participant, counted once per trip


def test_findings_sort_and_search(client, city, chain):
    leader = city.users.leader

    def rows(**params):
        page = _get(client, leader, "research:finding_list", **params)
        return [f.description[0] for f in page.context["page"]]

    assert rows(sort="date") == ["乙", "丙", "甲"]
    assert rows(sort="-date") == ["甲", "丙", "乙"]
    assert rows(sort="measures") == ["乙", "甲", "丙"]  # 1, 2, 3 measures
    assert rows(sort="-measures") == ["丙", "甲", "乙"]
    assert rows(q="丙问题") == ["丙"]
    assert rows(q="甲课题") == ["甲"]


def test_measures_sort_and_search(client, city, chain):
    leader = city.users.leader

    def rows(**params):
        page = _get(client, leader, "research:measure_list", **params)
        return [m.item.title for m in page.context["page"]]

    by_deadline = ["乙措施0", "丙措施0", "丙措施1", "丙措施2", "甲措施0", "甲措施1"]
    assert rows(sort="deadline") == by_deadline
    assert rows(sort="-deadline") == list(reversed(by_deadline))
    assert sorted(rows(q="陈海军")) == ["甲措施0", "甲措施1"]  # the owner
    assert sorted(rows(q="宁远堡")) == ["甲措施0", "甲措施1"]  # the unit
    assert sorted(rows(q="丙问题")) == ["丙措施0", "丙措施1", "丙措施2"]
    assert len(rows()) == 6


# --- the filter button ------------------------------------------------------------


def _toggle(html: str) -> str:
    return re.search(r'data-testid="filter-toggle">([^<]*)<', html).group(1)


@pytest.mark.parametrize(
    "name",
    [
        "activities:list",
        "petitions:case_list",
        "petitions:reception_list",
        "petitions:backlog_list",
        "petitions:hotline",
        "research:plan_list",
        "research:topic_list",
        "research:trip_list",
        "research:finding_list",
        "research:measure_list",
        "supervision:items",  # no year: its owner box counted instead
    ],
)
def test_the_filter_button_counts_the_filters_set(client, city, name):
    user = city.users.petition_office if "petitions" in name else city.users.clerk
    assert _toggle(_get(client, user, name).text) == "筛选条件"
    # the search box and the sort are outside the panel: not counted
    assert _toggle(_get(client, user, name, q="县", sort="-x").text) == "筛选条件"
    other = {"owner": "王"} if name == "supervision:items" else {"year": 2024}
    two = _get(client, user, name, unit=city.yongchang.pk, page=1, **other)
    assert _toggle(two.text) == "筛选条件（2）"
    blank = dict.fromkeys(other, "")
    one = _get(client, user, name, unit=city.yongchang.pk, **blank)
    assert _toggle(one.text) == "筛选条件（1）"
