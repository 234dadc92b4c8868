"""Importing a ledger (.xlsx, .xls or .csv) all-or-nothing, on django-import-export.

The office's own sheet is read as it is (`ledger_reading`): the header is
found under title rows, columns are mapped to ours, merged cells are filled
down, footers ignored and free-text values read with the rule shown in the
preview. Every cell is checked first (formula errors, dates, required cells,
duplicate rows, cells merged across columns); then the ledger's
import-export resource validates and saves the rows inside one transaction.
Any bad row → nothing is written, and every bad row is reported with its
sheet, row number, column and reason in Chinese.
"""

import copy
import gc
import io
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime

import tablib
from django.db.models import F, Q
from import_export.widgets import ManyToManyWidget
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ledgers.errors import LedgerFileError
from ledgers.models import ImportMapping, ValueSynonym
from ledgers.reading import (
    HeaderNotFound,
    Layout,
    Reading,
    Sheet,
    detect_layout,
    is_footer,
    is_repeated,
    read_date,
    read_datetime,
    read_sheet,
    split_person,
    split_units,
    with_choice,
)
from ledgers.registry import Ledger
from ledgers.widgets import (
    ChoiceLabelWidget,
    OrgUnitWidget,
    ScopedListWidget,
    ScopedWidget,
)

FORMULA_ERRORS = {"#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#N/A", "#NUM!", "#NULL!"}


@dataclass(frozen=True)
class RowError:
    row: int  # the row number as the office sees it in Excel
    column: str
    message: str
    sheet: str = ""

    def __str__(self) -> str:
        where = f"工作表“{self.sheet}”" if self.sheet else ""
        if self.row:
            where += f"第{self.row}行"
        where += f"“{self.column}”列" if self.column else ""
        return f"{where}：{self.message}" if where else self.message


@dataclass
class Fill:
    """A required column the sheet lacks, as the mapping step offers it: one
    value for the whole file (a choice among `choices` where the column has
    them; `suggested` first) or derived from another source column."""

    header: str
    choices: list[str]
    suggested: str = ""
    constant: object = None
    derived_from: str = ""


@dataclass
class ImportResult:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    preview: list[dict] = field(default_factory=list)
    layout: Layout | None = None
    notes: list[RowError] = field(default_factory=list)  # values read by a rule
    # No header found: the sheet's first rows, for the person to point at one.
    header_candidates: list[tuple[int, list]] = field(default_factory=list)
    # The mapping step's other parts: required columns without a source
    # column, and each choice column's values that are no choice (written →
    # rows), with what was chosen for them so far.
    fills: list[Fill] = field(default_factory=list)
    unknown_values: dict[str, dict[str, int]] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    value_choices: dict[str, list[str]] = field(default_factory=dict)

    @property
    def value_rows(self) -> list[tuple[str, str, int | None, str, list[str]]]:
        """The value-mapping step: (header, value as written, rows holding it,
        the choice made, the choices), unknown values first."""
        rows = [
            (header, written, count, "", self.value_choices.get(header, []))
            for header, found in self.unknown_values.items()
            for written, count in found.items()
        ]
        rows += [
            (header, written, None, label, self.value_choices.get(header, []))
            for header, chosen in self.values.items()
            for written, label in chosen.items()
            if written not in self.unknown_values.get(header, {})
        ]
        return rows

    @property
    def ok(self) -> bool:
        return not self.errors


EARLIEST, LATEST = 2000, 2099  # as the forms accept
YEAR = "年度"  # a ledger's year column; when absent, the title's year


def _in_range(day: date) -> date:
    if not EARLIEST <= day.year <= LATEST:
        raise ValueError(f"日期{day:%Y-%m-%d}超出合理范围（{EARLIEST}—{LATEST}年）")
    return day


def parse_datetime(value) -> datetime:
    """A moment as offices write it (`read_datetime`), within the years the
    forms accept."""
    moment = read_datetime(value).value
    _in_range(moment.date())
    return moment


