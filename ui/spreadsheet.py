"""The Excel writer of every export: a title row, the unit and export date, a
frozen bold header, dates as dates, numbers as numbers, a total row.
XlsxWriter's constant-memory mode keeps memory flat.

A column may say what its cells hold (`kind`): the writer then picks its
XlsxWriter call once for the column instead of checking each cell's type."""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO
from typing import BinaryIO

import xlsxwriter

# What a column's cells hold; ANY is checked cell by cell.
ANY, TEXT, NUMBER, DATE, DATETIME, BOOL = (
    "",
    "text",
    "number",
    "date",
    "datetime",
    "bool",
)


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[object, "ExportContext"], object] | None = None
    width: int = 12
    total: bool = False  # sum it in the total row
    number_format: str | None = None
    # What the cells hold, when known for the whole column: TEXT (str),
    # NUMBER, DATE, DATETIME (naive, local time), BOOL; ANY is checked per cell.
    kind: str = ANY


@dataclass(frozen=True)
class ExportContext:
    user: object
    unmasked: bool  # the viewer may see personal data unmasked


DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
PROGRESS_EVERY = 1000  # rows between progress reports of an export job


def _cell_writer(sheet, column: Column, formats: dict, totals: list, index: int):
    """The call that writes one non-blank cell of `column`, chosen once."""
    own = formats.get(column.number_format)
    kind = column.kind
    if kind == TEXT:
        return sheet.write_string
    if kind == DATE:
        fmt = own or formats[DATE_FORMAT]
        return lambda line, i, value: sheet.write_datetime(line, i, value, fmt)
    if kind == DATETIME:
        fmt = own or formats[DATETIME_FORMAT]
        return lambda line, i, value: sheet.write_datetime(line, i, value, fmt)
    if kind == BOOL:
        return sheet.write_boolean
    if kind == NUMBER:  # its total is summed per row by the caller
        return lambda line, i, value: sheet.write_number(line, i, value, own)

    def write_any(line, i, value):
        if isinstance(value, datetime):
            fmt = own or formats[DATETIME_FORMAT]
            sheet.write_datetime(line, i, value.replace(tzinfo=None), fmt)
        elif isinstance(value, date):
            sheet.write_datetime(line, i, value, own or formats[DATE_FORMAT])
        elif isinstance(value, bool):
            sheet.write_boolean(line, i, value)
        elif isinstance(value, int | float):
            if column.total:
                totals[index] += value
            sheet.write_number(line, i, value, own)
        else:
            sheet.write_string(line, i, str(value))

    return write_any


def write_xlsx(
    columns: list[Column],
    rows: Iterable,
    context: ExportContext,
    *,
    sheet_name: str,
    title: str,
    unit_name: str,
    exported_on: date,
    progress: Callable[[int], None] | None = None,
    output: BinaryIO | None = None,
    cells: bool = False,
) -> bytes | None:
    """The ledger as .xlsx, written row by row by XlsxWriter in constant-memory
    mode (each row goes to disk as it is written), so memory stays flat. It is
    written to `output` (a file) if given, else returned as bytes.

    Each row is a record whose cells are `column.value(row, context)`, or,
    with `cells`, the sequence of its cell values in column order."""
    buffer = output or BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"constant_memory": True})
    sheet = workbook.add_worksheet(sheet_name[:31])
    bold = workbook.add_format({"bold": True})
    formats = {DATE_FORMAT: None, DATETIME_FORMAT: None}
    formats.update({c.number_format: None for c in columns if c.number_format})
    for number_format in formats:
        formats[number_format] = workbook.add_format({"num_format": number_format})
    for index, column in enumerate(columns):
        sheet.set_column(index, index, column.width)
    sheet.freeze_panes(3, 0)
    # Strings, never `write()`: a title from a unit's name starting with "="
    # would otherwise become a formula.
    big = workbook.add_format({"bold": True, "font_size": 16})
    sheet.write_string(0, 0, title, big)
    sheet.write_string(1, 0, f"单位：{unit_name}")
    sheet.write_string(1, 2, f"导出日期：{exported_on:%Y-%m-%d}")
    for index, column in enumerate(columns):
        sheet.write_string(2, index, column.header, bold)
    totals = [0] * len(columns)
    writers = [
        (index, _cell_writer(sheet, column, formats, totals, index))
        for index, column in enumerate(columns)
    ]
    # Number columns with a total add up outside the writer: one sum per row.
    summed = [i for i, c in enumerate(columns) if c.total and c.kind == NUMBER]
    values = [column.value for column in columns]
    count = 0
    for row in rows:
        count += 1
        if progress and count % PROGRESS_EVERY == 0:
            progress(count)
        line = count + 2
        row_cells: Sequence = (
            row if cells else [value(row, context) for value in values]
        )
        for index, write in writers:
            value = row_cells[index]
            if value is None or value == "":
                continue
            write(line, index, value)
        for index in summed:
            totals[index] += row_cells[index] or 0
    if progress:
        progress(count)
    if any(column.total for column in columns):
        line = count + 3
        sheet.write_string(line, 0, f"合计（{count}条）", bold)
        for index, column in enumerate(columns):
            if column.total and index:
                sheet.write_number(line, index, totals[index], bold)
    workbook.close()
    return None if output else buffer.getvalue()
