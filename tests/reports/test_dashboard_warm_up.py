"""After a change the whole city's tables read (the rules, the tree, the
calendar, an import written in bulk), the dashboards viewed lately are
computed again in the background, so that their next viewer reads them from
the cache instead of waiting for the whole table (issue 21, item 4)."""

import time
from datetime import date

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from ledgers.importing import import_ledger
from ledgers.registry import LEDGERS
from org.models import Cadre
from petitions.models import ReceptionDay
from reports import board
from reports.cache import COUNTER_KEY, WARM_QUEUED_KEY
from reports.models import QuotaRule
from tests.factories import CadreFactory
from tests.sheets import workbook

from .test_dashboard_blocks import _met, _same_as_computed_afresh

pytestmark = pytest.mark.django_db

URL = reverse("reports:dashboard")
YEAR = {"year": 2024}


@pytest.fixture
def viewed(city, client, django_capture_on_commit_callbacks):
    """The city leader's 2024 dashboard, viewed once (a leader who meets
    每月至少接访1天 with one reception day a month, not with two)."""
    with django_capture_on_commit_callbacks(execute=True):  # as if committed
        leader = CadreFactory(
            name="甲县长",
            unit=city.jinchuan,
            rank=Cadre.Rank.COUNTY,
            is_leadership_member=True,
        )
        for month in range(1, 13):
            ReceptionDay.objects.create(
                kind="reception", leader=leader, day=date(2024, month, 5)
            )
    client.force_login(city.users.city_leader)
    return client.get(URL, YEAR)


def _twice_a_month() -> None:
    rule = QuotaRule.objects.get(code="9")
    rule.threshold = 2
    rule.save()


def test_the_warm_up_computes_the_dashboards_viewed_lately(
    client, city, viewed, computed
):
    _twice_a_month()  # a city-wide change: every block is out of date
    computed.clear()
    assert board.warm_viewed(timezone.localdate()) == 1
    assert computed and city.jinchuan.pk in computed[0]
    computed.clear()
    after = client.get(URL, YEAR)
    assert computed == []  # read from the cache the warm-up left
    assert _met(after) == _met(viewed) - 1  # and with the rule as changed
    assert _same_as_computed_afresh(after, city)


def test_the_warm_up_leaves_old_views_and_users_gone(client, city, viewed, computed):
    _twice_a_month()
    computed.clear()
    entries = cache.get(board.VIEWED_KEY)
    old = time.time() - (board.VIEWED_DAYS + 1) * 86400
    cache.set(
        board.VIEWED_KEY,
        {key: (user, window, old) for key, (user, window, _) in entries.items()},
        None,
    )
    assert board.warm_viewed(timezone.localdate()) == 0
    cache.set(board.VIEWED_KEY, entries, None)
    city.users.city_leader.is_active = False
    city.users.city_leader.save()
    assert board.warm_viewed(timezone.localdate()) == 0
    assert computed == []


@pytest.mark.embedded
def test_a_committed_rule_change_warms_the_next_view(
    client, city, viewed, computed, django_capture_on_commit_callbacks
):
    """On the embedded default the warm-up runs as the change commits."""
    with django_capture_on_commit_callbacks(execute=True):
        _twice_a_month()
    assert computed  # the warm-up ran
    computed.clear()
    after = client.get(URL, YEAR)
    assert computed == []
    assert _met(after) == _met(viewed) - 1
    assert cache.get(WARM_QUEUED_KEY) is None  # a later change queues again


@pytest.mark.embedded
def test_an_import_warms_when_it_commits_and_a_preview_does_not(
    client, city, viewed, computed, django_capture_on_commit_callbacks
):
    sheet = workbook(
        [
            ["日期", "类别", "主题", "主讲（带队）干部", "地点", "听众（群众）"],
            ["2024-03-05", "宣讲", "宣讲甲", "王建国", "金川西村", 30],
        ]
    )
    ledger, clerk = LEDGERS["activities"], city.users.clerk
    computed.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        result = import_ledger(ledger, sheet, "a.xlsx", user=clerk, dry_run=True)
    assert result.ok and not callbacks and computed == []
    with django_capture_on_commit_callbacks(execute=True):
        result = import_ledger(ledger, sheet, "a.xlsx", user=clerk, dry_run=False)
    assert result.ok and result.new == 1
    assert computed  # warmed as the import committed
    computed.clear()
    after = client.get(URL, YEAR)
    assert computed == []
    assert after.context["board"].figures["宣讲"] == 1
    assert _same_as_computed_afresh(after, city)


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_the_worker_warms_the_dashboard_after_a_committed_change(
    client, city, computed, settings, default_data, celery_worker
):
    """With Redis and a worker: a rule changed in this process is warmed by
    the worker, and this process's next view reads the worker's table."""
    shared = {name: dict(config) for name, config in settings.CACHES.items()}
    for config in shared.values():
        config.pop("KEY_PREFIX", None)  # the worker's keys: no test prefix
    settings.CACHES = shared
    cache.delete_many([board.VIEWED_KEY, WARM_QUEUED_KEY, board.WARMED_KEY])
    leader = CadreFactory(
        unit=city.jinchuan, rank=Cadre.Rank.COUNTY, is_leadership_member=True
    )
    for month in range(1, 13):
        ReceptionDay.objects.create(
            kind="reception", leader=leader, day=date(2024, month, 5)
        )
    client.force_login(city.users.city_leader)
    met = _met(client.get(URL, YEAR))
    _twice_a_month()  # committed: queued for the worker
    changed = cache.get(COUNTER_KEY)
    deadline = time.monotonic() + 60
    while cache.get(board.WARMED_KEY, 0) < changed:
        assert time.monotonic() < deadline, "工作进程未在 60 秒内完成看板预计算"
        time.sleep(0.2)
    computed.clear()
    after = client.get(URL, YEAR)
    assert computed == []  # the worker's table
    assert _met(after) == met - 1
    cache.delete_many([board.VIEWED_KEY, WARM_QUEUED_KEY, board.WARMED_KEY])
