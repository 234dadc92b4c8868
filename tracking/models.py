import math
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Subquery, Value
from django.utils import timezone

from org.models import Cadre, OrgUnit, User
from org.scope import ScopedQuerySet
from tracking.registry import item_kind, notice_kind_choices


class Colour(models.TextChoices):
    """红黄蓝 warnings of a tracked item (docs/domain.md "Tracked items: 红黄蓝")."""

    RED = "red", "红色（逾期）"
    YELLOW = "yellow", "黄色（临期）"
    BLUE = "blue", "蓝色（正常）"
    CLOSED = "closed", "已销号"


YELLOW_DAYS = 7
YELLOW_SHARE = 0.75


def share_passed_on(start: date, deadline: date) -> date:
    """The first day on which 75% of the allowed time has passed."""
    return start + timedelta(days=math.ceil((deadline - start).days * YELLOW_SHARE))


def warn_from(start: date, deadline: date) -> date:
    """The first yellow day: 7 days before the deadline, or when 75% of the
    allowed time has passed, whichever comes first."""
    return min(deadline - timedelta(days=YELLOW_DAYS), share_passed_on(start, deadline))


def colour_for(
    *, start: date, deadline: date, today: date, closed: bool = False
) -> Colour:
    """Red when overdue; yellow from `warn_from`; blue otherwise. A closed item
    is out of the warnings."""
    if closed:
        return Colour.CLOSED
    if today > deadline:
        return Colour.RED
    if today >= warn_from(start, deadline):
        return Colour.YELLOW
    return Colour.BLUE


class TrackedItemQuerySet(ScopedQuerySet):
    scope_path = "unit__path"
    owner = "owner"

    def open(self) -> models.QuerySet:
        return self.filter(closed_at__isnull=True)

    def with_state_on(self, day: date) -> models.QuerySet:
        """Annotate `closed_then`: whether the item stood closed at the end of
        `day`, read from its dated history (the last close or reopen event up to
        then; without events, `closed_at`). A report for a past period reads
        the same whenever it is built."""
        end = datetime.combine(day, time.max, tzinfo=timezone.get_current_timezone())
        last = (
            TrackedItemEvent.objects.filter(item=OuterRef("pk"), at__lte=end)
            .order_by("-at", "-pk")
            .values("action")[:1]
        )
        Action = TrackedItemEvent.Action
        return self.annotate(last_action=Subquery(last)).annotate(
            closed_then=models.Case(
                models.When(last_action=Action.CLOSED, then=Value(True)),
                models.When(last_action=Action.REOPENED, then=Value(False)),
                models.When(closed_at__lte=end, then=Value(True)),
                default=Value(False),
                output_field=models.BooleanField(),
            )
        )

    def open_on(self, day: date) -> models.QuerySet:
        """Items handed over by `day` and not closed at its end."""
        return self.with_state_on(day).filter(start_date__lte=day, closed_then=False)

    def closed_on(self, day: date) -> models.QuerySet:
        """Items that stood closed at the end of `day`."""
        return self.with_state_on(day).filter(closed_then=True)

    def closed_within(self, start: date, end: date) -> models.QuerySet:
        """Items closed at the end of `end` that were not closed the day
        before `start`: the close-outs of the period."""
        before = self.closed_on(start - timedelta(days=1)).values("pk")
        return self.closed_on(end).exclude(pk__in=before)

    def with_colour(self, today: date) -> models.QuerySet:
        """Annotate `warning` in SQL: the same rule as `colour_for`."""
        return self.annotate(warning=colour_case(today))


def colour_case(today: date, prefix: str = "") -> models.Case:
    """The colour rule as an SQL expression; `prefix` reaches the item from
    a pillar record (e.g. "item__")."""
    return models.Case(
        models.When(**{f"{prefix}closed_at__isnull": False}, then=Value(Colour.CLOSED)),
        models.When(**{f"{prefix}deadline__lt": today}, then=Value(Colour.RED)),
        models.When(**{f"{prefix}warn_from__lte": today}, then=Value(Colour.YELLOW)),
        default=Value(Colour.BLUE),
        output_field=models.CharField(),
    )


