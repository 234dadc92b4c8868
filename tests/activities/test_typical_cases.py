"""典型案例 met in an activity and 现场解释答复 counted on on-site sessions:
entered from the activity page by whoever may edit it, refused out of scope,
read and written by the activities ledger."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity, TypicalCase
from tests.factories import ActivityFactory
from tests.ledgers.test_export import export
from tests.rules import import_rows

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def sessions(city):
    day = TODAY - timedelta(days=3)
    return {
        "yc": ActivityFactory(
            cadre=city.users.cadre.cadre, places=[city.yc_village], start_date=day
        ),
        "jc": ActivityFactory(
            cadre=city.jc_cadre, places=[city.jc_village], start_date=day
        ),
    }


def post_case(client, activity, **data):
    return client.post(
        reverse("activities:case_add", args=[activity.pk]),
        {
            "title": "金川西村“村民说事”化解邻里纠纷",
            "polarity": "positive",
            "found_on": activity.start_date.isoformat(),
            **data,
        },
    )


def test_the_cadre_adds_a_case_to_their_session_and_the_page_lists_it(
    client, city, sessions
):
    client.force_login(city.users.cadre)
    assert post_case(client, sessions["yc"]).status_code == 302
    case = TypicalCase.objects.get()
    assert (case.activity, case.unit) == (sessions["yc"], sessions["yc"].unit)
    page = client.get(sessions["yc"].get_absolute_url()).content.decode()
    assert "“村民说事”化解邻里纠纷" in page


@pytest.mark.parametrize("user", ["leader", "city_leader", "auditor"])
def test_who_may_not_edit_the_session_cannot_add_a_case(client, city, sessions, user):
    client.force_login(getattr(city.users, user))
    assert post_case(client, sessions["yc"]).status_code == 404
    assert not TypicalCase.objects.exists()


def test_clerk_adds_for_the_county_but_not_for_another(client, city, sessions):
    client.force_login(city.users.clerk)
    assert post_case(client, sessions["yc"]).status_code == 302
    assert post_case(client, sessions["jc"]).status_code == 404
    assert TypicalCase.objects.count() == 1


def test_a_case_before_the_session_or_of_a_planned_one_is_refused(
    client, city, sessions
):
    client.force_login(city.users.cadre)
    before = (sessions["yc"].start_date - timedelta(days=1)).isoformat()
    response = post_case(client, sessions["yc"], found_on=before)
    assert "不能早于活动日期" in response.context["form"].errors["found_on"][0]
    sessions["yc"].status = Activity.Status.PLANNED
    sessions["yc"].save()
    response = post_case(client, sessions["yc"])
    assert "尚未开展" in str(response.context["form"].errors)
    assert not TypicalCase.objects.exists()


def test_answered_on_site_is_entered_and_goes_through_the_ledger(
    client, city, sessions
):
    row = {
        "日期": TODAY - timedelta(days=2),
        "类别": "现场办公",
        "状态": "已开展",
        "主题": "灌溉用水调度现场协调",
        "主讲（带队）干部": city.users.cadre.cadre.name,
        "组织单位": "城关镇",
        "地点": "金川西村",
        "收集问题": 4,
        "现场解决": 2,
        "现场解释答复": 7,
    }
    result = import_rows("activities", [row], city.users.clerk)
    assert result.ok, [str(e) for e in result.errors]
    imported = Activity.objects.get(topic="灌溉用水调度现场协调")
    assert imported.answered_on_site == 7
    bad = import_rows(
        "activities", [{**row, "主题": "另一场", "现场解释答复": -1}], city.users.clerk
    )
    assert not bad.ok and "现场解释答复" in str([str(e) for e in bad.errors])
    client.force_login(city.users.clerk)
    _, rows = export(client, "activities")
    header = next(r for r in rows if "现场解释答复" in r)
    column = header.index("现场解释答复")
    assert 7 in [r[column] for r in rows[rows.index(header) + 1 :]]


def test_cases_import_under_the_activity_named_by_topic_and_date(city, sessions):
    own, other = sessions["yc"], sessions["jc"]
    row = {
        "活动主题": own.topic,
        "活动日期": own.start_date,
        "案例名称": "“积分超市”激励垃圾分类",
        "类型": "正面",
        "日期": own.start_date,
    }
    foreign = {**row, "活动主题": other.topic, "案例名称": "另一个"}
    refused = import_rows("activity_typical_cases", [row, foreign], city.users.clerk)
    assert not refused.ok and not TypicalCase.objects.exists()
    assert "基层活动" in " ".join(str(e) for e in refused.errors)
    result = import_rows("activity_typical_cases", [row], city.users.clerk)
    assert result.ok, [str(e) for e in result.errors]
    case = TypicalCase.objects.get()
    assert (case.activity, case.unit) == (own, own.unit)
    again = import_rows("activity_typical_cases", [row], city.users.clerk)
    assert (again.new, again.unchanged) == (0, 1)
