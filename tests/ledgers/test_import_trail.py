"""An import writes the audit trail of every record it creates or changes
(issue 21, item 6), in bulk: the rows are checked one by one, but written,
with their many-to-many values and their trail, a thousand at a time, so
the queries of an import do not grow with its rows."""

from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from activities.models import Activity
from ledgers.importing import import_ledger
from ledgers.registry import LEDGERS
from petitions.models import ReceptionDay
from tests.factories import CadreFactory
from tests.sheets import workbook

pytestmark = pytest.mark.django_db

ACTIVITY_HEADER = ["日期", "类别", "主题", "主讲（带队）干部", "地点", "听众（群众）"]


def activities(*audiences):
    return workbook(
        [ACTIVITY_HEADER]
        + [
            ["2024-03-05", "宣讲", f"宣讲{n}", "王建国", "金川西村", audience]
            for n, audience in enumerate(audiences)
        ]
    )


def entries(model, action=None):
    found = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model)
    )
    return found if action is None else found.filter(action=action)


def test_an_import_writes_each_records_trail_with_its_places(city):
    clerk = city.users.clerk
    result = import_ledger(
        LEDGERS["activities"], activities(30, 40), "a.xlsx", user=clerk, dry_run=False
    )
    assert result.ok and result.new == 2, [str(e) for e in result.errors]
    created = entries(Activity, LogEntry.Action.CREATE)
    assert created.count() == 2
    assert {e.actor for e in created} == {clerk}
    first = Activity.objects.get(topic="宣讲0")
    assert list(first.places.all()) == [city.yc_village]
    entry = created.get(object_id=first.pk)
    assert entry.changes["topic"] == ["None", "宣讲0"]
    added = entries(Activity, LogEntry.Action.UPDATE).get(object_id=first.pk)
    assert added.changes["places"]["objects"] == [str(city.yc_village)]


def test_an_update_by_import_enters_the_trail_old_to_new_and_bumps_the_version(
    city,
):
    clerk = city.users.clerk
    ledger = LEDGERS["activities"]
    import_ledger(ledger, activities(30, 40), "a.xlsx", user=clerk, dry_run=False)
    before = LogEntry.objects.count()
    again = import_ledger(
        ledger, activities(30, 45), "a.xlsx", user=clerk, dry_run=False
    )
    assert (again.updated, again.unchanged) == (1, 1)
    [update] = LogEntry.objects.all()[: LogEntry.objects.count() - before]
    assert update.changes["audience_public"] == ["40", "45"]
    changed = Activity.objects.get(topic="宣讲1")
    assert (changed.audience_public, changed.version) == (45, 1)
    assert Activity.objects.get(topic="宣讲0").version == 0


def reception_days(leader, rows: int) -> bytes:
    start = date(2024, 1, 1)
    return workbook(
        [["日期", "接访领导", "单位", "接待群众（人次）"]]
        + [[start + timedelta(days=n), leader.name, "永昌县", 3] for n in range(rows)]
    )


def test_the_queries_of_an_import_do_not_grow_with_its_rows(city):
    leader = CadreFactory(name="张县长", unit=city.yongchang, rank="county")
    clerk, ledger = city.users.clerk, LEDGERS["reception_days"]
    counts = {}
    for rows in (10, 60):
        ReceptionDay.objects.all().delete()
        with CaptureQueriesContext(connection) as queries:
            result = import_ledger(
                ledger,
                reception_days(leader, rows),
                "r.xlsx",
                user=clerk,
                dry_run=False,
            )
        assert result.ok and result.new == rows, [str(e) for e in result.errors]
        counts[rows] = len(queries)
    # Was six queries a row (lookup, a leader's existence, savepoints, the
    # insert and its trail entry): 300 more for 50 more rows.
    assert counts[60] - counts[10] <= 5, counts
    assert entries(ReceptionDay, LogEntry.Action.CREATE).count() == 10 + 60
