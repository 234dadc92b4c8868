"""Render: the composed report → PDF bytes in the 公文 layout of GB/T 9704-2012
(reportlab); the .docx is render_docx.py.

Every line is set on the grid of layout.py: 22 lines × 28 characters in the
156 × 225 mm text area. reportlab's Paragraph knows no character spacing, so a
small flowable here breaks the text into grid lines (no line starting with a
closing mark, none ending with an opening one, no number cut in two) and
draws them; a page takes 22 of them.

Fonts are real TrueType files embedded (as subsets) in the PDF: 黑体 role from
WenQuanYi Zen Hei, 宋/小标宋 role from AR PL SungtiL GB, 楷体 role from AR PL
KaitiM GB (Debian packages), the 仿宋 body from FandolFang (Debian's
texlive-lang-chinese, made TrueType at setup: fonts.py), or from a licensed
仿宋_GB2312 TrueType file that REPORT_FANGSONG_FONT names. Without FandolFang
the body is set in the 宋 font. Without the TrueType files the product falls
back to reportlab's built-in STSong-Light (not embedded) and says so.
"""

import logging
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from django.conf import settings
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus import Paragraph as TableText

from ui.text import strip_controls

from .compose import ReportText
from .fonts import fangsong_ttf
from .layout import (
    A4,
    AUTOSPACE,
    BODY_SIZE,
    CANNOT_END,
    CANNOT_START,
    CHAR_PITCH,
    CHAR_SPACING,
    HANGING,
    LINE_PITCH,
    LINE_WIDTH,
    MARGINS,
    PAGE_NUMBER_GAP,
    PAGE_NUMBER_SIZE,
    TEXT_WIDTH,
    TITLE_SIZE,
    autospace,
    is_fullwidth,
    is_wide,
    title_lines,
)
from .render_docx import render_docx

__all__ = ["CANNOT_START", "MARGINS", "render_docx", "render_pdf", "report_fonts"]

logger = logging.getLogger(__name__)

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
    fangsong = getattr(settings, "REPORT_FANGSONG_FONT", "") or fangsong_ttf()
    body = "sx-song"
    if ok and fangsong and _register("sx-fangsong", str(fangsong), None):
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


@dataclass(frozen=True)
class LineStyle:
    """How a paragraph sits on the grid."""

    font: str
    size: float = BODY_SIZE
    grid: bool = True  # full-width characters take one cell (28 a line)
    indent: float = 2  # first-line indent, in cells
    align: str = "justify"  # "justify", "left", "center", "right"
    right: float = 0.0  # right indent, in points


@dataclass(frozen=True)
class Line:
    text: str
    indent: float  # points
    stretch: bool  # a justified line that is not the paragraph's last


def _latin(char: str) -> bool:
    return char.isascii() and (char.isalnum() or char in ".%")


def advance(char: str, style: LineStyle) -> float:
    """A character's advance: its width in the font (a CJK character one em,
    a mark as the face draws it: full width in 宋 and 楷, narrow quotes in
    黑), 0.25 pt less on the grid."""
    if is_fullwidth(char):
        width = style.size
    else:
        width = stringWidth(char, style.font, style.size)
    return width + CHAR_SPACING if style.grid else width


def _advances(text: str, style: LineStyle) -> list[float]:
    """Each character's advance, with the Chinese–Latin space after it. Where
    full-width text meets narrow text with no such space (before or after a
    mark like "%" or "."), the last character before the change is set
    without the grid's 0.25 pt tightening, as LibreOffice does at the end of
    each run of one script (measured: tests/reports/test_report_layout_docx.py)."""
    widths = [advance(ch, style) for ch in text]
    for i, (a, b) in enumerate(zip(text, text[1:], strict=False)):
        if autospace(a, b):
            widths[i] += AUTOSPACE * style.size
        elif style.grid and is_wide(a) != is_wide(b):
            widths[i] -= CHAR_SPACING
    return widths


