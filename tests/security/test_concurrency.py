"""Concurrent edits do not silently overwrite each other (optimistic
locking of activities, petition cases and research topics); 100 concurrent
posts on PostgreSQL lose nothing; a database error rolls back the request."""

import re
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity
from petitions.models import CaseEvent, PetitionCase, Petitioner, ReceptionDay
from tests.factories import ActivityFactory, TopicFactory
from tests.petitions.test_views import registration
from tracking.models import TrackedItem

TODAY = timezone.localdate()
CONFLICT = "已被他人修改"


def version_on(page: str) -> str:
    return re.search(r'name="version" value="(\d+)"', page).group(1)


def topic_data(topic, **changes):
    data = {
        "title": topic.title,
        "lead": topic.lead_id,
        "unit": topic.unit_id,
        "year": topic.year,
        "problem": topic.problem,
        "method": topic.method,
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_a_stale_topic_edit_is_refused_and_the_first_kept(client, city):
    topic = TopicFactory(lead=city.users.cadre.cadre, unit=city.chengguan, year=2024)
    url = reverse("research:topic_edit", args=[topic.pk])
    client.force_login(city.users.clerk)
    stale = version_on(client.get(url).text)
    other = Client()
    other.force_login(city.users.cadre)
    first = other.post(
        url,
        {
            **topic_data(topic, title="先保存的标题"),
            "version": version_on(other.get(url).text),
        },
    )
    assert first.status_code == 302
    response = client.post(
        url, {**topic_data(topic, title="后保存的标题"), "version": stale}
    )
    assert response.status_code == 200 and CONFLICT in response.text
    topic.refresh_from_db()
    assert topic.title == "先保存的标题" and topic.version == 1
    fresh = version_on(client.get(url).text)
    again = client.post(
        url, {**topic_data(topic, title="后保存的标题"), "version": fresh}
    )
    assert again.status_code == 302
    topic.refresh_from_db()
    assert topic.title == "后保存的标题" and topic.version == 2


@pytest.mark.django_db
def test_a_stale_activity_edit_is_refused(client, city):
    activity = ActivityFactory(
        cadre=city.users.cadre.cadre,
        kind="lecture",
        places=[city.yc_village],
        start_date=TODAY - timedelta(days=5),
        audience_public=10,
    )
    url = reverse("activities:edit", args=[activity.pk])
    client.force_login(city.users.clerk)
    stale = version_on(client.get(url).text)
    Activity.objects.filter(pk=activity.pk).update(version=5, topic="别人改过")
    data = {
        "kind": "lecture",
        "status": "held",
        "cadre": activity.cadre_id,
        "places": [city.yc_village.pk],
        "start_date": activity.start_date.isoformat(),
        "topic": "覆盖别人的修改",
        "audience_party_members": 0,
        "audience_public": 10,
        "problems_raised": 0,
        "problems_solved_on_site": 0,
        "suggestions": 0,
        "problems-TOTAL_FORMS": 0,
        "problems-INITIAL_FORMS": 0,
        "version": stale,
    }
    response = client.post(url, data)
    assert response.status_code == 200 and CONFLICT in response.text
    activity.refresh_from_db()
    assert activity.topic == "别人改过"
    data["version"] = "5"
    assert client.post(url, data).status_code == 302
    activity.refresh_from_db()
    assert activity.topic == "覆盖别人的修改" and activity.version == 6


@pytest.mark.django_db
def test_a_stale_petition_action_is_refused(client, city, register):
    case = register(on=TODAY - timedelta(days=2))
    client.force_login(city.users.petition_office)
    page = client.get(reverse("petitions:case_detail", args=[case.pk])).text
    stale = version_on(page)
    PetitionCase.objects.filter(pk=case.pk).update(version=3)
    response = client.post(
        reverse("petitions:case_action", args=[case.pk]),
        {
            "to": "routed",
            "on": TODAY.isoformat(),
            "unit": city.yongchang.pk,
            "version": stale,
        },
        follow=True,
    )
    assert CONFLICT in response.text
    case.refresh_from_db()
    assert case.stage == "registered"


def _threaded(client, requests, workers=20):
    """Run (method, url, data) requests from `workers` threads, each with its
    own client and database connection, logged in as `client` is."""

    def run(item):
        method, url, data = item
        own = Client()
        own.cookies = client.cookies
        try:
            response = own.post(url, data)
            return response.status_code, response.content.decode()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(run, requests))


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_hundred_concurrent_posts_lose_nothing(client, city, default_data):
    assert connection.vendor == "postgresql"
    client.force_login(city.users.clerk)
    url = reverse("petitions:reception_create")
    requests = [
        (
            "POST",
            url,
            {
                "kind": "reception",
                "leader": city.users.cadre.cadre.pk,
                "day": (date(2024, 1, 1) + timedelta(days=n)).isoformat(),
                "visitors": n,
            },
        )
        for n in range(100)
    ]
    results = _threaded(client, requests)
    assert [status for status, _ in results] == [302] * 100
    assert ReceptionDay.objects.count() == 100
    assert sorted(ReceptionDay.objects.values_list("visitors", flat=True)) == list(
        range(100)
    )
    assert (
        LogEntry.objects.filter(content_type__model="receptionday", action=0).count()
        == 100
    )


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_hundred_concurrent_edits_of_one_record_keep_exactly_one(
    client, city, default_data
):
    topic = TopicFactory(lead=city.users.cadre.cadre, unit=city.chengguan, year=2024)
    client.force_login(city.users.clerk)
    url = reverse("research:topic_edit", args=[topic.pk])
    requests = [
        ("POST", url, {**topic_data(topic, title=f"并发标题{n}"), "version": "0"})
        for n in range(100)
    ]
    results = _threaded(client, requests)
    saved = [body for status, body in results if status == 302]
    refused = [body for status, body in results if status == 200 and CONFLICT in body]
    assert len(saved) == 1 and len(refused) == 99
    topic.refresh_from_db()
    assert topic.version == 1 and topic.title.startswith("并发标题")
    changes = LogEntry.objects.filter(
        content_type__model="researchtopic", action=1, object_pk=str(topic.pk)
    )
    assert changes.count() == 1  # one real change, no silent overwrite


