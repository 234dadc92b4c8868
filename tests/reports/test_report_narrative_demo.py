"""The demo city's quarterly reports read like real ones: about 2,500
characters and 25-35 figures, every figure inside a sentence about what was
done, little repeated from one quarter to another, 存在的问题 and 下一步 of
each quarter its own, no cadre named in the body."""

import itertools
import re

import pytest
from django.utils import timezone

from org.models import Cadre, OrgUnit
from reports.collect import collect
from reports.compose import compose
from reports.textstats import characters, figures, identical_share, numbers, sentences
from tracking.periods import period_of

pytestmark = pytest.mark.django_db

# What a sentence with a figure must say was done: one of the domain's acts.
DONE = re.compile(
    "宣讲|党课|培训|调查研究|调研|发现|制定|推动|形成|解剖|剖析|推广|接访|接待|"
    "解释答复|登记|办结|化解|包案|办理|签收|走访|现场办公|解决|交办|销号|完成|"
    "推进|督办|整改|梳理|达标|落实"
)
# A bare list of counts: "12个、30项、8件" with nothing between the figures.
BARE_LIST = re.compile(r"(?:\d+(?:\.\d+)?[%个项件名次场期篇单条天户人份]*、){2,}\d+")


@pytest.fixture
def quarters(demo_city):
    """金昌市's reports for the quarters of the demo year begun by today (the
    current one as it stands today)."""
    today = timezone.localdate()
    city = OrgUnit.objects.get(code="620300")
    built = {}
    for quarter in range(1, 5):
        period = period_of(today.year, quarter)
        if period.start > today:
            break
        figures_ = collect(city, period, today=today, quarter=quarter)
        built[quarter] = compose(figures_, signed_on=min(today, period.end))
    assert len(built) >= 2, "the demo year needs two quarters"
    return built


def test_a_city_quarter_reads_at_the_density_of_a_real_report(quarters):
    for quarter, report in quarters.items():
        assert 2200 <= characters(report) <= 3200, (quarter, characters(report))
        assert numbers(report) <= 35, (quarter, numbers(report))


def test_every_figure_sits_in_a_sentence_about_what_was_done(quarters):
    for report in quarters.values():
        for sentence in sentences(report):
            if not figures(sentence):
                continue
            assert DONE.search(sentence), sentence
            assert not BARE_LIST.search(sentence), sentence
            assert len(figures(sentence)) <= 6, sentence


def section(report, heading: str) -> str:
    texts = [p.text for p in report.paragraphs]
    return texts[texts.index(heading) + 1]


def test_quarters_share_few_sentences_and_each_has_its_own_problems(quarters):
    for before, after in itertools.combinations(sorted(quarters), 2):
        share = identical_share(quarters[before], quarters[after])
        assert share <= 0.15, (before, after, share)
        for heading in ("六、存在的问题", "七、下一步工作打算"):
            assert section(quarters[after], heading) != section(
                quarters[before], heading
            ), (before, after, heading)


def test_each_quarter_names_supervision_orders_and_rectifications(quarters):
    for quarter, report in quarters.items():
        text = section(report, "五、指标要求落实情况")
        assert re.search(r"下发督办单\d+份", text), quarter
        assert "整改事项" in text, quarter


def test_the_narrative_names_what_was_done(quarters):
    text = "".join(report.plain() for report in quarters.values())
    for said in (
        "县处级",
        "乡科级",
        "等主题",
        "等课题",
        "典型案例",
        "现场解释答复",
        "包案化解",
        "办结率",
        "平均办理时长",
        "平均签收用时",
        "民生实事",
        "督办单",
        "整改事项",
    ):
        assert said in text, said


def test_no_cadre_is_named_in_the_body(quarters):
    names = set(Cadre.objects.values_list("name", flat=True))
    for report in quarters.values():
        text = report.plain()
        assert not [name for name in names if len(name) > 2 and name in text]
