"""Render: the composed report → PDF bytes in the 公文 layout of GB/T 9704-2012
(reportlab), and → .docx bytes (python-docx).

Fonts are real TrueType files embedded (as subsets) in the PDF: 黑体 role from
WenQuanYi Zen Hei, 宋/小标宋 role from AR PL SungtiL GB, 楷体 role from AR PL
KaitiM GB (Debian packages). No free simplified 仿宋 exists in the registries,
so the body uses the 宋 font unless REPORT_FANGSONG_FONT names a licensed
仿宋_GB2312 TrueType file. Without the TrueType files the product falls back to
reportlab's built-in STSong-Light (not embedded) and says so.
"""

import logging
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from django.conf import settings
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from reportlab.lib import textsplit
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from ui.text import strip_controls

from .compose import ReportText

logger = logging.getLogger(__name__)

# GB/T 9704-2012: A4, margins top 37, bottom 35, left 28, right 26 (mm).
MARGINS = {"top": 37 * mm, "bottom": 35 * mm, "left": 28 * mm, "right": 26 * mm}
BODY_SIZE = 16  # 3号
TITLE_SIZE = 22  # 2号
LINES_PER_PAGE = 22
BODY_LEADING = (A4[1] - MARGINS["top"] - MARGINS["bottom"]) / LINES_PER_PAGE

# Characters that may not start a line in Chinese typesetting; reportlab's own
# list lacks the full-width comma and friends.
CANNOT_START = "，。、；：？！）》」』”’…—%"
for _char in CANNOT_START:
    if _char not in textsplit.ALL_CANNOT_START:
        textsplit.ALL_CANNOT_START += _char

DEFAULT_FONTS = {
    "hei": ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    "song": ("/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf", None),
    "kai": ("/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf", None),
}


@dataclass(frozen=True)
class Fonts:
    title: str
    body: str
    heading: str
    sub_heading: str
    embedded: bool
    warning: str = ""


def _register(name: str, path: str, index) -> bool:
    if name in pdfmetrics.getRegisteredFontNames():
        return True
    if not Path(path).exists():
        return False
    kwargs = {"subfontIndex": index} if index is not None else {}
    pdfmetrics.registerFont(TTFont(name, path, **kwargs))
    return True


def report_fonts() -> Fonts:
    """Register the report fonts; fall back to STSong-Light with a warning."""
    paths = {**DEFAULT_FONTS, **getattr(settings, "REPORT_FONTS", {})}
    ok = all(
        _register(f"sx-{role}", path, index) for role, (path, index) in paths.items()
    )
    fangsong = getattr(settings, "REPORT_FANGSONG_FONT", "")
    body = "sx-song"
    if ok and fangsong and _register("sx-fangsong", fangsong, None):
        body = "sx-fangsong"
    if ok:
        return Fonts("sx-song", body, "sx-hei", "sx-kai", embedded=True)
    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    warning = (
        "未找到可嵌入的中文TrueType字体（请安装 fonts-wqy-zenhei、fonts-arphic-gbsn00lp、"
        "fonts-arphic-gkai00mp），已改用内置的 STSong-Light，PDF 在缺少该字体的电脑上可能无法正常显示。"
    )
    logger.warning(warning)
    return Fonts(
        "STSong-Light", "STSong-Light", "STSong-Light", "STSong-Light", False, warning
    )


def missing_characters(text: str, font_name: str) -> set[str]:
    """Characters of `text` the font cannot draw (rare characters, 生僻字)."""
    font = pdfmetrics.getFont(font_name)
    face = getattr(font, "face", None)
    char_widths = getattr(face, "charToGlyph", None)
    if char_widths is None:
        return set()
    return {ch for ch in set(text) if not ch.isspace() and ord(ch) not in char_widths}