def _read_cell(column, raw, year: int | None) -> Reading:
    """A cell through the reading its column asks for."""
    if column.is_date:
        reading = read_date(raw, year, column.role)
        return Reading(_in_range(reading.value), reading.rule)
    if column.reads == "person":
        return split_person(raw)
    return Reading(column.parse(raw))


def _row_year(record_values: dict, layout: Layout) -> int | None:
    year = str(record_values.get(YEAR) or "").strip().split(".")[0]
    return int(year) if year.isdigit() and len(year) == 4 else layout.year


def derivation_rule(column, source: str) -> str:
    """How a column the sheet lacks is read from another source column, as
    the preview shows it."""
    if column.is_date:
        return f"取“{source}”列的日期（时刻不计入）"
    return f"照录“{source}”列"


def missing_message(ledger: Ledger, missing: list[str]) -> str:
    """What a clerk adds to the sheet for required columns nobody can know:
    one plain line per column."""
    columns = {c.header: c for c in ledger.import_columns}
    lines = "；".join(
        f"加一列“{h}”，每行填写{_how_to_fill(columns[h]).rstrip('。')}" for h in missing
    )
    return (
        "台账中没有必需的列：" + "、".join(missing) + f"。请在表中{lines}。"
        "表中已有这些内容但列名不同的，请在“列对应”中指定对应的列；"
        "全表相同的，可为整个文件指定一个值，或由其他列推出"
    )


def read_rows(
    ledger: Ledger,
    sheet: Sheet,
    layout: Layout,
    constants: dict | None = None,
    derived: dict | None = None,
    values: dict | None = None,
    unit=None,
):
    """Read and check every data row under the header; (records, errors,
    notes). `constants` gives one value for the whole file to a column the
    sheet lacks (来源渠道 = 来访); `derived` reads such a column from another
    source column, by its title (登记日期 from 接件时间); `values` maps a
    choice column's values in the office's words to choices (header →
    written → label), over the unit's and the common value synonyms."""
    columns = {c.header: c for c in ledger.import_columns}
    positions = {header: i for i, header in layout.mapping.items() if header}
    by_title = {c.title: c.index for c in layout.columns}
    for header, title in (derived or {}).items():
        if header in columns and header not in positions and title in by_title:
            positions[header] = by_title[title]
            layout.derived[header] = (title, derivation_rule(columns[header], title))
            if not layout.mapping.get(by_title[title]):
                layout.how[by_title[title]] = f"用于推出“{header}”"
    constants = {
        h: v
        for h, v in (constants or {}).items()
        if h in columns and h not in positions and v not in (None, "")
    }
    missing = [
        h
        for h, c in columns.items()
        if c.required
        and h not in positions
        and h not in constants
        and not (h == YEAR and layout.year)
    ]
    records, errors, notes, seen = [], [], [], {}
    synonyms = value_synonyms_for(ledger, unit)
    for header, chosen in (values or {}).items():
        synonyms.setdefault(header, {}).update(
            {w: label for w, label in chosen.items() if label}
        )
    if missing:
        errors.append(
            RowError(
                layout.header_rows[-1],
                "",
                missing_message(ledger, missing),
                sheet.name,
            )
        )
        return records, errors, notes
    data = [(n, v) for n, v in sheet.rows if n > layout.header_rows[-1]]
    for number, values in data:
        if not any(v not in (None, "") for v in values):
            continue  # a blank row
        if is_footer(values):
            break  # a total row, signature lines, notes
        if is_repeated(values, layout):
            continue  # the header printed again on a later page
        row = _RowReader(ledger, layout, sheet, number, values, positions)
        row.synonyms, row.constants = synonyms, constants
        record = row.read()
        if not row.errors:
            key = tuple(record.get(h) for h in ledger.natural_key)
            if key in seen:
                row.fail(
                    "", f"与第{seen[key]}行重复（{'、'.join(ledger.natural_key)}相同）"
                )
            else:
                seen[key] = number
        errors += row.errors
        notes += row.notes
        records.append((number, record))
    year_notes = [n for n in notes if n.column == YEAR]
    if len(year_notes) > 1:  # the title's year, said once
        notes = [n for n in notes if n.column != YEAR or n is year_notes[0]]
    return records, errors, notes


