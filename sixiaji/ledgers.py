"""Ledgers (台账): the registry of exportable lists and the Excel writer.

Each pillar declares its ledgers in its own `ledgers.py` and registers them
from `AppConfig.ready()`; the core knows no pillar. An export writes exactly
the rows the list's filters select, in the layout offices use: a title row,
the unit and export date, a frozen bold header, dates as dates, numbers as
numbers, a total row. XlsxWriter's constant-memory mode keeps memory flat.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
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
class ImportColumn:
    """A column an import reads: its header, the resource field, how to parse."""

    header: str
    field: str
    parse: Callable[[object], object] = lambda value: str(value).strip()
    required: bool = False
    # How a free-form cell is read first: "person" splits "张三 138…" into
    # the name; "units" takes the first of several units and adds the rest
    # to the column `more_to` (or rejects them when there is none).
    reads: str = "text"
    more_to: str = ""


@dataclass(frozen=True)
class ExportContext:
    user: object
    unmasked: bool  # the petition office sees petitioners' data


@dataclass(frozen=True)
class Ledger:
    kind: str
    title: str  # e.g. "信访事项" → "永昌县2024年第4季度信访事项台账"
    queryset: Callable[[object], object]  # user → the rows the user may see
    filterset: type
    columns: list[Column]
    sensitive: bool = False  # holds petitioners' data: masked, exports audited
    list_url: str = ""
    # Rows computed from (filtered records, filter values, user) rather than
    # the records themselves (e.g. quota compliance from the cadres).
    expand: Callable[[object, dict, object], Iterable] | None = None
    # Import (optional): an import-export resource class taking `user`, the
    # columns it reads, the headers that identify a row, an example row.
    resource: type | None = None
    import_columns: list[ImportColumn] = field(default_factory=list)
    natural_key: list[str] = field(default_factory=list)
    example: list = field(default_factory=list)
    # Checks across the cells of one read row: record → [(header, reason)].
    row_checks: list[Callable[[dict], list[tuple[str, str]]]] = field(
        default_factory=list
    )

    @property
    def importable(self) -> bool:
        return self.resource is not None

    def header_of(self, field_name: str) -> str:
        for column in self.import_columns:
            if column.field == field_name:
                return column.header
        return "" if field_name == "__all__" else field_name


def co_units(item) -> str:
    """The cooperating units of a tracked item, as one ledger cell."""
    return "、".join(unit.name for unit in item.co_units.all())


def ends_after_starts(start: str, end: str):
    """A row check: the date in column `end` is not before the one in `start`."""

    def check(record: dict) -> list[tuple[str, str]]:
        first, last = record.get(start), record.get(end)
        if first and last and last < first:
            return [(end, f"{end}早于{start}")]
        return []

    return check


LEDGERS: dict[str, Ledger] = {}


def register(ledger: Ledger) -> Ledger:
    LEDGERS[ledger.kind] = ledger
    return ledger


def may_import(user, ledger: Ledger) -> bool:
    """Office staff whose role enters the ledger's records import into their
    scope; petitioners' data only through the petition office."""
    from .roles import sees_petitioners

    if not ledger.importable:
        return False
    if not ledger.resource._meta.model.objects.office_edits(user):
        return False
    return not ledger.sensitive or sees_petitioners(user)


def ledger_title(ledger: Ledger, *, unit_name: str, params) -> str:
    """ "XX单位2024年第4季度现场办公台账" from the list's filter values."""
    year, quarter, month = (params.get(k) for k in ("year", "quarter", "month"))
    period = ""
    if year:
        period = f"{year}年"
        if month:
            period += f"{month}月"
        elif quarter:
            period += f"第{quarter}季度"
    return f"{unit_name}{period}{ledger.title}台账"


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
    sheet.write(0, 0, title, workbook.add_format({"bold": True, "font_size": 16}))
    sheet.write(1, 0, f"单位：{unit_name}")
    sheet.write(1, 2, f"导出日期：{exported_on:%Y-%m-%d}")
    sheet.write_row(2, 0, [column.header for column in columns], bold)
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
        sheet.write(line, 0, f"合计（{count}条）", bold)
        for index, column in enumerate(columns):
            if column.total and index:
                sheet.write_number(line, index, totals[index], bold)
    workbook.close()
    return None if output else buffer.getvalue()
