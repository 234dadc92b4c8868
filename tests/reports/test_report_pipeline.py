"""The report pipeline: compose on hand-made figures, render PDF and DOCX."""

import re
import subprocess
from dataclasses import replace
from datetime import date
from io import BytesIO

import pytest
from docx import Document
from PIL import Image
from pypdf import PdfReader

from activities.selectors import ActivityFigures
from petitions.selectors import PetitionFigures
from reports.collect import Figures, Shortfall
from reports.compose import compose
from reports.render import CANNOT_START, MARGINS, render_docx, render_pdf
from research.selectors import ResearchFigures
from tests.reports.gbt9704 import body_lines, pdf_pages
from tracking.periods import period_of

BLANKS = ["达人次", "名…开展", "{", "}", "None", "nan", "（）", "，，", "，。"]
ZERO_CLAIM = re.compile(r"(?<![\d.])0(个|次|件|天|名|项|场|期|单|户|条|人次)")


def figures(**overrides) -> Figures:
    policy = {
        "lectures": 6,
        "party_lectures": 2,
        "trainings": 1,
        "audience": 1234,
        "audience_party": 300,
        "policy_places": 9,
        "onsite": 224,
        "onsite_townships": 6,
        "onsite_villages": 131,
        "households": 800,
        "problems_raised": 20,
        "problems_solved": 9,
        "suggestions": 90,
        "handed_over": 4,
        "handed_over_closed": 3,
        "top_places": ["金川西村", "河西堡村"],
        "liaison_contacts": 5,
        "liaison_site_visits": 2,
        "livelihood_items": 3,
        "livelihood_closed": 1,
    }
    research = {
        "topics": 4,
        "trips": 6,
        "research_days": 75,
        "researchers": 3,
        "findings": 13,
        "measures": 24,
        "measures_closed": 10,
        "conversions": 8,
        "conversion_titles": ["涉企服务首问负责制度"],
        "reports": 2,
    }
    petitions = {
        "reception_days": 12,
        "reception_leaders": 5,
        "visitors": 40,
        "cases": 27,
        "cases_handled": 27,
        "cases_closed": 20,
        "backlog_resolved": 2,
        "hotline_orders": 27,
        "hotline_counted": 27,
        "hotline_resolved": 27,
        "hotline_responded": 27,
        "hotline_evaluated": 27,
        "response_rate": 100.0,
        "resolve_rate": 100.0,
        "satisfaction_rate": 96.3,
    }
    for section in (policy, research, petitions):
        for key in list(section):
            if key in overrides:
                section[key] = overrides.pop(key)
    activities = ActivityFigures(**policy)
    return Figures(
        unit="金川区",
        period=period_of(2024, 4),
        year=2024,
        quarter=4,
        policy=activities,
        onsite=activities,
        research=ResearchFigures(**research),
        petitions=PetitionFigures(**petitions),
        rules_met=15,
        rules_total=17,
        shortfalls=[Shortfall("每月至少接访1天", 3, 20, ["张三", "李四"])],
        overdue={"调研解决措施": 2},
        **overrides,
    )


def text_of(f: Figures) -> str:
    return compose(f, signed_on=date(2025, 1, 6)).plain()


def test_each_figure_appears_with_its_count():
    text = text_of(figures())
    assert text.startswith("关于金川区2024年第四季度落实“四下基层”开展情况的报告\n")
    assert "现将有关情况汇报如下：" in text
    # The figures a real report states, each inside its sentence; the rest
    # (measures, research days, suggestions, households…) stay in the
    # ledgers and on the dashboard.
    for claim in [
        "深入基层开展政策宣讲6场次，受教育党员群众1234人次",
        "领导干部讲授专题党课2次",
        "面向基层举办培训班1期",
        "深入基层调查研究6次",
        "调研发现问题13个，逐项制定解决措施",
        "形成《涉企服务首问负责制度》等制度成果",
        "累计接访12天次，接待群众40人次",
        "登记信访事项27件",
        "办理12345工单27单",
        "满意率96.3%",
        "深入金川西村、河西堡村等基层一线开展现场办公224次",
        "当场解决群众急难愁盼问题9个",
        "“每月至少接访1天”要求尚未全面达标，涉及领导干部3人次",
        "逾期未办结，主要集中在调研解决措施",
    ]:
        assert claim in text, claim
    for heading in ["一、", "二、", "三、", "四、", "五、", "六、", "七、"]:
        assert f"\n{heading}" in text
    assert "一是" in text and "二是" in text