def _styles(fonts: Fonts) -> dict[str, ParagraphStyle]:
    common = {"wordWrap": "CJK", "leading": BODY_LEADING}
    return {
        "title": ParagraphStyle(
            "title",
            fontName=fonts.title,
            fontSize=TITLE_SIZE,
            alignment=TA_CENTER,
            spaceAfter=BODY_LEADING,
            **{**common, "leading": TITLE_SIZE * 1.5},
        ),
        "body": ParagraphStyle(
            "body",
            fontName=fonts.body,
            fontSize=BODY_SIZE,
            firstLineIndent=2 * BODY_SIZE,
            alignment=TA_JUSTIFY,
            **common,
        ),
        "heading": ParagraphStyle(
            "heading",
            fontName=fonts.heading,
            fontSize=BODY_SIZE,
            firstLineIndent=2 * BODY_SIZE,
            **common,
        ),
        "sub_heading": ParagraphStyle(
            "sub_heading",
            fontName=fonts.sub_heading,
            fontSize=BODY_SIZE,
            firstLineIndent=2 * BODY_SIZE,
            **common,
        ),
        "signature": ParagraphStyle(
            "signature",
            fontName=fonts.body,
            fontSize=BODY_SIZE,
            alignment=TA_RIGHT,
            rightIndent=4 * BODY_SIZE,
            **common,
        ),
    }


def _escape(text: str) -> str:
    text = strip_controls(text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render_pdf(report: ReportText) -> tuple[bytes, list[str]]:
    """The PDF bytes and the warnings (fallback font, characters missing)."""
    fonts = report_fonts()
    styles = _styles(fonts)
    warnings = [fonts.warning] if fonts.warning else []
    if fonts.embedded:
        missing = missing_characters(report.plain(), fonts.body)
        if missing:
            warnings.append(
                f"字体缺少以下字符，PDF中将无法显示：{''.join(sorted(missing))}"
            )
    buffer = BytesIO()

    def page_number(canvas, doc):
        canvas.saveState()
        canvas.setFont(fonts.body, 14)
        canvas.drawCentredString(
            A4[0] / 2, MARGINS["bottom"] - 14 * mm, f"— {doc.page} —"
        )
        canvas.restoreState()

    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        topMargin=MARGINS["top"],
        bottomMargin=MARGINS["bottom"],
        leftMargin=MARGINS["left"],
        rightMargin=MARGINS["right"],
        title=report.title,
        author="四下基层工作管理系统",
        # Otherwise the canvas starts in Helvetica, a font named but not embedded.
        initialFontName=fonts.body,
        initialFontSize=BODY_SIZE,
    )
    story = [Paragraph(_escape(report.title), styles["title"])]
    spaced = False
    for paragraph in report.paragraphs:
        if paragraph.style == "signature" and not spaced:
            story.append(Spacer(1, BODY_LEADING))  # a blank line before the signature
            spaced = True
        story.append(Paragraph(_escape(paragraph.text), styles[paragraph.style]))
    doc.build(story, onFirstPage=page_number, onLaterPages=page_number)
    return buffer.getvalue(), warnings


def render_docx(report: ReportText) -> bytes:
    """An editable Word file with the same paragraphs and the same font roles."""

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    fonts = {
        "title": "方正小标宋简体",
        "body": "仿宋_GB2312",
        "heading": "黑体",
        "signature": "仿宋_GB2312",
    }

    def add(text: str, style: str) -> None:
        paragraph = document.add_paragraph()
        run = paragraph.add_run(strip_controls(text))
        run.font.size = Pt(TITLE_SIZE if style == "title" else BODY_SIZE)
        run.font.name = fonts[style]
        run._element.rPr.rFonts.set(qn("w:eastAsia"), fonts[style])
        if style == "title":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif style == "signature":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        else:
            paragraph.paragraph_format.first_line_indent = Pt(2 * BODY_SIZE)

    add(report.title, "title")
    for paragraph in report.paragraphs:
        add(paragraph.text, paragraph.style)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
