"""Research rules, one place for every way in: each topic, trip, finding and
measure its page refuses, the ledger import refuses with the same reason
(and the record on the other side of the boundary goes through both)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from research.forms import FindingForm, MeasureForm, TopicForm, TripForm
from research.models import Finding, Measure, ResearchTopic, ResearchTrip
from tests.factories import CadreFactory, TopicFactory
from tests.rules import Accepted, Kind, Ref, Refused, check_accepted, check_refused

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
# A topic of last year: its trips may not start in this year.
YEAR = TODAY.year - 1
LAST_DAY = date(YEAR, 12, 31)
TITLE = "农村人居环境整治调研"


@pytest.fixture
def people(city):
    return {
        "lead": CadreFactory(name="张县长", unit=city.yongchang, rank="county"),
        "staff": CadreFactory(name="钱干事", unit=city.chengguan, rank="staff"),
        "member": city.users.cadre.cadre,  # 王建国
        "outsider": city.yc_colleague,  # 赵红梅, not of the topic
    }


@pytest.fixture
def topic(city, people):
    topic = TopicFactory(title=TITLE, lead=people["lead"], unit=city.yongchang)
    topic.year = YEAR
    topic.save()
    topic.members.add(people["member"])
    return topic


def iso(day: date) -> str:
    return day.isoformat()


@pytest.fixture
def topics(city, people):
    user = city.users.clerk
    return Kind(
        ledger="research_topics",
        user=user,
        row={
            "课题名称": TITLE,
            "牵头领导": "张县长",
            "年度": 2024,
            "调研方式": "蹲点式调研",
            "聚焦的问题": "生活垃圾收运不畅",
        },
        form_data={
            "title": TITLE,
            "lead": people["lead"].pk,
            "year": 2024,
            "method": "stay",
            "problem": "生活垃圾收运不畅",
        },
        make_form=lambda data: TopicForm(data, user=user),
        count=ResearchTopic.objects.count,
        extra=people,
    )


TOPIC_REFUSED = [
    Refused(
        "led_by_a_staff_member",
        {"牵头领导": "钱干事"},
        "牵头领导",
        "钱干事是一般干部，调研课题应由领导干部牵头",
        form={"lead": Ref("staff")},
        field="lead",
        form_message="",  # the page does not offer staff members as leads
    )
]


@pytest.mark.parametrize("case", TOPIC_REFUSED, ids=[c.id for c in TOPIC_REFUSED])
def test_the_import_refuses_what_the_topic_form_refuses(topics, case):
    check_refused(topics, case)


def test_a_topic_led_by_a_leader_goes_through(topics):
    check_accepted(topics, Accepted("valid", {}, {}))


@pytest.fixture
def trips(city, people, topic):
    user = city.users.clerk
    start = LAST_DAY - timedelta(days=1)
    return Kind(
        ledger="research_trips",
        user=user,
        row={
            "课题": TITLE,
            "开始日期": start,
            "结束日期": start,
            "调研地点": "金川西村",
            "参加人员": "张县长",
        },
        form_data={
            "start_date": iso(start),
            "end_date": iso(start),
            "places": [city.yc_village.pk],
            "participants": [people["lead"].pk],
        },
        make_form=lambda data: TripForm(data, user=user, topic=topic),
        count=ResearchTrip.objects.count,
        extra=people,
    )


TRIP_REFUSED = [
    Refused(
        "ends_before_it_starts",
        {"结束日期": LAST_DAY - timedelta(days=2)},
        "结束日期",
        "结束日期不能早于开始日期",
        form={"end_date": iso(LAST_DAY - timedelta(days=2))},
        field="end_date",
    ),
    Refused(
        "ends_tomorrow",
        {"开始日期": LAST_DAY, "结束日期": TODAY + timedelta(days=1)},
        "结束日期",
        "调研结束日期不能晚于今天",
        form={"start_date": iso(LAST_DAY), "end_date": iso(TODAY + timedelta(1))},
        field="end_date",
    ),
    Refused(
        "starts_after_the_topics_year",
        {"开始日期": LAST_DAY + timedelta(days=1), "结束日期": TODAY},
        "开始日期",
        f"调研日期不在课题年度（{YEAR}年）内",
        form={"start_date": iso(LAST_DAY + timedelta(1)), "end_date": iso(TODAY)},
        field="start_date",
    ),
    Refused(
        "someone_outside_the_topic_group",
        {"参加人员": "张县长、赵红梅"},
        "参加人员",
        f"赵红梅不是课题“{TITLE}”的牵头领导或课题组成员",
        form={"participants": Ref("outsider", many=True)},
        field="participants",
        form_message="",  # the page offers only the topic's group
    ),
    Refused(
        "no_place",
        {"调研地点": None},
        "调研地点",
        "请填写调研地点",
        form={"places": []},
        field="places",
    ),
    Refused(
        "nobody_went",
        {"参加人员": None},
        "参加人员",
        "必填项为空",
        form={"participants": []},
        field="participants",
        form_message="请填写参加人员",
    ),
]
TRIP_ACCEPTED = [
    Accepted("valid", {}, {}),
    Accepted(
        "starting_on_the_last_day_of_the_topics_year_and_ending_today",
        {"开始日期": LAST_DAY, "结束日期": TODAY},
        {"start_date": iso(LAST_DAY), "end_date": iso(TODAY)},
    ),
    Accepted(
        "with_a_member_of_the_group",
        {"参加人员": "张县长、王建国"},
        {"participants": [Ref("lead"), Ref("member")]},
    ),
]


@pytest.mark.parametrize("case", TRIP_REFUSED, ids=[c.id for c in TRIP_REFUSED])
def test_the_import_refuses_what_the_trip_form_refuses(trips, case):
    check_refused(trips, case)


@pytest.mark.parametrize("case", TRIP_ACCEPTED, ids=[c.id for c in TRIP_ACCEPTED])
def test_the_other_side_of_each_trip_rule_goes_through(trips, case):
    check_accepted(trips, case)


@pytest.fixture
def findings(city, topic):
    return Kind(
        ledger="research_findings",
        user=city.users.clerk,
        row={"课题": TITLE, "发现的问题": "垃圾清运不及时", "发现日期": TODAY},
        form_data={"description": "垃圾清运不及时", "found_on": iso(TODAY)},
        make_form=lambda data: FindingForm(data, topic=topic),
        count=Finding.objects.count,
    )


def test_the_import_refuses_a_finding_found_tomorrow_as_the_form_does(findings):
    tomorrow = TODAY + timedelta(days=1)
    check_refused(
        findings,
        Refused(
            "found_tomorrow",
            {"发现日期": tomorrow},
            "发现日期",
            "发现日期不能晚于今天",
            form={"found_on": iso(tomorrow)},
            field="found_on",
        ),
    )


def test_a_finding_found_today_goes_through(findings):
    check_accepted(findings, Accepted("found_today", {}, {}))


@pytest.fixture
def measures(city, people, topic):
    user = city.users.clerk
    finding = Finding.objects.create(
        topic=topic, description="垃圾清运不及时", found_on=LAST_DAY
    )
    deadline = TODAY + timedelta(days=30)
    return Kind(
        ledger="research_measures",
        user=user,
        row={
            "课题": TITLE,
            "发现问题": "垃圾清运不及时",
            "解决措施": "增加清运车辆",
            "责任单位": "城关镇",
            "责任人": "赵红梅",
            "完成时限": deadline,
        },
        form_data={
            "finding": finding.pk,
            "title": "增加清运车辆",
            "unit": city.chengguan.pk,
            "owner": people["outsider"].pk,
            "deadline": iso(deadline),
        },
        make_form=lambda data: MeasureForm(data, user=user, topic=topic),
        count=Measure.objects.count,
    )


def test_the_import_refuses_a_measure_without_an_owner_as_the_form_does(measures):
    check_refused(
        measures,
        Refused(
            "no_owner",
            {"责任人": None},
            "责任人",
            "解决措施须明确责任人",
            form={"owner": ""},
            field="owner",
        ),
    )


def test_a_measure_with_an_owner_goes_through(measures):
    check_accepted(measures, Accepted("valid", {}, {}))


def test_a_ledger_of_earlier_measures_keeps_its_past_deadlines(measures):
    """完成时限不能早于今天 is the page's rule for a measure set now."""
    past = TODAY - timedelta(days=30)
    form = measures.make_form(measures.data({"deadline": iso(past)}))
    assert form.errors["deadline"] == ["完成时限不能早于今天。"]
    check_accepted(measures, Accepted("past_deadline", {"完成时限": past}))
