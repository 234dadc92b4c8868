import re

from django.core.cache import cache
from django.db import models
from django.urls import reverse

from org.models import OrgUnit, User


class LedgerExport(models.Model):
    """A ledger export too big to wait for: run by a worker, with progress, and
    downloaded by the person who asked for it."""

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "导出中"
        DONE = "done", "已完成"
        FAILED = "failed", "导出失败"
        STOPPED = "stopped", "已中断"  # its worker stopped: killed, timed out

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
    # Written with the progress while the job runs: a running job whose
    # heartbeat is old has stopped (its worker or process is gone).
    heartbeat_at = models.DateTimeField("进度更新时间", null=True, blank=True)
    # Each retry is a new attempt; a run of an earlier one writes nothing.
    attempt = models.PositiveIntegerField("运行次数", default=0)
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

    # The inbox notice of a finished background export (registered in apps.py).
    NOTICE_READY = "ledger_export_ready"

    @property
    def percent(self) -> int:
        return min(100, self.done * 100 // self.total) if self.total else 0

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def may_retry(self) -> bool:
        return self.status in (self.Status.FAILED, self.Status.STOPPED)


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
    last confirmed import so the next one of the same layout maps itself: the
    header row the person pointed at, the source column of each of ours, one
    value for the whole file where the sheet lacks a column, and columns
    derived from another one (登记日期 from 接件时间)."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name="单位", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField("台账种类", max_length=32)
    signature = models.CharField("表头特征", max_length=64)
    mapping = models.JSONField("对应关系", default=dict)
    header_row = models.PositiveIntegerField("表头所在行", null=True, blank=True)
    constants = models.JSONField("全表同一值", default=dict, blank=True)
    derived = models.JSONField("由其他列推出", default=dict, blank=True)
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


class LedgerImport(models.Model):
    """A ledger import too big for a web request (10,000 rows and more): a
    worker checks it, the person confirms, a worker writes it, each step with
    progress. Nothing is written unless every row is good."""

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "处理中"
        CHECKED = "checked", "检查完成"
        DONE = "done", "已导入"
        FAILED = "failed", "失败"

    kind = models.CharField("台账种类", max_length=32)
    path = models.CharField("上传文件", max_length=200)
    filename = models.CharField("文件名", max_length=200)
    requested_by = models.ForeignKey(
        User, verbose_name="导入人", on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField("申请时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    confirmed = models.BooleanField("已确认写入", default=False)
    status = models.CharField(
        "状态", max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    rows = models.PositiveIntegerField("行数", default=0)
    new = models.PositiveIntegerField("新增", default=0)
    updated = models.PositiveIntegerField("更新", default=0)
    unchanged = models.PositiveIntegerField("未变", default=0)
    errors = models.JSONField("错误", default=list, blank=True)
    error_count = models.PositiveIntegerField("错误数", default=0)
    error = models.TextField("失败原因", blank=True)

    class Meta:
        verbose_name = "台账导入任务"
        verbose_name_plural = "台账导入任务"
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return self.filename

    def get_absolute_url(self) -> str:
        return reverse("ledger_import_job", args=[self.pk])

    @property
    def progress_key(self) -> str:
        # Progress lives in the cache: the rows are saved inside one
        # transaction, which would hide a progress column until the end.
        return f"ledger-import-progress:{self.pk}"

    @property
    def percent(self) -> int:

        done, total = cache.get(self.progress_key, (0, 0))
        return min(100, done * 100 // total) if total else 0

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)


class ValueSynonym(models.Model):
    """A value offices write in a choice column and the choice it means
    (信访类型 "群众来访" → 来访), so their own words import as they are. With a
    unit, one office's own word, chosen in an import's value-mapping step; it
    overrides the common one for that unit's imports."""

    unit = models.ForeignKey(
        OrgUnit,
        verbose_name="单位",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text="留空表示适用于所有单位。",
    )
    kind = models.CharField(
        "台账种类", max_length=32, blank=True, help_text="留空表示适用于所有台账。"
    )
    header = models.CharField("本系统列名", max_length=50)
    written = models.CharField("台账中的写法", max_length=100)
    label = models.CharField("对应的可选值", max_length=50)

    class Meta:
        verbose_name = "取值同义词"
        verbose_name_plural = "取值同义词"
        ordering = ["kind", "header", "written"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "header", "written"],
                condition=models.Q(unit__isnull=True),
                name="value_synonym_unique",
            ),
            models.UniqueConstraint(
                fields=["unit", "kind", "header", "written"],
                condition=models.Q(unit__isnull=False),
                name="value_synonym_unit_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.header}：{self.written} → {self.label}"
