"""Reading an office's own Excel ledger as it really is.

A ledger kept for years in Excel or WPS has title rows above its header, a
header sometimes on two rows under merged group cells, its own column names,
merged cells spanning sub-item rows, footers with signature lines and
free-text values. This module finds the header, maps the columns to ours
(by name, by the synonym table, by the unit's last confirmed mapping, or as
the person chose), fills merged cells down and reads free-text dates with the
rule it used, so the preview can show every step.
"""

import calendar
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

import xlrd
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.datetime import from_excel
from python_calamine import CalamineWorkbook

from ledgers.bounds import MAX_COLUMNS, MAX_SHEET_ROWS, check_size, csv_rows, too_large
from ledgers.errors import LedgerFileError
from ledgers.models import HeaderSynonym
from ledgers.registry import Ledger
from ui.text import strip_controls

HEADER_SEARCH_ROWS = 30
FOOTER_WORDS = (
    "合计",
    "总计",
    "制表人",
    "制表",
    "填表人",
    "填报人",
    "审核人",
    "审核",
    "分管领导",
    "主要领导",
    "单位负责人",
    "负责人签字",
    "登记人",
    "经办人",
    "记录人",
    "联系电话：",
    "联系电话:",
    "联系人：",
    "注：",
    "说明：",
)
# "接访领导（签字）：", "审核人签字：" and the like, wherever the row starts.
SIGNATURE = re.compile(r"[（(](签字|签名|盖章)[）)]|(签字|签名|盖章)\s*[:：]")
NOT_IMPORTED = ("序号", "编码序号", "备注")


@dataclass
class Sheet:
    name: str
    rows: list[tuple[int, list]]  # (row number in Excel, cell values)
    # Cells of a merge spanning several columns (row, column index from 0):
    # a data cell there cannot say which column it belongs to.
    across: set[tuple[int, int]] = field(default_factory=set)


def _within_bounds(rows: int, columns: int) -> None:
    """The loaded sheet's extent, for what the scan before loading cannot
    see (an .xls, references left implicit)."""

    if rows > MAX_SHEET_ROWS or columns > MAX_COLUMNS:
        raise too_large(f"有{rows}行、{columns}列")


def _from_xlsx(content: bytes) -> Sheet:
    """Read by calamine (Rust), 16× faster than openpyxl on a 10,000-row
    ledger (0.14 s against 2.3 s), with openpyxl's values: empty cells None,
    whole numbers int, dates datetime, and formula errors as their text,
    which calamine reads as empty (python-calamine issue 105)."""

    try:
        sheet = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(
            0
        )
        rows = [
            [_as_openpyxl(v) for v in r] for r in sheet.to_python(skip_empty_area=False)
        ]
        merges = sheet.merged_cell_ranges or []
    except Exception as error:  # calamine raises many kinds for a bad file
        raise LedgerFileError(
            "无法读取该文件，请上传 .xlsx、.xls 或 .csv 格式的台账。"
        ) from error
    for (row, column), text in _error_cells(content).items():
        while len(rows) <= row:
            rows.append([])
        rows[row].extend([None] * (column + 1 - len(rows[row])))
        rows[row][column] = text
    width = max((len(r) for r in rows), default=0)
    _within_bounds(len(rows), width)
    rows = [r + [None] * (width - len(r)) for r in rows]
    return _filled(
        sheet.name,
        rows,
        [(r0 + 1, r1 + 1, c0 + 1, c1 + 1) for (r0, c0), (r1, c1) in merges],
    )


def _as_openpyxl(value):
    if value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if type(value) is date:
        return datetime.combine(value, datetime.min.time())
    return value


_SHEET = re.compile(rb'<(?:\w+:)?sheet\b[^>]*?\br:id="([^"]+)"')
_ERROR_CELL = re.compile(
    rb'<(?:\w+:)?c\b(?=[^>]*\bt="e")([^>]*)>(.*?)</(?:\w+:)?c>', re.DOTALL
)
_REFERENCE = re.compile(rb'\br="([A-Z]+)(\d+)"')
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")


