"""The one reminder path of every tracked item, run daily by Celery beat.

On each working day of the Chinese calendar (chinese-calendar plus the
administrator's overrides):
- an open item's owner is told once when 75% of its allowed time has passed,
  and once when it is due within 3 working days (only the latter when both
  fall due together);
- each owner with overdue items gets one digest a day;
- each unit office gets one digest a week (the first working day of the ISO
  week) of the overdue items of its units.
Every notice carries a key, so a second run on the same day sends nothing.
"""

from collections import defaultdict
from datetime import date

from django.db.models import Q
from django.urls import reverse

from tracking.models import Notification, TrackedItem, share_passed_on
from tracking.registry import item_kind_label
from tracking.services import notify
from tracking.workdays import add_working_days, is_workday

from .services import office_clerks, office_of

DUE_SOON_WORKING_DAYS = 3


def _item_url(item: TrackedItem) -> str:
    return reverse("supervision:item_detail", args=[item.pk])


def _line(item: TrackedItem, today: date) -> str:
    late = (today - item.deadline).days
    owner = f"，责任人{item.owner.name}" if item.owner else ""
    return (
        f"· [{item_kind_label(item.kind)}] {item.title}（{item.unit.name}{owner}，"
        f"时限{item.deadline:%Y-%m-%d}，逾期{late}天）"
    )


def threshold_reminders(today: date) -> dict[str, int]:
    """75% and due-in-3-working-days reminders to the owners of open items."""
    horizon = add_working_days(today, DUE_SOON_WORKING_DAYS)
    items = (
        TrackedItem.objects.open()
        .filter(owner__user__isnull=False, deadline__gte=today)
        .filter(Q(warn_from__lte=today) | Q(deadline__lte=horizon))
        .select_related("owner__user", "unit")
    )
    sent = {Notification.Kind.DUE_SOON: 0, Notification.Kind.SHARE_PASSED: 0}
    for item in items:
        if item.deadline <= horizon:
            kind = Notification.Kind.DUE_SOON
            title = (
                f"“{item.title}”将于{item.deadline:%m月%d日}到期"
                f"（{DUE_SOON_WORKING_DAYS}个工作日内），请抓紧办理"
            )
        elif share_passed_on(item.start_date, item.deadline) <= today:
            kind = Notification.Kind.SHARE_PASSED
            title = f"“{item.title}”办理时间已过75%，时限{item.deadline:%Y年%m月%d日}"
        else:
            continue
        sent[kind] += len(
            notify(
                recipients=[item.owner.user],
                kind=kind,
                title=title,
                url=_item_url(item),
                item=item,
                key=f"item:{item.pk}:{item.deadline.isoformat()}",
            )
        )
    return sent


def _overdue(today: date):
    return (
        TrackedItem.objects.open()
        .filter(deadline__lt=today)
        .select_related("owner__user", "unit")
        .order_by("deadline", "pk")
    )


def overdue_daily(today: date) -> int:
    """One digest a day to each owner with overdue items."""
    by_user = defaultdict(list)
    for item in _overdue(today).filter(owner__user__isnull=False):
        by_user[item.owner.user].append(item)
    sent = 0
    for user, items in by_user.items():
        sent += len(
            notify(
                recipients=[user],
                kind=Notification.Kind.OVERDUE_DAILY,
                title=f"您有{len(items)}项事项已逾期（{today:%m月%d日}）",
                body="\n".join(_line(item, today) for item in items),
                url=reverse("supervision:overdue") + "?mine=1",
                key=today.isoformat(),
            )
        )
    return sent


def overdue_weekly(today: date) -> int:
    """One digest a week to each unit office of the overdue items of its units."""
    year, week, _ = today.isocalendar()
    clerks = office_clerks()
    by_clerk = defaultdict(list)
    for item in _overdue(today):
        for clerk in office_of(item.unit, clerks):
            by_clerk[clerk].append(item)
    sent = 0
    for clerk, items in by_clerk.items():
        sent += len(
            notify(
                recipients=[clerk],
                kind=Notification.Kind.OVERDUE_WEEKLY,
                title=f"{clerk.scope_unit.name}逾期事项{len(items)}项（{year}年第{week}周）",
                body="\n".join(_line(item, today) for item in items),
                url=reverse("supervision:overdue"),
                key=f"{year}-W{week:02d}",
            )
        )
    return sent


def run_reminders(today: date) -> dict[str, int]:
    """Everything the daily beat job sends; nothing on a day off."""
    if not is_workday(today):
        return {}
    sent = threshold_reminders(today)
    sent[Notification.Kind.OVERDUE_DAILY] = overdue_daily(today)
    sent[Notification.Kind.OVERDUE_WEEKLY] = overdue_weekly(today)
    return {str(kind): n for kind, n in sent.items()}
