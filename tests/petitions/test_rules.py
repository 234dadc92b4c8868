"""Petition rules, one place for every way in: each case, reception day and
12345 order its page refuses, the ledger import refuses with the same reason
(and the record on the other side of the boundary goes through both)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from petitions.forms import (
    CaseForm,
    HotlineOrderForm,
    PetitionerFormSet,
    ReceptionForm,
)
from petitions.models import (
    ID_CHECK,
    ID_WEIGHTS,
    HotlineOrder,
    PetitionCase,
    ReceptionDay,
)
from tests.factories import CadreFactory
from tests.rules import Accepted, Kind, Ref, Refused, check_accepted, check_refused

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def resident_id(body: str) -> str:
    total = sum(int(d) * w for d, w in zip(body, ID_WEIGHTS, strict=True))
    return body + ID_CHECK[total % 11]


LI = resident_id("62032119850505222")
WANG = resident_id("62032119800202333")
WRONG = LI[:-1] + ("0" if LI[-1] != "0" else "1")  # a wrong check digit


@pytest.fixture
def cases(city):
    user = city.users.petition_office
    return Kind(
        ledger="petition_cases",
        user=user,
        row={
            "登记日期": TODAY,
            "信访人": "李桂芳",
            "身份证号": LI,
            "联系电话": "13900001111",
            "来源渠道": "来访",
            "问题类别": "农村土地",
            "信访诉求": "反映承包地被占用未获补偿的问题",
            "责任单位": "永昌县",
        },
        form_data={
            "channel": "visit",
            "category": "land",
            "content": "反映承包地被占用未获补偿的问题",
            "registered_on": TODAY.isoformat(),
            "unit": city.yongchang.pk,
            "petitioners-TOTAL_FORMS": 2,
            "petitioners-INITIAL_FORMS": 0,
            "petitioners-0-name": "李桂芳",
            "petitioners-0-id_number": LI,
            "petitioners-0-phone": "13900001111",
        },
        make_form=lambda data: (
            CaseForm(data, user=user),
            PetitionerFormSet(data, prefix="petitioners"),
        ),
        count=PetitionCase.objects.count,
    )


CASE_REFUSED = [
    Refused(
        "registered_tomorrow",
        {"登记日期": TODAY + timedelta(days=1)},
        "登记日期",
        "登记日期不能晚于今天",
        form={"registered_on": (TODAY + timedelta(days=1)).isoformat()},
        field="registered_on",
    ),
    Refused(
        "an_id_number_with_a_wrong_check_digit",
        {"身份证号": WRONG},
        "身份证号",
        f"“{WRONG}”不是有效的身份证号",
        form={"petitioners-0-id_number": WRONG},
        field="id_number",
    ),
    Refused(
        "a_phone_number_too_short",
        {"联系电话": "12345"},
        "联系电话",
        "“12345”不是有效的联系电话",
        form={"petitioners-0-phone": "12345"},
        field="phone",
    ),
    Refused(
        "the_same_person_twice",
        {"信访人": "李桂芳、李桂芳", "身份证号": f"{LI}、{LI}", "联系电话": None},
        "身份证号",
        "同一信访人不能重复填写",
        form={"petitioners-1-name": "李桂芳", "petitioners-1-id_number": LI},
        field="",
    ),
    Refused(
        "nobody",
        {"信访人": None, "身份证号": None, "联系电话": None},
        "信访人",
        "必填项为空",
        form={
            "petitioners-0-name": "",
            "petitioners-0-id_number": "",
            "petitioners-0-phone": "",
        },
        field="",
        form_message="请至少填写一名信访人",
    ),
    Refused(
        "content_over_5000_characters",
        {"信访诉求": "诉" * 5001},
        "信访诉求",
        "信访诉求不能超过5000字",
        form={"content": "诉" * 5001},
        field="content",
    ),
]
CASE_ACCEPTED = [
    Accepted("registered_today", {}, {}),
    Accepted(
        "a_fixed_line",
        {"联系电话": "0935-8221234"},
        {"petitioners-0-phone": "0935-8221234"},
    ),
    Accepted(
        "two_people",
        {"信访人": "李桂芳、王志强", "身份证号": f"{LI}、{WANG}", "联系电话": None},
        {"petitioners-1-name": "王志强", "petitioners-1-id_number": WANG},
    ),
    Accepted(
        "content_of_5000_characters",
        {"信访诉求": "诉" * 5000},
        {"content": "诉" * 5000},
    ),
]


@pytest.mark.parametrize("case", CASE_REFUSED, ids=[c.id for c in CASE_REFUSED])
def test_the_import_refuses_what_the_registration_page_refuses(cases, case):
    check_refused(cases, case)


@pytest.mark.parametrize("case", CASE_ACCEPTED, ids=[c.id for c in CASE_ACCEPTED])
def test_the_other_side_of_each_case_rule_goes_through(cases, case):
    check_accepted(cases, case)


@pytest.fixture
def receptions(city):
    user = city.users.clerk
    people = {
        "lead": CadreFactory(name="张县长", unit=city.yongchang, rank="county"),
        "staff": CadreFactory(name="钱干事", unit=city.chengguan, rank="staff"),
        "village": city.yc_village,
    }
    yesterday = TODAY - timedelta(days=1)
    return Kind(
        ledger="reception_days",
        user=user,
        row={
            "日期": yesterday,
            "类别": "领导接访日",
            "接访领导": "张县长",
            "地点": "县接待中心",
            "接待群众（人次）": 5,
        },
        form_data={
            "kind": "reception",
            "leader": people["lead"].pk,
            "day": yesterday.isoformat(),
            "location": "县接待中心",
            "visitors": 5,
        },
        make_form=lambda data: ReceptionForm(data, user=user),
        count=ReceptionDay.objects.count,
        extra=people,
    )


RECEPTION_REFUSED = [
    Refused(
        "received_tomorrow",
        {"日期": TODAY + timedelta(days=1)},
        "日期",
        "接访日期不能晚于今天",
        form={"day": (TODAY + timedelta(days=1)).isoformat()},
        field="day",
    ),
    Refused(
        "by_a_staff_member",
        {"接访领导": "钱干事"},
        "接访领导",
        "钱干事是一般干部，接访应由领导干部带领",
        form={"leader": Ref("staff")},
        field="leader",
        form_message="",  # the page does not offer staff members
    ),
    Refused(
        "a_visit_to_no_known_place",
        {"类别": "带案下访"},
        "",  # 地点 names no village, community or enterprise
        "带案下访请选择下访地点",
        form={"kind": "visit"},
        field="place",
    ),
]
RECEPTION_ACCEPTED = [
    Accepted("received_today", {"日期": TODAY}, {"day": TODAY.isoformat()}),
    Accepted(
        "a_visit_to_a_village",
        {"类别": "带案下访", "地点": "金川西村"},
        {"kind": "visit", "place": Ref("village")},
    ),
]


@pytest.mark.parametrize(
    "case", RECEPTION_REFUSED, ids=[c.id for c in RECEPTION_REFUSED]
)
def test_the_import_refuses_what_the_reception_form_refuses(receptions, case):
    check_refused(receptions, case)


@pytest.mark.parametrize(
    "case", RECEPTION_ACCEPTED, ids=[c.id for c in RECEPTION_ACCEPTED]
)
def test_the_other_side_of_each_reception_rule_goes_through(receptions, case):
    check_accepted(receptions, case)


def test_an_imported_visit_is_to_the_place_its_cell_names(city, receptions):
    check_accepted(
        receptions, Accepted("visit", {"类别": "带案下访", "地点": "金川西村"})
    )
    visit = ReceptionDay.objects.get()
    assert (visit.place, visit.location) == (city.yc_village, "")


@pytest.fixture
def hotline(city):
    user = city.users.clerk
    return Kind(
        ledger="hotline_orders",
        user=user,
        row={
            "工单号": "12345-2024-00001",
            "受理时间": "2024-05-06 09:00",
            "承办单位": "城关镇",
            "诉求摘要": "路灯不亮",
            "签收时间": "2024-05-06 09:20",
            "已解决": "否",
        },
        form_data={
            "number": "12345-2024-00001",
            "received_at": "2024-05-06T09:00",
            "unit": city.chengguan.pk,
            "summary": "路灯不亮",
            "signed_at": "2024-05-06T09:20",
        },
        make_form=lambda data: HotlineOrderForm(data, user=user),
        count=HotlineOrder.objects.count,
    )


HOTLINE_REFUSED = [
    Refused(
        "signed_before_it_was_received",
        {"签收时间": "2024-05-06 08:59"},
        "签收时间",
        "签收时间不能早于受理时间",
        form={"signed_at": "2024-05-06T08:59"},
        field="signed_at",
    ),
    Refused(
        "resolved_with_no_time",
        {"已解决": "是"},
        "办结时间",
        "已解决的工单请填写办结时间",
        form={"resolved": "on"},
        field="resolved_at",
    ),
    Refused(
        "resolved_before_it_was_received",
        {"办结时间": "2024-05-06 08:00"},
        "办结时间",
        "办结时间不能早于受理时间",
        form={"resolved_at": "2024-05-06T08:00"},
        field="resolved_at",
    ),
]
HOTLINE_ACCEPTED = [
    Accepted(
        "signed_when_received",
        {"签收时间": "2024-05-06 09:00"},
        {"signed_at": "2024-05-06T09:00"},
    ),
    Accepted(
        "resolved_when_received",
        {"已解决": "是", "办结时间": "2024-05-06 09:00"},
        {"resolved": "on", "resolved_at": "2024-05-06T09:00"},
    ),
]


@pytest.mark.parametrize("case", HOTLINE_REFUSED, ids=[c.id for c in HOTLINE_REFUSED])
def test_the_import_refuses_what_the_hotline_form_refuses(hotline, case):
    check_refused(hotline, case)


@pytest.mark.parametrize("case", HOTLINE_ACCEPTED, ids=[c.id for c in HOTLINE_ACCEPTED])
def test_the_other_side_of_each_hotline_rule_goes_through(hotline, case):
    check_accepted(hotline, case)
