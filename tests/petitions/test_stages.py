"""The stage machine and the statutory deadlines of each stage."""

from datetime import date

import pytest

from petitions.models import Stage, TimeLimitRule
from petitions.services import IllegalTransition, case_extend, case_move, stage_deadline
from tracking.models import CalendarOverride

pytestmark = pytest.mark.django_db


def move(case, city, to, on, **kwargs):
    return case_move(case=case, to=to, by=city.users.petition_office, on=on, **kwargs)


def test_registration_opens_a_routing_item_due_in_15_days(city, register):
    case = register(on=date(2024, 3, 1))
    assert case.number == f"XF2024{case.pk:06d}"
    assert case.stage == Stage.REGISTERED
    assert case.stage_item.deadline == date(2024, 3, 18)  # 16th is a Saturday


def test_a_calendar_day_limit_ending_on_a_holiday_moves_to_the_next_workday(city):
    # 2024-09-16 + 15 days = 2024-10-01, National Day; first workday is 10-08.
    assert stage_deadline(Stage.REGISTERED, date(2024, 9, 16)) == date(2024, 10, 8)


def test_a_working_day_limit_skips_holidays_and_counts_make_up_saturdays(city):
    TimeLimitRule.objects.filter(stage=Stage.ROUTED).update(days=5, working_days=True)
    # From 2024-09-27 (Fri): 9-29 (Sun) and 10-12 (Sat) are 调休 workdays.
    # Workdays after the 27th: 9-29, 9-30, 10-08, 10-09, 10-10.
    assert stage_deadline(Stage.ROUTED, date(2024, 9, 27)) == date(2024, 10, 10)


def test_an_unknown_year_falls_back_to_weekends_and_takes_overrides(city):
    TimeLimitRule.objects.filter(stage=Stage.ROUTED).update(days=3, working_days=True)
    # 2027 is not in the library: Mon 2027-01-04 + 3 workdays = Thu 01-07.
    assert stage_deadline(Stage.ROUTED, date(2027, 1, 4)) == date(2027, 1, 7)
    CalendarOverride.objects.create(day=date(2027, 1, 5), is_workday=False, note="测试")
    assert stage_deadline(Stage.ROUTED, date(2027, 1, 4)) == date(2027, 1, 8)


def test_the_full_path_with_review_and_recheck(city, register):
    case = register(on=date(2024, 3, 1))
    move(case, city, Stage.ROUTED, date(2024, 3, 5), unit=city.chengguan)
    assert case.unit == city.chengguan
    assert case.stage_item.deadline == date(2024, 3, 20)
    move(case, city, Stage.ACCEPTED, date(2024, 3, 8))
    assert case.stage_item.deadline == date(2024, 5, 7)  # 60 days
    move(case, city, Stage.REPLIED, date(2024, 4, 20), reply="已协调补偿")
    assert case.stage_item is None  # the petitioner's window, not a duty
    move(case, city, Stage.REVIEW, date(2024, 5, 10))
    assert case.stage_item.deadline == date(2024, 6, 11)  # 6-9 Sun, 6-10 端午
    move(case, city, Stage.REVIEWED, date(2024, 6, 1))
    move(case, city, Stage.RECHECK, date(2024, 6, 20))
    move(case, city, Stage.RECHECKED, date(2024, 7, 1))
    assert case.next_stages == ()
    with pytest.raises(IllegalTransition):
        move(case, city, Stage.REVIEW, date(2024, 7, 2))
    assert [e.stage for e in case.events.all()] == [
        "registered",
        "routed",
        "accepted",
        "replied",
        "review",
        "reviewed",
        "recheck",
        "rechecked",
    ]


@pytest.mark.parametrize(
    ("path", "illegal"),
    [
        ([], Stage.ACCEPTED),
        ([], Stage.CLOSED),
        ([Stage.ROUTED], Stage.REPLIED),
        ([Stage.ROUTED, Stage.NOT_ACCEPTED], Stage.ACCEPTED),
        ([Stage.ROUTED, Stage.ACCEPTED], Stage.REVIEW),
    ],
)
def test_no_illegal_jumps(city, register, path, illegal):
    case = register(on=date(2024, 3, 1))
    for step in path:
        move(
            case,
            city,
            step,
            date(2024, 3, 5),
            unit=city.chengguan,
            reason="不属于信访事项",
        )
    with pytest.raises(IllegalTransition, match="不能直接转为"):
        move(case, city, illegal, date(2024, 3, 6))


def test_a_review_request_after_30_days_is_refused(city, register):
    case = register(on=date(2024, 3, 1))
    move(case, city, Stage.ROUTED, date(2024, 3, 2), unit=city.chengguan)
    move(case, city, Stage.ACCEPTED, date(2024, 3, 3))
    move(case, city, Stage.REPLIED, date(2024, 4, 1), reply="答复")
    move(case, city, Stage.CLOSED, date(2024, 4, 2), evaluation="unsatisfied")
    with pytest.raises(IllegalTransition, match="已超过复查申请期限"):
        move(case, city, Stage.REVIEW, date(2024, 5, 8))
    move(case, city, Stage.REVIEW, date(2024, 5, 1))


def test_a_date_before_the_previous_step_is_refused(city, register):
    case = register(on=date(2024, 3, 10))
    with pytest.raises(IllegalTransition, match="不能早于上一环节"):
        move(case, city, Stage.ROUTED, date(2024, 3, 9), unit=city.chengguan)


def test_one_extension_of_at_most_30_days(city, register):
    case = register(on=date(2024, 3, 1))
    move(case, city, Stage.ROUTED, date(2024, 3, 5), unit=city.chengguan)
    with pytest.raises(IllegalTransition, match="只有受理办理阶段"):
        case_extend(
            case=case,
            by=city.users.petition_office,
            days=10,
            approver="王局长",
            reason="复杂",
            on=date(2024, 3, 6),
        )
    move(case, city, Stage.ACCEPTED, date(2024, 3, 8))
    with pytest.raises(IllegalTransition, match="1至30日"):
        case_extend(
            case=case,
            by=city.users.petition_office,
            days=31,
            approver="王局长",
            reason="复杂",
            on=date(2024, 4, 1),
        )
    case_extend(
        case=case,
        by=city.users.petition_office,
        days=30,
        approver="王局长",
        reason="涉及多部门",
        on=date(2024, 4, 1),
    )
    assert case.stage_item.deadline == date(2024, 6, 6)
    with pytest.raises(IllegalTransition, match="只能延长一次"):
        case_extend(
            case=case,
            by=city.users.petition_office,
            days=5,
            approver="王局长",
            reason="再延",
            on=date(2024, 5, 1),
        )
    assert "王局长批准延期30日" in case.events.last().note
