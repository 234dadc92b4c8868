"""Columns several ledgers share, declared once: the year, a handling unit,
and the columns of a tracked item (事项、责任单位、配合单位、责任人、时限、预警、
办理结果).

An import sets a tracked item's columns on the record's item (`item__…`); the
export reads them from the row through `item`: "item__" where the row is a
record linked to its item, "" where the row is the item itself.
"""

from import_export.widgets import DateWidget

from ledgers.columns import Col, From
from ledgers.importing import YEAR
from ledgers.widgets import (
    CadreWidget,
    NonNegativeIntegerWidget,
    OrgUnitListWidget,
    OrgUnitWidget,
)
from tracking.models import Colour
from ui.spreadsheet import TEXT

ITEM = "item__"
UNIT = "责任单位"
CO_UNITS = "配合单位"


def year() -> Col:
    """The year a record belongs to; a blank cell takes the ledger title's."""
    return Col(
        YEAR, "year", NonNegativeIntegerWidget(), width=8, required=True, example=2024
    )


def handling_unit(
    header: str, attribute: str, *, more_to: str = "", value: str | None = None
) -> Col:
    """The one unit that handles a row, among the units the importer may
    change; further units written in the cell go to the column `more_to`, or
    are refused where there is none."""
    return Col(
        header,
        attribute,
        OrgUnitWidget(),
        value=value,
        width=16,
        required=True,
        reads="units",
        more_to=more_to,
        example="城关镇",
    )


def title(header: str, *, example: str, item: str = ITEM) -> Col:
    return Col(
        header,
        "item__title",
        value=f"{item}title",
        width=30,
        required=True,
        example=example,
    )


def unit(*, item: str = ITEM) -> Col:
    """The item's responsible unit; further units become cooperating units."""
    return handling_unit(UNIT, "item__unit", more_to=CO_UNITS, value=f"{item}unit")


def co_units(*, item: str = ITEM) -> Col:
    return Col(
        CO_UNITS,
        "item__co_units",
        OrgUnitListWidget(),
        value=f"{item}co_units",
        width=16,
    )


def owner(*, example: str, item: str = ITEM) -> Col:
    """The person responsible, a cadre of the responsible unit where the name
    is shared."""
    return Col(
        "责任人",
        "item__owner",
        CadreWidget(unit_column=UNIT, reach=True),
        value=f"{item}owner",
        width=10,
        reads="person",
        example=example,
    )


def deadline(header: str = "完成时限", *, example: str, item: str = ITEM) -> Col:
    return Col(
        header,
        "item__deadline",
        DateWidget(),
        value=f"{item}deadline",
        required=True,
        role="deadline",
        example=example,
    )


def warning() -> Col:
    """红黄蓝 from the row's `warning` annotation."""
    label = From("warning", using=lambda warning, x: Colour(warning).label, kind=TEXT)
    return Col("预警", value=label, width=12)


def result(
    header: str = "办理结果",
    *,
    item: str = ITEM,
    closed_only: bool = True,
    width: int = 24,
) -> Col:
    """The result recorded on the item (when `closed_only`, once closed out)."""

    def value(closed_at, text, context):
        return "" if closed_only and closed_at is None else text

    return Col(
        header,
        value=From(f"{item}closed_at", f"{item}result", using=value, kind=TEXT),
        width=width,
    )
