"""The 公文 page of GB/T 9704-2012 that both renderers share: A4, a text area
of 156 × 225 mm holding 22 lines of 28 characters of 3号 (16 pt) text, page
numbers in 4号 7 mm below it, and the fonts each part is set in.

The PDF (render.py) lays every line on this grid itself; the .docx
(render_docx.py) declares the same grid to the word processor (exact line
pitch, a document grid of 28 characters, no paragraph spacing), so both break
the same text into the same lines and pages.
"""

import unicodedata

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

PAGE_WIDTH, PAGE_HEIGHT = A4
# Margins: top 37, bottom 35, left 28, right 26 mm (版心 156 × 225 mm).
MARGINS = {"top": 37 * mm, "bottom": 35 * mm, "left": 28 * mm, "right": 26 * mm}
TEXT_WIDTH = PAGE_WIDTH - MARGINS["left"] - MARGINS["right"]
TEXT_HEIGHT = PAGE_HEIGHT - MARGINS["top"] - MARGINS["bottom"]
# The width a line may fill, as the .docx states page and margins: in whole
# twentieths of a point (11906 − 1587 − 1474 = 8845, 442.25 pt), which is
# what LibreOffice and Word fit a line into.
LINE_WIDTH = (
    round(PAGE_WIDTH * 20) - round(MARGINS["left"] * 20) - round(MARGINS["right"] * 20)
) / 20

BODY_SIZE = 16  # 3号
TITLE_SIZE = 22  # 2号
PAGE_NUMBER_SIZE = 14  # 4号
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
# Word stores the line pitch in twentieths of a point: 579 (28.95 pt) is the
# largest whole value that fits 22 lines in 225 mm.
LINE_PITCH_TWIPS = int(TEXT_HEIGHT * 20 / LINES_PER_PAGE)
LINE_PITCH = LINE_PITCH_TWIPS / 20
# 28 characters of 16 pt are 448 pt, the line 442.2 pt: each character is set
# 0.25 pt tighter (Word's character spacing, in twentieths of a point), the
# way 公文 templates do, so 28 take 441 pt. (A w:docGrid character pitch would
# say the same to Word, but LibreOffice gives a character wider than its grid
# cell two cells: 14 a line.)
CHAR_SPACING_TWIPS = -5
CHAR_SPACING = CHAR_SPACING_TWIPS / 20
CHAR_PITCH = BODY_SIZE + CHAR_SPACING  # 15.75 pt
PAGE_NUMBER_GAP = 7 * mm  # from the text area's bottom edge to the number line

# Characters that may not start a line, and that may not end one: the lists
# LibreOffice applies to Chinese text (measured: tests/reports/
# test_report_layout_docx.py), which the .docx also declares to Word. An
# ASCII quote, which may open or close, neither starts nor ends a line.
CANNOT_START = "!\"'),-.:;?]}，。、；：？！·”’）》」』】〕〉～々"
CANNOT_END = "\"'([{“‘（《「『【〔〈￥"
# Marks that hang past the right edge of a full line rather than push its
# last character down (Word's and LibreOffice's default for Chinese), and
# the space set between Chinese and Latin letters or digits (in ems).
HANGING = "，。、；：？！,.:;?!"
AUTOSPACE = 0.2156

# Font roles: the name a word processor knows, what it may use instead, and
# the TrueType face the product installs (scripts/system-deps.sh), which
# LibreOffice is told to use through scripts/fontconfig/.
FONT_ROLES = {
    "title": ("方正小标宋简体", ["小标宋", "FZXiaoBiaoSong-B05S"], "AR PL SungtiL GB"),
    "body": ("仿宋_GB2312", ["仿宋", "FangSong"], "FandolFang R"),
    "heading": ("黑体", ["SimHei"], "WenQuanYi Zen Hei"),
    "sub_heading": ("楷体_GB2312", ["楷体", "KaiTi"], "AR PL KaitiM GB"),
    "page_number": ("宋体", ["SimSun"], "AR PL SungtiL GB"),
}


def is_wide(char: str) -> bool:
    """A full-width character, which takes one cell of the grid: CJK, and the
    marks Chinese text sets full width (“”、—…)."""
    return unicodedata.east_asian_width(char) in ("W", "F", "A")


def is_fullwidth(char: str) -> bool:
    """A CJK character or full-width form: one em in every Chinese face."""
    return unicodedata.east_asian_width(char) in ("W", "F")


def is_han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf"


def is_latin(char: str) -> bool:
    return char.isascii() and char.isalnum()


def autospace(before: str, after: str) -> bool:
    """Whether a Chinese–Latin space goes between two characters."""
    return (is_han(before) and is_latin(after)) or (is_latin(before) and is_han(after))


def body_width(text: str) -> float:
    """The width of a line of 3号 body text on the grid, in points (Latin
    letters and digits half a character wide, as in the 宋 and 仿宋 faces)."""
    pairs = list(zip(text, text[1:], strict=False))
    spaces = sum(autospace(a, b) for a, b in pairs)
    changes = sum(is_wide(a) != is_wide(b) and not autospace(a, b) for a, b in pairs)
    return (
        spaces * AUTOSPACE * BODY_SIZE
        - changes * CHAR_SPACING
        + sum(
            (BODY_SIZE if is_wide(ch) else BODY_SIZE / 2) + CHAR_SPACING for ch in text
        )
    )


def _title_width(text: str) -> float:
    spaces = sum(autospace(a, b) for a, b in zip(text, text[1:], strict=False))
    return TITLE_SIZE * (
        spaces * AUTOSPACE + sum(1 if is_wide(ch) else 0.5 for ch in text)
    )


def title_lines(title: str) -> list[str]:
    """The title's lines: each line the office typed, and a line too long
    for the text area cut into lines of about equal length (GB/T 9704-2012
    7.2.5: centred, balanced), never inside a number or before a closing
    mark."""
    lines = []
    for line in (part.strip() for part in title.splitlines()):
        if not line:
            continue
        total = _title_width(line)
        count = int(total // (TEXT_WIDTH - TITLE_SIZE)) + 1
        while count > 1:
            target = total / count
            cut = next(
                i for i in range(1, len(line) + 1) if _title_width(line[:i]) >= target
            )
            while cut < len(line) and (
                line[cut] in CANNOT_START
                or line[cut - 1] in CANNOT_END
                or (is_latin(line[cut - 1]) and is_latin(line[cut]))
            ):
                cut += 1
            lines.append(line[:cut])
            line, count = line[cut:], count - 1
            total = _title_width(line)
        lines.append(line)
    return lines
