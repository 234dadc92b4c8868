"""The dashboard's table is built of one cached block per org unit: a write
computes again only the blocks of the units it counts in (its own unit, its
cadres' units), the other counties' blocks stay in place, and the city's
figures follow the write."""

from datetime import date

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from org.models import Cadre, OrgUnit
from petitions.models import ReceptionDay
from reports import board
from reports.cache import FEEDS, _watched
from reports.selectors import dashboard_units, item_colours, pillar_figures
from tests.factories import ActivityFactory, CadreFactory
from tracking.periods import period_of

pytestmark = pytest.mark.django_db

URL = reverse("reports:dashboard")
YEAR = {"year": 2024}


def _leader(unit, name):
    return CadreFactory(
        name=name, unit=unit, rank=Cadre.Rank.COUNTY, is_leadership_member=True
    )


def _met(response, code="9"):
    bar = next(b for b in response.context["board"].bars if b.code == code)
    return dict((s, n) for s, _, n in bar.counts)["met"]


def _row(response, cadre):
    return next(r for r in response.context["board"].rows if r.cadre_pk == cadre.pk)


def test_a_write_in_one_county_computes_that_county_block_only(client, city, computed):
    a, b = _leader(city.jinchuan, "甲县长"), _leader(city.yongchang, "乙县长")
    client.force_login(city.users.city_leader)
    first = client.get(URL, YEAR)
    assert computed and city.yongchang.pk in computed[0]  # cold: every unit
    met = _met(first)
    computed.clear()
    for month in range(1, 13):  # 金川区's leader meets 每月至少接访1天
        ReceptionDay.objects.create(
            kind="reception", leader=a, day=date(2024, month, 5)
        )
    after = client.get(URL, YEAR)
    assert computed == [[city.jinchuan.pk]]  # 永昌县's block is read as cached
    assert _met(after) == met + 1
    assert _row(after, a).failed < _row(first, a).failed
    assert _row(after, b) == _row(first, b)
    assert after.context["board"].figures["接访日"] == 12
    computed.clear()
    client.get(URL, YEAR)
    assert computed == []  # nothing changed since: the composed table


def test_the_county_view_shares_the_city_view_blocks(client, city, computed):
    _leader(city.jinchuan, "甲县长")
    client.force_login(city.users.city_leader)
    client.get(URL, YEAR)
    computed.clear()
    response = client.get(URL, {**YEAR, "unit": city.jinchuan.pk})
    assert computed == []  # composed again, from the blocks the city view left
    rows = response.context["board"].rows
    inside = set(
        OrgUnit.objects.filter(path__startswith=city.jinchuan.path).values_list(
            "name", flat=True
        )
    )
    assert "甲县长" in [r.name for r in rows]
    assert {r.unit_name for r in rows} <= inside


def test_a_record_moved_to_another_county_changes_both_blocks(client, city, computed):
    a, b = _leader(city.jinchuan, "甲县长"), _leader(city.yongchang, "乙县长")
    lecture = ActivityFactory(cadre=a, kind="lecture", start_date=date(2024, 3, 5))
    client.force_login(city.users.city_leader)
    first = client.get(URL, YEAR)
    computed.clear()
    lecture.cadre, lecture.unit = b, city.yongchang
    lecture.save()
    after = client.get(URL, YEAR)
    assert computed == [sorted([city.jinchuan.pk, city.yongchang.pk])]
    assert _row(after, a) != _row(first, a)  # lost its lecture
    assert _row(after, b) != _row(first, b)  # gained it


def test_a_co_speaker_from_another_county_and_a_delete_are_seen(client, city, computed):
    a, b = _leader(city.jinchuan, "甲县长"), _leader(city.yongchang, "乙县长")
    lecture = ActivityFactory(cadre=a, kind="lecture", start_date=date(2024, 3, 5))
    client.force_login(city.users.city_leader)
    first = client.get(URL, YEAR)
    computed.clear()
    lecture.companions.add(b)  # a co-speaker counts the lecture too
    after = client.get(URL, YEAR)
    assert computed == [sorted([city.jinchuan.pk, city.yongchang.pk])]
    assert _row(after, b) != _row(first, b)
    computed.clear()
    lecture.delete()
    again = client.get(URL, YEAR)
    assert computed == [sorted([city.jinchuan.pk, city.yongchang.pk])]
    assert _row(again, b) == _row(first, b)  # as before the lecture
    assert _row(again, a) != _row(first, a)  # its lecture is gone


