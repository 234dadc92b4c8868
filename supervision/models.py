"""Rectification items (整改事项) and supervision orders (督办单), both
tracked items of the core mechanism: the deadline, 红黄蓝 and 销号 live on
the linked `TrackedItem`, never here."""

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.urls import reverse

from org.models import Cadre
from org.scope import ScopedQuerySet
from tracking.models import TrackedItem


def person_outside(cadre: Cadre | None, unit) -> str:
    """The refusal when a responsible person is not of the unit (or below)."""
    if cadre is None or unit is None or cadre.unit.is_within(unit):
        return ""
    return f"{cadre.name}不在{unit.name}（含下级单位）。"


def check_owner_in_unit(item) -> dict[str, str]:
    """A rectification item's (or an order's) person is of its unit: the
    rule its kind registers for its tracked item."""
    owner = item.owner if item.owner_id else None
    unit = item.unit if item.unit_id else None
    message = person_outside(owner, unit)
    return {"owner": message} if message else {}


class OrderNotice(models.TextChoices):
    """Notices of supervision orders (registered as notice kinds)."""

    ISSUED = "order_issued", "收到督办单"
    REPLIED = "order_replied", "督办单已回复"
    ESCALATED = "order_escalated", "督办单逾期未回复"


class RectificationQuerySet(ScopedQuerySet):
    scope_path = "item__unit__path"
    owner = "item__owner"


class RectificationItem(models.Model):
    """A problem found in a unit's self-inspection, with its rectification
    measures, target, time limit, responsible leader and person (检视整改)."""

    ITEM_KIND = "rectification"

    class Source(models.TextChoices):
        SELF_INSPECTION = "self_inspection", "自查自纠"
        TEAM_REVIEW = "team_review", "领导班子检视"
        RESEARCH = "research", "调查研究发现"
        MASSES = "masses", "群众反映"
        SUPERVISION = "supervision", "督导检查"

    item = models.OneToOneField(
        TrackedItem,
        verbose_name="督办事项",
        on_delete=models.PROTECT,
        related_name="rectification",
    )
    source = models.CharField(
        "问题来源",
        max_length=32,
        choices=Source.choices,
        default=Source.SELF_INSPECTION,
    )
    problem = models.TextField("问题")
    measures = models.TextField("整改措施")
    target = models.TextField("整改目标")
    leader = models.ForeignKey(
        Cadre,
        verbose_name="责任领导",
        on_delete=models.PROTECT,
        related_name="rectifications_led",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = RectificationQuerySet.as_manager()

    class Meta:
        verbose_name = "整改事项"
        verbose_name_plural = "整改事项"
        ordering = ["item__deadline", "pk"]

    def __str__(self) -> str:
        return self.item.title

    def get_absolute_url(self) -> str:
        return reverse("supervision:rectification_detail", args=[self.pk])

    def clean(self):
        """The responsible leader is a leader (not 一般干部) of the item's
        unit, a unit above it or one below."""
        if not self.leader_id:
            return
        errors = []
        if self.leader.rank == Cadre.Rank.STAFF:
            errors.append(f"{self.leader.name}是一般干部，责任领导应为领导干部。")
        try:
            unit = self.item.unit if self.item.unit_id else None
        except ObjectDoesNotExist:
            unit = None
        # The leader in charge (分管领导) may sit above the unit: a county
        # leader over a township's item, not another county's.
        leader_unit = self.leader.unit
        if unit and not (leader_unit.is_within(unit) or unit.is_within(leader_unit)):
            errors.append(
                f"{self.leader.name}（{leader_unit.name}）不是{unit.name}"
                "或其上级、下级单位的领导。"
            )
        if errors:
            raise ValidationError({"leader": errors})


class OrderQuerySet(ScopedQuerySet):
    """An order is seen by the receiving unit's subtree (office, leaders) and
    by the person it was sent to."""

    scope_path = "item__unit__path"
    owner = "item__owner"


class SupervisionOrder(models.Model):
    """督办单: a leader or the office presses for progress on a tracked item or
    on a quota shortfall. The order is itself a tracked item: its deadline is
    the reply deadline, its receiver the item's unit and owner, and a reply
    closes it out (销号); sending it back reopens it with a new deadline."""

    ITEM_KIND = "supervision_order"

    class Subject(models.TextChoices):
        ITEM = "item", "督办事项"
        QUOTA = "quota", "指标未完成"

    class Status(models.TextChoices):
        ISSUED = "issued", "待回复"
        ESCALATED = "escalated", "逾期未回复（已升级）"
        REPLIED = "replied", "已回复"

    number = models.CharField("督办单号", max_length=20, unique=True, editable=False)
    item = models.OneToOneField(
        TrackedItem,
        verbose_name="督办单事项",
        on_delete=models.PROTECT,
        related_name="supervision_order",
    )
    subject = models.CharField("督办对象", max_length=16, choices=Subject.choices)
    target = models.ForeignKey(
        TrackedItem,
        verbose_name="被督办事项",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supervision_orders",
    )
    shortfall = models.CharField(
        "未完成指标",
        max_length=200,
        blank=True,
        help_text="如：2024年3月尚未安排接访日",
    )
    note = models.TextField("督办要求")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="督办人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_at = models.DateTimeField("督办时间", auto_now_add=True, db_index=True)
    status = models.CharField(
        "状态", max_length=16, choices=Status.choices, default=Status.ISSUED
    )
    # Kept when the order is sent back: an order once escalated counts as such
    # in the monthly schedule.
    escalated_at = models.DateTimeField("升级时间", null=True, blank=True)

    objects = OrderQuerySet.as_manager()

    class Meta:
        verbose_name = "督办单"
        verbose_name_plural = "督办单"
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(subject="item", target__isnull=False)
                    | models.Q(subject="quota", target__isnull=True)
                    & ~models.Q(shortfall="")
                ),
                name="order_has_a_subject",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.item.title}"

    def get_absolute_url(self) -> str:
        return reverse("supervision:order_detail", args=[self.pk])


class OrderReply(models.Model):
    """The receiver's progress reply to an order (办理情况反馈)."""

    order = models.ForeignKey(
        SupervisionOrder, on_delete=models.CASCADE, related_name="replies"
    )
    text = models.TextField("办理进展")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="回复人", on_delete=models.PROTECT
    )
    at = models.DateTimeField("回复时间", auto_now_add=True)
    on_time = models.BooleanField("按期回复", default=True)

    class Meta:
        verbose_name = "督办回复"
        verbose_name_plural = "督办回复"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.order.number} 回复"
