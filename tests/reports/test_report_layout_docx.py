"""The .docx on the same GB/T 9704 page as the PDF: exact line pitch, no
paragraph spacing, a document grid, PAGE-field footers odd right / even left,
fonts with East Asian names and fallbacks, real metadata; LibreOffice lays it
out in as many pages and lines as the product's PDF."""

import json
import zipfile
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from django.utils import timezone
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from lxml import etree

from reports.compose import Paragraph, ReportText, compose
from reports.layout import CANNOT_END, CANNOT_START, LINE_PITCH_TWIPS
from reports.render import render_docx, render_pdf
from tests.reports.gbt9704 import (
    body_lines,
    docx_to_pdf,
    font_names,
    libreoffice,
    pdf_pages,
)
from tests.reports.test_report_pipeline import figures

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def report(**overrides) -> ReportText:
    text = compose(
        figures(), signed_on=date(2025, 1, 6), signature="中共金川区委办公室"
    )
    for key, value in overrides.items():
        setattr(text, key, value)
    return text


def xml(docx: bytes, name: str):
    with zipfile.ZipFile(BytesIO(docx)) as archive:
        return etree.fromstring(archive.read(name))


def test_every_paragraph_is_on_the_line_grid_without_paragraph_spacing():
    content = render_docx(report())
    styles = xml(content, "word/styles.xml")
    spacing = styles.find(f"{W}docDefaults/{W}pPrDefault/{W}pPr/{W}spacing")
    assert spacing.get(f"{W}line") == str(LINE_PITCH_TWIPS) == "579"
    assert spacing.get(f"{W}lineRule") == "exact"
    assert spacing.get(f"{W}before") == spacing.get(f"{W}after") == "0"
    document = xml(content, "word/document.xml")
    grid = document.find(f"{W}body/{W}sectPr/{W}docGrid")
    assert grid.get(f"{W}type") == "lines" and grid.get(f"{W}linePitch") == "579"
    # No paragraph overrides the spacing; body runs are 0.25 pt tight.
    assert not document.findall(f".//{W}p/{W}pPr/{W}spacing")
    body_runs = [
        r
        for r in document.iter(f"{W}r")
        if r.find(f"{W}rPr/{W}sz") is not None
        and r.find(f"{W}rPr/{W}sz").get(f"{W}val") == "32"
    ]
    assert body_runs
    assert {r.find(f"{W}rPr/{W}spacing").get(f"{W}val") for r in body_runs} == {"-5"}


def test_line_breaking_is_declared_as_the_pdf_breaks_lines():
    """Word gets the PDF's lists of marks that may not start or end a line;
    whether marks hang is left to both word processors' default (hanging),
    which the PDF follows: LibreOffice reads w:overflowPunct inverted."""
    content = render_docx(report())
    settings = xml(content, "word/settings.xml")
    before = settings.find(f"{W}noLineBreaksBefore")
    after = settings.find(f"{W}noLineBreaksAfter")
    assert before.get(f"{W}lang") == after.get(f"{W}lang") == "zh-CN"
    assert before.get(f"{W}val") == CANNOT_START and "，" in CANNOT_START
    assert after.get(f"{W}val") == CANNOT_END and "“" in CANNOT_END
    names = [child.tag for child in settings]
    assert names.index(f"{W}noLineBreaksAfter") < names.index(f"{W}noLineBreaksBefore")
    for part in ("word/styles.xml", "word/document.xml"):
        assert not list(xml(content, part).iter(f"{W}overflowPunct"))


def test_page_numbers_are_page_fields_odd_right_even_left():
    content = render_docx(report())
    document = Document(BytesIO(content))
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    assert odd.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert even.alignment == WD_ALIGN_PARAGRAPH.LEFT
    for footer in (odd, even):
        instructions = "".join(t.text for t in footer._p.iter(f"{W}instrText"))
        assert instructions.strip() == "PAGE"
        assert footer.text.startswith("— ") and footer.text.endswith(" —")
        assert footer.runs[0].font.size.pt == 14  # 4号
    # The number line's top 7 mm below the 35 mm bottom margin.
    assert section.footer_distance.mm + 14 / 72 * 25.4 == pytest.approx(28, abs=0.2)


