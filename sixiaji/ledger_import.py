"""Importing a ledger (.xlsx or .csv) all-or-nothing, on django-import-export.

The sheet may carry the export's title rows: the header row is found by its
column names. Every cell is read and checked first (merged cells, formula
errors, dates, numbers, required cells, duplicate rows); then the ledger's
import-export resource validates and saves the rows inside one transaction.
Any bad row → nothing is written, and every bad row is reported with its row
number, column and reason in Chinese.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime

import tablib
from import_export.widgets import ManyToManyWidget
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from .ledgers import Ledger

FORMULA_ERRORS = {"#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#N/A", "#NUM!", "#NULL!"}
DATE_PATTERNS = [
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"),
]


@dataclass(frozen=True)
class RowError:
    row: int  # the row number as the office sees it in Excel
    column: str
    message: str

    def __str__(self) -> str:
        where = f"第{self.row}行" + (f"“{self.column}”列" if self.column else "")
        return f"{where}：{self.message}"


@dataclass
class ImportResult:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    preview: list[dict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class LedgerFileError(ValueError):
    """The file cannot be read as a ledger at all."""


EARLIEST, LATEST = 2000, 2100


def _in_range(day: date) -> date:
    if not EARLIEST <= day.year <= LATEST:
        raise ValueError(f"日期{day:%Y-%m-%d}超出合理范围（{EARLIEST}—{LATEST}年）")
    return day


def parse_date(value) -> date:
    if isinstance(value, datetime):
        return _in_range(value.date())
    if isinstance(value, date):
        return _in_range(value)
    text = str(value).strip()
    for pattern in DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            try:
                return _in_range(date(*(int(part) for part in match.groups())))
            except ValueError as error:
                if "超出" in str(error):
                    raise
                break
    raise ValueError(f"“{text}”不是有效日期")


def parse_datetime(value) -> datetime:
    if isinstance(value, datetime):
        _in_range(value.date())
        return value
    text = str(value).strip()
    match = re.match(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})[ T](\d{1,2}):(\d{2})", text)
    try:
        moment = datetime(*(int(part) for part in match.groups())) if match else None
    except ValueError:
        moment = None
    if moment is None:
        raise ValueError(f"“{text}”不是有效的日期时间")
    _in_range(moment.date())
    return moment


def _sheet_rows(
    content: bytes, name: str
) -> tuple[list[tuple[int, list]], set[tuple[int, int]]]:
    """(row number, values) of the first sheet, and the merged data cells."""
    if name.lower().endswith(".csv"):
        for encoding in ("utf-8-sig", "gbk"):
            try:
                text = content.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise LedgerFileError("CSV 文件既不是 UTF-8 也不是 GBK 编码。")
        reader = csv.reader(io.StringIO(text))
        return [(n, row) for n, row in enumerate(reader, start=1)], set()
    try:
        workbook = load_workbook(io.BytesIO(content), data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a bad file
        raise LedgerFileError(
            "无法读取该文件，请上传 .xlsx 或 .csv 格式的台账。"
        ) from error
    sheet = workbook.worksheets[0]
    merged = set()
    for cells in sheet.merged_cells.ranges:
        for row in range(cells.min_row, cells.max_row + 1):
            for column in range(cells.min_col, cells.max_col + 1):
                merged.add((row, column))
    rows = [
        (number, list(values))
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
    ]
    return rows, merged


def read_ledger(ledger: Ledger, content: bytes, name: str):
    """Find the header, read and check every cell; (records, errors)."""
    columns = {c.header: c for c in ledger.import_columns}
    rows, merged = _sheet_rows(content, name)
    header_index = None
    for index, (_, values) in enumerate(rows[:20]):
        names = {str(v).strip() for v in values if v is not None}
        if len(names & set(columns)) >= max(2, len(columns) // 2):
            header_index = index
            break
    if header_index is None:
        raise LedgerFileError(
            "没有找到表头行：请使用“下载导入模板”中的列名（"
            + "、".join(columns)
            + "）。"
        )
    header_number, header = rows[header_index]
    positions = {
        str(value).strip(): i for i, value in enumerate(header) if value is not None
    }
    missing = [h for h, c in columns.items() if c.required and h not in positions]
    if missing:
        raise LedgerFileError("缺少必需的列：" + "、".join(missing) + "。")
    records, errors, seen = [], [], {}
    for number, values in rows[header_index + 1 :]:
        if not any(v not in (None, "") for v in values):
            continue  # a blank row
        first = str(values[0] or "").strip()
        if first.startswith("合计"):
            break
        record, row_errors = {}, []
        for header_name, column in columns.items():
            position = positions.get(header_name)
            raw = (
                values[position]
                if position is not None and position < len(values)
                else None
            )
            if position is not None and (number, position + 1) in merged:
                row_errors.append(
                    RowError(number, header_name, "合并单元格，请拆分后逐行填写")
                )
                continue
            if isinstance(raw, str) and raw.strip() in FORMULA_ERRORS:
                row_errors.append(
                    RowError(number, header_name, f"公式错误（{raw.strip()}）")
                )
                continue
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                if column.required:
                    row_errors.append(RowError(number, header_name, "必填项为空"))
                record[header_name] = None
                continue
            try:
                record[header_name] = column.parse(raw)
            except (ValueError, TypeError) as error:
                row_errors.append(RowError(number, header_name, str(error)))
        if not row_errors:
            for check in ledger.row_checks:
                row_errors += [RowError(number, h, m) for h, m in check(record)]
        if not row_errors:
            key = tuple(record.get(h) for h in ledger.natural_key)
            if key in seen:
                row_errors.append(
                    RowError(
                        number,
                        "",
                        f"与第{seen[key]}行重复（{'、'.join(ledger.natural_key)}相同）",
                    )
                )
            else:
                seen[key] = number
        errors += row_errors
        records.append((number, record))
    return records, errors


def import_ledger(
    ledger: Ledger, content: bytes, name: str, *, user, dry_run: bool
) -> ImportResult:
    """Read, check and import; all rows or none."""
    records, errors = read_ledger(ledger, content, name)
    result = ImportResult(errors=errors)
    if not records:
        if not errors:
            result.errors.append(RowError(0, "", "台账中没有数据行"))
        return result
    resource = ledger.resource(user=user)
    for number, record in records:
        # Each cell through its widget first, so a lookup that fails (an
        # unknown cadre, a label not among the choices) names its column.
        for resource_field in resource.get_import_fields():
            if (
                resource_field.column_name in record
                and record[resource_field.column_name] is not None
            ):
                try:
                    resource_field.clean(record)
                except ValueError as error:
                    result.errors.append(
                        RowError(number, resource_field.column_name, str(error))
                    )
    # Rows with errors so far are left out; the rest are still validated by
    # the model so every bad row is reported, and nothing is written if any
    # row anywhere is bad.
    bad_rows = {error.row for error in result.errors}
    records = [(number, record) for number, record in records if number not in bad_rows]
    if not records:
        result.errors.sort(key=lambda e: (e.row, e.column))
        return result
    headers = list(records[0][1])
    dataset = tablib.Dataset(headers=headers)
    for _, record in records:
        dataset.append([record[h] for h in headers])
    outcome = resource.import_data(
        dataset,
        dry_run=dry_run or bool(result.errors),
        use_transactions=True,
        rollback_on_validation_errors=True,
        retain_instance_in_row_result=True,
    )
    numbers = [number for number, _ in records]
    for index, row_errors in outcome.row_errors():
        for error in row_errors:
            result.errors.append(
                RowError(numbers[index - 1], "", _message(error.error))
            )
    for invalid in outcome.invalid_rows:
        for field_name, messages in invalid.error_dict.items():
            column = ledger.header_of(field_name)
            for message in messages:
                result.errors.append(
                    RowError(numbers[invalid.number - 1], column, str(message))
                )
    totals = outcome.totals
    result.new, result.updated = totals.get("new", 0), totals.get("update", 0)
    result.unchanged = totals.get("skip", 0)
    result.preview = [
        {
            "row": numbers[i],
            "type": row.import_type,
            "values": dict(zip(headers, dataset[i], strict=True)),
            "changes": _changes(resource, row) if row.import_type == "update" else {},
        }
        for i, row in enumerate(outcome.rows)
    ]
    result.errors.sort(key=lambda e: (e.row, e.column))
    return result


def _changes(resource, row) -> dict[str, str]:
    """The cells an update changes: column → the value it had."""
    changes = {}
    for resource_field in resource.get_import_fields():
        if isinstance(resource_field.widget, ManyToManyWidget):
            continue  # saved already; the new value is shown in the row
        old = resource_field.export(row.original)
        if old != resource_field.export(row.instance):
            changes[resource_field.column_name] = old
    return changes


def _message(error: Exception) -> str:
    text = str(error)
    if hasattr(error, "messages"):
        text = "；".join(error.messages)
    return text or type(error).__name__


def template_xlsx(ledger: Ledger) -> bytes:
    """下载导入模板: the header and one example row."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = ledger.title[:31]
    sheet.append([c.header for c in ledger.import_columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.append(list(ledger.example))
    for index, column in enumerate(ledger.import_columns, start=1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = max(
            12, len(column.header) * 2 + 2
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
