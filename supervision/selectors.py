"""Reads of supervision for pages and the leadership dashboard."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q
from django.db.models.functions import ExtractMonth

from org.models import OrgUnit
from org.roles import Role, has_role
from tracking.models import TrackedItem, colour_case

from .models import SupervisionOrder


def items_for(user, today: date):
    """Every tracked item the user sees, of every kind, with its colour."""
    return (
        TrackedItem.objects.visible_to(user)
        .with_colour(today)
        .select_related("unit", "owner")
    )


def orders_for(user, today: date):
    return (
        SupervisionOrder.objects.visible_to(user)
        .annotate(warning=colour_case(today, "item__"))
        .select_related("item__unit", "item__owner", "issued_by__cadre", "target")
    )


def can_issue(user) -> bool:
    """Leaders and the office issue supervision orders."""
    return user.is_superuser or has_role(user, Role.LEADERSHIP, Role.CLERK)


def order_panel(user, unit: OrgUnit, today: date, *, latest: int = 5) -> dict:
    """The dashboard's supervision panel in two queries: counts of the unit's
    orders by state and 红黄蓝, and the most urgent open ones."""
    orders = SupervisionOrder.objects.visible_to(user).filter(
        item__unit__path__startswith=unit.path
    )
    open_orders = Q(item__closed_at__isnull=True)
    counts = orders.aggregate(
        total=Count("pk"),
        open=Count("pk", filter=open_orders),
        red=Count("pk", filter=open_orders & Q(item__deadline__lt=today)),
        yellow=Count(
            "pk",
            filter=open_orders
            & Q(item__deadline__gte=today, item__warn_from__lte=today),
        ),
        blue=Count("pk", filter=open_orders & Q(item__warn_from__gt=today)),
        escalated=Count("pk", filter=Q(status=SupervisionOrder.Status.ESCALATED)),
        replied=Count("pk", filter=Q(status=SupervisionOrder.Status.REPLIED)),
    )
    urgent = list(
        orders.filter(open_orders)
        .annotate(warning=colour_case(today, "item__"))
        .select_related("item__unit", "item__owner")
        .order_by("item__deadline", "pk")[:latest]
    )
    return {"counts": counts, "urgent": urgent, "can_issue": can_issue(user)}


@dataclass
class ScheduleRow:
    label: str
    issued: int = 0
    replied: int = 0
    on_time: int = 0
    escalated: int = 0
    open: int = 0

    @property
    def on_time_rate(self) -> int | None:
        return round(100 * self.on_time / self.issued) if self.issued else None


def order_schedule(user, year: int) -> tuple[list[ScheduleRow], list[ScheduleRow]]:
    """月督促、季调度: orders issued each month of the year and how they went,
    with quarterly totals, in one grouped query."""
    rows = (
        SupervisionOrder.objects.visible_to(user)
        .filter(item__start_date__year=year)
        .annotate(month=ExtractMonth("item__start_date"))
        .values("month")
        .annotate(
            issued=Count("pk", distinct=True),
            replied=Count("pk", filter=Q(replies__isnull=False), distinct=True),
            on_time=Count(
                "pk",
                filter=Q(replies__isnull=False, escalated_at__isnull=True),
                distinct=True,
            ),
            escalated=Count("pk", filter=Q(escalated_at__isnull=False), distinct=True),
            open=Count("pk", filter=Q(item__closed_at__isnull=True), distinct=True),
        )
    )
    by_month = {row["month"]: row for row in rows}
    months = [
        ScheduleRow(f"{m}月", **{k: by_month.get(m, {}).get(k, 0) for k in FIGURES})
        for m in range(1, 13)
    ]
    quarters = [
        ScheduleRow(
            f"第{q + 1}季度",
            **{
                k: sum(getattr(r, k) for r in months[3 * q : 3 * q + 3])
                for k in FIGURES
            },
        )
        for q in range(4)
    ]
    return months, quarters


FIGURES = ("issued", "replied", "on_time", "escalated", "open")
