"""Bounds on an uploaded ledger, checked before any reader loads it.

A real office ledger has at most some thousands of rows, a few dozen columns
and short cells. A file far beyond that (a 1.7 KB .xlsx declaring a cell at
XFD1048576, a zip whose parts inflate to gigabytes, a million-row CSV) would
hold a worker for minutes and gigabytes of memory inside openpyxl or the CSV
reader, so it is refused from its zip directory, its declared dimension and a
bounded scan of its XML, in well under a second and a few megabytes.
"""

import csv
import html
import io
import re
import zipfile

from ledgers.errors import LedgerFileError

MAX_ROWS = 50_000  # rows of data
HEADER_ALLOWANCE = 30  # title, unit and header rows above the data
MAX_COLUMNS = 200
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
MAX_UNCOMPRESSED = 20 * 1024 * 1024  # all parts of an .xlsx, or a .csv
MAX_SHEET_ROWS = MAX_ROWS + HEADER_ALLOWANCE

_CHUNK = 1024 * 1024
# A cell or row reference in a worksheet part: r="B7", r="7", ref="A1:XFD1048576".
_DIMENSION = re.compile(rb'<dimension\s+ref="(?:[A-Z]+\d+:)?([A-Z]+)(\d+)"')
# Only references beyond the bounds match, so a legitimate sheet gives none:
# a row number of 50,000 or more, a column after GR (the 200th).
_FAR_ROW = re.compile(
    rb'\b(?:r|ref)="(?:[A-Z]{0,3}\d+:)?[A-Z]{0,3}([5-9]\d{4}|\d{6,})"'
)
_WIDE = re.compile(rb'\b(?:r|ref)="(?:[A-Z]{1,3}\d+:)?([A-Z]{3}|G[S-Z]|[H-Z][A-Z])\d')
# A text run of more bytes than a cell may hold characters (a UTF-8 character
# is one to four bytes): only those are decoded and counted.
_LONG_RUN = re.compile(rb">([^<]{%d,})" % (MAX_CELL_CHARS + 1))


class LedgerTooLargeError(LedgerFileError):
    """The file is far beyond the size of a real ledger."""


def too_large(what: str) -> LedgerTooLargeError:
    return LedgerTooLargeError(
        f"文件{what}，远超台账的合理规模（最多{MAX_ROWS}行数据、{MAX_COLUMNS}列、"
        f"单元格{MAX_CELL_CHARS}个字、解压后{MAX_UNCOMPRESSED // 1024 // 1024}MB），"
        "未读取。请检查是否选错了文件，或删去空白行列、拆分成几个文件后再导入。"
    )


def column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def _check_text(data: bytes) -> None:
    for match in _LONG_RUN.finditer(data):
        text = html.unescape(match.group(1).decode("utf-8", "replace"))
        if len(text) > MAX_CELL_CHARS:
            raise too_large(f"有单元格超过{MAX_CELL_CHARS}个字（{len(text)}个字）")


def _check_sheet(data: bytes) -> None:
    dimension = _DIMENSION.search(data, 0, 4096)
    if dimension:
        letters, row = dimension.group(1).decode(), int(dimension.group(2))
        if row > MAX_SHEET_ROWS or column_number(letters) > MAX_COLUMNS:
            raise too_large(
                f"声明的范围到{letters}{row}（{row}行、{column_number(letters)}列）"
            )
    rows = data.count(b"<row")
    if rows > MAX_SHEET_ROWS:
        raise too_large(f"有{rows}行")
    for match in _FAR_ROW.finditer(data):
        if int(match.group(1)) > MAX_SHEET_ROWS:
            raise too_large(f"有数据写在第{int(match.group(1))}行")
    wide = _WIDE.search(data)
    if wide:
        letters = wide.group(1).decode()
        raise too_large(f"有数据写在{letters}列（第{column_number(letters)}列）")
    _check_text(data)


def check_xlsx(content: bytes) -> None:
    """Refuse an .xlsx beyond the bounds; a file that is no zip at all is left
    to the reader, which says it cannot read it."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        return
    declared = sum(member.file_size for member in members)
    if declared > MAX_UNCOMPRESSED:
        raise too_large(f"解压后有{declared // 1024 // 1024}MB")
    left = MAX_UNCOMPRESSED
    for member in members:
        # Inflated in bounded chunks: a part whose zip header understates its
        # size is cut off at the bound rather than trusted.
        parts = []
        try:
            with archive.open(member) as stream:
                while chunk := stream.read(min(_CHUNK, left + 1)):
                    left -= len(chunk)
                    if left < 0:
                        raise too_large(
                            f"解压后超过{MAX_UNCOMPRESSED // 1024 // 1024}MB"
                        )
                    parts.append(chunk)
        except (zipfile.BadZipFile, OSError, EOFError, RuntimeError):
            return  # a broken part: the reader reports the file unreadable
        name = member.filename
        if name.startswith("xl/worksheets/") and name.endswith(".xml"):
            _check_sheet(b"".join(parts))
        elif name == "xl/sharedStrings.xml":
            _check_text(b"".join(parts))


def csv_rows(text: str) -> list[list]:
    """The rows of a CSV text, refused as soon as it passes a bound."""
    rows = []
    reader = csv.reader(io.StringIO(text))
    try:
        for row in reader:
            if len(rows) >= MAX_SHEET_ROWS:
                raise too_large(f"超过{MAX_SHEET_ROWS}行")
            if len(row) > MAX_COLUMNS:
                raise too_large(f"第{len(rows) + 1}行有{len(row)}列")
            if any(len(value) > MAX_CELL_CHARS for value in row):
                raise too_large(f"第{len(rows) + 1}行有单元格超过{MAX_CELL_CHARS}个字")
            rows.append([value if value != "" else None for value in row])
    except csv.Error as error:  # a field beyond the csv module's own limit
        raise too_large(f"第{len(rows) + 1}行有单元格过长") from error
    return rows


def check_size(content: bytes, filename: str) -> None:
    """Refuse a file beyond the bounds before a reader loads it."""
    if len(content) > MAX_UNCOMPRESSED:
        raise too_large(f"有{len(content) // 1024 // 1024}MB")
    if filename.lower().endswith((".xlsx", ".xlsm")):
        check_xlsx(content)


def rows_in(content: bytes, filename: str) -> int:
    """About how many rows the file's first sheet has, without reading its
    cells (to tell a file for a background import)."""
    lower = filename.lower()
    if lower.endswith(".csv"):
        return content.count(b"\n")
    if lower.endswith(".xls"):
        import xlrd

        try:
            book = xlrd.open_workbook(file_contents=content, on_demand=True)
            return book.sheet_by_index(0).nrows
        except Exception:  # unreadable: the reader says so
            return 0
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        return max(
            (archive.read(n).count(b"<row") for n in sheets if n.endswith(".xml")),
            default=0,
        )
    except (zipfile.BadZipFile, ValueError, OSError):
        return 0
