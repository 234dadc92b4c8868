"""Activity pages: scope, editing rights, clerks on behalf, flat query counts."""

from datetime import date, timedelta

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity, HandedOverProblem
from tests.factories import ActivityFactory, CadreFactory, PlaceFactory
from tracking.models import TrackedItem

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def visits(city):
    """An on-site session of the 永昌县 cadre and one of a 金川区 cadre."""
    return {
        "own": ActivityFactory(
            cadre=city.users.cadre.cadre,
            places=[city.yc_village],
            topic="城关镇现场办公",
        ),
        "colleague": ActivityFactory(
            cadre=city.yc_colleague, places=[city.yc_village], topic="同事的现场办公"
        ),
        "other_county": ActivityFactory(
            cadre=city.jc_cadre, places=[city.jc_village], topic="宁远堡现场办公"
        ),
    }


def shown(client, **params) -> set[str]:
    response = client.get(reverse("activities:list"), params)
    assert response.status_code == 200
    return {activity.topic for activity in response.context["page"]}


def test_cadre_lists_only_own_records(client, city, visits):
    client.force_login(city.users.cadre)
    assert shown(client) == {"城关镇现场办公"}


def test_clerk_lists_the_county_subtree(client, city, visits):
    client.force_login(city.users.clerk)
    assert shown(client) == {"城关镇现场办公", "同事的现场办公"}


def test_leader_of_other_county_lists_only_that_county(client, city, visits):
    client.force_login(city.users.leader)
    assert shown(client) == {"宁远堡现场办公"}


def test_auditor_lists_nothing(client, city, visits):
    client.force_login(city.users.auditor)
    assert shown(client) == set()


def test_list_filters_by_cadre_place_kind_and_period(client, city, visits):
    client.force_login(city.users.clerk)
    assert shown(client, cadre=city.yc_colleague.pk) == {"同事的现场办公"}
    assert shown(client, place=city.yc_village.pk) == {
        "城关镇现场办公",
        "同事的现场办公",
    }
    assert shown(client, kind="lecture") == set()
    visits["own"].start_date = date(TODAY.year - 1, 2, 3)
    visits["own"].save()
    assert shown(client, year=TODAY.year - 1, quarter=1) == {"城关镇现场办公"}


def test_clerk_cannot_widen_scope_through_the_query_string(client, city, visits):
    client.force_login(city.users.clerk)
    assert "宁远堡现场办公" not in shown(client, unit=city.jinchuan.pk)
    assert "宁远堡现场办公" not in shown(client, cadre=city.jc_cadre.pk)


@pytest.mark.parametrize(
    ("user", "record", "status"),
    [
        ("cadre", "own", 200),
        ("cadre", "colleague", 404),
        ("clerk", "colleague", 200),
        ("clerk", "other_county", 404),
        ("leader", "other_county", 200),
        ("leader", "own", 404),
        ("petition_office", "own", 200),
        ("auditor", "own", 404),
    ],
)
def test_detail_checks_org_scope(client, city, visits, user, record, status):
    client.force_login(getattr(city.users, user))
    url = reverse("activities:detail", args=[visits[record].pk])
    assert client.get(url).status_code == status


@pytest.mark.parametrize(
    ("user", "record", "status"),
    [
        ("cadre", "own", 200),
        ("cadre", "colleague", 404),
        ("clerk", "colleague", 200),
        ("clerk", "other_county", 404),
        ("leader", "other_county", 404),
        ("city_leader", "own", 404),
    ],
)
def test_edit_is_for_the_owner_and_the_subtree_clerk(
    client, city, visits, user, record, status
):
    client.force_login(getattr(city.users, user))
    url = reverse("activities:edit", args=[visits[record].pk])
    assert client.get(url).status_code == status
    assert client.post(url, {"topic": "改"}).status_code == status


def test_cadre_logs_an_onsite_session_with_a_handed_over_problem(client, city):
    client.force_login(city.users.cadre)
    day = TODAY - timedelta(days=1)
    response = client.post(
        reverse("activities:create"),
        {
            "kind": "onsite",
            "status": "held",
            "cadre": city.users.cadre.cadre.pk,
            "places": [city.yc_village.pk],
            "start_date": day.isoformat(),
            "topic": "灌溉渠道现场办公",
            "households_visited": 12,
            "problems_raised": 3,
            "problems_solved_on_site": 2,
            "suggestions": 4,
            "problems-TOTAL_FORMS": 2,
            "problems-INITIAL_FORMS": 0,
            "problems-0-title": "灌溉渠道渗漏需修缮",
            "problems-0-unit": city.chengguan.pk,
            "problems-0-deadline": (day + timedelta(days=30)).isoformat(),
        },
    )
    activity = Activity.objects.get(topic="灌溉渠道现场办公")
    assert response.status_code == 302
    assert response.url == activity.get_absolute_url()
    assert activity.unit == city.chengguan
    assert activity.created_by == city.users.cadre
    problem = HandedOverProblem.objects.get(activity=activity)
    assert problem.item.kind == "onsite_problem"
    assert problem.item.deadline == day + timedelta(days=30)
    assert problem.item.colour(TODAY) == "blue"


