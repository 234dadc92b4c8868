"""The statutory time limits of the 信访工作条例 (2022) as seeded, and the
deadline of each stage on dates where one day more or less lands on another
working day: a limit changed by one day is caught."""

from datetime import date, timedelta

import pytest

from petitions.models import Stage, TimeLimitRule
from petitions.services import IllegalTransition, case_move
from tracking.workdays import is_workday

pytestmark = pytest.mark.django_db


def move(case, city, to, on, **kwargs):
    return case_move(case=case, to=to, by=city.users.petition_office, on=on, **kwargs)


def test_the_seeded_limits_are_the_regulations():
    rules = {r.stage: (r.days, r.working_days) for r in TimeLimitRule.objects.all()}
    assert rules == {
        Stage.REGISTERED: (15, False),
        Stage.ROUTED: (15, False),
        Stage.ACCEPTED: (60, False),
        Stage.REPLIED: (30, False),
        Stage.REVIEW: (30, False),
        Stage.REVIEWED: (30, False),
        Stage.RECHECK: (30, False),
    }


def test_each_stage_deadline_on_days_that_tell_the_limit_apart(city, register):
    # Registered Mon 2024-03-04: routing due 03-19 (+14, +16 are workdays too).
    case = register(on=date(2024, 3, 4))
    assert case.stage_item.deadline == date(2024, 3, 19)
    # Routed Tue 03-05: the acceptance decision is due 03-20.
    move(case, city, Stage.ROUTED, date(2024, 3, 5), unit=city.chengguan)
    assert case.stage_item.deadline == date(2024, 3, 20)
    # Accepted Fri 03-08: handling is due 05-07 (after the May Day holiday).
    move(case, city, Stage.ACCEPTED, date(2024, 3, 8))
    assert case.stage_item.deadline == date(2024, 5, 7)
    move(case, city, Stage.REPLIED, date(2024, 5, 6), reply="已答复")
    # Review requested Mon 06-03: the review decision is due 07-03.
    move(case, city, Stage.REVIEW, date(2024, 6, 3))
    assert case.stage_item.deadline == date(2024, 7, 3)
    for deadline in (date(2024, 3, 19), date(2024, 3, 20), date(2024, 5, 7)):
        for neighbour in (deadline - timedelta(days=1), deadline + timedelta(days=1)):
            assert is_workday(neighbour), neighbour


def test_a_review_request_is_accepted_on_the_30th_day_and_refused_on_the_31st(
    city, register
):
    case = register(on=date(2024, 3, 4))
    move(case, city, Stage.ROUTED, date(2024, 3, 5), unit=city.chengguan)
    move(case, city, Stage.ACCEPTED, date(2024, 3, 8))
    move(case, city, Stage.REPLIED, date(2024, 6, 3), reply="已答复")
    with pytest.raises(IllegalTransition, match="2024年07月03日"):
        move(case, city, Stage.REVIEW, date(2024, 7, 4))
    move(case, city, Stage.REVIEW, date(2024, 7, 3))
    assert case.stage == Stage.REVIEW
