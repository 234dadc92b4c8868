"""Activity rules, one place for every way in: each record the activity form
refuses, the activities ledger import refuses with the same reason (and the
record on the other side of the boundary goes through both)."""

from datetime import timedelta

import pytest
from django.contrib import admin
from django.utils import timezone

from activities.forms import ActivityForm, LivelihoodForm
from activities.models import Activity, LivelihoodItem
from org.roles import Role
from tests.factories import UserFactory, make_login
from tests.rules import Accepted, Kind, Ref, Refused, check_accepted, check_refused

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
START = TODAY - timedelta(days=3)


@pytest.fixture
def activities(city):
    # A city office reaches both counties, so a place outside the cadre's
    # county is found and refused by the rule, not by the user's scope.
    user = make_login("cityclerk", Role.CLERK, scope=city.root)
    return Kind(
        ledger="activities",
        user=user,
        row={
            "日期": START,
            "类别": "现场办公",
            "状态": "已开展",
            "主题": "灌溉用水调度现场协调",
            "主讲（带队）干部": "王建国",
            "地点": "金川西村",
            "收集问题": 3,
            "现场解决": 1,
        },
        form_data={
            "kind": "onsite",
            "status": "held",
            "start_date": START.isoformat(),
            "topic": "灌溉用水调度现场协调",
            "cadre": city.users.cadre.cadre.pk,
            "places": [city.yc_village.pk],
            "problems_raised": 3,
            "problems_solved_on_site": 1,
            "suggestions": 0,
        },
        make_form=lambda data: ActivityForm(data, user=user),
        count=Activity.objects.count,
        extra={"jc_village": city.jc_village},
    )


def day(offset: int) -> str:
    return (TODAY + timedelta(days=offset)).isoformat()


REFUSED = [
    Refused(
        "end_before_start",
        {"结束日期": START - timedelta(days=1)},
        "结束日期",
        "结束日期不能早于开始日期",
        form={"end_date": (START - timedelta(days=1)).isoformat()},
        field="end_date",
    ),
    Refused(
        "held_tomorrow",
        {"日期": TODAY + timedelta(days=1)},
        "日期",
        "已开展的活动日期不能晚于今天",
        form={"start_date": day(1)},
        field="start_date",
    ),
    Refused(
        "held_ending_tomorrow",
        {"日期": TODAY - timedelta(days=1), "结束日期": TODAY + timedelta(days=1)},
        "结束日期",
        "已开展的活动结束日期不能晚于今天",
        form={"start_date": day(-1), "end_date": day(1)},
        field="end_date",
    ),
    Refused(
        "solved_more_than_raised",
        {"收集问题": 1, "现场解决": 2},
        "现场解决",
        "现场解决问题数不能多于收集问题数",
        form={"problems_raised": 1, "problems_solved_on_site": 2},
        field="problems_solved_on_site",
    ),
    Refused(
        "training_without_its_kind",
        {"类别": "培训"},
        "培训类型",
        "请选择培训类型",
        form={"kind": "training"},
        field="training_kind",
    ),
    Refused(
        "liaison_visit_without_its_liaison",
        {"类别": "项目包抓"},
        "地点",  # the liaison is found from the cadre and the place named
        "请在“地点”列填写其包抓的项目",
        form={"kind": "project_visit"},
        form_message="请选择包抓包联关系",
        field="liaison",
        also=("联系方式",),
    ),
    Refused(
        "place_outside_the_cadres_county",
        {"地点": "宁远堡村"},
        "地点",
        "不在王建国的工作范围（永昌县）内",
        form={"places": Ref("jc_village", many=True)},
        field="places",
    ),
    Refused(
        "no_place",
        {"地点": None},
        "地点",
        "请填写活动地点",
        form={"places": []},
        field="places",
    ),
]