def value_synonyms_for(ledger: Ledger, unit=None) -> dict[str, dict[str, str]]:
    """Our header → {value as offices write it → the choice's label}, for the
    ledger's choice columns: the common ones, then `unit`'s own; a value that
    already is a choice is kept."""

    choices = {
        c.header: c.widget
        for c in ledger.import_columns
        if isinstance(c.widget, ChoiceLabelWidget)
    }
    found: dict[str, dict[str, str]] = {}
    for row in (
        ValueSynonym.objects.filter(
            kind__in=["", ledger.kind], header__in=list(choices)
        )
        .filter(Q(unit=None) | Q(unit=unit) if unit else Q(unit=None))
        .order_by(F("unit").asc(nulls_first=True), "kind")
    ):
        widget = choices[row.header]
        if row.written in widget.by_label or row.written in widget.values:
            continue
        found.setdefault(row.header, {})[row.written] = row.label
    return found


class _RowReader:
    """One data row: each mapped cell read and checked, errors and notes kept."""

    def __init__(self, ledger, layout, sheet, number, values, positions):
        self.ledger, self.sheet, self.number = ledger, sheet, number
        self.values, self.positions = values, positions
        self.errors: list[RowError] = []
        self.notes: list[RowError] = []
        self.synonyms: dict[str, dict[str, str]] = {}
        self.constants: dict[str, object] = {}
        self.year = _row_year({YEAR: self.cell(YEAR)[1]}, layout)

    def cell(self, header):
        position = self.positions.get(header)
        if position is None and header in self.constants:
            return None, self.constants[header]  # one value for the whole file
        if position is None or position >= len(self.values):
            return position, None
        return position, self.values[position]

    def fail(self, header, message):
        self.errors.append(RowError(self.number, header, message, self.sheet.name))

    def note(self, header, message):
        self.notes.append(RowError(self.number, header, message, self.sheet.name))

    def read(self) -> dict:
        record = {}
        for header, column in {c.header: c for c in self.ledger.import_columns}.items():
            if header not in record:  # not already filled by a units cell
                self.read_cell(record, header, column)
        if not self.errors:
            for check in self.ledger.row_checks:
                for header, message in check(record):
                    self.fail(header, message)
        return record

    def read_cell(self, record, header, column) -> None:
        position, raw = self.cell(header)
        if position is not None and (self.number, position) in self.sheet.across:
            self.fail(header, "合并单元格跨越多列，无法确定属于哪一列，请拆分后填写")
            return
        if isinstance(raw, str) and raw.strip() in FORMULA_ERRORS:
            self.fail(header, f"公式错误（{raw.strip()}）")
            return
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if header == YEAR and self.year:
                record[header] = self.year
                self.note(
                    header, f"取台账标题中的年度{self.year}年（其余未填年度的行同）"
                )
                return
            if column.required:
                self.fail(header, "必填项为空")
            record[header] = None
            return
        if column.reads == "units":
            written = str(raw).strip()
            units = split_units(raw)
            raw = units[0]
            if len(units) > 1:
                if not column.more_to:
                    self.fail(header, f"只能填写一个单位（填了：{'、'.join(units)}）")
                    return
                extra = "、".join(units[1:])
                own = str(self.cell(column.more_to)[1] or "").strip()
                record[column.more_to] = "、".join(filter(None, [own, extra]))
                self.note(
                    header,
                    f"“{written}”→{header}“{raw}”，{column.more_to}“{extra}”",
                )
        try:
            reading = _read_cell(column, raw, self.year)
        except (ValueError, TypeError) as error:
            self.fail(header, str(error))
            return
        record[header] = reading.value
        if reading.rule:
            self.note(header, reading.rule)
        meant = self.synonyms.get(header, {}).get(str(reading.value).strip())
        if meant is not None:
            record[header] = meant
            self.note(header, f"“{reading.value}”→{header}“{meant}”（取值同义词）")


