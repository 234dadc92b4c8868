"""An import that changes a record bumps its optimistic-lock version, so an
edit form opened before the import does not silently overwrite it."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from activities.models import Activity
from ledgers.importing import import_ledger
from ledgers.registry import LEDGERS
from tests.factories import ActivityFactory
from tests.security.test_concurrency import CONFLICT, version_on

pytestmark = pytest.mark.django_db
DAY = timezone.localdate() - timedelta(days=5)
HEADER = ["日期", "类别", "主题", "主讲（带队）干部", "地点", "听众（群众）"]


@pytest.fixture
def activity(city):
    return ActivityFactory(
        cadre=city.users.cadre.cadre,
        kind="lecture",
        topic="学习贯彻全会精神",
        places=[city.yc_village],
        start_date=DAY,
        audience_public=10,
    )


def imported(city, audience: int, topic="学习贯彻全会精神"):
    workbook = Workbook()
    workbook.active.append(HEADER)
    workbook.active.append([DAY, "宣讲", topic, "王建国", "金川西村", audience])
    buffer = BytesIO()
    workbook.save(buffer)
    return import_ledger(
        LEDGERS["activities"],
        buffer.getvalue(),
        "活动台账.xlsx",
        user=city.users.clerk,
        dry_run=False,
    )


def form_data(activity, city, version: str, audience: int) -> dict:
    return {
        "kind": "lecture",
        "status": "held",
        "cadre": activity.cadre_id,
        "places": [city.yc_village.pk],
        "start_date": activity.start_date.isoformat(),
        "topic": activity.topic,
        "audience_party_members": 0,
        "audience_public": audience,
        "problems_raised": 0,
        "problems_solved_on_site": 0,
        "suggestions": 0,
        "problems-TOTAL_FORMS": 0,
        "problems-INITIAL_FORMS": 0,
        "version": version,
    }


def test_a_form_opened_before_an_import_cannot_overwrite_it(client, city, activity):
    url = reverse("activities:edit", args=[activity.pk])
    client.force_login(city.users.clerk)
    stale = version_on(client.get(url).text)
    result = imported(city, audience=99)
    assert result.ok and result.updated == 1, result.errors
    response = client.post(url, form_data(activity, city, stale, audience=12))
    assert response.status_code == 200 and CONFLICT in response.text
    activity.refresh_from_db()
    assert (activity.audience_public, activity.version) == (99, 1)
    fresh = version_on(client.get(url).text)
    again = client.post(url, form_data(activity, city, fresh, audience=12))
    assert again.status_code == 302
    activity.refresh_from_db()
    assert (activity.audience_public, activity.version) == (12, 2)


def test_an_import_of_other_records_leaves_the_version_and_an_open_form_saves(
    client, city, activity
):
    url = reverse("activities:edit", args=[activity.pk])
    client.force_login(city.users.clerk)
    opened = version_on(client.get(url).text)
    result = imported(city, audience=99, topic="另一场宣讲")
    assert result.ok and result.new == 1
    assert Activity.objects.get(pk=activity.pk).version == 0
    # the imported lecture shares cadre, kind, day and place: confirmed as not
    # a duplicate (activities/forms.py)
    data = {**form_data(activity, city, opened, audience=12), "confirm_duplicate": "on"}
    response = client.post(url, data)
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.audience_public, activity.version) == (12, 1)