@pytest.mark.django_db(transaction=True)
def test_a_database_error_rolls_back_the_whole_request(city, default_data):
    """The case is written first; the event row after it fails in the
    database; nothing of the request stays (ATOMIC_REQUESTS)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION sx_fail() RETURNS trigger AS $$ BEGIN "
                "RAISE EXCEPTION 'disk full (test)'; END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                "CREATE TRIGGER sx_fail BEFORE INSERT ON petitions_caseevent "
                "FOR EACH ROW EXECUTE FUNCTION sx_fail()"
            )
        else:
            cursor.execute(
                "CREATE TRIGGER sx_fail BEFORE INSERT ON petitions_caseevent "
                "BEGIN SELECT RAISE(ABORT, 'disk full (test)'); END"
            )
    try:
        before = LogEntry.objects.count()
        client = Client(raise_request_exception=False)
        client.force_login(city.users.petition_office)
        response = client.post(reverse("petitions:case_create"), registration(city))
        assert response.status_code == 500
        assert (
            "服务器" in response.content.decode() or "错误" in response.content.decode()
        )
        assert not PetitionCase.objects.exists()
        assert not Petitioner.objects.exists()
        assert not CaseEvent.objects.exists()
        assert not TrackedItem.objects.exists()
        assert LogEntry.objects.count() == before
    finally:
        with connection.cursor() as cursor:
            cursor.execute(
                "DROP TRIGGER sx_fail ON petitions_caseevent"
                if connection.vendor == "postgresql"
                else "DROP TRIGGER sx_fail"
            )
            if connection.vendor == "postgresql":
                cursor.execute("DROP FUNCTION sx_fail()")