def test_a_login_computes_nothing_and_a_new_cadre_computes_their_county_only(
    client, city, computed
):
    _leader(city.jinchuan, "甲县长")
    client.force_login(city.users.city_leader)
    client.get(URL, YEAR)
    computed.clear()
    city.users.leader.last_login = timezone.now()
    city.users.leader.save(update_fields=["last_login"])
    client.get(URL, YEAR)
    assert computed == []
    _leader(city.yongchang, "乙县长")  # a cadre counts in their own unit
    response = client.get(URL, YEAR)
    assert computed == [[city.yongchang.pk]]
    assert "乙县长" in [r.name for r in response.context["board"].rows]
    assert _same_as_computed_afresh(response, city)


def _same_as_computed_afresh(response, city) -> bool:
    """The cached table equals the table computed from nothing."""
    user, unit = city.users.city_leader, response.context["unit"]
    window, today = period_of(2024), timezone.localdate()
    units = [u for u in dashboard_units(user, 2024) if u.is_within(unit)]
    afresh = board.compose(
        board.unit_blocks(user, [u.pk for u in units], window, today),
        unit,
        units,
        window,
        today,
    )
    return response.context["board"] == afresh


def test_a_transfer_and_a_rename_recompute_the_units_held(client, city, computed):
    """A cadre's change computes the blocks of the units they hold and held
    (a past period's leader stays in the unit of that period), not the
    city's."""
    a = _leader(city.jinchuan, "甲县长")
    _leader(city.yongchang, "乙县长")
    for month in (2, 9):
        ReceptionDay.objects.create(
            kind="reception", leader=a, day=date(2024, month, 5)
        )
    client.force_login(city.users.city_leader)
    client.get(URL, YEAR)
    computed.clear()
    a.unit, a.position_since = city.yongchang, date(2024, 7, 1)
    a.save()
    moved = client.get(URL, YEAR)
    assert computed == [sorted([city.jinchuan.pk, city.yongchang.pk])]
    assert _same_as_computed_afresh(moved, city)
    computed.clear()
    a.name, a.position_since = "甲副市长", None
    a.save()
    renamed = client.get(URL, YEAR)
    assert computed == [sorted([city.jinchuan.pk, city.yongchang.pk])]
    assert "甲县长" not in [r.name for r in renamed.context["board"].rows]
    assert _same_as_computed_afresh(renamed, city)


def test_composed_figures_and_items_equal_the_subtree_counts(client, city):
    a = _leader(city.jinchuan, "甲县长")
    for month in (2, 5):
        ReceptionDay.objects.create(
            kind="reception", leader=a, day=date(2024, month, 5)
        )
    ActivityFactory(cadre=a, start_date=date(2024, 4, 1))
    client.force_login(city.users.city_leader)
    response = client.get(URL, YEAR)
    root = response.context["unit"]
    window, today = period_of(2024), timezone.localdate()
    user = city.users.city_leader
    assert response.context["board"].figures == pillar_figures(root, window)
    assert response.context["board"].items == item_colours(user, root, today)
    units = dashboard_units(user, 2024)
    assert {u.pk for u in units if u.is_within(root)} == {
        u.pk for u in OrgUnit.objects.filter(path__startswith=root.path)
    }


def test_every_feed_leads_from_a_watched_model_to_org_units():
    for label, lookups in FEEDS.items():
        assert _watched(apps.get_model(label)), label
        for lookup in lookups:
            model = apps.get_model(label)
            *path, last = lookup.split("__")
            for name in path:
                model = model._meta.get_field(name).related_model
            assert model._meta.get_field(last).related_model is OrgUnit, lookup


WRITER = """
import os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sixiaji.settings")
import django
from django.conf import settings
settings.CACHES["default"]["KEY_PREFIX"] = sys.argv[1]  # before the first use
django.setup()
from datetime import date
from petitions.models import ReceptionDay
for month in range(1, 13):
    ReceptionDay.objects.create(
        kind="reception", leader_id=int(sys.argv[2]), day=date(2024, month, 5)
    )
"""


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_write_by_another_process_computes_its_county_block(
    client, city, computed, settings, default_data
):
    """The counters live in Redis: a write by another process (a worker, an
    import) is seen by this one's next view, and only its county's block is
    computed again."""
    import os
    import subprocess
    import sys

    from tests.plugins.celery_worker import ROOT, _database_url

    config = settings.CACHES["default"]
    if "KEY_PREFIX" not in config:
        pytest.fail("需要 Redis 缓存：请设置 REDIS_URL")
    a = _leader(city.jinchuan, "甲县长")
    client.force_login(city.users.city_leader)
    met = _met(client.get(URL, YEAR))
    computed.clear()
    subprocess.run(
        [sys.executable, "-c", WRITER, config["KEY_PREFIX"], str(a.pk)],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": _database_url()},
        check=True,
    )
    after = client.get(URL, YEAR)
    assert computed == [[city.jinchuan.pk]]
    assert _met(after) == met + 1
