"""Pillar 3: petition reception down to the grassroots.

Reception days and visits, petition cases moving through the stages of the
信访工作条例 with deadlines from editable time-limit rules, backlog cases with
their 包案 leader, and 12345 hotline work orders.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone

from org.models import Cadre, OrgUnit, Place
from org.roles import EDIT_ROLES
from org.scope import ScopedQuerySet
from tracking.models import TrackedItem

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
PHONE = re.compile(r"1\d{10}|0\d{2,3}-?\d{7,8}")
CONTENT_MAX = 5000  # characters of a petition's content


def valid_id_number(value: str) -> bool:
    """An 18-character resident ID with a correct check digit (GB 11643)."""
    if not re.fullmatch(r"\d{17}[\dX]", value):
        return False
    total = sum(int(d) * w for d, w in zip(value[:17], ID_WEIGHTS, strict=True))
    return ID_CHECK[total % 11] == value[-1]


def valid_phone(value: str) -> bool:
    """A mobile number (11 digits) or a fixed line with its area code."""
    return bool(PHONE.fullmatch(value))


def _refuse_future(errors: dict, field: str, value, label: str) -> None:
    if value and value > timezone.localdate():
        errors[field] = f"{label}不能晚于今天。"


class ReceptionQuerySet(ScopedQuerySet):
    editors = EDIT_ROLES
    scope_path = "leader__unit__path"
    owner = "leader"


class ReceptionDay(models.Model):
    """接访日 or 下访: a leader receives petitioners on a day."""

    class Kind(models.TextChoices):
        RECEPTION = "reception", "领导接访日"
        VISIT = "visit", "带案下访"

    kind = models.CharField("类别", max_length=16, choices=Kind.choices)
    leader = models.ForeignKey(
        Cadre,
        verbose_name="接访领导",
        on_delete=models.PROTECT,
        related_name="receptions",
    )
    day = models.DateField("日期", db_index=True)
    place = models.ForeignKey(
        Place,
        verbose_name="地点（下访）",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    location = models.CharField("接访地点", max_length=100, blank=True)
    visitors = models.PositiveIntegerField("接待群众（人次）", default=0)
    # Petitions explained or answered on the spot (现场解释答复).
    answered_on_site = models.PositiveIntegerField("现场解释答复（条）", default=0)
    notes = models.TextField("情况", blank=True)

    objects = ReceptionQuerySet.as_manager()

    class Meta:
        verbose_name = "接访日"
        verbose_name_plural = "接访日"
        ordering = ["-day", "-pk"]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.leader.name}{self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("petitions:reception_detail", args=[self.pk])

    def clean(self):
        """A leader (not 一般干部) received petitioners on a past day; a visit
        (下访) names the place it went to."""
        errors = {}
        _refuse_future(errors, "day", self.day, "接访日期")
        if self.leader_id and self.leader.rank == Cadre.Rank.STAFF:
            errors["leader"] = f"{self.leader.name}是一般干部，接访应由领导干部带领。"
        if self.kind == self.Kind.VISIT and not self.place_id:
            errors["place"] = "带案下访请选择下访地点。"
        if errors:
            raise ValidationError(errors)


class Stage(models.TextChoices):
    REGISTERED = "registered", "登记"
    ROUTED = "routed", "转送交办"
    ACCEPTED = "accepted", "受理办理"
    NOT_ACCEPTED = "not_accepted", "不予受理"
    REPLIED = "replied", "已答复"
    CLOSED = "closed", "办结"
    REVIEW = "review", "复查"
    REVIEWED = "reviewed", "已复查"
    RECHECK = "recheck", "复核"
    RECHECKED = "rechecked", "已复核（终结）"
    MERGED = "merged", "已合并"


# The stage machine: stage → the stages it may move to.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Stage.REGISTERED: (Stage.ROUTED,),
    Stage.ROUTED: (Stage.ACCEPTED, Stage.NOT_ACCEPTED),
    Stage.ACCEPTED: (Stage.REPLIED,),
    Stage.REPLIED: (Stage.CLOSED, Stage.REVIEW),
    Stage.CLOSED: (Stage.REVIEW,),
    Stage.REVIEW: (Stage.REVIEWED,),
    Stage.REVIEWED: (Stage.CLOSED, Stage.RECHECK),
    Stage.RECHECK: (Stage.RECHECKED,),
    Stage.NOT_ACCEPTED: (),
    Stage.RECHECKED: (),
    Stage.MERGED: (),
}
OPEN_STAGES = (
    Stage.REGISTERED,
    Stage.ROUTED,
    Stage.ACCEPTED,
    Stage.REPLIED,
    Stage.REVIEW,
    Stage.REVIEWED,
    Stage.RECHECK,
)


class TimeLimitRule(models.Model):
    """A statutory time limit, as data: the stage it bounds and how to count.

    Defaults follow the 信访工作条例 (2022); a city may change them.
    """

    stage = models.CharField("阶段", max_length=16, choices=Stage.choices, unique=True)
    days = models.PositiveSmallIntegerField("期限（日）")
    working_days = models.BooleanField(
        "按工作日计算",
        default=False,
        help_text="不勾选时按自然日计算，期限末日遇法定节假日顺延至节后第一个工作日。",
    )
    basis = models.CharField("依据", max_length=200)

    class Meta:
        verbose_name = "办理时限规则"
        verbose_name_plural = "办理时限规则"
        ordering = ["pk"]

    def __str__(self) -> str:
        unit = "个工作日" if self.working_days else "日"
        return f"{self.get_stage_display()}：{self.days}{unit}"


class CaseQuerySet(ScopedQuerySet):
    editors = EDIT_ROLES
    # A case belongs to the unit that handles it; before routing, to the unit
    # that registered it.
    scope_path = "unit__path"
    owner = "reception__leader"

    def open(self) -> models.QuerySet:
        return self.filter(stage__in=OPEN_STAGES)


class PetitionCase(models.Model):
    """信访事项: one case, however many petitioners signed it."""

    class Channel(models.TextChoices):
        VISIT = "visit", "来访"
        LETTER = "letter", "来信"
        ONLINE = "online", "网上信访"
        PHONE = "phone", "电话"
        HOTLINE = "hotline", "12345热线"
        FIELD = "field", "下访发现"

    class Category(models.TextChoices):
        LAND = "land", "农村土地"
        HOUSING = "housing", "城乡建设与住房"
        LABOUR = "labour", "劳动保障与欠薪"
        ENVIRONMENT = "environment", "生态环境"
        LAW = "law", "政法"
        SOCIAL = "social", "民政与社会保障"
        OTHER = "other", "其他"

    class Evaluation(models.TextChoices):
        SATISFIED = "satisfied", "满意"
        BASICALLY = "basically", "基本满意"
        UNSATISFIED = "unsatisfied", "不满意"

    number = models.CharField("编号", max_length=20, unique=True, editable=False)
    channel = models.CharField("来源渠道", max_length=16, choices=Channel.choices)
    category = models.CharField("问题类别", max_length=16, choices=Category.choices)
    content = models.TextField("信访诉求")
    registered_on = models.DateField("登记日期", db_index=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name="责任单位",
        on_delete=models.PROTECT,
        related_name="petition_cases",
        help_text="登记时为登记单位，转送交办后为承办单位。",
    )
    reception = models.ForeignKey(
        ReceptionDay,
        verbose_name="来源接访日",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
    )
    stage = models.CharField(
        "阶段", max_length=16, choices=Stage.choices, default=Stage.REGISTERED
    )
    stage_item = models.OneToOneField(
        TrackedItem,
        verbose_name="当前阶段督办事项",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="petition_case",
    )
    routed_on = models.DateField("转送交办日期", null=True, blank=True)
    accepted_on = models.DateField("受理日期", null=True, blank=True)
    not_accepted_reason = models.TextField("不予受理理由", blank=True)
    extension_days = models.PositiveSmallIntegerField("延期（日）", default=0)
    extension_approver = models.CharField("延期批准人", max_length=50, blank=True)
    extension_reason = models.CharField("延期理由", max_length=300, blank=True)
    replied_on = models.DateField("答复日期", null=True, blank=True)
    reply = models.TextField("书面答复意见", blank=True)
    evaluation = models.CharField(
        "群众评价", max_length=16, choices=Evaluation.choices, blank=True
    )
    partly_solved = models.BooleanField("部分解决", default=False)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    review_requested_on = models.DateField("申请复查日期", null=True, blank=True)
    reviewed_on = models.DateField("复查意见日期", null=True, blank=True)
    recheck_requested_on = models.DateField("申请复核日期", null=True, blank=True)
    rechecked_on = models.DateField("复核意见日期", null=True, blank=True)
    related_to = models.ForeignKey(
        "self",
        verbose_name="关联（重复）信访事项",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="repeats",
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name="合并至",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_cases",
    )

    # Optimistic locking: each save through an edit form bumps it, and a form
    # carrying an older value is refused (ui/versioning.py).
    version = models.PositiveIntegerField("版本", default=0, editable=False)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = "信访事项"
        verbose_name_plural = "信访事项"
        ordering = ["-registered_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(extension_days__lte=30),
                name="case_extension_at_most_30_days",
            )
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("petitions:case_detail", args=[self.pk])

    def clean(self):
        errors = {}
        _refuse_future(errors, "registered_on", self.registered_on, "登记日期")
        _refuse_future(errors, "closed_on", self.closed_on, "办结日期")
        if self.stage == Stage.CLOSED and not self.closed_on:
            errors["closed_on"] = "已办结的信访事项请填写办结日期。"
        if self.closed_on and self.registered_on:
            if self.closed_on < self.registered_on:
                errors.setdefault("closed_on", "办结日期不能早于登记日期。")
        if self.content and len(self.content) > CONTENT_MAX:
            errors["content"] = (
                f"信访诉求不能超过{CONTENT_MAX}字（现为{len(self.content)}字）。"
            )
        if errors:
            raise ValidationError(errors)

    @property
    def next_stages(self) -> tuple[str, ...]:
        return TRANSITIONS[self.stage]

    @property
    def is_open(self) -> bool:
        return self.stage in OPEN_STAGES


class Petitioner(models.Model):
    """A petitioner of a case. A joint petition has several; it is one case."""

    case = models.ForeignKey(
        PetitionCase,
        verbose_name="信访事项",
        on_delete=models.CASCADE,
        related_name="petitioners",
    )
    name = models.CharField("姓名", max_length=50)
    id_number = models.CharField("身份证号", max_length=18, blank=True, db_index=True)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    sex = models.CharField(
        "性别", max_length=1, blank=True, choices=[("男", "男"), ("女", "女")]
    )
    address = models.CharField("住址", max_length=200, blank=True)

    class Meta:
        verbose_name = "信访人"
        verbose_name_plural = "信访人"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        errors = {}
        if self.id_number and not valid_id_number(self.id_number):
            errors["id_number"] = (
                f"“{self.id_number}”不是有效的身份证号（应为18位，且校验位正确）。"
            )
        if self.phone and not valid_phone(self.phone):
            errors["phone"] = (
                f"“{self.phone}”不是有效的联系电话（应为11位手机号或带区号的固定电话）。"
            )
        if errors:
            raise ValidationError(errors)


def check_petitioners(people: list[dict]) -> None:
    """The petitioners of one case (dicts of Petitioner fields): at least one,
    each valid, none twice."""
    if not people:
        raise ValidationError({"name": "请至少填写一名信访人。"})
    errors: dict[str, list[str]] = {}
    for person in people:
        try:
            Petitioner(**person).clean()
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.setdefault(field, []).extend(messages)
    ids = [p["id_number"] for p in people if p.get("id_number")]
    if len(ids) != len(set(ids)):
        errors.setdefault("id_number", []).append("同一信访人不能重复填写。")
    if errors:
        raise ValidationError(errors)


class CaseEvent(models.Model):
    """The history of a case: every stage change, extension, link and merge."""

    case = models.ForeignKey(
        PetitionCase,
        verbose_name="信访事项",
        on_delete=models.CASCADE,
        related_name="events",
    )
    at = models.DateTimeField("时间", auto_now_add=True)
    on = models.DateField("日期")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", on_delete=models.PROTECT
    )
    stage = models.CharField("阶段", max_length=16, choices=Stage.choices)
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.case} {self.get_stage_display()}"


class BacklogQuerySet(ScopedQuerySet):
    editors = EDIT_ROLES
    scope_path = "case__unit__path"
    owner = "leader"


class BacklogCase(models.Model):
    """信访积案 under "五个一": one leader, one team, one plan, to the end."""

    ITEM_KIND = "backlog_case"
    RESOLVE_DAYS = 90  # the 化解时限 offered when a case is listed

    case = models.OneToOneField(
        PetitionCase,
        verbose_name="信访事项",
        on_delete=models.PROTECT,
        related_name="backlog",
    )
    leader = models.ForeignKey(
        Cadre,
        verbose_name="包案领导",
        on_delete=models.PROTECT,
        related_name="backlog_cases",
    )
    team = models.CharField("工作专班", max_length=300)
    plan = models.TextField("化解方案")
    assigned_on = models.DateField("包案日期", db_index=True)
    resolved_on = models.DateField("化解日期", null=True, blank=True)
    resolution = models.TextField("化解情况（三到位一处理）", blank=True)
    # The 化解时限 with its 红黄蓝, owned by the 包案 leader; closed when the
    # case is resolved.
    item = models.OneToOneField(
        TrackedItem,
        verbose_name="督办事项",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="backlog_case",
    )

    objects = BacklogQuerySet.as_manager()

    class Meta:
        verbose_name = "信访积案"
        verbose_name_plural = "信访积案"
        ordering = ["-assigned_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.case}（包案：{self.leader.name}）"

    def clean(self):
        """A leader (not 一般干部) took on the case on a past day, not before it
        was registered; a 化解 date is a past day after that, with the
        化解情况 written (三到位一处理)."""
        errors = {}
        _refuse_future(errors, "assigned_on", self.assigned_on, "包案日期")
        _refuse_future(errors, "resolved_on", self.resolved_on, "化解日期")
        if self.leader_id and self.leader.rank == Cadre.Rank.STAFF:
            errors["leader"] = f"{self.leader.name}是一般干部，包案应由领导干部负责。"
        registered = self.case.registered_on if self.case_id else None
        if self.assigned_on and registered and self.assigned_on < registered:
            errors.setdefault(
                "assigned_on", f"包案日期不能早于信访事项登记日期（{registered}）。"
            )
        if self.resolved_on and self.assigned_on:
            if self.resolved_on < self.assigned_on:
                errors.setdefault("resolved_on", "化解日期不能早于包案日期。")
        if self.resolved_on and not self.resolution.strip():
            errors["resolution"] = "已化解的积案请填写化解情况（三到位一处理）。"
        if errors:
            raise ValidationError(errors)

    @property
    def half_year(self) -> str:
        return f"{self.assigned_on.year}年{'上' if self.assigned_on.month <= 6 else '下'}半年"


class BacklogNote(models.Model):
    backlog = models.ForeignKey(
        BacklogCase, on_delete=models.CASCADE, related_name="notes"
    )
    on = models.DateField("日期")
    text = models.TextField("进展")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="记录人", on_delete=models.PROTECT
    )

    class Meta:
        verbose_name = "积案进展"
        verbose_name_plural = "积案进展"
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        # Not the text: it may name the petitioner (the trail records this).
        return f"{self.on:%Y-%m-%d} 积案进展"


class HotlineQuerySet(ScopedQuerySet):
    editors = EDIT_ROLES
    scope_path = "unit__path"


class HotlineOrder(models.Model):
    """12345 接诉即办 work order."""

    class Satisfaction(models.TextChoices):
        SATISFIED = "satisfied", "满意"
        BASICALLY = "basically", "基本满意"
        UNSATISFIED = "unsatisfied", "不满意"
        NONE = "", "未评价"

    number = models.CharField("工单号", max_length=30, unique=True)
    received_at = models.DateTimeField("受理时间", db_index=True)
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name="承办单位",
        on_delete=models.PROTECT,
        related_name="hotline_orders",
    )
    summary = models.CharField("诉求摘要", max_length=300)
    signed_at = models.DateTimeField("签收时间", null=True, blank=True)
    responded_at = models.DateTimeField("首次联系时间", null=True, blank=True)
    resolved_at = models.DateTimeField("办结时间", null=True, blank=True)
    resolved = models.BooleanField("已解决", default=False)
    resolved_in_village = models.BooleanField("村级自主化解", default=False)
    satisfaction = models.CharField(
        "满意度", max_length=16, choices=Satisfaction.choices, blank=True
    )
    out_of_scope = models.BooleanField("不在受理范围", default=False)

    objects = HotlineQuerySet.as_manager()

    class Meta:
        verbose_name = "12345工单"
        verbose_name_plural = "12345工单"
        ordering = ["-received_at", "-pk"]

    def __str__(self) -> str:
        return self.number

    def clean(self):
        errors = {}
        for name in ("signed_at", "responded_at", "resolved_at"):
            value = getattr(self, name)
            if self.received_at and value and value < self.received_at:
                errors[name] = (
                    f"{self._meta.get_field(name).verbose_name}不能早于受理时间。"
                )
        if self.resolved and not self.resolved_at:
            errors["resolved_at"] = "已解决的工单请填写办结时间。"
        if errors:
            raise ValidationError(errors)


class HotlineStandard(models.Model):
    """The local 12345 standard and KPI formula choices (one row)."""

    sign_minutes = models.PositiveIntegerField("签收时限（分钟）", default=30)
    respond_hours = models.PositiveIntegerField("首次联系时限（小时）", default=2)
    resolve_hours = models.PositiveIntegerField("简单事项办结时限（小时）", default=24)
    basically_counts_as_satisfied = models.BooleanField(
        "基本满意计入满意", default=True
    )
    exclude_out_of_scope = models.BooleanField(
        "不在受理范围的工单不计入考核", default=True
    )

    class Meta:
        verbose_name = "12345考核标准"
        verbose_name_plural = "12345考核标准"

    def __str__(self) -> str:
        return (
            f"{self.sign_minutes}分钟签收、{self.respond_hours}小时首联、"
            f"简单事项{self.resolve_hours}小时办结"
        )

    @classmethod
    def current(cls) -> "HotlineStandard":
        standard, _ = cls.objects.get_or_create(pk=1)
        return standard
