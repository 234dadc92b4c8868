"""Supervision ledgers: the rectification list (整改清单) and the orders
ledger (督办台账), each row with its 红黄蓝."""

from django.utils import timezone

from ledgers import common
from ledgers.columns import Col
from ledgers.registry import Ledger, register
from ledgers.widgets import CadreWidget, TrackedRecordResource

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

    class Meta:
        model = RectificationItem

    def complete(self, instance) -> None:
        if instance.pk is None:
            instance.created_by = self.user
        if instance.problem:
            instance.item.title = instance.problem.strip().splitlines()[0][:300]

    def item_start_date(self, instance):
        today = timezone.localdate()
        return min(today, instance.item.deadline or today)


RECTIFICATIONS = register(
    Ledger(
        kind="rectifications",
        title="整改事项",
        queryset=_rectifications,
        filterset=TrackedItemFilter,
        list_url="supervision:rectifications",
        resource=RectificationResource,
        natural_key=["问题", "责任单位"],
        columns=[
            Col(
                "问题",
                "problem",
                value="rectification__problem",
                width=30,
                required=True,
                example="为民服务意识不强，群众办事多头跑",
            ),
            Col(
                "整改措施",
                "measures",
                value="rectification__measures",
                width=30,
                required=True,
                example="推行“一窗受理、集成服务”",
            ),
            Col(
                "整改目标",
                "target",
                value="rectification__target",
                width=24,
                required=True,
                example="群众办事“最多跑一次”",
            ),
            common.deadline("整改时限", example="2024-12-31", item=""),
            common.unit(item=""),
            common.co_units(item=""),
            Col(
                "责任领导",
                "leader",
                CadreWidget(unit_column=common.UNIT, reach=True),
                value="rectification__leader",
                width=10,
                required=True,
                reads="person",
                example="张建国",
            ),
            common.owner(example="王建国", item=""),
            common.warning(),
            common.result("整改结果", item=""),
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
            Col("督办单号", value="number", width=14),
            Col("督办内容", value="item__title", width=30),
            Col("督办要求", value="note", width=30),
            Col("接收单位", value="item__unit", width=16),
            Col("接收人", value="item__owner", width=10),
            Col("督办人", value="issued_by", width=10),
            Col("下发日期", value="item__start_date", width=12),
            Col("回复时限", value="item__deadline", width=12),
            common.warning(),
            Col("状态", value="status", width=14),
            common.result("办理进展", width=30),
        ],
    )
)
