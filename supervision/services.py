"""Writes of supervision: one call per user action, atomic, with notices."""

from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone

from org.models import Cadre, OrgUnit, User
from org.roles import Role, group_name
from tracking.models import TrackedItem
from tracking.services import notify, tracked_item_open

from .models import OrderNotice, OrderReply, RectificationItem, SupervisionOrder


def office_clerks() -> list[User]:
    return list(
        User.objects.filter(
            groups__name=group_name(Role.CLERK),
            is_active=True,
            scope_unit__isnull=False,
        ).select_related("scope_unit")
    )


def office_of(unit: OrgUnit, clerks: list[User] | None = None) -> list[User]:
    """The office (办公室 role) nearest above or at `unit`: the clerks whose
    scope is the deepest unit containing it."""
    if clerks is None:
        clerks = office_clerks()
    covering = [u for u in clerks if unit.path.startswith(u.scope_unit.path)]
    if not covering:
        return []
    deepest = max(len(u.scope_unit.path) for u in covering)
    return [u for u in covering if len(u.scope_unit.path) == deepest]


@transaction.atomic
def rectification_add(
    *,
    by: User,
    unit: OrgUnit,
    problem: str,
    measures: str,
    target: str,
    deadline: date,
    leader: Cadre,
    owner: Cadre | None,
    source: str = RectificationItem.Source.SELF_INSPECTION,
    start_date: date | None = None,
) -> RectificationItem:
    item = tracked_item_open(
        kind=RectificationItem.ITEM_KIND,
        title=problem.strip().splitlines()[0][:300],
        unit=unit,
        owner=owner,
        start_date=start_date or timezone.localdate(),
        deadline=deadline,
    )
    rectification = RectificationItem(
        item=item,
        source=source,
        problem=problem,
        measures=measures,
        target=target,
        leader=leader,
        created_by=by,
    )
    rectification.clean()
    rectification.save()
    return rectification


def _next_number(year: int) -> str:
    prefix = f"DB{year}"
    count = SupervisionOrder.objects.filter(number__startswith=prefix).count()
    return f"{prefix}{count + 1:04d}"


def _receivers(order: SupervisionOrder) -> list[User]:
    """The person the order was sent to, or the receiving unit's office."""
    owner = order.item.owner
    if owner is not None and owner.user_id:
        return [owner.user]
    return office_of(order.item.unit)


@transaction.atomic
def order_issue(
    *,
    by: User,
    unit: OrgUnit,
    deadline: date,
    note: str,
    target: TrackedItem | None = None,
    shortfall: str = "",
    cadre: Cadre | None = None,
    issued_on: date | None = None,
) -> SupervisionOrder:
    """Issue a supervision order on a tracked item or a quota shortfall, to a
    unit (its office answers) or to a person of it. `issued_on` is the real
    date of an order recorded later (the demo's year of orders)."""
    today = issued_on or timezone.localdate()
    about = target.title if target else shortfall
    item = tracked_item_open(
        kind=SupervisionOrder.ITEM_KIND,
        title=f"督办：{about}"[:300],
        unit=unit,
        owner=cadre,
        start_date=today,
        deadline=deadline,
    )
    order = SupervisionOrder.objects.create(
        number=_next_number(today.year),
        item=item,
        subject=(
            SupervisionOrder.Subject.ITEM if target else SupervisionOrder.Subject.QUOTA
        ),
        target=target,
        shortfall="" if target else shortfall,
        note=note,
        issued_by=by,
    )
    if issued_on is not None:
        order.issued_at = timezone.make_aware(datetime.combine(issued_on, time(9)))
        order.save(update_fields=["issued_at"])
    notify(
        recipients=_receivers(order),
        kind=OrderNotice.ISSUED,
        title=f"督办单{order.number}：{about}，请于{deadline:%Y年%m月%d日}前回复",
        body=note,
        url=order.get_absolute_url(),
        item=item,
        key=f"order:{order.pk}:{deadline.isoformat()}",
    )
    return order


@transaction.atomic
def order_reply(
    *, order: SupervisionOrder, by: User, text: str, on: date | None = None
) -> OrderReply:
    """The receiver reports progress: the order is answered and closed out
    (销号); the supervised item itself stays open until its own close-out.
    `on` is the real date of a reply recorded later."""
    today = on or timezone.localdate()
    reply = OrderReply.objects.create(
        order=order, by=by, text=text, on_time=today <= order.item.deadline
    )
    if on is not None:
        reply.at = timezone.make_aware(datetime.combine(on, time(17)))
        reply.save(update_fields=["at"])
    order.status = SupervisionOrder.Status.REPLIED
    order.save(update_fields=["status"])
    order.item.close_out(by=by, result=text, on=on)
    notify(
        recipients=[order.issued_by],
        kind=OrderNotice.REPLIED,
        title=f"督办单{order.number}已回复：{order.item.title}",
        body=text,
        url=order.get_absolute_url(),
        item=order.item,
    )
    return reply


@transaction.atomic
def order_send_back(
    *, order: SupervisionOrder, by: User, reason: str, deadline: date
) -> None:
    """继续督办: the issuer is not satisfied with the reply; the order opens
    again with a new reply deadline, its history kept."""
    order.item.reopen(by=by, reason=reason, deadline=deadline)
    order.status = SupervisionOrder.Status.ISSUED
    order.save(update_fields=["status"])
    notify(
        recipients=_receivers(order),
        kind=OrderNotice.ISSUED,
        title=(
            f"督办单{order.number}继续督办：{order.item.title}，"
            f"请于{deadline:%Y年%m月%d日}前回复"
        ),
        body=reason,
        url=order.get_absolute_url(),
        item=order.item,
        key=f"order:{order.pk}:{deadline.isoformat()}",
    )


def escalate_overdue_orders(today: date) -> list[SupervisionOrder]:
    """Orders whose reply is overdue are escalated once: marked, and the
    issuer and the office above the receiving unit are told."""
    overdue = list(
        SupervisionOrder.objects.filter(
            status=SupervisionOrder.Status.ISSUED,
            item__closed_at__isnull=True,
            item__deadline__lt=today,
        ).select_related("item__unit__parent", "item__owner", "issued_by")
    )
    for order in overdue:
        with transaction.atomic():
            updated = SupervisionOrder.objects.filter(
                pk=order.pk, status=SupervisionOrder.Status.ISSUED
            ).update(
                status=SupervisionOrder.Status.ESCALATED, escalated_at=timezone.now()
            )
            if not updated:
                continue  # another run escalated it first
            unit = order.item.unit
            above = office_of(unit.parent) if unit.parent else []
            receiver = order.item.owner.name if order.item.owner else unit.name
            notify(
                recipients=[order.issued_by, *above],
                kind=OrderNotice.ESCALATED,
                title=(
                    f"督办单{order.number}逾期未回复（{receiver}，"
                    f"时限{order.item.deadline:%m月%d日}）：{order.item.title}"
                ),
                url=order.get_absolute_url(),
                item=order.item,
                key=f"escalated:{order.pk}:{order.item.deadline.isoformat()}",
            )
    return overdue
