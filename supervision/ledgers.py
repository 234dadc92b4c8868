"""Supervision ledgers: the rectification list (整改清单) and the orders
ledger (督办台账), each row with its 红黄蓝."""

from django.utils import timezone
from import_export import fields
from import_export.widgets import DateWidget

from ledgers.importing import parse_date
from ledgers.registry import ImportColumn, Ledger, co_units, register
from ledgers.widgets import (
    CadreWidget,
    OrgUnitListWidget,
    OrgUnitWidget,
    TrackedRecordResource,
)
from tracking.models import Colour
from ui.spreadsheet import Column

from .filters import OrderFilter, TrackedItemFilter
from .models import RectificationItem
from .selectors import items_for, orders_for


def _rectifications(user):
    return (
        items_for(user, timezone.localdate())
        .filter(kind=RectificationItem.ITEM_KIND)
        .select_related("rectification__leader")
        .prefetch_related("co_units")
        .order_by("unit__path", "deadline", "pk")
    )


class RectificationResource(TrackedRecordResource):
    """A rectification item is the same row when its problem and responsible
    unit are; a unit's self-inspection list (自查整改清单) imports as it is."""

    item_kind = RectificationItem.ITEM_KIND
    problem = fields.Field("problem", "问题")
    measures = fields.Field("measures", "整改措施")
    target = fields.Field("target", "整改目标")
    deadline = fields.Field("item__deadline", "整改时限", widget=DateWidget())
    unit = fields.Field("item__unit", "责任单位", widget=OrgUnitWidget())
    co_units = fields.Field("item__co_units", "配合单位", widget=OrgUnitListWidget())
    leader = fields.Field(
        "leader", "责任领导", widget=CadreWidget(unit_column="责任单位", reach=True)
    )
    owner = fields.Field(
        "item__owner", "责任人", widget=CadreWidget(unit_column="责任单位", reach=True)
    )

    class Meta:
        model = RectificationItem
        fields = (
            "problem",
            "measures",
            "target",
            "deadline",
            "unit",
            "co_units",
            "leader",
            "owner",
        )
        import_id_fields = ("problem", "unit")

    def complete(self, instance) -> None:
        if instance.pk is None:
            instance.created_by = self.user
        if instance.problem:
            instance.item.title = instance.problem.strip().splitlines()[0][:300]

    def item_start_date(self, instance):
        today = timezone.localdate()
        return min(today, instance.item.deadline or today)


def _owner(item) -> str:
    return item.owner.name if item.owner else ""


RECTIFICATIONS = register(
    Ledger(
        kind="rectifications",
        title="整改事项",
        queryset=_rectifications,
        filterset=TrackedItemFilter,
        list_url="supervision:rectifications",
        resource=RectificationResource,
        import_columns=[
            ImportColumn("问题", "problem", required=True),
            ImportColumn("整改措施", "measures", required=True),
            ImportColumn("整改目标", "target", required=True),
            ImportColumn("整改时限", "item__deadline", parse_date, required=True),
            ImportColumn(
                "责任单位",
                "item__unit",
                required=True,
                reads="units",
                more_to="配合单位",
            ),
            ImportColumn("配合单位", "item__co_units"),
            ImportColumn("责任领导", "leader", required=True, reads="person"),
            ImportColumn("责任人", "item__owner", reads="person"),
        ],
        natural_key=["问题", "责任单位"],
        example=[
            "为民服务意识不强，群众办事多头跑",
            "推行“一窗受理、集成服务”",
            "群众办事“最多跑一次”",
            "2024-12-31",
            "城关镇",
            "",
            "张建国",
            "王建国",
        ],
        columns=[
            Column("问题", lambda i, x: i.rectification.problem, 30),
            Column("整改措施", lambda i, x: i.rectification.measures, 30),
            Column("整改目标", lambda i, x: i.rectification.target, 24),
            Column("整改时限", lambda i, x: i.deadline, 12),
            Column("责任单位", lambda i, x: i.unit.name, 16),
            Column("配合单位", lambda i, x: co_units(i), 16),
            Column("责任领导", lambda i, x: i.rectification.leader.name, 10),
            Column("责任人", lambda i, x: _owner(i), 10),
            Column("预警", lambda i, x: Colour(i.warning).label, 12),
            Column("整改结果", lambda i, x: i.result if i.is_closed else "", 24),
        ],
    )
)

ORDERS = register(
    Ledger(
        kind="supervision_orders",
        title="督办",
        queryset=lambda user: orders_for(user, timezone.localdate()).order_by(
            "item__start_date", "pk"
        ),
        filterset=OrderFilter,
        list_url="supervision:orders",
        columns=[
            Column("督办单号", lambda o, x: o.number, 14),
            Column("督办内容", lambda o, x: o.item.title, 30),
            Column("督办要求", lambda o, x: o.note, 30),
            Column("接收单位", lambda o, x: o.item.unit.name, 16),
            Column("接收人", lambda o, x: _owner(o.item), 10),
            Column("督办人", lambda o, x: str(o.issued_by), 10),
            Column("下发日期", lambda o, x: o.item.start_date, 12),
            Column("回复时限", lambda o, x: o.item.deadline, 12),
            Column("预警", lambda o, x: Colour(o.warning).label, 12),
            Column("状态", lambda o, x: o.get_status_display(), 14),
            Column(
                "办理进展", lambda o, x: o.item.result if o.item.is_closed else "", 30
            ),
        ],
    )
)