def break_lines(text: str, style: LineStyle, width: float = LINE_WIDTH) -> list[Line]:
    """The grid lines of one paragraph (a Chinese–Latin space after a line's
    last character takes no room, and the last character is not set
    tighter: a line of 28 characters is 27 × 15.75 + 16 pt, as in
    LibreOffice, which tightens between the characters of a run only)."""
    widths = _advances(text, style)
    last = CHAR_SPACING if style.grid else 0.0
    bare = [advance(ch, style) - last for ch in text]
    lines, start, n = [], 0, len(text)
    while start < n:
        indent = style.indent * CHAR_PITCH if start == 0 else 0
        room = width - indent - style.right + 0.001
        end, used = start, 0.0
        while end < n and used + bare[end] <= room:
            used += widths[end]
            end += 1
        end = fit = max(end, start + 1)
        if end < n and end > start and text[end] in HANGING and is_wide(text[end - 1]):
            # The mark hangs past the edge (after Chinese text only: after
            # Latin letters or digits LibreOffice breaks before the word).
            end = fit = end + 1
        while (
            end < n
            and end > start + 1
            and (
                text[end] in CANNOT_START
                or text[end - 1] in CANNOT_END
                or (_latin(text[end - 1]) and _latin(text[end]))
            )
        ):
            end -= 1
        if end == start + 1 < fit:
            end = fit  # one word longer than the line: cut where it is full
        stretch = style.align == "justify" and end < n
        lines.append(Line(text[start:end], indent, stretch))
        start = end
    return lines


class GridParagraph(Flowable):
    """A paragraph set on the grid: each line one line pitch high, drawn
    character by character at its cell; splits between lines."""

    def __init__(self, text: str, style: LineStyle, lines: list[Line] | None = None):
        super().__init__()
        self.text, self.style = text, style
        self.lines = break_lines(text, style) if lines is None else lines

    def wrap(self, available_width, available_height):
        self.width, self.height = TEXT_WIDTH, len(self.lines) * LINE_PITCH
        return self.width, self.height

    def split(self, available_width, available_height):
        fit = int((available_height + 0.01) // LINE_PITCH)
        if fit <= 0 or fit >= len(self.lines):
            return []
        return [
            GridParagraph(self.text, self.style, self.lines[:fit]),
            GridParagraph(self.text, self.style, self.lines[fit:]),
        ]

    def parts(self) -> tuple["GridParagraph", "GridParagraph"]:
        """All lines but the last, and the last (kept with what follows)."""
        return (
            GridParagraph(self.text, self.style, self.lines[:-1]),
            GridParagraph(self.text, self.style, self.lines[-1:]),
        )

    def draw(self):
        style, canvas = self.style, self.canv
        canvas.setFont(style.font, style.size)
        for row, line in enumerate(self.lines):
            widths = _advances(line.text, style)
            room = TEXT_WIDTH - line.indent - style.right
            spare = room - sum(widths)
            gap = spare / (len(widths) - 1) if line.stretch and len(widths) > 1 else 0
            x = {
                "center": line.indent + spare / 2,
                "right": line.indent + spare,
            }.get(style.align, line.indent)
            # The glyphs sit in the middle of their line of the grid.
            y = self.height - (row + 0.5) * LINE_PITCH - 0.35 * style.size
            for char, width in zip(line.text, widths, strict=True):
                if not char.isspace():
                    canvas.drawString(x, y, char)
                x += width + gap


def line_width(text: str, style: LineStyle) -> float:
    return sum(_advances(text, style))


def _styles(fonts: Fonts) -> dict[str, LineStyle]:
    return {
        "title": LineStyle(
            fonts.title, TITLE_SIZE, grid=False, indent=0, align="center"
        ),
        "body": LineStyle(fonts.body),
        "heading": LineStyle(fonts.heading, align="left"),
        "sub_heading": LineStyle(fonts.sub_heading, align="left"),
        "note": LineStyle(fonts.body, align="left"),
        "label": LineStyle(fonts.heading, indent=0, align="left"),
    }


def signature_block(report: ReportText, fonts: Fonts) -> list[GridParagraph]:
    """落款 and 成文日期 as GB/T 9704-2012 7.3.5.1 places them: the date
    right-aligned four characters in from the right edge, the issuing body
    centred over the date."""
    block = []
    date_style = LineStyle(fonts.body, indent=0, align="right", right=4 * CHAR_PITCH)
    if report.signature:
        date_width = line_width(report.date_text, date_style)
        own = line_width(strip_controls(report.signature), date_style)
        right = max(0.0, 4 * CHAR_PITCH + (date_width - own) / 2)
        style = LineStyle(fonts.body, indent=0, align="right", right=right)
        block.append(GridParagraph(strip_controls(report.signature), style))
    if report.date_text:
        block.append(GridParagraph(report.date_text, date_style))
    return block


def _annex(report: ReportText, fonts: Fonts, styles) -> list:
    """附件: a page of its own, 附件 in 黑体 at the top left, the annex title
    centred, then the table."""
    cell = ParagraphStyle(
        "cell", fontName=fonts.body, fontSize=14, leading=20, wordWrap="CJK"
    )
    head = ParagraphStyle("head", parent=cell, fontName=fonts.heading, alignment=1)
    rows = [
        [TableText(_escape(value), head if index == 0 else cell) for value in row]
        for index, row in enumerate(report.annex_rows)
    ]
    table = Table(
        rows,
        colWidths=[3 * CHAR_PITCH, 10 * CHAR_PITCH, 15 * CHAR_PITCH],
        repeatRows=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (0, 0), (0, -1), "CENTER"),
            ]
        )
    )
    return [
        PageBreak(),
        GridParagraph("附件", styles["label"]),
        GridParagraph(strip_controls(report.annex_title), styles["title"]),
        Spacer(1, LINE_PITCH),
        table,
    ]