def test_a_bad_problem_row_saves_nothing(client, city):
    client.force_login(city.users.cadre)
    day = TODAY - timedelta(days=1)
    response = client.post(
        reverse("activities:create"),
        {
            "kind": "onsite",
            "status": "held",
            "cadre": city.users.cadre.cadre.pk,
            "places": [city.yc_village.pk],
            "start_date": day.isoformat(),
            "topic": "不应保存",
            "problems_raised": 1,
            "problems_solved_on_site": 0,
            "suggestions": 0,
            "problems-TOTAL_FORMS": 1,
            "problems-INITIAL_FORMS": 0,
            "problems-0-title": "时限早于办公日期",
            "problems-0-unit": city.chengguan.pk,
            "problems-0-deadline": (day - timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "办理时限不能早于现场办公日期" in response.text
    assert not Activity.objects.filter(topic="不应保存").exists()
    assert not TrackedItem.objects.exists()


def test_form_errors_name_the_field(client, city):
    client.force_login(city.users.cadre)
    response = client.post(reverse("activities:create"), {"kind": "lecture"})
    assert response.status_code == 200
    assert "日期：这个字段是必填项。" in response.text
    assert "主题：这个字段是必填项。" in response.text


def test_a_leader_logs_own_work_only(client, city):
    client.force_login(city.users.leader)
    response = client.get(reverse("activities:create"))
    choices = list(response.context["form"].fields["cadre"].queryset)
    assert choices == [city.users.leader.cadre]


def test_roles_without_a_cadre_cannot_log_activities(client, city):
    client.force_login(city.users.auditor)
    response = client.get(reverse("activities:create"))
    assert response.status_code == 302
    assert not Activity.objects.exists()


def test_planned_visit_is_marked_held(client, city):
    plan = ActivityFactory(
        cadre=city.users.cadre.cadre,
        status="planned",
        start_date=TODAY + timedelta(days=5),
        places=[city.yc_village],
    )
    client.force_login(city.users.cadre)
    calendar = client.get(
        reverse("activities:calendar"), {"month": plan.start_date.strftime("%Y-%m")}
    )
    assert plan.topic in calendar.text
    plan.start_date = TODAY - timedelta(days=1)
    plan.save()
    response = client.post(
        reverse("activities:edit", args=[plan.pk]),
        {
            "kind": "onsite",
            "status": "held",
            "cadre": plan.cadre.pk,
            "places": [city.yc_village.pk],
            "start_date": plan.start_date.isoformat(),
            "topic": plan.topic,
            "problems_raised": 2,
            "problems_solved_on_site": 2,
            "suggestions": 1,
            "problems-TOTAL_FORMS": 0,
            "problems-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == "held" and plan.problems_solved_on_site == 2


def test_calendar_shows_only_the_scope(client, city):
    ActivityFactory(
        cadre=city.jc_cadre,
        status="planned",
        start_date=TODAY + timedelta(days=2),
        topic="金川区计划",
        places=[city.jc_village],
    )
    client.force_login(city.users.clerk)
    month = (TODAY + timedelta(days=2)).strftime("%Y-%m")
    assert (
        "金川区计划"
        not in client.get(reverse("activities:calendar"), {"month": month}).text
    )


def test_heat_counts_visits_per_place_in_the_period(client, city, visits):
    client.force_login(city.users.city_leader)
    response = client.get(
        reverse("activities:heat"), {"year": visits["own"].start_date.year}
    )
    places = {p.name: p for p in response.context["places"]}
    expected = sum(
        1
        for v in ("own", "colleague")
        if visits[v].start_date.year == visits["own"].start_date.year
    )
    assert places["金川西村"].visits == expected
    assert places["金川西村"].leaders == expected


def _bulk_activities(city, count: int) -> None:
    cadre = city.users.cadre.cadre
    rows = Activity.objects.bulk_create(
        Activity(
            kind="lecture" if n % 2 else "onsite",
            cadre=cadre,
            unit=cadre.unit,
            start_date=TODAY - timedelta(days=n % 300 + 1),
            topic=f"批量{n}",
            created_by=city.users.clerk,
        )
        for n in range(count)
    )
    Activity.places.through.objects.bulk_create(
        Activity.places.through(activity_id=row.pk, place_id=city.yc_village.pk)
        for row in rows
    )


def test_list_page_query_count_is_flat(client, city, count_queries):
    client.force_login(city.users.clerk)
    url = reverse("activities:list")
    _bulk_activities(city, 10)
    client.get(url)
    at_10 = count_queries(lambda: client.get(url, {"pillar": "policy"}))
    _bulk_activities(city, 990)
    for _ in range(30):
        PlaceFactory(unit=city.chengguan)
        CadreFactory(unit=city.chengguan)
    at_1000 = count_queries(lambda: client.get(url, {"pillar": "policy"}))
    assert at_10 == at_1000


def _list_statements(client, params=None):
    """The list page's response and its SQL statements (transaction markers
    left out), counted on the real request."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("activities:list"), params)
    markers = ("SAVEPOINT", "RELEASE", "BEGIN", "COMMIT", "ROLLBACK")
    statements = [
        q["sql"] for q in queries.captured_queries if not q["sql"].startswith(markers)
    ]
    return response, statements


def test_the_list_reads_a_page_in_twelve_statements_whatever_its_rows(client, city):
    """For the city leader, with 3 rows and with a full page of 50 out of
    213: session, user, roles, own cadre, scope unit (the cadre's unit is the
    same row, read once), the capped count, whether the user may log, the
    page's rows with their lead cadre, their places' names, and the filter's
    unit, cadre and place choices. Activities are read in three of them, the
    rows with the columns a row shows only."""
    client.force_login(city.users.city_leader)
    _bulk_activities(city, 3)
    client.get(reverse("activities:list"))
    few_page, few = _list_statements(client)
    _bulk_activities(city, 210)
    full_page, full = _list_statements(client)
    assert len(few_page.context["rows"]) == 3
    assert len(full_page.context["rows"]) == 50
    assert len(few) == len(full) == 12
    on_activities = [sql for sql in full if "activities_activity" in sql]
    assert len(on_activities) == 3  # the count, the rows, the places' names
    rows = next(sql for sql in on_activities if "LIMIT 50" in sql)
    assert '"topic"' in rows and '"org_cadre"."name"' in rows
    assert '"summary"' not in rows and '"public_opinion"' not in rows


def test_the_list_filters_by_several_kinds_without_distinct(client, city):
    """A kind is a column of the activity: rows cannot repeat, so the count
    and the rows are read without DISTINCT (which sorted a whole period)."""
    _bulk_activities(city, 6)  # lectures and on-site sessions, alternately
    client.force_login(city.users.clerk)
    lectures, _ = _list_statements(client, {"kind": ["lecture"]})
    both, statements = _list_statements(client, {"kind": ["lecture", "onsite"]})
    assert len(lectures.context["rows"]) == 3
    assert len(both.context["rows"]) == 6
    on_activities = [sql for sql in statements if "activities_activity" in sql]
    assert on_activities and not any("DISTINCT" in sql for sql in on_activities)


def test_a_list_row_shows_dates_places_in_order_and_its_figure(client, city):
    cadre = city.users.cadre.cadre
    village_b = PlaceFactory(unit=city.chengguan, name="二村")
    village_a = PlaceFactory(unit=city.chengguan, name="一村")
    start = TODAY - timedelta(days=5)
    ActivityFactory(
        cadre=cadre,
        kind=Activity.Kind.LECTURE,
        topic="两天的宣讲",
        start_date=start,
        end_date=start + timedelta(days=1),
        audience_total=None,
        audience_party_members=20,
        audience_public=15,
        places=[village_b, village_a],
    )
    ActivityFactory(
        cadre=cadre,
        kind=Activity.Kind.ONSITE,
        topic="未填户数的现场办公",
        start_date=start,
        households_visited=None,
        places=[village_a],
    )
    client.force_login(city.users.clerk)
    html = client.get(reverse("activities:list")).text
    row = html[html.index("两天的宣讲") :].split("</tr>")[0]
    day = start + timedelta(days=1)
    assert start.isoformat() in html and f"至{day:%m-%d}" in html
    assert "一村、二村" in row  # the places' own order (unit, then name)
    assert ">35</td>" in row  # party members and public, no total given
    onsite = html[html.index("未填户数的现场办公") :].split("</tr>")[0]
    assert ">—</td>" in onsite


def test_an_attachment_is_served_to_those_who_see_the_activity(
    client, city, settings, tmp_path
):
    """Stored evidence is reachable from the activity's page, through a
    scoped view (never /media/), and not by another county."""

    settings.MEDIA_ROOT = tmp_path
    activity = ActivityFactory(cadre=city.users.cadre.cadre)
    activity.attachment.save("会议记录.pdf", ContentFile(b"%PDF-1.4 evidence"))
    client.force_login(city.users.clerk)
    page = client.get(reverse("activities:detail", args=[activity.pk])).text
    url = reverse("activities:attachment", args=[activity.pk])
    assert f'href="{url}"' in page and settings.MEDIA_URL not in page
    response = client.get(url)
    assert b"".join(response.streaming_content) == b"%PDF-1.4 evidence"
    assert "attachment" in response["Content-Disposition"]
    client.force_login(city.users.leader)  # 金川区
    assert client.get(url).status_code == 404
    bare = ActivityFactory(cadre=city.users.cadre.cadre)
    client.force_login(city.users.clerk)
    assert (
        client.get(reverse("activities:attachment", args=[bare.pk])).status_code == 404
    )
    # The edit form's "目前" (current file) links there too, not to MEDIA_URL.
    edit = client.get(reverse("activities:edit", args=[activity.pk])).text
    assert f'<a href="{url}">' in edit and "/" + settings.MEDIA_URL not in edit
