"""The 公文 layout of GB/T 9704-2012, measured on the PDF as a reader sees it
(`pdftotext -bbox`): 22 lines × 28 characters in the 156 × 225 mm text area,
page numbers, headings kept with their text, the signature over the date,
the annex on a page of its own."""

from datetime import date

import pytest

from reports.compose import Paragraph, ReportText, compose
from reports.layout import CHAR_PITCH, MARGINS, PAGE_HEIGHT, TEXT_WIDTH
from reports.render import render_pdf
from tests.reports.gbt9704 import PT_PER_MM, body_lines, page_numbers, pdf_pages
from tests.reports.test_report_pipeline import figures

LEFT, RIGHT = MARGINS["left"], MARGINS["left"] + TEXT_WIDTH
TOP, BOTTOM = MARGINS["top"], PAGE_HEIGHT - MARGINS["bottom"]  # from the top
# A paragraph of full-width text only: every full line holds 28 characters.
HAN = "宣传政策调查研究信访接待现场办公推动解决群众急难愁盼问题"


def pages_of(report: ReportText) -> list:
    content, warnings = render_pdf(report)
    assert warnings == []
    return pdf_pages(content)


def long_report(paragraphs: int = 8, **extra) -> ReportText:
    return ReportText(
        title="关于测试版面的报告",
        # 10 full lines each: 26 characters after the indent, then 9 × 28.
        paragraphs=[Paragraph("body", HAN[:26] + HAN * 9) for _ in range(paragraphs)],
        signature="中共金川区委办公室",
        signed_on=date(2025, 1, 6),
        **extra,
    )


def test_a_full_page_holds_22_lines_of_28_characters_in_the_text_area():
    pages = pages_of(long_report())
    assert len(pages) >= 3
    full = body_lines(pages[1])  # a page of body text only
    assert len(full) == 22
    widths = [len(line.text) for line in full]
    assert widths.count(28) >= 19 and max(widths) == 28
    for line in full:
        assert line.x_min >= LEFT - 0.5
        if len(line.text) == 28:  # a full line spans the text area
            assert (line.x_max - line.x_min) / PT_PER_MM == pytest.approx(156, abs=1)
    assert full[0].y_min >= TOP - 1 and full[-1].y_max <= BOTTOM + 1
    # 22 lines evenly over the 225 mm: the pitch is 225 / 22 mm.
    pitch = (full[-1].y_min - full[0].y_min) / 21
    assert pitch / PT_PER_MM == pytest.approx(225 / 22, abs=0.05)


def test_page_numbers_are_4hao_with_dashes_odd_right_even_left_7mm_below():
    pages = pages_of(long_report())
    for number, page in enumerate(pages, start=1):
        (line,) = page_numbers(page)
        assert line.text.replace(" ", "") == f"—{number}—"
        assert line.y_max - line.y_min == pytest.approx(14, abs=0.5)  # 4号
        # The number line's top 7 mm below the text area's bottom edge.
        assert (line.y_min - BOTTOM) / PT_PER_MM == pytest.approx(7, abs=1)
        if number % 2:
            assert line.x_max == pytest.approx(RIGHT - 14, abs=1)  # 空一字
        else:
            assert line.x_min == pytest.approx(LEFT + 14, abs=1)


def test_a_heading_is_never_alone_at_the_foot_of_a_page():
    # Title (1 line), a blank line, then 20 lines of text: the heading would
    # fall on the page's 22nd and last line.
    report = long_report(paragraphs=0)
    first = HAN[:26] + HAN * 19
    report.paragraphs = [
        Paragraph("body", first[: 26 + 19 * 28]),
        Paragraph("heading", "一、不能孤悬页尾的标题"),
        Paragraph("body", HAN * 3),
        Paragraph("body", HAN),
    ]
    pages = pages_of(report)
    page_one, page_two = body_lines(pages[0]), body_lines(pages[1])
    assert len(page_one) == 21  # the title and 20 lines: one line left empty
    assert page_one[-1].text != "一、不能孤悬页尾的标题"
    assert page_two[0].text == "一、不能孤悬页尾的标题"


def test_the_same_report_with_one_line_less_keeps_the_heading_on_the_page():
    report = long_report(paragraphs=0)
    report.paragraphs = [
        Paragraph("body", (HAN[:26] + HAN * 19)[: 26 + 17 * 28]),  # 18 lines
        Paragraph("heading", "一、标题"),
        Paragraph("body", HAN * 3),
        Paragraph("body", HAN),
    ]
    page_one = body_lines(pages_of(report)[0])
    assert page_one[-2].text == "一、标题"  # with the first line of its text


def test_signature_is_centred_over_the_date_set_four_characters_in():
    report = compose(
        figures(), signed_on=date(2025, 1, 6), signature="中共金川区委办公室"
    )
    last = body_lines(pages_of(report)[-1])
    signature, day = last[-2], last[-1]
    assert (signature.text, day.text) == ("中共金川区委办公室", "2025年1月6日")
    assert day.x_max == pytest.approx(RIGHT - 4 * CHAR_PITCH, abs=1.5)
    centre = (day.x_min + day.x_max) / 2
    assert (signature.x_min + signature.x_max) / 2 == pytest.approx(centre, abs=1.5)
    assert day.y_min - signature.y_min == pytest.approx(225 / 22 * PT_PER_MM, abs=1)
    # The signature never stands alone: the text's last line is on its page.
    assert last[-3].text.endswith("。")


def test_the_annex_is_a_table_on_a_page_of_its_own():
    report = compose(
        figures(),
        signed_on=date(2025, 1, 6),
        signature="中共金川区委办公室",
        annex=True,
    )
    pages = pages_of(report)
    signed = next(
        i for i, p in enumerate(pages) if any("2025年1月6日" == line.text for line in p)
    )
    annex = body_lines(pages[-1])
    assert signed < len(pages) - 1
    assert annex[0].text == "附件" and annex[0].x_min == pytest.approx(LEFT, abs=1)
    assert annex[1].text == "未达标人员名单"
    assert any(
        "每月至少接访1天" in line.text and "张三、李四" in line.text for line in annex
    )
    # 附件说明 under the text, before the signature (7.3.4).
    notes = [line.text for line in body_lines(pages[signed])]
    assert "附件：未达标人员名单" in notes
    assert notes.index("附件：未达标人员名单") < notes.index("中共金川区委办公室")


def test_a_title_too_long_for_one_line_is_cut_into_balanced_lines():
    report = long_report(paragraphs=1)
    report.title = "关于金川区2024年第四季度落实“四下基层”开展情况的报告"
    lines = body_lines(pages_of(report)[0])[:2]
    assert "".join(line.text for line in lines) == report.title
    assert abs(len(lines[0].text) - len(lines[1].text)) <= 3
    # centred: equal space left and right
    for line in lines:
        assert line.x_min - LEFT == pytest.approx(RIGHT - line.x_max, abs=2)
