"""The columns of a tracked item (事项、责任单位、配合单位、责任人、时限、预警、
办理结果), declared once for every ledger whose rows carry one.

An import sets them on the record's item (`item__…`); the export reads them
from the row through `item`: "item__" where the row is a record linked to its
item, "" where the row is the item itself.
"""

from import_export.widgets import DateWidget

from ledgers.columns import Col, follow
from ledgers.widgets import CadreWidget, OrgUnitListWidget, OrgUnitWidget
from tracking.models import Colour

ITEM = "item__"
UNIT = "责任单位"
CO_UNITS = "配合单位"


def title(header: str, *, example: str, item: str = ITEM) -> Col:
    return Col(
        header,
        "item__title",
        value=f"{item}title",
        width=30,
        required=True,
        example=example,
    )


def unit(*, example: str = "城关镇", item: str = ITEM) -> Col:
    """The responsible unit; further units written in the cell become
    cooperating units."""
    return Col(
        UNIT,
        "item__unit",
        OrgUnitWidget(),
        value=f"{item}unit",
        width=16,
        required=True,
        reads="units",
        more_to=CO_UNITS,
        example=example,
    )


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
        example=example,
    )


def warning() -> Col:
    """红黄蓝 from the row's `warning` annotation."""
    return Col("预警", value=lambda row, x: Colour(row.warning).label, width=12)


def result(
    header: str = "办理结果",
    *,
    item: str = ITEM,
    closed_only: bool = True,
    width: int = 24,
) -> Col:
    """The result recorded on the item (when `closed_only`, once closed out)."""

    def value(row, context):
        if closed_only and not follow(row, f"{item}is_closed"):
            return ""
        return follow(row, f"{item}result")

    return Col(header, value=value, width=width)
