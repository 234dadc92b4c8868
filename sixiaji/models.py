"""Core models: the org tree, places, accounts, cadres and tracked items."""

import math
import re
from datetime import date, timedelta

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.urls import reverse
from django.utils import timezone

from .roles import EDIT_ROLES
from .scope import ScopedQuerySet


class OrgUnitQuerySet(ScopedQuerySet):
    editors = EDIT_ROLES  # units and leaders are picked in petition forms
    scope_path = "path"
    cadre_sees = ScopedQuerySet.REACH
    reference = True


class OrgUnit(models.Model):
    """A unit of the org tree: city → county/district and departments → township."""

    class Kind(models.TextChoices):
        CITY = "city", "市"
        COUNTY = "county", "县（区）"
        DEPARTMENT = "department", "部门"
        TOWNSHIP = "township", "乡镇（街道）"

    name = models.CharField("名称", max_length=100)
    code = models.SlugField("编码", max_length=32, unique=True)
    kind = models.CharField("类别", max_length=16, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级单位",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    # Materialised path of codes ("/620300/620321/"): a subtree is one prefix match.
    path = models.CharField("路径", max_length=400, editable=False, db_index=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        old_path = self.path
        self.path = f"{self.parent.path if self.parent else '/'}{self.code}/"
        super().save(*args, **kwargs)
        if old_path and old_path != self.path:
            OrgUnit.objects.filter(path__startswith=old_path).exclude(
                pk=self.pk
            ).update(path=Concat(Value(self.path), Substr("path", len(old_path) + 1)))

    @property
    def depth(self) -> int:
        return self.path.count("/") - 1

    def is_within(self, other: "OrgUnit") -> bool:
        return self.path.startswith(other.path)

    def ancestors(self) -> models.QuerySet:
        codes = [c for c in self.path.split("/") if c]
        return OrgUnit.objects.filter(code__in=codes).order_by("path")

    def subtree(self) -> models.QuerySet:
        return OrgUnit.objects.filter(path__startswith=self.path)

    def reach(self) -> "OrgUnit":
        """Where this unit's cadres normally do grassroots work: the county
        (district) containing it; for the city and its departments, the city.
        """
        codes = [c for c in self.path.split("/") if c]
        if len(codes) == 1:
            return self
        top = self if len(codes) == 2 else OrgUnit.objects.get(code=codes[1])
        if top.kind == OrgUnit.Kind.COUNTY:
            return top
        return top.parent


class PlaceQuerySet(ScopedQuerySet):
    editors = EDIT_ROLES  # units and leaders are picked in petition forms
    scope_path = "unit__path"
    cadre_sees = ScopedQuerySet.REACH
    reference = True


class Place(models.Model):
    """A grassroots place that visits go to: a village, community, enterprise…"""

    class Kind(models.TextChoices):
        VILLAGE = "village", "村"
        COMMUNITY = "community", "社区"
        ENTERPRISE = "enterprise", "企业"
        PROJECT = "project", "项目"
        SCHOOL = "school", "学校"
        HOSPITAL = "hospital", "医院"
        OTHER = "other", "其他"

    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类别", max_length=16, choices=Kind.choices)
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name="所属乡镇（单位）",
        on_delete=models.PROTECT,
        related_name="places",
    )
    address = models.CharField("地址", max_length=200, blank=True)

    objects = PlaceQuerySet.as_manager()

    class Meta:
        verbose_name = "基层点位"
        verbose_name_plural = "基层点位"
        ordering = ["unit__path", "name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="place_unique_name")
        ]

    def __str__(self) -> str:
        return f"{self.unit.name}{self.name}"


class User(AbstractUser):
    """A login. Its roles are Django groups; `scope_unit` bounds what it sees."""

    scope_unit = models.ForeignKey(
        OrgUnit,
        verbose_name="管辖范围",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="办公室、领导、信访部门角色可见的单位（含下级）；为空时取本人所在单位。",
    )
    # Set when the user changes their own password; empty (a new account or a
    # password set by an administrator) forces a change at the next login.
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)

    objects = UserManager()

    class Meta(AbstractUser.Meta):
        verbose_name = "账号"
        verbose_name_plural = "账号"

    def __str__(self) -> str:
        cadre = getattr(self, "cadre", None)
        return cadre.name if cadre else self.get_full_name() or self.username