def test_fonts_carry_east_asian_names_and_fallbacks():
    content = render_docx(report())
    document = xml(content, "word/document.xml")
    names = {f.get(f"{W}eastAsia") for f in document.iter(f"{W}rFonts")}
    assert {"方正小标宋简体", "仿宋_GB2312", "黑体"} <= names
    table = xml(content, "word/fontTable.xml")
    alternatives = {
        font.get(f"{W}name"): font.find(f"{W}altName").get(f"{W}val")
        for font in table.findall(f"{W}font")
        if font.find(f"{W}altName") is not None
    }
    assert alternatives["仿宋_GB2312"] == "仿宋"
    assert alternatives["楷体_GB2312"] == "楷体"
    assert alternatives["黑体"] == "SimHei"


def test_a_level_2_heading_renders_in_kaiti():
    text = report()
    text.paragraphs.insert(2, Paragraph("sub_heading", "（一）二级标题"))
    document = Document(BytesIO(render_docx(text)))
    (heading,) = [p for p in document.paragraphs if p.text == "（一）二级标题"]
    fonts = heading.runs[0]._element.rPr.rFonts
    assert fonts.get(f"{W}eastAsia") == "楷体_GB2312"


def test_metadata_names_the_issuing_body_and_today():
    before = timezone.now().replace(microsecond=0)
    properties = Document(BytesIO(render_docx(report()))).core_properties
    assert properties.author == "中共金川区委办公室"
    assert properties.title == "关于金川区2024年第四季度落实“四下基层”开展情况的报告"
    assert properties.created >= before and properties.created.year > 2013
    assert "python-docx" not in (properties.last_modified_by, properties.comments)


def stored_report() -> ReportText:
    """A county's quarterly report as the pipeline wrote it (hand-made
    figures), kept as data so the comparison does not move with the wording."""
    data = json.loads(
        (Path(__file__).parent / "data" / "report_2024q4.json").read_text()
    )
    return ReportText(
        title=data["title"],
        paragraphs=[Paragraph(p["style"], p["text"]) for p in data["paragraphs"]],
        signature=data["signature"],
        signed_on=date.fromisoformat(data["signed_on"]),
    )


@pytest.mark.skipif(libreoffice() is None, reason="LibreOffice 未安装")
@pytest.mark.parametrize("paragraphs", [None, 1], ids=["report", "one-paragraph"])
def test_libreoffice_lays_the_docx_out_in_the_pdfs_pages_and_lines(paragraphs):
    text = stored_report()
    if paragraphs:
        text.paragraphs = text.paragraphs[:paragraphs]
    ours = pdf_pages(render_pdf(text)[0])
    converted = docx_to_pdf(render_docx(text))
    theirs = pdf_pages(converted)
    assert len(theirs) == len(ours)
    assert [len(body_lines(p)) for p in theirs] == [len(body_lines(p)) for p in ours]
    # LibreOffice found the installed faces, not one sans face for all:
    # 宋 (AR PL SungtiL GB) for the title, 黑 (WenQuanYi) for headings (the
    # body's 仿宋: tests/reports/test_report_layout_parity.py).
    faces = {"BousungEG-Light-GB"}
    if any(p.style == "heading" for p in text.paragraphs):
        faces.add("WenQuanYiZenHei")
    assert faces <= font_names(converted)
    last = body_lines(theirs[-1])
    assert [line.text for line in last[-2:]] == ["中共金川区委办公室", "2025年1月6日"]


def test_the_annex_is_a_table_on_a_new_page_after_the_signature():
    text = compose(
        figures(),
        signed_on=date(2025, 1, 6),
        signature="中共金川区委办公室",
        annex=True,
    )
    document = Document(BytesIO(render_docx(text)))
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts.index("附件：未达标人员名单") < texts.index("中共金川区委办公室")
    (label,) = [p for p in document.paragraphs if p.text == "附件"]
    assert label.paragraph_format.page_break_before
    assert texts.index("附件") > texts.index("2025年1月6日")
    (table,) = document.tables
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows == [
        ["序号", "指标要求", "未达标对象"],
        ["1", "每月至少接访1天", "张三、李四"],
    ]
