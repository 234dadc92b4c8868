"""The Excel writer of every export: a title row, the unit and export date, a
frozen bold header, dates as dates, numbers as numbers, a total row.
XlsxWriter's constant-memory mode keeps memory flat."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO
from typing import BinaryIO

import xlsxwriter


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[object, "ExportContext"], object]
    width: int = 12
    total: bool = False  # sum it in the total row
    number_format: str | None = None


@dataclass(frozen=True)
class ExportContext:
    user: object
    unmasked: bool  # the viewer may see personal data unmasked


DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
PROGRESS_EVERY = 1000  # rows between progress reports of an export job


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
) -> bytes | None:
    """The ledger as .xlsx, written row by row by XlsxWriter in constant-memory
    mode (each row goes to disk as it is written), so memory stays flat. It is
    written to `output` (a file) if given, else returned as bytes."""
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
    count = 0
    for row in rows:
        count += 1
        if progress and count % PROGRESS_EVERY == 0:
            progress(count)
        line = count + 2
        for index, column in enumerate(columns):
            value = column.value(row, context)
            if value is None or value == "":
                continue
            if isinstance(value, datetime):
                fmt = formats[column.number_format or DATETIME_FORMAT]
                sheet.write_datetime(line, index, value.replace(tzinfo=None), fmt)
            elif isinstance(value, date):
                fmt = formats[column.number_format or DATE_FORMAT]
                sheet.write_datetime(line, index, value, fmt)
            elif isinstance(value, bool):
                sheet.write_boolean(line, index, value)
            elif isinstance(value, int | float):
                if column.total:
                    totals[index] += value
                sheet.write_number(
                    line, index, value, formats.get(column.number_format)
                )
            else:
                sheet.write_string(line, index, str(value))
    if any(column.total for column in columns):
        line = count + 3
        sheet.write_string(line, 0, f"合计（{count}条）", bold)
        for index, column in enumerate(columns):
            if column.total and index:
                sheet.write_number(line, index, totals[index], bold)
    workbook.close()
    return None if output else buffer.getvalue()