def _unit_of(user):
    cadre = getattr(user, "cadre", None)
    return user.scope_unit or (cadre.unit if cadre else None)


@contextmanager
def _fewer_collections():
    """Python's cyclic collector at its default threshold (700 new
    objects) ran some 900 times in a 10,000-row import, 11–20 % of its time,
    while reference counting freed nearly everything; during an import it
    runs every 100,000 objects instead."""
    threshold = gc.get_threshold()
    gc.set_threshold(max(threshold[0], 100_000), *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)


@_fewer_collections()
def import_ledger(
    ledger: Ledger,
    content: bytes,
    name: str,
    *,
    user,
    dry_run: bool,
    choice: dict | None = None,
    progress=None,
    header_row: int | None = None,
    constants: dict | None = None,
    derived: dict | None = None,
    values: dict | None = None,
) -> ImportResult:
    """Read, check and import; all rows or none. `choice` maps source column
    titles to our headers where the person changed the detected mapping; the
    unit's last confirmed mapping of the same layout applies first.
    `progress(done, total)` is told every few hundred rows checked and saved;
    `header_row` is the header's row where the person pointed at it; when no
    header is found, the result offers the sheet's first rows to choose from.
    `constants` and `derived` fill columns the sheet lacks (see `read_rows`):
    None takes the unit's remembered ones for this layout. `values` maps
    values in the office's words to choices (header → written → label).
    A confirmed import remembers all of it for the unit's next import of the
    same layout; the values, for every import of the unit."""

    unit = _unit_of(user)
    sheet = read_sheet(content, name)
    try:
        layout = detect_layout(ledger, sheet, header_row)
    except HeaderNotFound as error:
        layout = _remembered_header(ledger, sheet, unit) if unit else None
        if layout is None:
            return ImportResult(
                errors=[RowError(0, "", str(error), sheet.name)],
                header_candidates=[(n, v) for n, v in error.rows if any(v)],
            )
    remembered = (
        ImportMapping.objects.filter(
            unit=unit, kind=ledger.kind, signature=layout.signature
        ).first()
        if unit
        else None
    )
    if remembered:
        with_choice(layout, remembered.mapping, "按本单位上次导入的对应关系")
    if choice:
        with_choice(layout, choice)
    if constants is None:
        constants = remembered.constants if remembered else {}
    if derived is None:
        derived = remembered.derived if remembered else {}
    records, errors, notes = read_rows(
        ledger, sheet, layout, constants, derived, values, unit
    )
    _check_table(ledger, records, errors, notes, user, layout.sheet)
    result = ImportResult(errors=errors, layout=layout, notes=notes)
    result.fills = _fills(ledger, layout, constants, unit)
    result.values = {h: dict(v) for h, v in (values or {}).items()}
    result.value_choices = {
        c.header: list(c.widget.by_label)
        for c in ledger.import_columns
        if isinstance(c.widget, ChoiceLabelWidget)
    }
    if not records:
        if not errors:
            result.errors.append(
                RowError(layout.header_rows[-1], "", "表头下没有数据行", layout.sheet)
            )
        return result
    resource = ledger.resource(user=user)
    step = _Progress(progress, 2 * len(records))
    _count_saved_rows(resource, step)
    for number, record in records:
        step.advance()
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
                    if isinstance(resource_field.widget, ChoiceLabelWidget):
                        written = str(record[resource_field.column_name]).strip()
                        unknown = result.unknown_values.setdefault(
                            resource_field.column_name, {}
                        )
                        unknown[written] = unknown.get(written, 0) + 1
                    result.errors.append(
                        RowError(
                            number, resource_field.column_name, str(error), layout.sheet
                        )
                    )
    checkers = {}  # one copy of each lookup widget for this import
    for number, record in records:
        for message in _lookup_errors(ledger, record, user, checkers):
            result.errors.append(RowError(number, *message, layout.sheet))
    # Rows with errors so far are left out; the rest are still validated by
    # the model so every bad row is reported, and nothing is written if any
    # row anywhere is bad.
    bad_rows = {error.row for error in result.errors}
    records = [(number, record) for number, record in records if number not in bad_rows]
    if not records:
        result.errors.sort(key=lambda e: (e.row, e.column))
        return result
    if ledger.order is not None:
        records = ledger.order(records)
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
    for error in outcome.base_errors:  # a batch written in bulk that failed
        result.errors.append(RowError(0, "", _message(error.error), layout.sheet))
    for index, row_errors in outcome.row_errors():
        for error in row_errors:
            result.errors.append(
                RowError(numbers[index - 1], "", _message(error.error), layout.sheet)
            )
    for invalid in outcome.invalid_rows:
        for field_name, messages in invalid.error_dict.items():
            column = ledger.header_of(field_name)
            for message in messages:
                result.errors.append(
                    RowError(
                        numbers[invalid.number - 1], column, str(message), layout.sheet
                    )
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
    if result.ok and not dry_run and unit:
        _remember(ledger, layout, unit, header_row, constants, values)
    return result


def _remembered_header(ledger: Ledger, sheet: Sheet, unit) -> Layout | None:
    """The layout under a header row the unit pointed at before, where the
    sheet's header there is the one remembered."""
    remembered = ImportMapping.objects.filter(
        unit=unit, kind=ledger.kind, header_row__isnull=False
    ).values_list("header_row", "signature")
    for row, signature in remembered:
        try:
            layout = detect_layout(ledger, sheet, row)
        except LedgerFileError:
            continue
        if layout.signature == signature:
            layout.header_how = f"按本单位上次指定的表头行（第{row}行）"
            return layout
    return None


def _fills(ledger: Ledger, layout: Layout, constants: dict, unit) -> list[Fill]:
    """The required columns the sheet has no source column for, with what is
    chosen for them so far."""
    mapped = {h for h in layout.mapping.values() if h}
    fills = []
    for column in ledger.import_columns:
        header = column.header
        if header in mapped or not (
            column.required or header in constants or header in layout.derived
        ):
            continue
        if header == YEAR and layout.year:
            continue  # the title's year
        choices = (
            list(column.widget.by_label)
            if isinstance(column.widget, ChoiceLabelWidget)
            else []
        )
        units = column.reads == "units" or isinstance(column.widget, OrgUnitWidget)
        fills.append(
            Fill(
                header,
                choices,
                suggested=unit.name if units and unit else "",
                constant=constants.get(header),
                derived_from=layout.derived.get(header, ("", ""))[0],
            )
        )
    return fills


def _remember(ledger, layout, unit, header_row, constants, values) -> None:
    """A confirmed import's choices, for the unit's next import."""
    ImportMapping.objects.update_or_create(
        unit=unit,
        kind=ledger.kind,
        signature=layout.signature,
        defaults={
            "mapping": layout.by_title,
            "header_row": header_row or _pointed_row(layout),
            "constants": {
                h: v
                for h, v in (constants or {}).items()
                if v not in (None, "") and h not in layout.mapping.values()
            },
            "derived": {h: title for h, (title, _) in layout.derived.items()},
        },
    )
    for header, chosen in (values or {}).items():
        for written, label in chosen.items():
            if label:
                ValueSynonym.objects.update_or_create(
                    unit=unit,
                    kind=ledger.kind,
                    header=header,
                    written=written,
                    defaults={"label": label},
                )


def _pointed_row(layout: Layout) -> int | None:
    """The header row when it was not found automatically (pointed at before
    and found again through the unit's mapping)."""
    return layout.header_rows[0] if layout.header_how else None


def _check_table(ledger: Ledger, records, errors, notes, user, sheet: str) -> None:
    """The ledger's checks across rows (a cell read with an error is None)."""
    for check in ledger.table_checks:
        for remark in check(records, user):
            found = RowError(remark.row, remark.column, remark.message, sheet)
            (notes if remark.note else errors).append(found)
    notes.sort(key=lambda n: (n.row, n.column))


class _Progress:
    """Rows checked and saved so far, told every EVERY rows."""

    EVERY = 500

    def __init__(self, tell, total: int):
        self.tell, self.total, self.done = tell, total, 0

    def advance(self) -> None:
        self.done += 1
        if self.tell and (self.done % self.EVERY == 0 or self.done == self.total):
            self.tell(self.done, self.total)


def _count_saved_rows(resource, step: _Progress) -> None:
    before = resource.before_import_row

    def counted(row, **kwargs):
        step.advance()
        return before(row, **kwargs)

    resource.before_import_row = counted


def _lookup_errors(
    ledger: Ledger, record: dict, user, checkers: dict
) -> list[tuple[str, str]]:
    """Names in columns that only help a lookup (a leader's 单位) must name
    records the user reaches too: an unknown unit is refused, not ignored."""
    errors = []
    for column in ledger.import_columns:
        if column.resource or column.widget is None:
            continue
        if record.get(column.header) in (None, ""):
            continue
        if column.header not in checkers:
            checkers[column.header] = copy.deepcopy(column.widget)
        widget = checkers[column.header]
        widget.user = user
        try:
            widget.clean(record[column.header], row=record)
        except ValueError as error:
            errors.append((column.header, str(error)))
    return errors


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


def _how_to_fill(column) -> str:
    """The 填表说明 line of one column: what to write and the allowed values."""

    widget = column.widget
    if isinstance(widget, ChoiceLabelWidget):
        return "从下拉列表中选择：" + "、".join(widget.by_label)
    if column.is_date:
        return "日期，如2024-03-05，也可写“2024年3月5日”"
    if isinstance(widget, ScopedListWidget):
        return f"系统中已有的{widget.label}名称，多个用顿号（、）分隔"
    if isinstance(widget, ScopedWidget):
        return f"系统中已有、您有权管理的{widget.label}名称"
    if column.reads == "units":
        return "系统中已有的单位名称；多个单位时第一个为牵头单位"
    if column.reads == "person":
        return "姓名（可附电话，电话不导入姓名栏）"
    return f"如：{column.example}" if column.example not in ("", None) else "文字"


def example_row(ledger: Ledger, user=None) -> list:
    """The template's example row. With a `user`, every lookup column names a
    record from the user's own scope (a real cadre, place and unit, and the
    cells that go with it, such as the cadre's unit), so the template imports
    as downloaded; a column with nothing to name keeps its static example."""
    cells: dict[str, object] = {}
    for column in ledger.import_columns if user is not None else []:
        # A copy: the declared widget is shared by every request, and looking
        # up examples leaves this user's lookups in the widget.
        examples = getattr(copy.deepcopy(column.widget), "examples", None)
        if examples is not None:
            for header, value in examples(user, column.header, dict(cells)).items():
                cells.setdefault(header, value)  # what an earlier column chose stays
    return [cells.get(c.header, c.example) for c in ledger.import_columns]


def template_xlsx(ledger: Ledger, user=None) -> bytes:
    """下载导入模板: the header, one example row (from `user`'s scope, see
    `example_row`), a dropdown for each choice column, and a second sheet
    填表说明 explaining every column."""

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = ledger.title[:31]
    sheet.append([c.header for c in ledger.import_columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.append(example_row(ledger, user))
    guide = workbook.create_sheet("填表说明")
    guide.append(["列名", "是否必填", "填写说明"])
    for cell in guide[1]:
        cell.font = Font(bold=True)
    for index, column in enumerate(ledger.import_columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(12, len(column.header) * 2 + 2)
        guide.append(
            [column.header, "必填" if column.required else "选填", _how_to_fill(column)]
        )
        if isinstance(column.widget, ChoiceLabelWidget):
            labels = ",".join(column.widget.by_label)
            dropdown = DataValidation(
                type="list", formula1=f'"{labels}"', allow_blank=True
            )
            dropdown.error = "请从下拉列表中选择"
            sheet.add_data_validation(dropdown)
            dropdown.add(f"{letter}2:{letter}1000")
    guide.column_dimensions["A"].width = 18
    guide.column_dimensions["C"].width = 60
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
