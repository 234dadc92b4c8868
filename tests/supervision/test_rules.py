"""Rectification rules, one place for every way in: each item the page
refuses, the rectification ledger import refuses with the same reason (and
the item on the other side of the boundary goes through both)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from org.roles import Role
from supervision.forms import RectificationForm
from supervision.models import RectificationItem
from tests.factories import CadreFactory, make_login
from tests.rules import Accepted, Kind, Ref, Refused, check_accepted, check_refused

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DEADLINE = TODAY + timedelta(days=30)


@pytest.fixture
def rectifications(city):
    # The city office reaches both counties: a person of the other county is
    # found, and refused by the rule rather than by the user's scope.
    user = make_login("cityclerk", Role.CLERK, scope=city.root)
    people = {
        "county_leader": CadreFactory(
            name="张县长", unit=city.yongchang, rank="county"
        ),
        "township_leader": city.users.cadre.cadre,  # 王建国 of 城关镇
        "staff": CadreFactory(name="钱干事", unit=city.chengguan, rank="staff"),
        "other_county_leader": city.users.leader.cadre,  # 李志强 of 金川区
        "owner": city.yc_colleague,  # 赵红梅 of 城关镇
        "other_county_cadre": city.jc_cadre,  # 陈海军 of 宁远堡镇
    }
    return Kind(
        ledger="rectifications",
        user=user,
        row={
            "问题": "群众办事多头跑",
            "整改措施": "推行一窗受理",
            "整改目标": "最多跑一次",
            "整改时限": DEADLINE,
            "责任单位": "城关镇",
            "责任领导": "张县长",
            "责任人": "赵红梅",
        },
        form_data={
            "source": "self_inspection",
            "problem": "群众办事多头跑",
            "measures": "推行一窗受理",
            "target": "最多跑一次",
            "deadline": DEADLINE.isoformat(),
            "unit": city.chengguan.pk,
            "leader": people["county_leader"].pk,
            "owner": people["owner"].pk,
        },
        make_form=lambda data: RectificationForm(data, user=user),
        count=RectificationItem.objects.count,
        extra=people,
    )


REFUSED = [
    Refused(
        "an_owner_of_another_unit",
        {"责任人": "陈海军"},
        "责任人",
        "陈海军不在城关镇（含下级单位）",
        form={"owner": Ref("other_county_cadre")},
        field="owner",
    ),
    Refused(
        "a_leader_of_another_county",
        {"责任领导": "李志强"},
        "责任领导",
        "李志强（金川区）不是城关镇或其上级、下级单位的领导",
        form={"leader": Ref("other_county_leader")},
        field="leader",
    ),
    Refused(
        "a_staff_member_as_leader",
        {"责任领导": "钱干事"},
        "责任领导",
        "钱干事是一般干部，责任领导应为领导干部",
        form={"leader": Ref("staff")},
        field="leader",
        form_message="",  # the page does not offer staff members as leaders
    ),
]
ACCEPTED = [
    Accepted("led_from_the_county_above", {}, {}),
    Accepted(
        "led_by_the_townships_own_leader",
        {"责任领导": "王建国"},
        {"leader": Ref("township_leader")},
    ),
    Accepted(
        "owned_by_the_leader_of_the_unit",
        {"责任人": "王建国"},
        {"owner": Ref("township_leader")},
    ),
]


@pytest.mark.parametrize("case", REFUSED, ids=[c.id for c in REFUSED])
def test_the_import_refuses_what_the_rectification_form_refuses(rectifications, case):
    check_refused(rectifications, case)


@pytest.mark.parametrize("case", ACCEPTED, ids=[c.id for c in ACCEPTED])
def test_the_other_side_of_each_rectification_rule_goes_through(rectifications, case):
    check_accepted(rectifications, case)


def test_a_units_earlier_list_keeps_its_past_deadlines(rectifications):
    """整改时限不能早于今天 is the page's rule for an item registered now."""
    past = TODAY - timedelta(days=30)
    form = rectifications.make_form(rectifications.data({"deadline": past.isoformat()}))
    assert form.errors["deadline"] == ["整改时限不能早于今天。"]
    check_accepted(rectifications, Accepted("past_deadline", {"整改时限": past}))