def _error_cells(content: bytes) -> dict[tuple[int, int], str]:
    """The first sheet's formula-error cells ("#N/A", "#DIV/0!"): (row,
    column) from 0 → text."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        found = _SHEET.search(archive.read("xl/workbook.xml"))
        rels = archive.read("xl/_rels/workbook.xml.rels")
        target = (
            re.search(
                rb'<Relationship\b(?=[^>]*\bId="' + re.escape(found.group(1)) + rb'")'
                rb'[^>]*\bTarget="([^"]+)"',
                rels,
            )
            .group(1)
            .decode()
        )
        path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        data = archive.read(path)
    except (KeyError, AttributeError, zipfile.BadZipFile):
        return {}
    if b't="e"' not in data:
        return {}
    cells = {}
    for attributes, body in _ERROR_CELL.findall(data):
        reference, value = _REFERENCE.search(attributes), _VALUE.search(body)
        if reference and value:
            row = int(reference.group(2)) - 1
            column = column_index_from_string(reference.group(1).decode()) - 1
            cells[(row, column)] = value.group(1).decode()
    return cells


def _from_xls(content: bytes) -> Sheet:

    try:
        book = xlrd.open_workbook(file_contents=content, formatting_info=True)
    except Exception as error:
        raise LedgerFileError(
            "无法读取该 .xls 文件，请另存为 .xlsx 后上传。"
        ) from error
    sheet = book.sheet_by_index(0)
    _within_bounds(sheet.nrows, sheet.ncols)
    rows = []
    for r in range(sheet.nrows):
        values = []
        for c in range(sheet.ncols):
            cell = sheet.cell(r, c)
            if cell.ctype == xlrd.XL_CELL_DATE:
                values.append(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode))
            elif cell.ctype == xlrd.XL_CELL_EMPTY:
                values.append(None)
            elif cell.ctype == xlrd.XL_CELL_ERROR:
                values.append(xlrd.error_text_from_code.get(cell.value, "#N/A"))
            else:
                values.append(cell.value)
        rows.append(values)
    merges = [(r0 + 1, r1, c0 + 1, c1) for r0, r1, c0, c1 in sheet.merged_cells]
    return _filled(sheet.name, rows, merges)


def _from_csv(content: bytes) -> Sheet:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise LedgerFileError("CSV 文件既不是 UTF-8 也不是 GBK 编码。")

    return Sheet("", list(enumerate(csv_rows(text), start=1)))


def _filled(name: str, rows: list[list], merges) -> Sheet:
    """Every cell of a merged range takes its top-left value; cells of ranges
    spanning several columns are remembered."""
    across = set()
    for min_row, max_row, min_col, max_col in merges:
        top = rows[min_row - 1][min_col - 1] if min_row - 1 < len(rows) else None
        for r in range(min_row, max_row + 1):
            if r - 1 >= len(rows):
                break
            row = rows[r - 1]
            row.extend([None] * (max_col - len(row)))
            for c in range(min_col, max_col + 1):
                row[c - 1] = top
                if max_col > min_col:
                    across.add((r, c - 1))
    return Sheet(name, list(enumerate(rows, start=1)), across)


def read_sheet(content: bytes, filename: str) -> Sheet:
    """The first sheet of an .xlsx (Excel, WPS .et saved as .xlsx), .xls or
    .csv (UTF-8 or GBK) file."""

    check_size(content, filename)  # before any reader loads it
    lower = filename.lower()
    if lower.endswith(".csv"):
        sheet = _from_csv(content)
    elif lower.endswith(".xls"):
        sheet = _from_xls(content)
    else:
        sheet = _from_xlsx(content)
    sheet.rows = [  # control characters never come in
        (number, [strip_controls(v) if isinstance(v, str) else v for v in values])
        for number, values in sheet.rows
    ]
    return sheet


# --- header and mapping ----------------------------------------------------


def normalise(title) -> str:
    """A column name compared loosely: no spaces, line breaks, star marks or
    "(必填)", and parentheses of either width."""
    text = re.sub(r"\s+", "", str(title or ""))
    text = text.replace("(", "（").replace(")", "）").replace("*", "").replace("＊", "")
    return re.sub(r"（(必填|选填|必填项)）", "", text)


def synonyms_for(ledger: Ledger) -> dict[str, str]:
    """Every accepted column name (normalised) → our column header."""

    ours = {c.header for c in ledger.import_columns}
    names = {normalise(h): h for h in ours}
    for row in HeaderSynonym.objects.filter(kind__in=["", ledger.kind]).order_by(
        "-kind"
    ):
        if row.header in ours:
            for name in row.names:
                names.setdefault(normalise(name), row.header)
    return names


@dataclass
class SourceColumn:
    index: int
    title: str  # as the person sees it, "办理情况/转办" under a group cell
    parts: tuple[str, ...]


@dataclass
class Layout:
    header_rows: list[int]
    columns: list[SourceColumn]
    mapping: dict[int, str | None]  # source column index → our header
    how: dict[int, str]  # source column index → how it was matched
    year: int | None
    sheet: str = ""
    # The header and title rows, skipped where a printed page repeats them.
    repeated: list[list] = field(default_factory=list)
    repeated_texts: list[list[str]] | None = None
    # Our columns the sheet lacks, read from another source column:
    # header → (source title, the rule shown in the preview).
    derived: dict[str, tuple[str, str]] = field(default_factory=dict)
    # How the header row was found, where not automatically.
    header_how: str = ""

    @property
    def signature(self) -> str:
        text = "|".join(normalise(c.title) for c in self.columns)
        return hashlib.sha256(text.encode()).hexdigest()[:32]

    @property
    def by_title(self) -> dict[str, str | None]:
        return {c.title: self.mapping.get(c.index) for c in self.columns}

    def header_of(self, index: int) -> str:
        return self.mapping.get(index) or ""


def _titles(rows: list[list], width: int) -> list[tuple[str, ...]]:
    titles = []
    for i in range(width):
        parts = []
        for values in rows:
            value = values[i] if i < len(values) else None
            text = str(value).strip() if value is not None else ""
            if text and (not parts or parts[-1] != text):
                parts.append(text)
        titles.append(tuple(parts))
    return titles


def _is_title(values: list) -> bool:
    texts = {str(v).strip() for v in values if v not in (None, "")}
    return len(texts) <= 1


def _score(titles, names) -> int:
    return sum(1 for parts in titles if _match(parts, names))


def _match(parts: tuple[str, ...], names: dict[str, str]) -> str | None:
    """Our header for a column titled `parts` (group over sub-title)."""
    if not parts:
        return None
    for candidate in ("".join(parts), "/".join(parts), parts[-1], parts[0]):
        header = names.get(normalise(candidate))
        if header:
            return header
    return None


class HeaderNotFound(LedgerFileError):
    """No row of the sheet names enough of our columns: the person points at
    the header row (`rows` are the sheet's first rows to choose from)."""

    def __init__(self, message: str, rows: list[tuple[int, list]]):
        super().__init__(message)
        self.rows = rows


def _is_sub_header(sheet: Sheet, number: int, upper: list, lower: list) -> bool:
    """Whether `lower` holds the sub-titles of group cells merged across
    columns in the header row `upper` (办理情况 over 转办/现场处理/回访):
    it has text under a group cell, and elsewhere only the header's own text
    filled down from cells merged over both rows."""
    under_group = False
    for index, value in enumerate(lower):
        if value in (None, ""):
            continue
        above = upper[index] if index < len(upper) else None
        if (number, index) in sheet.across and str(value).strip() != str(
            above or ""
        ).strip():
            under_group = True
        elif str(value).strip() != str(above or "").strip():
            return False
    return under_group


def _header_height(sheet: Sheet, rows: list[list], index: int, names, single) -> int:
    if index + 1 >= len(rows) or _is_title(rows[index]):
        return 1
    number = sheet.rows[index][0]
    if _is_sub_header(sheet, number, rows[index], rows[index + 1]):
        return 2
    pair = _score(_titles(rows[index : index + 2], len(rows[index])), names)
    # Two rows make the header when both name columns and together name
    # more than the upper row alone (group cells over sub-titles).
    if single[index] and pair > single[index] and pair >= single[index + 1]:
        return 2
    return 1


def _distinct(titles: list[str]) -> list[str]:
    """Titles that stay apart: a second "办理情况" becomes "办理情况（F列）"."""

    counts: dict[str, int] = {}
    for title in titles:
        counts[title] = counts.get(title, 0) + 1
    return [
        f"{title}（{get_column_letter(i + 1)}列）" if counts[title] > 1 else title
        for i, title in enumerate(titles)
    ]


def detect_layout(
    ledger: Ledger, sheet: Sheet, header_row: int | None = None
) -> Layout:
    """Find the header (one row, or two under merged group cells) and map
    each source column to ours by name or by the synonym table. With
    `header_row` (the row number in Excel, as the person pointed at it) the
    header starts there whatever it names."""
    names = synonyms_for(ledger)
    rows = [values for _, values in sheet.rows[:HEADER_SEARCH_ROWS]]
    width = max((len(v) for v in rows), default=0)
    rows = [list(v) + [None] * (width - len(v)) for v in rows]
    single = [_score(_titles([values], width), names) for values in rows]
    if header_row is not None:
        numbers = [number for number, _ in sheet.rows[:HEADER_SEARCH_ROWS]]
        if header_row not in numbers:
            raise LedgerFileError(f"第{header_row}行不在表格的前{len(numbers)}行中")
        first = numbers.index(header_row)
        height = _header_height(sheet, rows, first, names, single)
    else:
        best = (0, 0, None)  # (score, height, first row index)
        for index in range(len(rows)):
            height = _header_height(sheet, rows, index, names, single)
            score = _score(_titles(rows[index : index + height], width), names)
            if (score, height) > best[:2]:
                best = (score, height, index)
        score, height, first = best
        needed = min(2, len(ledger.import_columns))
        if first is None or score < needed:
            raise HeaderNotFound(
                "没有自动找到表头行：请在下面点选表头所在的行，或确认表头含有本系统的"
                "列名或其常见写法（"
                + "、".join(c.header for c in ledger.import_columns)
                + "）。",
                [(n, v) for n, v in sheet.rows[:HEADER_SEARCH_ROWS]],
            )
    titles = _titles(rows[first : first + height], width)
    shown = _distinct(["/".join(parts) for parts in titles])
    columns = [
        SourceColumn(i, shown[i], parts) for i, parts in enumerate(titles) if parts
    ]
    mapping, how, taken = {}, {}, set()
    for column in columns:
        if column.parts[-1] in NOT_IMPORTED and column.parts[-1] not in names:
            mapping[column.index], how[column.index] = None, "不需要导入"
        else:
            header = _match(column.parts, names)
            if header in taken:
                mapping[column.index], how[column.index] = (
                    None,
                    f"与已对应的“{header}”重复",
                )
                continue
            mapping[column.index] = header
            if header is None:
                how[column.index] = "未识别，不导入"
            elif normalise(column.parts[-1]) == normalise(header) or normalise(
                column.title
            ) == normalise(header):
                how[column.index] = "列名相同"
            else:
                how[column.index] = "按同义词表"
        if mapping[column.index]:
            taken.add(mapping[column.index])
    above = [values for _, values in sheet.rows[:first]]
    return Layout(
        header_rows=[sheet.rows[first + k][0] for k in range(height)],
        columns=columns,
        mapping=mapping,
        how=how,
        year=_title_year(above),
        sheet=sheet.name,
        repeated=[rows[first + k] for k in range(height)]
        + [v for v in above if any(x not in (None, "") for x in v)],
    )


def with_choice(
    layout: Layout, choice: dict[str, str | None], how: str = "手工指定"
) -> Layout:
    """The layout with choices made before (source title → our header or
    None): the person's own, or the unit's remembered mapping."""
    for column in layout.columns:
        if column.title not in choice:
            continue
        chosen = choice[column.title] or None
        if chosen != layout.mapping.get(column.index):  # kept: how it was found
            layout.mapping[column.index] = chosen
            layout.how[column.index] = how
    return layout


def _title_year(rows: list[list]) -> int | None:
    for values in rows:
        for value in values:
            match = re.search(r"(20\d{2})\s*年", str(value or ""))
            if match:
                return int(match.group(1))
    return None


def is_footer(values: list) -> bool:
    """A total row, a note, or a signature line ("登记人：", "接访领导（签字）")."""
    first = next((str(v).strip() for v in values if v not in (None, "")), "")
    return first.startswith(FOOTER_WORDS) or bool(SIGNATURE.search(first))


def _texts(values: list) -> list[str]:
    texts = [normalise(v) for v in values]
    while texts and not texts[-1]:
        texts.pop()
    return texts


def is_repeated(values: list, layout: Layout) -> bool:
    """A header or title row printed again at the top of a later page."""
    if layout.repeated_texts is None:  # once per sheet, not once per row
        layout.repeated_texts = [_texts(row) for row in layout.repeated]
    first = next((v for v in values if v not in (None, "")), None)
    if not isinstance(first, str):
        return False  # a header or title row starts with text
    texts = _texts(values)
    return texts in layout.repeated_texts


# --- values ----------------------------------------------------------------

EXCEL_EPOCH_SERIALS = range(20000, 80000)  # 1954–2119 as Excel day numbers
STRICT_DATES = [
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:日)?$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
]


