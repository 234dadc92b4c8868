"""信访积案/包案台账 and petition cases imported as already 办结: the real dates
are kept, the tracked items close on them, and the rules of the records hold
for the import as for the pages."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from petitions.models import BacklogCase, PetitionCase, Stage
from petitions.selectors import report_figures
from tests.factories import CadreFactory
from tests.rules import (
    Accepted,
    Kind,
    Refused,
    check_accepted,
    check_refused,
    import_rows,
)
from tracking.models import Colour

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def case(register):
    return register(on=date(2024, 3, 1))


@pytest.fixture
def backlog(city, case):
    CadreFactory(name="张副县长", unit=city.yongchang, rank="county")
    CadreFactory(name="钱干事", unit=city.chengguan, rank="staff")
    return Kind(
        ledger="backlog_cases",
        user=city.users.petition_office,
        row={
            "信访事项编号": case.number,
            "包案领导": "张副县长",
            "工作专班": "县信访局、城关镇",
            "化解方案": "一案一策",
            "包案日期": date(2024, 3, 10),
            "化解时限": date(2024, 6, 10),
        },
        form_data={},
        make_form=lambda data: None,
        count=BacklogCase.objects.count,
    )


BACKLOG_REFUSED = [
    Refused("staff_leader", {"包案领导": "钱干事"}, "包案领导", "是一般干部"),
    Refused(
        "assigned_before_registered",
        {"包案日期": date(2024, 2, 28), "化解时限": date(2024, 6, 10)},
        "包案日期",
        "不能早于信访事项登记日期",
    ),
    Refused(
        "assigned_tomorrow",
        {"包案日期": TODAY + timedelta(days=1), "化解时限": TODAY + timedelta(days=90)},
        "包案日期",
        "不能晚于今天",
    ),
    Refused(
        "resolved_before_assigned",
        {"化解日期": date(2024, 3, 9), "化解情况": "三到位一处理"},
        "化解日期",
        "不能早于包案日期",
    ),
    Refused(
        "resolved_without_resolution",
        {"化解日期": date(2024, 5, 20)},
        "化解情况",
        "请填写化解情况",
    ),
]


@pytest.mark.parametrize("case_", BACKLOG_REFUSED, ids=lambda c: c.id)
def test_backlog_rule_refuses(backlog, case_):
    check_refused(backlog, case_)


BACKLOG_ACCEPTED = [
    Accepted("open", {}),
    Accepted("assigned_on_registration_day", {"包案日期": date(2024, 3, 1)}),
    Accepted(
        "resolved_on_assignment_day",
        {"化解日期": date(2024, 3, 10), "化解情况": "三到位一处理"},
    ),
]


@pytest.mark.parametrize("case_", BACKLOG_ACCEPTED, ids=lambda c: c.id)
def test_backlog_rule_accepts(backlog, case_):
    check_accepted(backlog, case_)


def test_backlog_resolved_in_the_past_closes_its_item_on_that_day(backlog, city):

    row = {**backlog.row, "化解日期": date(2024, 5, 20), "化解情况": "三到位一处理"}
    result = import_rows("backlog_cases", [row], backlog.user)
    assert result.ok, [str(e) for e in result.errors]
    record = BacklogCase.objects.get()
    assert record.assigned_on == date(2024, 3, 10)
    assert record.resolved_on == date(2024, 5, 20)
    assert record.leader.name == "张副县长"
    item = record.item
    assert item.owner == record.leader and item.deadline == date(2024, 6, 10)
    assert timezone.localtime(item.closed_at).date() == date(2024, 5, 20)
    assert item.colour() == Colour.CLOSED
    quarter = report_figures(city.yongchang.path, date(2024, 4, 1), date(2024, 6, 30))
    before = report_figures(city.yongchang.path, date(2024, 1, 1), date(2024, 3, 31))
    assert (quarter.backlog_resolved, before.backlog_resolved) == (1, 0)


def test_open_backlog_item_is_red_after_its_deadline(backlog):

    result = import_rows("backlog_cases", [backlog.row], backlog.user)
    assert result.ok, [str(e) for e in result.errors]
    item = BacklogCase.objects.get().item
    assert not item.is_closed and item.colour() == Colour.RED


@pytest.fixture
def cases(city):
    return Kind(
        ledger="petition_cases",
        user=city.users.petition_office,
        row={
            "登记日期": date(2024, 3, 1),
            "信访人": "李桂芳",
            "来源渠道": "来访",
            "问题类别": "农村土地",
            "信访诉求": "反映承包地被占用未获补偿的问题",
            "责任单位": "永昌县",
            "阶段": "办结",
            "办结日期": date(2024, 4, 20),
        },
        form_data={},
        make_form=lambda data: None,
        count=PetitionCase.objects.count,
    )


CASE_REFUSED = [
    Refused("closed_without_date", {"办结日期": None}, "办结日期", "请填写办结日期"),
    Refused(
        "closed_before_registered",
        {"办结日期": date(2024, 2, 28)},
        "办结日期",
        "不能早于登记日期",
    ),
    Refused(
        "closed_tomorrow",
        {"办结日期": TODAY + timedelta(days=1)},
        "办结日期",
        "不能晚于今天",
    ),
    Refused("new_case_mid_way", {"阶段": "受理办理"}, "阶段", "只能为“登记”或“办结”"),
    Refused("date_without_closed", {"阶段": "登记"}, "办结日期", "阶段请填写“办结”"),
]


@pytest.mark.parametrize("case_", CASE_REFUSED, ids=lambda c: c.id)
def test_imported_case_stage_rule_refuses(cases, case_):
    check_refused(cases, case_)


@pytest.mark.parametrize(
    "case_",
    [
        Accepted("closed_on_registration_day", {"办结日期": date(2024, 3, 1)}),
        Accepted("registered", {"阶段": None, "办结日期": None}),
    ],
    ids=lambda c: c.id,
)
def test_imported_case_stage_rule_accepts(cases, case_):
    check_accepted(cases, case_)


def test_case_imported_as_closed_is_not_overdue_at_registration(cases, city):

    result = import_rows("petition_cases", [cases.row], cases.user)
    assert result.ok, [str(e) for e in result.errors]
    case = PetitionCase.objects.get()
    assert case.stage == Stage.CLOSED and case.closed_on == date(2024, 4, 20)
    item = case.stage_item
    assert item.is_closed and item.colour() == Colour.CLOSED
    assert timezone.localtime(item.closed_at).date() == date(2024, 4, 20)
    assert case.registered_on == date(2024, 3, 1)
    assert not PetitionCase.objects.filter(stage_item__closed_at__isnull=True).exists()
