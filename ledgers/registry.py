"""Ledgers (台账): the registry of exportable and importable lists.

Each pillar declares its ledgers in its own `ledgers.py` and registers them
from `AppConfig.ready()`; the core knows no pillar. An export writes exactly
the rows the list's filters select, in the layout offices use: a title row,
the unit and export date, a frozen bold header, dates as dates, numbers as
numbers, a total row. XlsxWriter's constant-memory mode keeps memory flat.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property

from ledgers.columns import Col, resource_class
from org.roles import sees_personal_data
from ui.spreadsheet import Column


@dataclass(frozen=True)
class Ledger:
    kind: str
    title: str  # e.g. "信访事项" → "永昌县2024年第4季度信访事项台账"
    queryset: Callable[[object], object]  # user → the rows the user may see
    filterset: type
    columns: list[Col]  # in the export's order; those with an attribute import
    sensitive: bool = False  # holds personal data: masked, exports audited
    list_url: str = ""
    # Rows computed from (filtered records, filter values, user) rather than
    # the records themselves (e.g. quota compliance from the cadres).
    expand: Callable[[object, dict, object], Iterable] | None = None
    # Import (optional): an import-export resource class taking `user`, with
    # its model and behaviour; its fields come from the columns.
    resource: type | None = None
    # The headers that identify a row of the sheet, and (when narrower) a
    # stored record.
    natural_key: list[str] = field(default_factory=list)
    identity: list[str] = field(default_factory=list)
    # The import template's order of headers, where it is not the export's.
    import_order: list[str] = field(default_factory=list)
    # Checks across the cells of one read row: record → [(header, reason)].
    row_checks: list[Callable[[dict], list[tuple[str, str]]]] = field(
        default_factory=list
    )
    # Checks across the rows of the file (a unit's parent in another row, two
    # cadres of one name): (rows, user) → [Remark]; a check may fill in a
    # row's blank cells, saying so in a note. Rows as [(row number, record)].
    table_checks: list[Callable[[list, object], Iterable["Remark"]]] = field(
        default_factory=list
    )
    # The order rows are saved in (parents before their children), where it
    # is not the sheet's: rows → rows.
    order: Callable[[list], list] | None = None
    # Who may import, where it is not the office staff of the records' model
    # (reference data: the administrators): user → bool.
    importers: Callable[[object], bool] | None = None

    def __post_init__(self):
        if self.resource is not None:
            identity = self.identity or self.natural_key
            resource = resource_class(self.resource, self.import_columns, identity)
            object.__setattr__(self, "resource", resource)

    @property
    def importable(self) -> bool:
        return self.resource is not None

    @cached_property
    def import_columns(self) -> list[Col]:
        imported = [c for c in self.columns if c.imported]
        if self.import_order:
            imported.sort(key=lambda c: self.import_order.index(c.header))
        return imported

    @cached_property
    def export_columns(self) -> list[Column]:
        return [c.column for c in self.columns]

    def header_of(self, field_name: str) -> str:
        for column in self.import_columns:
            if column.attribute == field_name:
                return column.header
        # A rule about a field the ledger has no column for: the row, its
        # message naming the field.
        return ""


@dataclass(frozen=True)
class Remark:
    """What a check across rows says about one row: an error, or a note on a
    value it filled in."""

    row: int
    column: str
    message: str
    note: bool = False


LEDGERS: dict[str, Ledger] = {}


def register(ledger: Ledger) -> Ledger:
    LEDGERS[ledger.kind] = ledger
    return ledger


def may_import(user, ledger: Ledger) -> bool:
    """Office staff whose role enters the ledger's records import into their
    scope; personal data only through the role that may see it."""

    if not ledger.importable:
        return False
    if ledger.importers is not None:
        return ledger.importers(user)
    if not ledger.resource._meta.model.objects.office_edits(user):
        return False
    return not ledger.sensitive or sees_personal_data(user)


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