def _month_end(year: int, month: int) -> date:

    return date(year, month, calendar.monthrange(year, month)[1])


QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
ONGOING = re.compile(r"^(长期|持续|常态化|长效|久久为功)")


def _year_month(m, year):
    day = _month_end(int(m[1]), int(m[2]))
    return day, f"{m[1]}年{int(m[2])}月，取该月最后一天"


def _month_day(m, year):
    return date(year, int(m[1]), int(m[2])), f"{year}年（台账年度）{m[1]}月{m[2]}日"


def _month_part(m, year):
    day = {"上旬": 10, "中旬": 20}[m[2]]
    return date(year, int(m[1]), day), f"{year}年（台账年度）{m[1]}月{m[2]}，取{day}日"


def _month(m, year):
    return _month_end(year, int(m[1])), f"{year}年（台账年度）{m[1]}月，取该月最后一天"


def _half(m, year):
    return date(year, 6, 30), f"{year}年（台账年度）上半年，取6月30日"


def _year_end(m, year):
    return date(year, 12, 31), f"{year}年（台账年度）年底，取12月31日"


def _quarter(m, year):
    quarter = QUARTERS[m[1]]
    return _month_end(year, 3 * quarter), f"{year}年（台账年度）第{quarter}季度末"


# Free-text deadlines as offices write them; the first pattern that matches
# the start of the text reads it. Each reader gives the date and the rule.
FREE_TEXT_DATES = [
    (re.compile(r"^(\d{4})[.年/-](\d{1,2})(?![\d.月/-]*\d)"), _year_month),
    (re.compile(r"^(\d{1,2})月(\d{1,2})日"), _month_day),
    (re.compile(r"^(\d{1,2})月(上旬|中旬)"), _month_part),
    (re.compile(r"^(\d{1,2})月"), _month),
    (re.compile(r"^(上半年|年中)"), _half),
    (re.compile(r"^(下半年|年底|年末|年内|全年|本年度|当年)"), _year_end),
    (re.compile(r"^第?([一二三四1-4])季度"), _quarter),
]