ACCEPTED = [
    Accepted("valid", {}, {}),
    Accepted(
        "ending_the_day_it_starts",
        {"结束日期": START},
        {"end_date": START.isoformat()},
    ),
    Accepted("held_today", {"日期": TODAY}, {"start_date": day(0)}),
    Accepted(
        "held_ending_today",
        {"日期": TODAY - timedelta(days=1), "结束日期": TODAY},
        {"start_date": day(-1), "end_date": day(0)},
    ),
    Accepted(
        "planned_for_tomorrow",
        {"日期": TODAY + timedelta(days=1), "状态": "计划"},
        {"start_date": day(1), "status": "planned"},
    ),
    Accepted(
        "solved_all_raised",
        {"收集问题": 2, "现场解决": 2},
        {"problems_raised": 2, "problems_solved_on_site": 2},
    ),
]


@pytest.mark.parametrize("case", REFUSED, ids=[c.id for c in REFUSED])
def test_the_import_refuses_what_the_activity_form_refuses(city, activities, case):
    check_refused(activities, case)


@pytest.mark.parametrize("case", ACCEPTED, ids=[c.id for c in ACCEPTED])
def test_the_other_side_of_each_activity_rule_goes_through(city, activities, case):
    check_accepted(activities, case)


@pytest.fixture
def livelihood(city):
    user = city.users.clerk
    return Kind(
        ledger="livelihood_items",
        user=user,
        row={
            "年度": 2024,
            "民生实事": "新建城关镇日间照料中心",
            "责任单位": "城关镇",
            "完成时限": TODAY,
        },
        form_data={
            "year": 2024,
            "title": "新建城关镇日间照料中心",
            "unit": city.chengguan.pk,
            "start_date": day(-30),
            "deadline": day(0),
        },
        make_form=lambda data: LivelihoodForm(data, user=user),
        count=LivelihoodItem.objects.count,
    )


LIVELIHOOD_REFUSED = [
    Refused(
        f"year_{year}",
        {"年度": year},
        "年度",
        "年度须在2000年至2100年之间",
        form={"year": year},
        field="year",
    )
    for year in (1999, 2101)
]
LIVELIHOOD_ACCEPTED = [
    Accepted(f"year_{year}", {"年度": year}, {"year": year}) for year in (2000, 2100)
]


@pytest.mark.parametrize(
    "case", LIVELIHOOD_REFUSED, ids=[c.id for c in LIVELIHOOD_REFUSED]
)
def test_the_import_refuses_what_the_livelihood_form_refuses(livelihood, case):
    check_refused(livelihood, case)


@pytest.mark.parametrize(
    "case", LIVELIHOOD_ACCEPTED, ids=[c.id for c in LIVELIHOOD_ACCEPTED]
)
def test_the_other_side_of_each_livelihood_rule_goes_through(livelihood, case):
    check_accepted(livelihood, case)


def test_a_livelihood_deadline_before_its_start_is_refused_by_the_item_rule(
    livelihood,
):
    """The import takes an item's start from its year, so only the page can
    give a deadline before the start; the tracked item's rule refuses it."""
    form = livelihood.make_form(
        {**livelihood.form_data, "start_date": day(0), "deadline": day(-1)}
    )
    assert form.errors["deadline"] == ["完成时限不能早于开始日期。"]
    same_day = {**livelihood.form_data, "start_date": day(0), "deadline": day(0)}
    assert livelihood.make_form(same_day).is_valid()


@pytest.mark.parametrize(
    ("place", "error"), [("jc_village", "不在王建国的工作范围"), ("yc_village", None)]
)
def test_the_admin_keeps_the_activitys_rules_about_its_places(rf, city, place, error):

    request = rf.get("/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    form_class = admin.site._registry[Activity].get_form(request)
    form = form_class(
        {
            "kind": "onsite",
            "status": "held",
            "cadre": city.users.cadre.cadre.pk,
            "unit": city.chengguan.pk,
            "places": [getattr(city, place).pk],
            "start_date": START.isoformat(),
            "topic": "灌溉用水调度现场协调",
            "problems_raised": 0,
            "problems_solved_on_site": 0,
            "suggestions": 0,
            "answered_on_site": 0,
        }
    )
    if error is None:
        assert form.is_valid(), form.errors
    else:
        assert error in form.errors["places"][0]