class CadreQuerySet(ScopedQuerySet):
    editors = EDIT_ROLES  # units and leaders are picked in petition forms
    scope_path = "unit__path"
    owner = "pk"
    reference = True


class Cadre(models.Model):
    """A cadre (干部): belongs to a unit; rank and role flags decide the quotas."""

    class Rank(models.TextChoices):
        CITY = "city", "市级领导干部"
        COUNTY = "county", "县处级领导干部"
        TOWNSHIP = "township", "乡科级领导干部"
        STAFF = "staff", "一般干部"

    user = models.OneToOneField(
        User,
        verbose_name="登录账号",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cadre",
    )
    name = models.CharField("姓名", max_length=50)
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name="所在单位",
        on_delete=models.PROTECT,
        related_name="cadres",
    )
    rank = models.CharField("职级", max_length=16, choices=Rank.choices)
    position = models.CharField("职务", max_length=100, blank=True)
    is_leadership_member = models.BooleanField("领导班子成员", default=False)
    is_party_secretary = models.BooleanField("党组织书记", default=False)
    is_active = models.BooleanField("在职", default=True)

    objects = CadreQuerySet.as_manager()

    class Meta:
        verbose_name = "干部"
        verbose_name_plural = "干部"
        ordering = ["unit__path", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("cadre_detail", args=[self.pk])

    @property
    def is_leader(self) -> bool:
        return self.rank != self.Rank.STAFF


class Colour(models.TextChoices):
    """红黄蓝 warnings of a tracked item (DOMAIN.md "Tracked items")."""

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

    def close_out(self, *, by: User, result: str) -> None:
        """销号: record who closed the item, when, and the result."""
        self.closed_at = timezone.now()
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
        SHARE_PASSED = "share_75", "事项办理时间已过75%"
        DUE_SOON = "due_3", "事项3个工作日内到期"
        OVERDUE_DAILY = "overdue_daily", "逾期事项每日提醒"
        OVERDUE_WEEKLY = "overdue_weekly", "本单位逾期事项每周汇总"
        QUOTA_SHORTFALL = "quota_shortfall", "指标临近期末未完成"
        REPORT_READY = "report_ready", "工作报告草稿已生成"
        ORDER_ISSUED = "order_issued", "收到督办单"
        ORDER_REPLIED = "order_replied", "督办单已回复"
        ORDER_ESCALATED = "order_escalated", "督办单逾期未回复"

    recipient = models.ForeignKey(
        User,
        verbose_name="接收人",
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField("类别", max_length=32, choices=Kind.choices)
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


# Reminders a user may mute; notices of supervision orders always arrive.
REMINDER_KINDS = (
    Notification.Kind.SHARE_PASSED,
    Notification.Kind.DUE_SOON,
    Notification.Kind.OVERDUE_DAILY,
    Notification.Kind.OVERDUE_WEEKLY,
    Notification.Kind.QUOTA_SHORTFALL,
    Notification.Kind.REPORT_READY,
)


class NotificationMute(models.Model):
    """A kind of reminder a user has turned off."""

    user = models.ForeignKey(
        User, verbose_name="用户", on_delete=models.CASCADE, related_name="mutes"
    )
    kind = models.CharField(
        "提醒类别", max_length=32, choices=Notification.Kind.choices
    )

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


class AuditEvent(models.Model):
    """An access or a sign-in: who, when, what, from where.

    Written for every unmasked view of petitioners' data, every export and
    report download, every login, failed login, lockout and password change.
    Data changes (old → new) are in auditlog's LogEntry; both are read on the
    auditor's page. Read-only: rows leave only through `purge_audit`.
    """

    class Action(models.TextChoices):
        REVEAL = "reveal", "查看信访人完整信息"
        EXPORT = "export", "导出"
        DOWNLOAD = "download", "下载报告"
        LOGIN = "login", "登录"
        LOGOUT = "logout", "退出"
        LOGIN_FAILED = "login_failed", "登录失败"
        LOCKOUT = "lockout", "账号锁定"
        PASSWORD_CHANGE = "password_change", "修改密码"
        OTP_FAILED = "otp_failed", "动态口令错误"

    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        User,
        verbose_name="用户",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The name typed at a failed login, which may match no account.
    username = models.CharField("用户名", max_length=150, blank=True)
    action = models.CharField("操作", max_length=16, choices=Action.choices)
    object_type = models.CharField("对象类型", max_length=50)
    object_id = models.CharField("对象", max_length=50, blank=True)
    detail = models.CharField("说明", max_length=300, blank=True)
    address = models.GenericIPAddressField("来源地址", null=True, blank=True)

    class Meta:
        verbose_name = "审计记录"
        verbose_name_plural = "审计记录"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        who = self.user or self.username
        return f"{self.at:%Y-%m-%d %H:%M} {who} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise PermissionError("审计记录只读，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("审计记录只读，只能按保存期限清理。")


class LedgerExport(models.Model):
    """A ledger export too big to wait for: run by a worker, with progress, and
    downloaded by the person who asked for it."""

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "导出中"
        DONE = "done", "已完成"
        FAILED = "failed", "导出失败"

    kind = models.CharField("台账种类", max_length=32)
    params = models.JSONField("筛选条件", default=dict, blank=True)
    title = models.CharField("标题", max_length=200)
    requested_by = models.ForeignKey(
        User, verbose_name="导出人", on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField("申请时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    total = models.PositiveIntegerField("总行数", default=0)
    done = models.PositiveIntegerField("已写行数", default=0)
    error = models.TextField("失败原因", blank=True)
    file = models.FileField("文件", upload_to="exports/%Y/%m/", blank=True)

    class Meta:
        verbose_name = "台账导出任务"
        verbose_name_plural = "台账导出任务"
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("ledger_export_job", args=[self.pk])

    @property
    def percent(self) -> int:
        return min(100, self.done * 100 // self.total) if self.total else 0

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)


class HeaderSynonym(models.Model):
    """Column names offices use for one of our ledger columns ("完成时限" is also
    "办结时限、整改期限、限时办理时间"), so their own ledgers map by themselves."""

    header = models.CharField("本系统列名", max_length=50)
    synonyms = models.TextField("其他写法", help_text="用顿号（、）分隔。")
    kind = models.CharField(
        "台账种类", max_length=32, blank=True, help_text="留空表示适用于所有台账。"
    )

    class Meta:
        verbose_name = "列名同义词"
        verbose_name_plural = "列名同义词"
        ordering = ["kind", "header"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "header"], name="header_synonym_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.header}：{self.synonyms}"

    @property
    def names(self) -> list[str]:
        return [
            n.strip() for n in re.split(r"[、,，;；\n]+", self.synonyms) if n.strip()
        ]


class ImportMapping(models.Model):
    """How a unit's own ledger layout maps to our columns, remembered from its
    last confirmed import so the next one of the same layout maps itself."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name="单位", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField("台账种类", max_length=32)
    signature = models.CharField("表头特征", max_length=64)
    mapping = models.JSONField("对应关系", default=dict)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "导入列对应关系"
        verbose_name_plural = "导入列对应关系"
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "kind", "signature"], name="import_mapping_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.kind}"


class PasswordHistory(models.Model):
    """The hashes of a user's earlier passwords: none of the last few may return."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="password_history"
    )
    password = models.CharField("密码摘要", max_length=128)
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "历史密码"
        verbose_name_plural = "历史密码"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user} {self.at:%Y-%m-%d}"
