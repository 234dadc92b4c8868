"""Render: the composed report → an editable .docx (python-docx) on the same
GB/T 9704-2012 page as the PDF (layout.py).

The grid is declared, not drawn: exact line spacing of one line pitch, no
space before or after paragraphs, a document grid of 22 lines × 28
characters (w:docGrid), no widow control (every page keeps its 22 lines, as
in the PDF), no extra space between Chinese and Latin text. Page numbers are
PAGE fields in the footers, odd pages on the right and even on the left.
Fonts carry their East Asian names with alternatives in the font table for
Word and WPS; LibreOffice on Linux finds the installed TrueType faces
through the aliases of scripts/fontconfig/.
"""

from io import BytesIO

from django.utils import timezone
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, Twips
from lxml import etree

from ui.text import strip_controls

from .compose import ReportText
from .layout import (
    BODY_SIZE,
    CANNOT_END,
    CANNOT_START,
    CHAR_PITCH,
    CHAR_SPACING_TWIPS,
    FONT_ROLES,
    LINE_PITCH_TWIPS,
    MARGINS,
    PAGE_NUMBER_GAP,
    PAGE_NUMBER_SIZE,
    TITLE_SIZE,
    body_width,
    title_lines,
)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# GB2312 character set and the PANOSE families of the Chinese faces, which
# Word uses to pick a substitute when a font is missing.
CHARSET_GB2312 = "86"
PANOSE = {
    "title": "02000000000000000000",
    "body": "02010609030101010101",
    "heading": "02010609060101010101",
    "sub_heading": "02010609030101010101",
    "page_number": "02010600030101010101",
}


# The order the schema gives the children Word and LibreOffice read here.
ORDER = {
    qn("w:pPr"): (
        "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr "
        "suppressLineNumbers pBdr shd tabs suppressAutoHyphens kinsoku wordWrap "
        "overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd "
        "snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc "
        "textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle "
        "rPr sectPr pPrChange"
    ).split(),
    qn("w:rPr"): (
        "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow "
        "emboss imprint noProof snapToGrid vanish webHidden color spacing w kern "
        "position sz szCs highlight u effect bdr shd fitText vertAlign rtl cs em "
        "lang eastAsianLayout specVanish oMath"
    ).split(),
}


def _set(parent, tag: str, **attrs) -> None:
    """Give `parent` the child `tag` with these attributes (only), where the
    schema places it: Word refuses a file whose children are out of order."""
    child = parent.find(qn(tag))
    if child is None:
        child = OxmlElement(tag)
        order = ORDER.get(parent.tag, [])
        name = tag.split(":")[1]
        later = (
            {qn(f"w:{t}") for t in order[order.index(name) + 1 :]}
            if name in order
            else set()
        )
        following = next((c for c in parent if c.tag in later), None)
        if following is not None:
            following.addprevious(child)
        else:
            parent.append(child)
    child.attrib.clear()
    for key, value in attrs.items():
        child.set(qn(f"w:{key}"), str(value))


def _fonts(rpr, role: str, size: float, *, grid: bool = False) -> None:
    """The run's font by role and size; on the grid, 0.25 pt tighter."""
    name = FONT_ROLES[role][0]
    _set(
        rpr,
        "w:rFonts",
        ascii=name,
        hAnsi=name,
        eastAsia=name,
        cs=name,
        hint="eastAsia",
    )
    if grid:
        _set(rpr, "w:spacing", val=CHAR_SPACING_TWIPS)
    _set(rpr, "w:sz", val=round(size * 2))
    _set(rpr, "w:szCs", val=round(size * 2))


