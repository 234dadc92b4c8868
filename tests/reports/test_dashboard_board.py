"""The dashboard's first screen (rule bars with denominators, units and people
behind, links), its paged matrix, its size, and the cache of its table, which
follows every change of the data."""

from datetime import date

import pytest
from django.urls import reverse

from org.models import Cadre
from petitions.models import ReceptionDay
from reports.selectors import PersonRow, person_cards
from tests.factories import ActivityFactory, CadreFactory

pytestmark = pytest.mark.django_db

URL = reverse("reports:dashboard")


def _leaders(unit, n, prefix="领导"):
    return [
        CadreFactory(
            name=f"{prefix}{i}",
            unit=unit,
            rank=Cadre.Rank.COUNTY,
            is_leadership_member=True,
        )
        for i in range(n)
    ]


def _bar(response, code):
    return next(b for b in response.context["board"].bars if b.code == code)


def test_rule_bars_count_people_by_status_with_a_denominator(client, city):
    done, short = _leaders(city.jinchuan, 2)
    for month in range(1, 13):
        ReceptionDay.objects.create(
            kind="reception", leader=done, day=date(2024, month, 5)
        )
    client.force_login(city.users.city_leader)
    response = client.get(URL, {"year": 2024})
    bar = _bar(response, "9")  # 每月至少接访1天 (county rank)
    counts = {status: n for status, _, n in bar.counts}
    assert counts["met"] >= 1 and counts["failed"] >= 1
    assert bar.total == sum(counts.values())
    text = response.text
    assert f"未达标 {counts['failed']}/{bar.total}" in text
    assert "rule=9&amp;status=failed#matrix" in text  # the count is a link


def test_rules_cite_the_document_by_title_not_a_file_name(client, city):
    _leaders(city.jinchuan, 1)
    client.force_login(city.users.city_leader)
    text = client.get(URL, {"year": 2024}).text
    assert "依据：《关于深化落实“四下基层”制度的实施意见》" in text
    assert ".txt" not in text


def test_matrix_is_paged_and_filtered_by_rule_and_status(client, city):
    _leaders(city.jinchuan, 30)
    done = _leaders(city.yongchang, 1, prefix="达标")[0]
    for month in range(1, 13):
        ReceptionDay.objects.create(
            kind="reception", leader=done, day=date(2024, month, 5)
        )
    client.force_login(city.users.city_leader)
    first = client.get(URL, {"year": 2024})
    assert len(first.context["page"]) == 25 and first.context["page"].has_next()
    second = client.get(URL, {"year": 2024, "page": 2})
    names = {r.name for r in first.context["page"]} | {
        r.name for r in second.context["page"]
    }
    assert {f"领导{i}" for i in range(30)} <= names
    met = client.get(URL, {"year": 2024, "rule": "9", "status": "met"})
    assert [r.name for r in met.context["page"]] == ["达标0"]
    # rule names head the columns, not codes
    assert (
        '<th class="text-center sx-rule-head" scope="col">每月至少接访1天</th>'
        in met.text
    )


def test_only_rules_that_apply_at_the_level_are_columns(client, city):
    _leaders(city.jinchuan, 1)
    client.force_login(city.users.city_leader)
    response = client.get(URL, {"year": 2024, "unit": city.jinchuan.pk})
    codes = [code for code, _ in response.context["columns"]]
    assert "9" in codes  # county rank: monthly reception
    assert "8" not in codes and "12" not in codes  # city-rank rules


def test_units_most_behind_come_first_and_link_down(client, city):
    _leaders(city.jinchuan, 2)
    done = _leaders(city.yongchang, 1)[0]
    for month in range(1, 13):
        ReceptionDay.objects.create(
            kind="reception", leader=done, day=date(2024, month, 5)
        )
        ActivityFactory(cadre=done, kind="onsite", start_date=date(2024, month, 6))
    client.force_login(city.users.city_leader)
    response = client.get(URL, {"year": 2024})
    units = response.context["board"].units
    names = [u.name for u in units]
    assert names.index("金川区") < names.index("永昌县")
    assert f"?unit={city.jinchuan.pk}&amp;year=2024" in response.text


