"""The PDF and the .docx break any text into the same lines and pages: the
PDF's line breaker follows the rules LibreOffice applies to Chinese text
(which marks may not start or end a line, which hang past the margin, how
wide a line of mixed Chinese and Latin text is), and LibreOffice lays out
the demo city's quarterly reports, a county's and a township's in the
PDF's pages and lines. The body is set in the 仿宋 the product installs."""

import subprocess
import tempfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from org.models import OrgUnit
from reports.compose import Paragraph, ReportText
from reports.fonts import FANGSONG_OTF, prepare_fangsong
from reports.layout import CANNOT_END, CANNOT_START, HANGING
from reports.render import (
    LineStyle,
    break_lines,
    render_docx,
    render_pdf,
    report_fonts,
)
from reports.services import report_text
from tests.reports.gbt9704 import body_lines, docxs_to_pdfs, libreoffice, pdf_pages
from tracking.periods import period_of

needs_libreoffice = pytest.mark.skipif(
    libreoffice() is None, reason="LibreOffice 未安装"
)


def lines_of(text: str) -> list[str]:
    """A body paragraph's lines (first line indented two characters)."""
    style = LineStyle(report_fonts().body)
    return [line.text for line in break_lines(text, style)]


def test_a_comma_after_a_full_line_of_chinese_hangs_past_the_margin():
    assert lines_of("一" * 26 + "，二") == ["一" * 26 + "，", "二"]
    assert lines_of("一" * 26 + "）二") == ["一" * 25, "一）二"]


def test_after_latin_text_the_word_and_its_mark_go_down_together():
    # "1.5%" fits the line, "，" would hang after it: LibreOffice breaks
    # before the number instead.
    lines = lines_of("三" + "一1.5%，" * 6 + "二")
    assert lines[0] == "三" + "一1.5%，" * 5 + "一"
    assert lines[1].startswith("1.5%，")


def test_marks_libreoffice_lets_start_a_line_may_start_one():
    for mark in "…—%":
        assert lines_of("一" * 26 + mark + "二") == ["一" * 26, mark + "二"]
    for mark in "（“":
        assert lines_of("一" * 25 + mark + "二二") == ["一" * 25, mark + "二二"]


def visible(line: str) -> str:
    """A line without a mark hanging at its end: LibreOffice breaks the line
    after the mark but does not always draw it."""
    return line.rstrip(HANGING)


def compare(ours: bytes, theirs: bytes) -> None:
    """Same pages, same lines on each page, the same characters on each line
    (a hanging mark aside)."""
    our_pages, their_pages = pdf_pages(ours), pdf_pages(theirs)
    assert [len(body_lines(p)) for p in their_pages] == [
        len(body_lines(p)) for p in our_pages
    ]
    for our_page, their_page in zip(our_pages, their_pages, strict=True):
        assert [visible(line.text) for line in body_lines(their_page)] == [
            visible(line.text) for line in body_lines(our_page)
        ]


@needs_libreoffice
def test_libreoffice_breaks_every_mark_and_mixed_run_where_the_pdf_does():
    """Each mark at the edge of a full line (the last cell, one past it),
    and runs of marks, numbers and Latin letters at each place near it."""
    marks = sorted(set(CANNOT_START + CANNOT_END + HANGING + "…—%·/&*+=_"))
    runs = ["。”", "”。", "，“", "）。", "……", "——", "98.5%", "2024年", "abc"]
    runs += ["“四下基层”", "12345热线", "A级", "1.5%，", "79.7%，其中"]
    paragraphs = [
        Paragraph("body", "一" * before + run + "二" * 8)
        for run in marks + runs
        for before in (23, 24, 25, 26, 27)
    ]
    text = ReportText(title="断行", paragraphs=paragraphs, signature="")
    (converted,) = docxs_to_pdfs([render_docx(text)])
    compare(render_pdf(text)[0], converted)


def finished_quarters(today: date, count: int) -> list[tuple[int, int]]:
    """The last `count` quarters over by `today`, oldest first."""
    quarters = []
    day = today
    while len(quarters) < count:
        year, quarter = day.year, (day.month - 1) // 3 + 1
        period = period_of(year, quarter)
        if period.end < today:
            quarters.insert(0, (year, quarter))
        day = period.start - timedelta(days=1)
    return quarters


@needs_libreoffice
@pytest.mark.django_db
def test_libreoffice_lays_the_demo_reports_out_in_the_pdfs_pages_and_lines(
    demo_city,
):
    """The demo city's last four quarters (its richest text), a county's and
    a township's last quarter."""
    today = timezone.localdate()
    quarters = finished_quarters(today, 4)
    units = [("620300", year, quarter) for year, quarter in quarters]
    units += [("620321", *quarters[-1]), ("620321100", *quarters[-1])]
    texts = [
        report_text(OrgUnit.objects.get(code=code), year, quarter, today=today)
        for code, year, quarter in units
    ]
    converted = docxs_to_pdfs([render_docx(text) for text in texts])
    for text, theirs in zip(texts, converted, strict=True):
        ours = render_pdf(text)[0]
        assert len(pdf_pages(ours)) >= 2  # more than a page of text
        compare(ours, theirs)


def pdffonts(pdf: bytes) -> dict[str, str]:
    """pdffonts' table: each font's name (subset prefix dropped) → emb."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.pdf"
        path.write_bytes(pdf)
        table = subprocess.run(
            ["pdffonts", str(path)], check=True, capture_output=True, text=True
        ).stdout
    fonts = {}
    for row in table.splitlines()[2:]:
        name, *rest = row.split()
        fonts[name.split("+")[-1]] = rest[-5]
    return fonts


@pytest.mark.skipif(
    not FANGSONG_OTF.exists(), reason="texlive-lang-chinese 未安装（FandolFang）"
)
def test_the_body_is_set_in_the_installed_fangsong_embedded():
    path, _ = prepare_fangsong()
    assert path is not None and path.suffix == ".ttf"
    text = ReportText(
        title="关于测试字体的报告",
        paragraphs=[
            Paragraph("heading", "一、总体情况"),
            Paragraph("body", "开展宣讲42场次，办结率98.5%。"),
        ],
        signature="中共金川区委办公室",
        signed_on=date(2025, 1, 6),
    )
    fonts = pdffonts(render_pdf(text)[0])
    assert fonts["FandolFang-Regular"] == "yes"  # 仿宋: body, signature, date
    assert fonts["WenQuanYiZenHei-0"] == "yes"  # 黑体: the heading
    if libreoffice() is not None:
        (converted,) = docxs_to_pdfs([render_docx(text)])
        # LibreOffice resolves 仿宋_GB2312 to the same face.
        assert "FandolFang-Regular" in pdffonts(converted)