def _defaults(document) -> None:
    """docDefaults: 3号仿宋, Chinese, exact line pitch, no paragraph spacing,
    no widow control; Chinese–Latin spacing on. Whether a mark may hang
    past the margin is left unsaid: Word and LibreOffice both let it by
    default (and the PDF hangs the same marks), while w:overflowPunct said
    either way is read one way by Word and the opposite way by LibreOffice
    (writerfilter maps val 1 to no hanging)."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    _fonts(rpr, "body", BODY_SIZE)
    _set(rpr, "w:lang", val="en-US", eastAsia="zh-CN", bidi="ar-SA")
    ppr = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}")
    for child in list(ppr):
        ppr.remove(child)
    normal = document.styles["Normal"].element.get_or_add_pPr()
    for tag, attrs in (
        ("w:widowControl", {"val": 0}),
        ("w:autoSpaceDE", {"val": 1}),
        ("w:autoSpaceDN", {"val": 1}),
        (
            "w:spacing",
            {"before": 0, "after": 0, "line": LINE_PITCH_TWIPS, "lineRule": "exact"},
        ),
    ):
        _set(ppr, tag, **attrs)
        # LibreOffice reads these from the Normal style, not the defaults.
        _set(normal, tag, **attrs)
    # LibreOffice takes the grid's character width from Normal's own size.
    document.styles["Normal"].font.size = Pt(BODY_SIZE)
    normal = document.styles["Normal"].paragraph_format
    normal.space_before = normal.space_after = Pt(0)
    normal.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    normal.line_spacing = Twips(LINE_PITCH_TWIPS)
    normal.widow_control = False


def _line_breaking(document) -> None:
    """The characters that may not start or end a line, declared for
    Chinese as Word's custom 首尾字符 lists: the lists LibreOffice applies to
    Chinese text and the PDF's line breaker follows (layout.py), so Word
    breaks the same text at the same places as both."""
    settings = document.settings.element
    anchor = settings.find(qn("w:characterSpacingControl"))
    for tag, chars in (
        ("w:noLineBreaksAfter", CANNOT_END),
        ("w:noLineBreaksBefore", CANNOT_START),
    ):
        element = OxmlElement(tag)
        element.set(qn("w:lang"), "zh-CN")
        element.set(qn("w:val"), chars)
        anchor.addnext(element)
        anchor = element
    language = settings.find(qn("w:themeFontLang"))
    if language is not None:
        language.set(qn("w:eastAsia"), "zh-CN")


def _font_table(document) -> None:
    """Each font role in the font table with its alternative name, the GB2312
    character set and its PANOSE family (Word's and WPS's substitutes)."""
    part = next(
        rel.target_part
        for rel in document.part.rels.values()
        if rel.reltype.endswith("/fontTable")
    )
    root = etree.fromstring(part.blob)
    for role, (name, alternatives, _installed) in FONT_ROLES.items():
        font = etree.SubElement(root, f"{{{W}}}font", {f"{{{W}}}name": name})
        for tag, value in (
            ("altName", alternatives[0]),
            ("panose1", PANOSE[role]),
            ("charset", CHARSET_GB2312),
            ("family", "roman" if role != "heading" else "modern"),
            ("pitch", "variable"),
        ):
            etree.SubElement(font, f"{{{W}}}{tag}", {f"{{{W}}}val": value})
    # python-docx reads the font table as an opaque part: its bytes are it.
    part._blob = etree.tostring(
        root, xml_declaration=True, encoding="UTF-8", standalone=True
    )


def _page(document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = Twips(round(MARGINS["top"] * 20))
    section.bottom_margin = Twips(round(MARGINS["bottom"] * 20))
    section.left_margin = Twips(round(MARGINS["left"] * 20))
    section.right_margin = Twips(round(MARGINS["right"] * 20))
    # The number line's top 7 mm below the text area (the footer distance is
    # to the bottom of the footer's one line).
    footer_line = PAGE_NUMBER_SIZE
    section.footer_distance = Twips(
        round((MARGINS["bottom"] - PAGE_NUMBER_GAP - footer_line) * 20)
    )
    _set(section._sectPr, "w:docGrid", type="lines", linePitch=LINE_PITCH_TWIPS)
    document.settings.odd_and_even_pages_header_footer = True
    for footer, odd in ((section.footer, True), (section.even_page_footer, False)):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        _page_number(paragraph, odd)


def _page_number(paragraph, odd: bool) -> None:
    """ "— 1 —" in 4号宋体, one character in from the right (odd pages) or the
    left (even pages)."""
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(PAGE_NUMBER_SIZE)
    if odd:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        fmt.right_indent = Pt(PAGE_NUMBER_SIZE)
    else:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
        fmt.left_indent = Pt(PAGE_NUMBER_SIZE)
    _set(paragraph._p.get_or_add_pPr(), "w:snapToGrid", val=0)

    def run(text: str = "", field: str = "", instruction: str = ""):
        r = paragraph.add_run(text)
        _fonts(r._element.get_or_add_rPr(), "page_number", PAGE_NUMBER_SIZE)
        if field:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), field)
            r._element.append(char)
        if instruction:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = instruction
            r._element.append(instr)

    run("— ")
    run(field="begin")
    run(instruction=" PAGE ")
    run(field="separate")
    run("1")
    run(field="end")
    run(" —")


class _Writer:
    def __init__(self, document):
        self.document = document

    def add(
        self,
        text: str,
        role: str,
        *,
        size: float = BODY_SIZE,
        indent: int = 2,
        align=WD_ALIGN_PARAGRAPH.LEFT,
        right: float = 0,
        grid: bool = True,
        keep_with_next: bool = False,
        keep_together: bool = False,
    ):
        paragraph = self.document.add_paragraph()
        fmt = paragraph.paragraph_format
        paragraph.alignment = align
        if indent:
            fmt.first_line_indent = Twips(round(indent * CHAR_PITCH * 20))
        if right:
            fmt.right_indent = Twips(round(right * 20))
        fmt.keep_with_next = keep_with_next or None
        fmt.keep_together = keep_together or None
        if not grid:
            _set(paragraph._p.get_or_add_pPr(), "w:snapToGrid", val=0)
        if text:
            run = paragraph.add_run(strip_controls(text))
            _fonts(run._element.get_or_add_rPr(), role, size, grid=grid)
        return paragraph


def _annex(writer: _Writer, report: ReportText) -> None:
    document = writer.document
    label = writer.add("附件", "heading", indent=0)
    label.paragraph_format.page_break_before = True
    writer.add(
        report.annex_title,
        "title",
        size=TITLE_SIZE,
        indent=0,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        grid=False,
    )
    writer.add("", "body", indent=0)
    table = document.add_table(rows=0, cols=3)
    table.style = document.styles["Table Grid"]
    for index, row in enumerate(report.annex_rows):
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            paragraph = cell.paragraphs[0]
            fmt = paragraph.paragraph_format
            fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            fmt.line_spacing = Pt(20)
            _set(paragraph._p.get_or_add_pPr(), "w:snapToGrid", val=0)
            run = paragraph.add_run(strip_controls(value))
            _fonts(
                run._element.get_or_add_rPr(), "heading" if index == 0 else "body", 14
            )
    for cell, width in zip(table.columns, (3, 10, 15), strict=True):
        for c in cell.cells:
            c.width = Twips(round(width * CHAR_PITCH * 20))


def render_docx(report: ReportText) -> bytes:
    """An editable Word file with the same lines and pages as the PDF."""
    document = Document()
    _defaults(document)
    _line_breaking(document)
    _font_table(document)
    _page(document)
    # The template's one empty paragraph goes: the title is the first.
    body = document.element.body
    for p in body.findall(qn("w:p")):
        body.remove(p)
    writer = _Writer(document)
    title = writer.add(
        "", "title", indent=0, align=WD_ALIGN_PARAGRAPH.CENTER, grid=False
    )
    for index, line in enumerate(title_lines(strip_controls(report.title))):
        run = title.add_run(line)
        _fonts(run._element.get_or_add_rPr(), "title", TITLE_SIZE)
        if index:
            run._element.addprevious(OxmlElement("w:br"))
    writer.add("", "body", indent=0)
    blocks = report.blocks()
    signed = bool(report.signature or report.date_text)
    for index, block in enumerate(blocks):
        last = index == len(blocks) - 1 and not report.annex_title
        heading = block.style in ("heading", "sub_heading")
        writer.add(
            block.text,
            block.style if block.style in FONT_ROLES else "body",
            align=WD_ALIGN_PARAGRAPH.LEFT if heading else WD_ALIGN_PARAGRAPH.JUSTIFY,
            keep_with_next=heading or (last and signed),
            keep_together=heading or (last and signed),
        )
    if report.annex_title:
        writer.add("", "body", indent=0)
        writer.add(f"附件：{report.annex_title}", "body", keep_with_next=signed)
    if signed:
        writer.add("", "body", indent=0, keep_with_next=True)
    if report.signature:
        date_width = body_width(report.date_text)
        own = body_width(strip_controls(report.signature))
        writer.add(
            report.signature,
            "body",
            indent=0,
            align=WD_ALIGN_PARAGRAPH.RIGHT,
            right=max(0.0, 4 * CHAR_PITCH + (date_width - own) / 2),
            keep_with_next=bool(report.date_text),
        )
    if report.date_text:
        writer.add(
            report.date_text,
            "body",
            indent=0,
            align=WD_ALIGN_PARAGRAPH.RIGHT,
            right=4 * CHAR_PITCH,
        )
    if report.annex_rows:
        _annex(writer, report)
    properties = document.core_properties
    now = timezone.now()
    properties.title = strip_controls(report.title)
    properties.author = strip_controls(report.signature) or "四下基层工作管理系统"
    properties.last_modified_by = properties.author
    properties.created = properties.modified = now
    properties.revision = 1
    properties.comments = properties.keywords = ""
    properties.subject = "“四下基层”工作报告"
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