@dataclass(frozen=True)
class Reading:
    value: object
    rule: str = ""  # how a free-text value was read, shown in the preview


# "2026年9月19日9时", "2026/9/19 9:30", "2026年9月19日下午3时30分", "2026-09-19 09:30:00"
DATE_TIME = re.compile(
    r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?"
    r"(?:[T\s]*(上午|下午|晚上|早上|中午)?\s*(\d{1,2})\s*(?:[:：时点])\s*"
    r"(?:(\d{1,2})\s*分?)?(?:[:：](\d{1,2})秒?)?)?$"
)
AFTERNOON = ("下午", "晚上")


def read_datetime(value) -> Reading:
    """A moment from a cell: a datetime, or a date with a time as offices write
    it (…日9时, …日 9:30, 9时30分, 上午/下午); a date alone is 0:00."""
    if isinstance(value, datetime):
        return Reading(value)
    if isinstance(value, date):
        return Reading(datetime(value.year, value.month, value.day))
    text = re.sub(r"\s+", " ", str(value).strip())
    match = DATE_TIME.match(text)
    if not match:
        raise ValueError(f"“{text}”不是有效的日期时间（如2024-05-06 09:30）")
    year, month, day, noon, hour, minute, second = match.groups()
    hour = int(hour or 0)
    if noon in AFTERNOON and hour < 12:
        hour += 12
    try:
        moment = datetime(
            int(year), int(month), int(day), hour, int(minute or 0), int(second or 0)
        )
    except ValueError:
        raise ValueError(f"“{text}”不是有效的日期时间") from None
    plain = re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}( \d{1,2}:\d{2}(:\d{2})?)?", text)
    rule = "" if plain else f"“{text}”→{moment:%Y-%m-%d %H:%M}"
    return Reading(moment, rule)


