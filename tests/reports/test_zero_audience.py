"""A report built from real records where lectures were held but no audience
was recorded: the lectures are counted, the audience clause is left out, and
no blank or zero claim is left in the text."""

import re
from datetime import date

import pytest

from reports.collect import collect
from reports.compose import compose
from tests.factories import ActivityFactory
from tracking.periods import period_of

pytestmark = pytest.mark.django_db
BLANKS = ["达人次", "群众人次", "{", "}", "None", "nan", "（）", "，，", "，。"]
ZERO_CLAIM = re.compile(r"(?<![\d.])0(个|次|件|天|名|项|场|期|单|户|条|人次)")


def test_lectures_without_an_audience_leave_no_blank(city):
    cadre = city.users.cadre.cadre
    ActivityFactory(
        cadre=cadre,
        kind="lecture",
        start_date=date(2024, 5, 6),
        places=[city.yc_village],
    )
    ActivityFactory(
        cadre=cadre,
        kind="lecture",
        start_date=date(2024, 6, 3),
        places=[city.yc_village],
        audience_party_members=0,
        audience_public=0,
        audience_total=0,
    )
    figures = collect(
        city.yongchang, period_of(2024, 2), today=date(2024, 7, 10), quarter=2
    )
    assert (figures.policy.lectures, figures.policy.audience) == (2, 0)
    text = compose(figures, signed_on=date(2024, 7, 10)).plain()
    assert "宣讲2场次" in text
    assert "受教育" not in text
    for blank in BLANKS:
        assert blank not in text, blank
    assert not ZERO_CLAIM.search(text), ZERO_CLAIM.search(text)
