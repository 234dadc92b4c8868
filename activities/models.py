"""Pillars 1 and 4: policy lectures and on-site office work.

One `Activity` with a kind covers what cadres do at the grassroots: lectures,
party lectures, training, on-site office sessions and liaison contacts with
projects and enterprises. Their fields overlap far more than they differ; the
kind decides which fields a form asks for and which rules apply.
"""

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone

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

    def clean(self):
        """The place is of the assignment's kind and the dates run forward,
        whichever way the assignment comes in (form, ledger import, admin)."""
        errors = {}
        place = self.place if self.place_id else None
        if place and self.kind and place.kind != self.kind:
            errors["place"] = (
                f"{place.name}是{place.get_kind_display()}，"
                f"与类别“{Liaison.Kind(self.kind).label}”不符。"
            )
        if self.since and self.until and self.until < self.since:
            errors["until"] = "结束日期不能早于开始日期。"
        if errors:
            raise ValidationError(errors)


class ActivityQuerySet(ScopedQuerySet):
    scope_path = "unit__path"
    owner = "cadre"

    def held(self) -> models.QuerySet:
        return self.filter(status=Activity.Status.HELD)

    def planned(self) -> models.QuerySet:
        return self.filter(status=Activity.Status.PLANNED)

    def for_list(self) -> models.QuerySet:
        # A place's name includes its unit's (`Place.__str__`).
        places = models.Prefetch("places", Place.objects.select_related("unit"))
        return self.select_related("cadre", "unit").prefetch_related(places)

    def for_list_page(self) -> models.QuerySet:
        """The columns the activity list shows and no more: a row's dates,
        kind, status, topic, lead cadre's name, audience or households, and
        its places' names (in the places' own order)."""
        places = models.Prefetch("places", Place.objects.only("name"))
        return (
            self.select_related("cadre")
            .only(*Activity.LISTED, "cadre__name")
            .prefetch_related(places)
        )


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
    ONSITE_KINDS = (Kind.ONSITE, *LIAISON_KINDS)
    # The fields a row of the activity list reads (`for_list_page`).
    LISTED = (
        "kind",
        "status",
        "start_date",
        "end_date",
        "topic",
        "audience_total",
        "audience_party_members",
        "audience_public",
        "households_visited",
    )
    # A training's length in days by its kind: (at least, at most or None).
    TRAINING_DAYS = {TrainingKind.MODEL_CLASS: (3, 5), TrainingKind.ROTATION: (1, None)}

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
    # Petitions and questions explained or answered on the spot (现场解释答复).
    answered_on_site = models.PositiveIntegerField("现场解释答复（条）", default=0)
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
            # The list filtered by kind (or pillar) and period: its capped
            # count reads this index alone on PostgreSQL, the scope (unit or
            # cadre) and the status included.
            models.Index(
                fields=["kind", "start_date", "unit", "cadre", "status"],
                name="activity_by_kind_date",
            ),
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
            # The dashboard's figures of one unit's block (reports.board).
            models.Index(
                fields=["unit", "start_date", "status", "kind", "id"],
                name="activity_by_unit_date",
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

    def clean(self):
        """The rules of an activity, whichever way it comes in (form, ledger
        import, admin): dates, counts, and what its kind asks for."""
        errors: dict[str, list[str]] = {}

        def refuse(field: str, message: str) -> None:
            errors.setdefault(field, []).append(message)

        start, end = self.start_date, self.end_date
        if start and end and end < start:
            refuse("end_date", "结束日期不能早于开始日期。")
        today = timezone.localdate()
        if self.status == self.Status.HELD and start and start > today:
            refuse(
                "start_date", "已开展的活动日期不能晚于今天；尚未开展的请选择“计划”。"
            )
        if self.status == self.Status.HELD and end and end > today:
            refuse("end_date", "已开展的活动结束日期不能晚于今天。")
        if self.kind == self.Kind.TRAINING:
            self._clean_training(refuse)
        if self.kind in self.ONSITE_KINDS and (self.problems_solved_on_site or 0) > (
            self.problems_raised or 0
        ):
            refuse("problems_solved_on_site", "现场解决问题数不能多于收集问题数。")
        if self.kind in self.LIAISON_KINDS:
            self._clean_liaison(refuse)
        parts = (self.audience_party_members or 0) + (self.audience_public or 0)
        if self.audience_total is not None and parts > self.audience_total:
            refuse("audience_total", "听众总数不能少于党员与群众人数之和。")
        if errors:
            raise ValidationError(errors)

    def _clean_training(self, refuse) -> None:
        if not self.training_kind:
            refuse("training_kind", "请选择培训类型。")
            return
        if not self.start_date or self.training_kind not in self.TRAINING_DAYS:
            return
        low, high = self.TRAINING_DAYS[self.training_kind]
        if self.days < low or (high and self.days > high):
            span = f"{low}-{high}天" if high else f"不少于{low}天"
            name = self.TrainingKind(self.training_kind).label.split("（")[0]
            refuse("end_date", f"{name}应为{span}，现为{self.days}天。")

    def _clean_liaison(self, refuse) -> None:
        liaison = self.liaison if self.liaison_id else None
        if liaison is None:
            refuse("liaison", "请选择包抓包联关系。")
        else:
            wanted = (
                Liaison.Kind.PROJECT
                if self.kind == self.Kind.PROJECT_VISIT
                else Liaison.Kind.ENTERPRISE
            )
            if liaison.kind != wanted:
                refuse("liaison", f"所选关系不是{Liaison.Kind(wanted).label}。")
            elif self.cadre_id and liaison.cadre_id != self.cadre_id:
                refuse("liaison", f"所选关系的包联干部不是{self.cadre.name}。")
        if not self.contact_mode:
            refuse("contact_mode", "请选择联系方式。")

    def clean_related(self, *, places=None, handed_over: int = 0, **others) -> None:
        """Rules about what is saved after the activity: the places (at least
        one, each within the lead cadre's working area) and the problems
        handed over (`handed_over` new ones besides those saved), never more
        than the problems collected."""
        self._clean_handed_over(handed_over)
        if places is None:
            return
        if not places:
            raise ValidationError({"places": "请填写活动地点。"})
        if not self.cadre_id:
            return
        reach = self.cadre.unit.reach()
        outside = [p for p in places if not p.unit.is_within(reach)]
        if outside:
            raise ValidationError(
                {
                    "places": f"{'、'.join(str(p) for p in outside)}不在"
                    f"{self.cadre.name}的工作范围（{reach.name}）内。"
                }
            )

    def _clean_handed_over(self, new: int) -> None:
        if self.kind not in self.ONSITE_KINDS:
            return
        total = new + (self.handed_over.count() if self.pk else 0)
        raised = self.problems_raised or 0
        if total > raised:
            raise ValidationError(
                {
                    "problems_raised": f"交办问题（{total}个）不能多于"
                    f"收集问题数（{raised}个）。"
                }
            )

    @property
    def last_date(self):
        return self.end_date or self.start_date

    @property
    def days(self) -> int:
        return (self.last_date - self.start_date).days + 1

    @property
    def audience(self) -> int | None:
        """The audience count: the total given, else members plus public."""
        return self.audience_of(
            self.audience_total, self.audience_party_members, self.audience_public
        )

    @staticmethod
    def audience_of(total, party_members, public) -> int | None:
        if total is not None:
            return total
        if party_members is None and public is None:
            return None
        return (party_members or 0) + (public or 0)

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
    EARLIEST, LATEST = 2000, 2100  # the years a livelihood item may be for

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

    def clean(self):
        errors = {}
        if self.year is not None and not self.EARLIEST <= self.year <= self.LATEST:
            errors["year"] = f"年度须在{self.EARLIEST}年至{self.LATEST}年之间。"
        if self.progress_percent is not None and self.progress_percent > 100:
            errors["progress_percent"] = "完成进度不能超过100%。"
        if errors:
            raise ValidationError(errors)


class TypicalCaseQuerySet(ScopedQuerySet):
    scope_path = "unit__path"
    owner = "activity__cadre"


class TypicalCase(models.Model):
    """典型案例 met in a piece of grassroots work: a good example to spread
    (正面) or a bad one to learn from (反面), counted and named in the report."""

    class Polarity(models.TextChoices):
        POSITIVE = "positive", "正面"
        NEGATIVE = "negative", "反面"

    activity = models.ForeignKey(
        Activity,
        verbose_name="基层活动",
        on_delete=models.PROTECT,
        related_name="cases",
    )
    title = models.CharField("案例名称", max_length=200)
    polarity = models.CharField("类型", max_length=10, choices=Polarity.choices)
    summary = models.TextField("案例简介", blank=True)
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name="所属单位",
        on_delete=models.PROTECT,
        related_name="activity_cases",
    )
    found_on = models.DateField("日期", db_index=True)

    objects = TypicalCaseQuerySet.as_manager()

    class Meta:
        verbose_name = "典型案例"
        verbose_name_plural = "典型案例"
        ordering = ["found_on", "pk"]

    def __str__(self) -> str:
        return f"{self.title}（{self.get_polarity_display()}）"

    def clean(self):
        """A case comes from work held, on or after its day."""
        errors = {}
        if self.found_on and self.found_on > timezone.localdate():
            errors["found_on"] = "日期不能晚于今天。"
        activity = self.activity if self.activity_id else None
        if activity is not None:
            if activity.status != Activity.Status.HELD:
                errors[NON_FIELD_ERRORS] = "活动尚未开展，不能记录典型案例。"
            elif self.found_on and self.found_on < activity.start_date:
                errors["found_on"] = "日期不能早于活动日期。"
        if errors:
            raise ValidationError(errors)