def _escape(text: str) -> str:
    text = strip_controls(text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def story(report: ReportText, fonts: Fonts) -> list:
    """The flowables: the title, a blank line, the body (no heading left
    alone at the foot of a page), then the signature and the date, kept on
    one page with the last line of the text above them."""
    styles = _styles(fonts)
    flow: list = [
        GridParagraph(line, styles["title"])
        for line in title_lines(strip_controls(report.title))
    ]
    flow.append(Spacer(1, LINE_PITCH))
    closing = signature_block(report, fonts)
    blocks = [
        (
            p.style,
            GridParagraph(strip_controls(p.text), styles.get(p.style, styles["body"])),
        )
        for p in report.blocks()
    ]
    if report.annex_title:
        note = f"附件：{strip_controls(report.annex_title)}"
        blocks += [
            ("blank", Spacer(1, LINE_PITCH)),
            ("note", GridParagraph(note, styles["note"])),
        ]
    # The last paragraph stays whole on the page of the signature and date.
    kept = [blocks.pop()[1]] if closing and blocks else []
    if closing:
        kept += [Spacer(1, LINE_PITCH), *closing]
    kept_lines = sum(_lines(f) for f in kept)
    for index, (style, block) in enumerate(blocks):
        if style in ("heading", "sub_heading"):
            # A heading with at least the first line of what follows it.
            after = blocks[index + 1][1] if index + 1 < len(blocks) else None
            follow = 1 if after is not None else max(kept_lines, 1)
            need = len(block.lines) + follow
            flow.append(CondPageBreak(need * LINE_PITCH - 0.01))
        flow.append(block)
    if kept:
        flow.append(KeepTogether(kept))
    if report.annex_rows:
        flow += _annex(report, fonts, styles)
    return flow


def _lines(flowable) -> int:
    if isinstance(flowable, GridParagraph):
        return len(flowable.lines)
    return round(flowable.height / LINE_PITCH)


def page_number(canvas, doc) -> None:
    """4号 "— 1 —", its line 7 mm below the text area; odd pages on the
    right, even pages on the left, each one character in (7.5 页码)."""
    text = f"— {doc.page} —"
    y = MARGINS["bottom"] - PAGE_NUMBER_GAP - 0.8 * PAGE_NUMBER_SIZE
    canvas.saveState()
    canvas.setFont(doc.report_font, PAGE_NUMBER_SIZE)
    if doc.page % 2:
        right = MARGINS["left"] + TEXT_WIDTH - PAGE_NUMBER_SIZE
        canvas.drawRightString(right, y, text)
    else:
        canvas.drawString(MARGINS["left"] + PAGE_NUMBER_SIZE, y, text)
    canvas.restoreState()


def render_pdf(report: ReportText) -> tuple[bytes, list[str]]:
    """The PDF bytes and the warnings (fallback font, characters missing)."""
    fonts = report_fonts()
    warnings = [fonts.warning] if fonts.warning else []
    if fonts.embedded:
        missing = missing_characters(report.plain(), fonts.body)
        if missing:
            warnings.append(
                f"字体缺少以下字符，PDF中将无法显示：{''.join(sorted(missing))}"
            )
    buffer = BytesIO()
    # The frame is the text area exactly: no padding around it.
    frame = Frame(
        MARGINS["left"],
        MARGINS["bottom"],
        TEXT_WIDTH,
        A4[1] - MARGINS["top"] - MARGINS["bottom"],
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="text",
    )
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        pageTemplates=[PageTemplate("page", [frame], onPage=page_number)],
        title=strip_controls(report.title),
        author=strip_controls(report.signature) or "四下基层工作管理系统",
        creator="四下基层工作管理系统",
        # Otherwise the canvas starts in Helvetica, a font named but not embedded.
        initialFontName=fonts.body,
        initialFontSize=BODY_SIZE,
    )
    doc.report_font = fonts.title  # 4号宋体 page numbers
    doc.build(story(report, fonts))
    return buffer.getvalue(), warnings
