"""Ledgers (台账): the registry of exportable and importable lists.

Each pillar declares its ledgers in its own `ledgers.py` and registers them
from `AppConfig.ready()`; the core knows no pillar. An export writes exactly
the rows the list's filters select, in the layout offices use: a title row,
the unit and export date, a frozen bold header, dates as dates, numbers as
numbers, a total row. XlsxWriter's constant-memory mode keeps memory flat.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ui.spreadsheet import Column


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
        # A rule about a field the ledger has no column for: the row, its
        # message naming the field.
        return ""


def co_units(item) -> str:
    """The cooperating units of a tracked item, as one ledger cell."""
    return "、".join(unit.name for unit in item.co_units.all())


LEDGERS: dict[str, Ledger] = {}


def register(ledger: Ledger) -> Ledger:
    LEDGERS[ledger.kind] = ledger
    return ledger


def may_import(user, ledger: Ledger) -> bool:
    """Office staff whose role enters the ledger's records import into their
    scope; petitioners' data only through the petition office."""
    from org.roles import sees_petitioners

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
