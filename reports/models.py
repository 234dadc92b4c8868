"""The quota engine's data: quota rules (指标要求) as rows an administrator edits."""

from django.db import models

from org.scope import ScopedQuerySet


class ReportNotice(models.TextChoices):
    """The reminders of this app (registered as notice kinds)."""

    QUOTA_SHORTFALL = "quota_shortfall", "指标临近期末未完成"
    REPORT_READY = "report_ready", "工作报告草稿已生成"


class QuotaRule(models.Model):
    """Who must do what, how often, and how much (docs/domain.md "Quota rules")."""

    class Audience(models.TextChoices):
        LEADERS = "leaders", "领导干部（乡科级及以上）"
        CITY_OR_SECRETARY = "city_or_secretary", "市级领导干部和党组织书记"
        TEAM_COUNTY_UP = "team_county_up", "县级及以上领导班子成员"
        TEAMS_COUNTY_UP = "teams_county_up", "县级及以上领导班子（按单位）"
        CITY = "city", "市级领导干部"
        COUNTY = "county", "县区和市直部门领导干部（县处级）"
        TOWNSHIP = "township", "乡镇（街道）领导干部"
        CITY_AND_COUNTY = "city_and_county", "市县两级领导干部"
        PROJECT_LEADERS = "project_leaders", "市级项目包抓领导"
        PROJECT_COMMISSIONERS = "project_commissioners", "项目服务专员"
        ENTERPRISE_LEADERS = "enterprise_leaders", "市级包联企业领导"
        ENTERPRISE_HEADS = "enterprise_heads", "包联企业的市直部门负责人"

    class Measure(models.TextChoices):
        LECTURE = "lecture", "宣讲次数"
        PARTY_LECTURE = "party_lecture", "专题党课次数"
        ONSITE = "onsite", "现场办公次数"
        PROJECT_CONTACT = "project_contact", "与项目单位联系次数"
        PROJECT_SITE_VISIT = "project_site_visit", "项目实地走访次数"
        ENTERPRISE_CONTACT = "enterprise_contact", "与企业联系次数"
        ENTERPRISE_SITE_VISIT = "enterprise_site_visit", "企业实地走访次数"
        RECEPTION_DAYS = "reception_days", "接访天数"
        BACKLOG_CASES = "backlog_cases", "包案数"
        TOPICS_LED = "topics_led", "牵头调研课题数"
        RESEARCH_DAYS = "research_days", "调研天数"
        PLAN_SUBMITTED = "plan_submitted", "按期制定年度调研计划"
        TOPICS_REPORTED = "topics_reported", "课题按期形成调研报告"
        FINDINGS_WITH_MEASURES = "findings_with_measures", "发现问题均有解决措施"

    class Period(models.TextChoices):
        WEEK = "week", "每周"
        MONTH = "month", "每月"
        QUARTER = "quarter", "每季度"
        HALF_YEAR = "half_year", "每半年"
        YEAR = "year", "每年"

    code = models.CharField("编号", max_length=8, unique=True, help_text="如 9、14-1。")
    order = models.PositiveSmallIntegerField("排序", default=0)
    name = models.CharField("指标", max_length=100)
    audience = models.CharField("适用对象", max_length=32, choices=Audience.choices)
    measure = models.CharField("统计内容", max_length=32, choices=Measure.choices)
    period = models.CharField("周期", max_length=16, choices=Period.choices)
    threshold = models.PositiveSmallIntegerField("要求（不少于）", default=1)
    due_month_day = models.CharField(
        "截止月日",
        max_length=5,
        blank=True,
        help_text="按期类指标的截止日，如 02-28（闰年顺延至2月29日）。",
    )
    source = models.TextField("依据")
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "指标要求"
        verbose_name_plural = "指标要求"
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"

    @property
    def label(self) -> str:
        return f"{self.get_period_display()}{self.get_measure_display()}不少于{self.threshold}"


class ReportQuerySet(ScopedQuerySet):
    scope_path = "unit__path"


class Report(models.Model):
    """A generated work report: who asked, when, for which unit and period, the
    composed text (editable) and the rendered files, kept as history."""

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "生成中"
        DONE = "done", "已完成"
        FAILED = "failed", "生成失败"

    unit = models.ForeignKey(
        "org.OrgUnit",
        verbose_name="单位",
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveIntegerField("年度")
    quarter = models.PositiveSmallIntegerField("季度", null=True, blank=True)
    half = models.PositiveSmallIntegerField(
        "半年", null=True, blank=True, help_text="1 为上半年，2 为下半年。"
    )
    status = models.CharField(
        "状态", max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField("进度（%）", default=0)
    error = models.TextField("失败原因", blank=True)
    warnings = models.TextField("提示", blank=True)
    title = models.CharField("标题", max_length=200, blank=True)
    paragraphs = models.JSONField("正文段落", default=list, blank=True)
    signature = models.CharField("发文机关署名", max_length=100, blank=True)
    signed_on = models.DateField("成文日期", null=True, blank=True)
    edited = models.BooleanField("已人工修改", default=False)
    version = models.PositiveIntegerField("版本", default=0, editable=False)
    requested_by = models.ForeignKey(
        "org.User",
        verbose_name="生成人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    requested_at = models.DateTimeField("申请时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    data_as_of = models.DateField("数据截至", null=True, blank=True)
    pdf = models.FileField("PDF", upload_to="reports/%Y/", blank=True)
    docx = models.FileField("Word", upload_to="reports/%Y/", blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = "工作报告"
        verbose_name_plural = "工作报告"
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return self.title or f"{self.unit.name}{self.period_label}报告"

    @property
    def period_label(self) -> str:
        """ "2024年第三季度", "2024年上半年", "2024年度": 公文 numerals."""
        if self.quarter:
            return f"{self.year}年第{'一二三四'[self.quarter - 1]}季度"
        if self.half:
            return f"{self.year}年{'上下'[self.half - 1]}半年"
        return f"{self.year}年度"