# "3月—5月", "2024年3月至6月": a period, read as its start or its end.
RANGE = re.compile(r"\s*(?:—+|–|－|~|～|至|到|(?<=[月日])-)\s*")
# "5月底前动工": when work starts, which is no completion deadline.
STARTS = re.compile(r"(开工|动工|启动|开建|进场)")


def read_date(value, year: int | None, role: str = "") -> Reading:
    """A date for a column whose `role` is "deadline", "end", "start" or none:
    a range gives its end for a deadline or an end date and its start for a
    start date; a start-of-work phrase is refused as a deadline."""
    text = re.sub(r"\s+", "", str(value)) if isinstance(value, str) else ""
    if text and RANGE.search(text) and not DATE_TIME.match(text):
        first, *_, last = RANGE.split(text)
        if role not in ("deadline", "end", "start"):
            raise ValueError(f"“{text}”是一段时间，请填写具体日期")
        part = first if role == "start" else last
        if role != "start" and not re.match(r"^\d{4}", part):
            found = re.match(r"^(\d{4})\s*年", first)
            year = int(found.group(1)) if found else year
        reading = _read_one_date(part, year)
        which = "开始" if role == "start" else "结束"
        return Reading(
            reading.value,
            f"“{text}”→{reading.value:%Y-%m-%d}（一段时间，取其{which}"
            + (f"：{reading.rule}" if reading.rule else "")
            + "）",
        )
    if role == "deadline" and STARTS.search(text):
        raise ValueError(
            f"“{text}”是开工（启动）时间，不是完成时限：请填写应完成的日期"
        )
    return _read_one_date(value, year)


