"""The demo city's quarterly reports read like real ones: about 2,500
characters, every number inside a sentence about what was done, little
repeated from one quarter to the next, no cadre named in the body."""

import re

import pytest
from django.utils import timezone

from org.models import Cadre, OrgUnit
from reports.collect import collect
from reports.compose import compose
from reports.textstats import characters, identical_share, numbers, sentences
from tracking.periods import period_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def quarters(demo_city):
    """金昌市's reports for the quarters of the demo year that are over."""
    today = timezone.localdate()
    city = OrgUnit.objects.get(code="620300")
    built = {}
    for quarter in range(1, 5):
        period = period_of(today.year, quarter)
        if period.end >= today:
            break
        figures = collect(city, period, today=today, quarter=quarter)
        built[quarter] = compose(figures, signed_on=today)
    assert len(built) >= 2, "the demo year needs two finished quarters"
    return built


def test_a_city_quarter_reads_at_the_density_of_a_real_report(quarters):
    for quarter, report in quarters.items():
        assert 1800 <= characters(report) <= 3500, (quarter, characters(report))
        # Far fewer figures than characters: numbers sit in sentences.
        assert numbers(report) * 12 <= characters(report), quarter
        for sentence in sentences(report):
            # 12345 is the hotline's name, not a figure.
            figures = re.findall(r"\d+(?:\.\d+)?", sentence.replace("12345", ""))
            digits = sum(len(n) for n in figures)
            assert digits <= 0.3 * len(sentence), sentence


def next_steps(report) -> str:
    texts = [p.text for p in report.paragraphs]
    return texts[texts.index("七、下一步工作打算") + 1]


def test_consecutive_quarters_share_few_sentences(quarters):
    ordered = sorted(quarters)
    for before, after in zip(ordered, ordered[1:], strict=False):
        share = identical_share(quarters[before], quarters[after])
        assert share <= 0.2, (before, after, share)
        steps = next_steps(quarters[after])
        assert steps and steps != next_steps(quarters[before])


def test_the_narrative_names_what_was_done(quarters):
    text = quarters[max(quarters)].plain()
    for said in (
        "县处级",
        "乡科级",
        "等主题",
        "等课题",
        "主要是",
        "典型案例",
        "现场解释答复",
        "办结率",
        "平均办理时长",
        "平均签收用时",
        "民生实事",
    ):
        assert said in text, said
    assert "1个工作日" not in text or "平均办理时长" in text


def test_no_cadre_is_named_in_the_body(quarters):
    names = set(Cadre.objects.values_list("name", flat=True))
    for report in quarters.values():
        text = report.plain()
        assert not [name for name in names if len(name) > 2 and name in text]