def test_zero_figures_leave_no_blank_and_no_zero_claims():
    zeros = {
        key: 0
        for key in [
            "lectures",
            "party_lectures",
            "trainings",
            "audience",
            "policy_places",
            "topics",
            "trips",
            "research_days",
            "findings",
            "measures",
            "measures_closed",
            "conversions",
            "reports",
            "reception_days",
            "visitors",
            "cases",
            "backlog_resolved",
            "hotline_orders",
            "hotline_counted",
            "onsite",
            "handed_over",
            "liaison_contacts",
            "livelihood_items",
        ]
    }
    text = text_of(
        figures(**zeros, response_rate=None, resolve_rate=None, satisfaction_rate=None)
    )
    for blank in BLANKS:
        assert blank not in text, blank
    assert not ZERO_CLAIM.search(text), ZERO_CLAIM.search(text)
    assert "本期未开展宣讲、专题党课和培训活动。" in text
    assert "本期未开展调查研究。" in text


@pytest.mark.parametrize("quarter", [1, 2, 3, 4])
def test_no_placeholder_survives_and_phrasing_follows_the_data(quarter):
    f = figures()
    f.quarter = quarter
    f.period = period_of(2024, quarter)
    text = text_of(f)
    assert not re.search(r"\{|\}|None|达人次|名…", text)
    assert not ZERO_CLAIM.search(text)
    # The quarter's number alone changes no sentence frame; the data does.
    renumbered = figures()
    renumbered.quarter, renumbered.period = quarter % 4 + 1, f.period
    assert text_of(renumbered) == text
    themed = figures()
    themed.policy = replace(themed.policy, lecture_themes=["乡村振兴政策"])
    themed.quarter, themed.period = f.quarter, f.period
    assert "围绕“乡村振兴政策”等主题" in text_of(themed)


@pytest.fixture(scope="module")
def report():
    return compose(figures(), signed_on=date(2025, 1, 6))


@pytest.fixture(scope="module")
def pdf(report):
    content, warnings = render_pdf(report)
    assert warnings == []
    return content


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_pdf_text_equals_the_composed_text(report, pdf):
    reader = PdfReader(BytesIO(pdf))
    extracted = "".join(page.extract_text() for page in reader.pages)
    extracted = re.sub(r"—\d+—", "", _squash(extracted))
    assert extracted == _squash(report.plain())


def test_no_line_starts_with_a_closing_punctuation_mark(pdf):
    lines = [line.text for page in pdf_pages(pdf) for line in body_lines(page)]
    assert len(lines) > 20
    assert not [line for line in lines if line[0] in CANNOT_START]


def test_pdf_fonts_are_embedded_truetype(pdf):
    reader = PdfReader(BytesIO(pdf))
    fonts = {}
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            fonts[font["/BaseFont"]] = (
                descriptor is not None and "/FontFile2" in descriptor.get_object()
            )
    assert fonts and all(fonts.values()), fonts
    assert any("WenQuanYi" in name for name in fonts)  # 黑体 role for headings


def test_pdf_is_a4_with_the_gbt9704_margins(pdf):
    reader = PdfReader(BytesIO(pdf))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    xs = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            xs.append(cm[4] + tm[4])

    reader.pages[0].extract_text(visitor_text=visit)
    assert round(min(xs) / 2.8346) in range(27, 32)  # body starts at the 28 mm margin
    assert MARGINS["top"] == pytest.approx(37 * 2.8346, rel=0.01)


def test_docx_holds_the_same_paragraphs(report):
    document = Document(BytesIO(render_docx(report)))
    paragraphs = [p.text.replace("\n", "") for p in document.paragraphs if p.text]
    assert paragraphs == [
        report.title,
        *(p.text for p in report.paragraphs),
        report.date_text,
    ]
    assert document.sections[0].left_margin.mm == pytest.approx(28, abs=0.1)


def test_first_page_renders_to_a_non_blank_png(pdf, tmp_path):

    source = tmp_path / "report.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "40",
            "-f",
            "1",
            "-l",
            "1",
            str(source),
            str(tmp_path / "page"),
        ],
        check=True,
    )
    image = Image.open(next(tmp_path.glob("page*.png"))).convert("L")
    histogram = image.histogram()  # 256 grey levels
    dark = sum(histogram[:128])
    assert dark > 500


def test_rare_characters_missing_from_the_font_are_reported():
    f = figures()
    f.unit = "𬬻县"  # a rare character outside the 宋 font
    content, warnings = render_pdf(compose(f, signed_on=date(2025, 1, 6)))
    assert any("𬬻" in w for w in warnings)