class TrackedItem(models.Model):
    """Anything with an owner and a deadline (事项): one colour rule, one close-out.

    Pillar records (problems handed over at on-site sessions, livelihood items,
    research measures…) link to one of these instead of keeping deadlines of
    their own. `kind` names the pillar record type; pillars register kinds.
    """

    kind = models.CharField("类别", max_length=32, db_index=True)
    title = models.CharField("事项", max_length=300)
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name="责任单位",
        on_delete=models.PROTECT,
        related_name="tracked_items",
    )
    owner = models.ForeignKey(
        Cadre,
        verbose_name="责任人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tracked_items",
    )
    start_date = models.DateField("交办日期")
    deadline = models.DateField("办理时限", db_index=True)
    warn_from = models.DateField("预警日期", editable=False, db_index=True)
    closed_at = models.DateTimeField("销号时间", null=True, blank=True)
    closed_by = models.ForeignKey(
        User,
        verbose_name="销号人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    result = models.TextField("办理结果", blank=True)
    co_units = models.ManyToManyField(
        OrgUnit, verbose_name="配合单位", blank=True, related_name="co_tracked_items"
    )

    objects = TrackedItemQuerySet.as_manager()

    class Meta:
        verbose_name = "督办事项"
        verbose_name_plural = "督办事项"
        ordering = ["deadline", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(deadline__gte=models.F("start_date")),
                name="tracked_item_deadline_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.warn_from = warn_from(self.start_date, self.deadline)
        super().save(*args, **kwargs)

    def clean(self):
        """The deadline is not before the item was handed over; the kind's own
        rules (registered by its pillar) follow."""
        kind = item_kind(self.kind)
        errors = {}
        if self.start_date and self.deadline and self.deadline < self.start_date:
            errors["deadline"] = f"{kind.deadline_label}不能早于{kind.start_label}。"
        if kind.check is not None:
            for name, message in kind.check(self).items():
                errors.setdefault(name, message)
        if errors:
            raise ValidationError(errors)

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    def colour(self, today: date | None = None) -> Colour:
        return colour_for(
            start=self.start_date,
            deadline=self.deadline,
            today=today or timezone.localdate(),
            closed=self.is_closed,
        )

    def close_out(self, *, by: User, result: str, on: date | None = None) -> None:
        """销号: record who closed the item, when, and the result. `on` is the
        real date of a close-out recorded later (an imported ledger's 办结 or
        化解 date), so the item counts in that date's period."""
        self.closed_at = (
            timezone.make_aware(datetime.combine(on, time()))
            if on is not None
            else timezone.now()
        )
        self.closed_by = by
        self.result = result
        self.save(update_fields=["closed_at", "closed_by", "result"])
        self.events.create(action=TrackedItemEvent.Action.CLOSED, by=by, note=result)

    def reopen(self, *, by: User, reason: str, deadline: date | None = None) -> None:
        """Reopen a closed item, optionally with a new deadline; the close-out
        stays in the history."""
        self.closed_at = None
        self.closed_by = None
        if deadline is not None:
            self.deadline = deadline
        self.save(update_fields=["closed_at", "closed_by", "deadline", "warn_from"])
        self.events.create(action=TrackedItemEvent.Action.REOPENED, by=by, note=reason)


class TrackedItemEvent(models.Model):
    """The close-out history of an item: every close and reopen is kept."""

    class Action(models.TextChoices):
        CLOSED = "closed", "销号"
        REOPENED = "reopened", "重新打开"

    item = models.ForeignKey(
        TrackedItem, on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField("操作", max_length=16, choices=Action.choices)
    by = models.ForeignKey(User, verbose_name="操作人", on_delete=models.PROTECT)
    at = models.DateTimeField("时间", auto_now_add=True)
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "事项记录"
        verbose_name_plural = "事项记录"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()}：{self.item}"


class Notification(models.Model):
    """A notice in a user's inbox (and, when the user has an address, an email).

    A notice with a `key` exists at most once per recipient and kind: a
    reminder is never sent twice for the same item and threshold, even when
    the scheduler runs twice.
    """

    class Kind(models.TextChoices):
        """The tracked-item reminders; apps register their own notice kinds
        (`registry.register_notice_kind`)."""

        SHARE_PASSED = "share_75", "事项办理时间已过75%"
        DUE_SOON = "due_3", "事项3个工作日内到期"
        OVERDUE_DAILY = "overdue_daily", "逾期事项每日提醒"
        OVERDUE_WEEKLY = "overdue_weekly", "本单位逾期事项每周汇总"

    recipient = models.ForeignKey(
        User,
        verbose_name="接收人",
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField("类别", max_length=32, choices=notice_kind_choices)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    url = models.CharField("链接", max_length=300, blank=True)
    item = models.ForeignKey(
        TrackedItem,
        verbose_name="事项",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
    )
    key = models.CharField("去重键", max_length=100, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)
    emailed_at = models.DateTimeField("邮件发送时间", null=True, blank=True)

    class Meta:
        verbose_name = "消息"
        verbose_name_plural = "消息"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "key"],
                condition=~models.Q(key=""),
                name="notification_once_per_key",
            )
        ]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.title


class NotificationMute(models.Model):
    """A kind of reminder a user has turned off."""

    user = models.ForeignKey(
        User, verbose_name="用户", on_delete=models.CASCADE, related_name="mutes"
    )
    kind = models.CharField("提醒类别", max_length=32, choices=notice_kind_choices)

    class Meta:
        verbose_name = "已关闭的提醒"
        verbose_name_plural = "已关闭的提醒"
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="mute_once_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user} 关闭 {self.get_kind_display()}"


class CalendarOverride(models.Model):
    """A day whose working status an administrator sets by hand: next year's
    holidays and 调休 make-up workdays before the calendar library knows them,
    or a local change."""

    day = models.DateField("日期", unique=True)
    is_workday = models.BooleanField("是否工作日")
    note = models.CharField("说明", max_length=100, blank=True)

    class Meta:
        verbose_name = "节假日调整"
        verbose_name_plural = "节假日调整"
        ordering = ["day"]

    def __str__(self) -> str:
        return (
            f"{self.day:%Y-%m-%d} {'上班' if self.is_workday else '休息'} {self.note}"
        )