def _read_one_date(value, year: int | None) -> Reading:
    """A date from a cell: a date, an Excel day number, "2024.6.30",
    "2024年1月8日", or a free-text deadline ("12月底前" → 12-31 of the ledger's
    year), with the rule that read it."""
    if isinstance(value, datetime):
        return Reading(value.date())
    if isinstance(value, date):
        return Reading(value)
    if isinstance(value, int | float) and int(value) in EXCEL_EPOCH_SERIALS:
        day = from_excel(value).date()
        return Reading(day, f"“{int(value)}”→{day:%Y-%m-%d}（Excel日期序号）")
    with_time = DATE_TIME.match(re.sub(r"\s+", " ", str(value).strip()))
    if with_time and with_time.group(5):
        moment = read_datetime(value).value
        return Reading(
            moment.date(), f"“{str(value).strip()}”→{moment:%Y-%m-%d}（时刻不计入日期）"
        )
    text = re.sub(r"\s+", "", str(value))
    for pattern in STRICT_DATES:
        match = pattern.match(text)
        if match:
            try:
                return Reading(date(*(int(part) for part in match.groups())))
            except ValueError:
                raise ValueError(f"“{text}”不是有效日期") from None
    ledger_year = year or date.today().year
    if ONGOING.match(text):
        raise ValueError(f"“{text}”没有具体时限，请填写阶段性完成日期")
    for pattern, reader in FREE_TEXT_DATES:
        match = pattern.match(text)
        if match:
            try:
                day, rule = reader(match, ledger_year)
            except (ValueError, KeyError):
                break
            return Reading(day, f"“{text}”→{day:%Y-%m-%d}（{rule}）")
    raise ValueError(f"“{text}”不是有效日期，请改为具体日期（如{ledger_year}-12-31）")


