"""Pillar 2: research down to the grassroots, from annual plan to outcomes.

Plan → topic → trips (research days), findings → measures (tracked items)
and outcome conversions, and the topic's report. Each step links to the one
before and is protected from deletion while later steps hang off it.
"""

from datetime import date, timedelta

from django.core.exceptions import (
    NON_FIELD_ERRORS,
    ObjectDoesNotExist,
    ValidationError,
)
from django.db import models
from django.urls import reverse
from django.utils import timezone

from org.models import Cadre, OrgUnit, Place
from org.scope import ScopedQuerySet
from tracking.models import TrackedItem


def _refuse_future(errors: dict, **dates) -> None:
    """Dates of what has happened (a trip, a finding…) are not after today:
    field=(value, label) → an error on each later one."""
    today = timezone.localdate()
    for field, (value, label) in dates.items():
        if value and value > today:
            errors.setdefault(field, []).append(f"{label}不能晚于今天。")


def _topic_of(record) -> "ResearchTopic | None":
    try:
        return record.topic
    except ObjectDoesNotExist:
        return None


class PlanQuerySet(ScopedQuerySet):
    scope_path = "unit__path"


class ResearchPlan(models.Model):
    """年度调研计划 of a leadership team, due by the end of February."""

    unit = models.ForeignKey(
        OrgUnit,
        verbose_name="领导班子所在单位",
        on_delete=models.PROTECT,
        related_name="research_plans",
    )
    year = models.PositiveIntegerField("年度")
    submitted_on = models.DateField("提交日期", null=True, blank=True)
    content = models.TextField("计划内容", blank=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = "年度调研计划"
        verbose_name_plural = "年度调研计划"
        ordering = ["-year", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="plan_unit_year")
        ]

    def __str__(self) -> str:
        return f"{self.unit.name}{self.year}年度调研计划"

    def get_absolute_url(self) -> str:
        return reverse("research:plan_detail", args=[self.pk])

    def clean(self):
        errors = {}
        _refuse_future(errors, submitted_on=(self.submitted_on, "提交日期"))
        if errors:
            raise ValidationError(errors)

    @property
    def due_on(self):

        return date(self.year, 3, 1) - timedelta(days=1)

    @property
    def submitted_in_time(self) -> bool:
        return self.submitted_on is not None and self.submitted_on <= self.due_on


class TopicQuerySet(ScopedQuerySet):
    scope_path = "unit__path"
    owner = "lead"

    def with_chain(self) -> models.QuerySet:
        """Counts along the chain, for lists and the derived status."""
        return (
            self.select_related("lead", "unit")
            .annotate(
                trip_count=models.Count("trips", distinct=True),
                finding_count=models.Count("findings", distinct=True),
                measure_count=models.Count("findings__measures", distinct=True),
                conversion_count=models.Count("conversions", distinct=True),
                report_count=models.Count("report", distinct=True),
            )
            .order_by("-year", "unit__path", "title", "pk")
        )

    def with_status(self, status: str) -> models.QuerySet:
        """Filter on the derived status (needs `with_chain`)."""
        Status = ResearchTopic.Status
        rules = {
            Status.CONVERTED: models.Q(conversion_count__gt=0),
            Status.REPORTED: models.Q(conversion_count=0, report_count__gt=0),
            Status.IN_PROGRESS: models.Q(
                conversion_count=0, report_count=0, trip_count__gt=0
            ),
            Status.PLANNED: models.Q(conversion_count=0, report_count=0, trip_count=0),
        }
        return self.filter(rules[status])


