"""Pillars 1 and 4: policy lectures and on-site office work.

One `Activity` with a kind covers what cadres do at the grassroots: lectures,
party lectures, training, on-site office sessions and liaison contacts with
projects and enterprises. Their fields overlap far more than they differ; the
kind decides which fields a form asks for and which rules apply.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse

from org.models import Cadre, OrgUnit, Place
from org.scope import ScopedQuerySet
from tracking.models import TrackedItem


class LiaisonQuerySet(ScopedQuerySet):
    scope_path = "cadre__unit__path"
    owner = "cadre"


class Liaison(models.Model):
    """项目包抓 / 包联企业: a cadre assigned to a project or an enterprise."""

    class Kind(models.TextChoices):
        PROJECT = "project", "项目包抓"
        ENTERPRISE = "enterprise", "包联企业"

    class Role(models.TextChoices):
        LEADER = "leader", "包抓（包联）领导"
        COMMISSIONER = "commissioner", "项目服务专员"
        RESPONSIBLE = "responsible", "部门负责人"

    kind = models.CharField("类别", max_length=16, choices=Kind.choices)
    cadre = models.ForeignKey(
        Cadre, verbose_name="干部", on_delete=models.PROTECT, related_name="liaisons"
    )
    role = models.CharField("包联角色", max_length=16, choices=Role.choices)
    place = models.ForeignKey(
        Place,
        verbose_name="项目（企业）",
        on_delete=models.PROTECT,
        related_name="liaisons",
    )
    since = models.DateField("开始日期")
    until = models.DateField("结束日期", null=True, blank=True)

    objects = LiaisonQuerySet.as_manager()

    class Meta:
        verbose_name = "包抓包联"
        verbose_name_plural = "包抓包联"
        ordering = ["place__name", "cadre__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cadre", "place", "since"], name="liaison_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.place.name}（{self.cadre.name}，{self.get_role_display()}）"


class ActivityQuerySet(ScopedQuerySet):
    scope_path = "unit__path"
    owner = "cadre"

    def held(self) -> models.QuerySet:
        return self.filter(status=Activity.Status.HELD)

    def planned(self) -> models.QuerySet:
        return self.filter(status=Activity.Status.PLANNED)

    def for_list(self) -> models.QuerySet:
        return self.select_related("cadre", "unit").prefetch_related("places")


class Activity(models.Model):
    """A piece of grassroots work by a lead cadre, planned ahead or held."""

    class Kind(models.TextChoices):
        LECTURE = "lecture", "宣讲"
        PARTY_LECTURE = "party_lecture", "专题党课"
        TRAINING = "training", "培训"
        ONSITE = "onsite", "现场办公"
        PROJECT_VISIT = "project_visit", "项目包抓"
        ENTERPRISE_VISIT = "enterprise_visit", "包联企业"

    class Status(models.TextChoices):
        PLANNED = "planned", "计划"
        HELD = "held", "已开展"

    class TrainingKind(models.TextChoices):
        MODEL_CLASS = "model_class", "示范培训班（3-5天）"
        ROTATION = "rotation", "轮训（不少于1天）"

    class ContactMode(models.TextChoices):
        PHONE = "phone", "电话联系"
        MEETING = "meeting", "座谈会商"
        SITE_VISIT = "site_visit", "实地走访"

    POLICY_KINDS = (Kind.LECTURE, Kind.PARTY_LECTURE, Kind.TRAINING)
    LIAISON_KINDS = (Kind.PROJECT_VISIT, Kind.ENTERPRISE_VISIT)

    kind = models.CharField("类别", max_length=20, choices=Kind.choices)
    status = models.CharField(
        "状态", max_length=10, choices=Status.choices, default=Status.HELD
    )
    cadre = models.ForeignKey(
        Cadre,
        verbose_name="主讲（带队）干部",
        on_delete=models.PROTECT,
        related_name="activities",
    )
    companions = models.ManyToManyField(
        Cadre,
        verbose_name="其他主讲人（陪同人员）",
        blank=True,
        related_name="accompanied_activities",
    )
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name="组织单位",
        on_delete=models.PROTECT,
        related_name="activities",
    )
    places = models.ManyToManyField(
        Place, verbose_name="地点", related_name="activities"
    )
    start_date = models.DateField("日期", db_index=True)
    end_date = models.DateField("结束日期", null=True, blank=True)
    topic = models.CharField("主题", max_length=200)
    summary = models.TextField("内容与成效", blank=True)

    # Lectures, party lectures and training.
    audience_party_members = models.PositiveIntegerField(
        "听众（党员）", null=True, blank=True
    )
    audience_public = models.PositiveIntegerField("听众（群众）", null=True, blank=True)
    audience_total = models.PositiveIntegerField("听众总数", null=True, blank=True)
    training_kind = models.CharField(
        "培训类型", max_length=16, choices=TrainingKind.choices, blank=True
    )

    # On-site office sessions.
    households_visited = models.PositiveIntegerField(
        "走访群众（户）", null=True, blank=True
    )
    problems_raised = models.PositiveIntegerField("收集问题（个）", default=0)
    problems_solved_on_site = models.PositiveIntegerField(
        "现场解决问题（个）", default=0
    )
    suggestions = models.PositiveIntegerField("收到意见建议（条）", default=0)
    public_opinion = models.TextField("社情民意", blank=True)

    # Project and enterprise liaison contacts.
    liaison = models.ForeignKey(
        Liaison,
        verbose_name="包抓包联关系",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contacts",
    )
    contact_mode = models.CharField(
        "联系方式", max_length=16, choices=ContactMode.choices, blank=True
    )

    attachment = models.FileField(
        "附件（可选）", upload_to="activities/%Y/%m/", blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    # Optimistic locking: each save through an edit form bumps it, and a form
    # carrying an older value is refused (ui/versioning.py).
    version = models.PositiveIntegerField("版本", default=0, editable=False)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = "基层活动"
        verbose_name_plural = "基层活动"
        ordering = ["-start_date", "-pk"]
        indexes = [
            models.Index(fields=["kind", "start_date"]),
            # Counts of held activities by date (quota engine, dashboard
            # figures, reports) read this index alone on PostgreSQL.
            models.Index(
                fields=["status", "start_date", "kind", "contact_mode"]
                + ["cadre", "unit", "id"],
                name="activity_held_by_date",
            ),
            # The quota engine's counts for a set of cadres.
            models.Index(
                fields=["cadre", "start_date", "status", "kind", "contact_mode"]
                + ["id"],
                name="activity_by_cadre_date",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="activity_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.start_date} {self.get_kind_display()}：{self.topic}"

    def get_absolute_url(self) -> str:
        return reverse("activities:detail", args=[self.pk])

    @property
    def last_date(self):
        return self.end_date or self.start_date

    @property
    def days(self) -> int:
        return (self.last_date - self.start_date).days + 1

    @property
    def audience(self) -> int | None:
        """The audience count: the total given, else members plus public."""
        if self.audience_total is not None:
            return self.audience_total
        parts = [self.audience_party_members, self.audience_public]
        if all(part is None for part in parts):
            return None
        return sum(part or 0 for part in parts)

    @property
    def is_policy(self) -> bool:
        return self.kind in self.POLICY_KINDS

    @property
    def is_liaison(self) -> bool:
        return self.kind in self.LIAISON_KINDS


class HandedOverProblem(models.Model):
    """A problem handed over at an on-site session: a tracked item with 红黄蓝."""

    ITEM_KIND = "onsite_problem"

    activity = models.ForeignKey(
        Activity,
        verbose_name="现场办公",
        on_delete=models.CASCADE,
        related_name="handed_over",
    )
    item = models.OneToOneField(
        TrackedItem,
        verbose_name="督办事项",
        on_delete=models.PROTECT,
        related_name="onsite_problem",
    )

    class Meta:
        verbose_name = "交办问题"
        verbose_name_plural = "交办问题"
        ordering = ["item__deadline", "pk"]

    def __str__(self) -> str:
        return self.item.title


class LivelihoodQuerySet(ScopedQuerySet):
    scope_path = "item__unit__path"
    owner = "item__owner"


class LivelihoodItem(models.Model):
    """民生实事: a unit's livelihood project for the year, tracked to close-out."""

    ITEM_KIND = "livelihood"

    year = models.PositiveIntegerField("年度", db_index=True)
    item = models.OneToOneField(
        TrackedItem,
        verbose_name="督办事项",
        on_delete=models.PROTECT,
        related_name="livelihood_item",
    )
    target = models.TextField("目标任务", blank=True)
    progress = models.TextField("进展情况", blank=True)
    progress_percent = models.PositiveSmallIntegerField("完成进度（%）", default=0)

    objects = LivelihoodQuerySet.as_manager()

    class Meta:
        verbose_name = "民生实事"
        verbose_name_plural = "民生实事"
        ordering = ["-year", "item__deadline"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress_percent__lte=100),
                name="livelihood_percent_max_100",
            )
        ]

    def __str__(self) -> str:
        return self.item.title