PHONE_IN_TEXT = re.compile(r"(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})")
ID_IN_TEXT = re.compile(r"^\d{17}[\dXx]$")
PEOPLE_SEPARATORS = re.compile(r"[、;；\n]+")
PERSON_PARTS = re.compile(r"[，,\s（）()：:]+")
PLACE_WORDS = re.compile(r"(省|市|县|区|乡|镇|村|社区|街道|路|街|号|组|小区|村民|居民)")
NAME = re.compile(r"^[\u4e00-\u9fa5·]{1,6}$")


def _person(parts: list[str]) -> dict:
    person = {"name": "", "sex": "", "address": "", "phone": "", "id_number": ""}
    for part in parts:
        if PHONE_IN_TEXT.fullmatch(part) and not person["phone"]:
            person["phone"] = part
        elif ID_IN_TEXT.match(part) and not person["id_number"]:
            person["id_number"] = part.upper()
        elif part in ("男", "女") and not person["sex"]:
            person["sex"] = part
        elif re.fullmatch(r"\d{1,3}岁", part):
            continue
        elif (
            not person["name"]
            and NAME.match(part)
            and not (len(part) > 4 and PLACE_WORDS.search(part))
        ):
            person["name"] = part
        elif PLACE_WORDS.search(part) and not person["address"]:
            person["address"] = re.sub(r"(村民|居民)$", "", part) or part
        else:
            person["name"] = person["name"] or part
    return person


def split_people(value) -> list[dict]:
    """The people in a cell: several apart by 、 or ；, or by commas when each
    is a bare name; one person's name with its sex, address, phone or ID
    number ("马进财，男，城关镇北海子村村民", "张三 138…", "张三（138…）")."""
    people = []
    for piece in PEOPLE_SEPARATORS.split(str(value or "").strip()):
        parts = [p for p in PERSON_PARTS.split(piece) if p]
        if not parts:
            continue
        read = [_person([p]) for p in parts]
        if len(parts) > 1 and all(
            r["name"] and not any(r[k] for k in ("sex", "address", "phone"))
            for r in read
        ):
            people += read  # "张三，李四": two bare names
        else:
            people.append(_person(parts))
    return people


def split_person(value) -> Reading:
    """ "张三 13800000000", "马进财，男，城关镇…" → the name alone, with the
    rule saying what else the cell held."""
    text = str(value).strip()
    people = split_people(text)
    if len(people) != 1 or people[0]["name"] == text:
        return Reading(text)
    person = people[0]
    rest = "，".join(
        f"{label}{person[key]}"
        for key, label in (("sex", "性别"), ("address", "住址"), ("phone", "电话"))
        if person[key]
    )
    return Reading(person["name"], f"“{text}”→姓名“{person['name']}”（{rest}另列）")


UNIT_SEPARATORS = re.compile(r"[、/，,；;\s]+|和|及")


def split_units(value) -> list[str]:
    """ "县水务局/县住建局、县城管局" → the units in the order written."""
    return [u for u in UNIT_SEPARATORS.split(str(value).strip()) if u]
