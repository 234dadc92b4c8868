"""Supervision ledgers: the rectification list (整改清单) and the orders
ledger (督办台账), each row with its 红黄蓝."""

from django.utils import timezone

from sixiaji.ledgers import Column, Ledger, register
from sixiaji.models import Colour

from .filters import OrderFilter, TrackedItemFilter
from .models import RectificationItem
from .selectors import items_for, orders_for


def _rectifications(user):
    return (
        items_for(user, timezone.localdate())
        .filter(kind=RectificationItem.ITEM_KIND)
        .select_related("rectification__leader")
        .order_by("unit__path", "deadline", "pk")
    )


def _owner(item) -> str:
    return item.owner.name if item.owner else ""


RECTIFICATIONS = register(
    Ledger(
        kind="rectifications",
        title="整改事项",
        queryset=_rectifications,
        filterset=TrackedItemFilter,
        list_url="supervision:rectifications",
        columns=[
            Column("问题", lambda i, x: i.rectification.problem, 30),
            Column("整改措施", lambda i, x: i.rectification.measures, 30),
            Column("整改目标", lambda i, x: i.rectification.target, 24),
            Column("整改时限", lambda i, x: i.deadline, 12),
            Column("责任单位", lambda i, x: i.unit.name, 16),
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