class ResearchTopic(models.Model):
    """调研课题: one lead leader, members, the problem it targets, the method."""

    class Method(models.TextChoices):
        STAY = "stay", "蹲点式调研"
        PRECISE = "precise", "精准式调研"
        IMMERSIVE = "immersive", "沉浸式调研"
        UNANNOUNCED = "unannounced", "“四不两直”调研"
        SURVEY = "survey", "座谈走访"

    class Status(models.TextChoices):
        PLANNED = "planned", "计划"
        IN_PROGRESS = "in_progress", "调研中"
        REPORTED = "reported", "已提交报告"
        CONVERTED = "converted", "已成果转化"

    title = models.CharField("课题名称", max_length=200)
    plan = models.ForeignKey(
        ResearchPlan,
        verbose_name="年度调研计划",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="topics",
    )
    lead = models.ForeignKey(
        Cadre,
        verbose_name="牵头领导",
        on_delete=models.PROTECT,
        related_name="research_topics",
    )
    members = models.ManyToManyField(
        Cadre, verbose_name="课题组成员", blank=True, related_name="+"
    )
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name="所属单位",
        on_delete=models.PROTECT,
        related_name="research_topics",
    )
    year = models.PositiveIntegerField("年度", db_index=True)
    problem = models.TextField("聚焦的问题")
    method = models.CharField("调研方式", max_length=16, choices=Method.choices)

    # Optimistic locking: each save through an edit form bumps it, and a form
    # carrying an older value is refused (ui/versioning.py).
    version = models.PositiveIntegerField("版本", default=0, editable=False)

    objects = TopicQuerySet.as_manager()

    class Meta:
        verbose_name = "调研课题"
        verbose_name_plural = "调研课题"
        ordering = ["-year", "unit__path", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("research:topic_detail", args=[self.pk])

    def clean(self):
        """A topic is led by a leader (not 一般干部), under a plan of its year."""
        errors = {}
        if self.lead_id and self.lead.rank == Cadre.Rank.STAFF:
            errors["lead"] = f"{self.lead.name}是一般干部，调研课题应由领导干部牵头。"
        if self.plan_id and self.year and self.plan.year != self.year:
            errors["plan"] = f"所选计划是{self.plan.year}年度的，与课题年度不一致。"
        if errors:
            raise ValidationError(errors)

    @property
    def status(self) -> "ResearchTopic.Status":
        """Derived from the chain: converted, reported, in progress, planned."""
        counts = getattr(self, "conversion_count", None)
        if counts is None:
            has = {
                "conversion": self.conversions.exists(),
                "report": hasattr(self, "report"),
                "trip": self.trips.exists(),
            }
        else:
            has = {
                "conversion": self.conversion_count > 0,
                "report": self.report_count > 0,
                "trip": self.trip_count > 0,
            }
        return self.status_of(has["conversion"], has["report"], has["trip"])

    @classmethod
    def status_of(cls, converted, reported, visited) -> "ResearchTopic.Status":
        """The status from whether the topic has conversions, a report, trips."""
        if converted:
            return cls.Status.CONVERTED
        if reported:
            return cls.Status.REPORTED
        if visited:
            return cls.Status.IN_PROGRESS
        return cls.Status.PLANNED


class TripQuerySet(ScopedQuerySet):
    scope_path = "topic__unit__path"
    owner = "topic__lead"


class ResearchTrip(models.Model):
    """A research trip: dates, places visited and who went."""

    topic = models.ForeignKey(
        ResearchTopic,
        verbose_name="调研课题",
        on_delete=models.PROTECT,
        related_name="trips",
    )
    start_date = models.DateField("开始日期", db_index=True)
    end_date = models.DateField("结束日期", db_index=True)
    places = models.ManyToManyField(Place, verbose_name="调研地点", related_name="+")
    participants = models.ManyToManyField(
        Cadre, verbose_name="参加人员", related_name="research_trips"
    )
    notes = models.TextField("调研情况", blank=True)

    objects = TripQuerySet.as_manager()

    class Meta:
        verbose_name = "调研"
        verbose_name_plural = "调研"
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="trip_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.topic}（{self.start_date:%Y-%m-%d}起{self.days}天）"

    def clean(self):
        """A trip has happened, ends after it starts, and starts within its
        topic's year at the latest."""
        errors: dict[str, list[str]] = {}
        start, end = self.start_date, self.end_date
        _refuse_future(
            errors,
            start_date=(start, "调研开始日期"),
            end_date=(end, "调研结束日期"),
        )
        if start and end and end < start:
            errors.setdefault("end_date", []).append("结束日期不能早于开始日期。")
        topic = _topic_of(self)
        if topic and start and start.year > topic.year:
            errors.setdefault("start_date", []).append(
                f"调研日期不在课题年度（{topic.year}年）内。"
            )
        if errors:
            raise ValidationError(errors)

    def clean_related(self, *, places=None, participants=None, **others) -> None:
        """Rules about the places and people, saved after the trip: at least
        one of each, and the people are the topic's lead or members."""
        errors = {}
        if places is not None and not places:
            errors["places"] = "请填写调研地点。"
        if participants is not None and not participants:
            errors["participants"] = "请填写参加人员。"
        topic = _topic_of(self)
        if participants and topic is not None and topic.pk:
            team = {topic.lead_id, *topic.members.values_list("pk", flat=True)}
            outside = [c.name for c in participants if c.pk not in team]
            if outside:
                errors["participants"] = (
                    f"{'、'.join(outside)}不是课题“{topic.title}”的牵头领导或"
                    "课题组成员，请先将其加入课题组。"
                )
        if errors:
            raise ValidationError(errors)

    @property
    def days(self) -> int:
        return (self.end_date - self.start_date).days + 1


class FindingQuerySet(ScopedQuerySet):
    scope_path = "topic__unit__path"
    owner = "topic__lead"


class Finding(models.Model):
    """发现问题 of a topic."""

    topic = models.ForeignKey(
        ResearchTopic,
        verbose_name="调研课题",
        on_delete=models.PROTECT,
        related_name="findings",
    )
    description = models.TextField("发现的问题")
    found_on = models.DateField("发现日期")

    objects = FindingQuerySet.as_manager()

    class Meta:
        verbose_name = "发现问题"
        verbose_name_plural = "发现问题"
        ordering = ["found_on", "pk"]

    def __str__(self) -> str:
        return self.description[:40]

    def clean(self):
        errors = {}
        _refuse_future(errors, found_on=(self.found_on, "发现日期"))
        if errors:
            raise ValidationError(errors)

    def delete(self, *args, **kwargs):
        """A finding answered by an outcome conversion stays, like one with
        measures (which the foreign key already protects)."""
        conversions = list(self.conversions.all())
        if conversions:
            raise models.ProtectedError(
                "该问题已被成果转化引用，不能删除。", conversions
            )
        return super().delete(*args, **kwargs)


class MeasureQuerySet(ScopedQuerySet):
    scope_path = "item__unit__path"
    owner = "item__owner"


class Measure(models.Model):
    """解决措施 for a finding: a tracked item with owner, unit and deadline."""

    ITEM_KIND = "research_measure"

    finding = models.ForeignKey(
        Finding,
        verbose_name="发现问题",
        on_delete=models.PROTECT,
        related_name="measures",
    )
    item = models.OneToOneField(
        TrackedItem,
        verbose_name="督办事项",
        on_delete=models.PROTECT,
        related_name="research_measure",
    )

    objects = MeasureQuerySet.as_manager()

    class Meta:
        verbose_name = "解决措施"
        verbose_name_plural = "解决措施"
        ordering = ["item__deadline", "pk"]

    def __str__(self) -> str:
        return self.item.title

    @staticmethod
    def check_item(item) -> dict[str, str]:
        """Every measure has an owner and a deadline (its tracked item's)."""
        return {} if item.owner_id else {"owner": "解决措施须明确责任人。"}


class ConversionQuerySet(ScopedQuerySet):
    scope_path = "topic__unit__path"
    owner = "topic__lead"


class Conversion(models.Model):
    """成果转化: a policy, rule, work measure or decision answering findings."""

    class Kind(models.TextChoices):
        POLICY = "policy", "政策文件"
        RULE = "rule", "制度机制"
        WORK_MEASURE = "work_measure", "工作举措"
        DECISION = "decision", "决策部署"

    topic = models.ForeignKey(
        ResearchTopic,
        verbose_name="调研课题",
        on_delete=models.PROTECT,
        related_name="conversions",
    )
    kind = models.CharField("转化类型", max_length=16, choices=Kind.choices)
    title = models.CharField("成果名称", max_length=200)
    converted_on = models.DateField("转化日期")
    findings = models.ManyToManyField(
        Finding, verbose_name="回应的问题", related_name="conversions"
    )

    objects = ConversionQuerySet.as_manager()

    class Meta:
        verbose_name = "成果转化"
        verbose_name_plural = "成果转化"
        ordering = ["converted_on", "pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        errors = {}
        _refuse_future(errors, converted_on=(self.converted_on, "转化日期"))
        if errors:
            raise ValidationError(errors)

    def clean_related(self, *, findings=None, **others) -> None:
        """The findings it answers are its topic's."""
        topic = _topic_of(self)
        if findings and topic is not None:
            foreign = [f for f in findings if f.topic_id != topic.pk]
            if foreign:
                raise ValidationError(
                    {"findings": f"“{foreign[0]}”不是本课题发现的问题。"}
                )


class ResearchReport(models.Model):
    """调研报告 of a topic (text or an uploaded file), due by 31 December."""

    topic = models.OneToOneField(
        ResearchTopic,
        verbose_name="调研课题",
        on_delete=models.PROTECT,
        related_name="report",
    )
    submitted_on = models.DateField("提交日期")
    text = models.TextField("报告正文", blank=True)
    file = models.FileField("报告文件", upload_to="research/reports/%Y/", blank=True)

    class Meta:
        verbose_name = "调研报告"
        verbose_name_plural = "调研报告"

    def __str__(self) -> str:
        return f"{self.topic}调研报告"

    def clean(self):
        errors = {}
        _refuse_future(errors, submitted_on=(self.submitted_on, "提交日期"))
        if not self.text and not self.file:
            errors[NON_FIELD_ERRORS] = ["请填写报告正文或上传报告文件。"]
        if errors:
            raise ValidationError(errors)

    @property
    def in_time(self) -> bool:
        return self.submitted_on.year <= self.topic.year


class TypicalCaseQuerySet(ScopedQuerySet):
    scope_path = "unit__path"
    owner = "topic__lead"


class TypicalCase(models.Model):
    """典型案例 a topic dissected: a good example to spread (正面) or a bad one
    to learn from (反面), counted and named in the unit's report."""

    class Polarity(models.TextChoices):
        POSITIVE = "positive", "正面"
        NEGATIVE = "negative", "反面"

    topic = models.ForeignKey(
        ResearchTopic,
        verbose_name="调研课题",
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
        related_name="research_cases",
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
        errors = {}
        _refuse_future(errors, found_on=(self.found_on, "日期"))
        topic = _topic_of(self)
        if topic and self.found_on and self.found_on.year > topic.year:
            errors.setdefault("found_on", []).append(
                f"日期不在课题年度（{topic.year}年）内。"
            )
        if errors:
            raise ValidationError(errors)