def test_the_cached_table_follows_a_new_record(client, city):
    (leader,) = _leaders(city.jinchuan, 1)
    client.force_login(city.users.city_leader)
    before = _bar(client.get(URL, {"year": 2024}), "9")
    before = dict((s, n) for s, _, n in before.counts)
    for month in range(1, 13):
        ReceptionDay.objects.create(
            kind="reception", leader=leader, day=date(2024, month, 5)
        )
    after = dict(
        (s, n) for s, _, n in _bar(client.get(URL, {"year": 2024}), "9").counts
    )
    assert after["met"] == before["met"] + 1


def test_the_cached_table_follows_a_delete_and_a_bulk_insert(client, city):
    (leader,) = _leaders(city.jinchuan, 1)
    client.force_login(city.users.city_leader)
    leaders = client.get(URL, {"year": 2024}).context["board"].leaders
    Cadre.objects.bulk_create(  # no signal: seen by the newest-row part
        [Cadre(name="新领导", unit=city.jinchuan, rank=Cadre.Rank.COUNTY)]
    )
    assert client.get(URL, {"year": 2024}).context["board"].leaders == leaders + 1
    leader.delete()
    assert client.get(URL, {"year": 2024}).context["board"].leaders == leaders


def test_a_county_user_is_not_offered_the_city_above(client, city):
    _leaders(city.jinchuan, 1)
    client.force_login(city.users.leader)
    text = client.get(URL, {"year": 2024}).text
    assert "返回上级" not in text


def test_many_writes_in_one_transaction_raise_the_version_a_few_times(city):
    from django.core.cache import cache
    from django.db import transaction

    from reports.cache import COUNTER_KEY, data_version

    data_version()
    with transaction.atomic():
        before = cache.get(COUNTER_KEY)
        _leaders(city.jinchuan, 20)  # an import's rows
        after_import = cache.get(COUNTER_KEY)
        data_version()  # a page read in between …
        _leaders(city.yongchang, 1, prefix="再")  # … sees the next write
        after_read = cache.get(COUNTER_KEY)
    assert 1 <= after_import - before <= 2
    assert after_read == after_import + 1


def test_a_phone_lists_each_persons_unmet_then_at_risk_rules_by_name():
    columns = [("1", "每年宣讲"), ("9", "每月接访"), ("12", "调研60天")]
    row = PersonRow(
        cadre_pk=1,
        name="陈志远",
        unit_name="金川区",
        failed=1,
        at_risk=1,
        cells=[
            ("at_risk", "有风险", "1/2", "/a"),
            ("met", "达标", "12/12", "/b"),
            ("failed", "未达标", "10/60天", "/c"),
        ],
    )
    fine = PersonRow(2, "李明", "金川区", 0, 0, [None, ("met", "达标", "", "/d"), None])
    first, second = person_cards([row, fine], columns)
    assert [(s, name) for s, _, name, _, _ in first.flagged] == [
        ("failed", "调研60天"),
        ("at_risk", "每年宣讲"),
    ]
    assert second.flagged == []


def test_the_dashboard_has_a_list_by_person_for_phones(client, city):
    short = _leaders(city.jinchuan, 1, prefix="短缺")[0]
    client.force_login(city.users.city_leader)
    text = client.get(URL, {"year": 2024}).text
    assert 'class="list-unstyled d-md-none mb-2" data-testid="person-list"' in text
    assert 'class="table-responsive d-none d-md-block"' in text  # the table: wide
    card = text[text.index(f'data-cadre="{short.name}"') :]
    card = card[: card.index("</li>\n")]
    assert 'data-testid="flag-failed"' in card and "每月至少接访1天" in card
