"""Research ledgers along the chain: topics with their counts, trips, findings,
and measures with 红黄蓝."""

import re

from django.db.models import Count
from django.utils import timezone
from import_export.widgets import DateWidget, ManyToManyWidget

from ledgers import common
from ledgers.columns import Col, From
from ledgers.registry import Ledger, register
from ledgers.widgets import (
    CadreListWidget,
    CadreWidget,
    ChoiceLabelWidget,
    OrgUnitWidget,
    PlaceListWidget,
    ScopedResource,
    ScopedWidget,
    TrackedRecordResource,
)
from ui.spreadsheet import NUMBER, TEXT

from .filters import (
    ConversionFilter,
    FindingFilter,
    MeasureFilter,
    TopicFilter,
    TripFilter,
    TypicalCaseFilter,
)
from .models import (
    Conversion,
    Finding,
    Measure,
    ResearchTopic,
    ResearchTrip,
    TypicalCase,
)
from .selectors import measures_with_colour


class TopicWidget(ScopedWidget):
    """A topic by its title; the year in the row tells apart yearly repeats."""

    model = ResearchTopic
    label = "调研课题"

    def queryset(self, value, row):
        topics = self.model.objects.editable_by(self.user).filter(title=value)
        year = str(row.get("年度") or "").strip()
        return topics.filter(year=year) if year.isdigit() else topics

    def cache_key(self, row) -> tuple:
        return (row.get("年度"),)


class FindingWidget(ScopedWidget):
    """A finding by its description under the topic named in the row."""

    label = "发现问题"

    def scope(self):
        topics = ResearchTopic.objects.editable_by(self.user)
        return Finding.objects.filter(topic__in=topics).select_related("topic")

    def queryset(self, value, row):
        return self.scope().filter(topic__title=row.get("课题"), description=value)

    def example_context(self, record) -> dict:
        return {"课题": record.topic.title}

    def cache_key(self, row) -> tuple:
        return (row.get("课题"),)

    def render(self, value, obj=None, **kwargs):
        return value.description if value else ""


class FindingListWidget(ManyToManyWidget):
    """Findings by their descriptions ("…、…" or one a line), all under the
    topic named in the row."""

    SEPARATORS = re.compile(r"[、；;\n]+")

    def __init__(self, **kwargs):
        super().__init__(Finding, separator="、", **kwargs)
        self.user = None

    def clean(self, value, row=None, **kwargs):
        row = row or {}
        names = [n.strip() for n in self.SEPARATORS.split(str(value or "")) if n]
        topics = TopicWidget()
        topics.user = self.user
        found = []
        for name in dict.fromkeys(n for n in names if n):
            matches = list(
                Finding.objects.filter(
                    topic__in=topics.queryset(row.get("课题"), row), description=name
                )[:2]
            )
            if not matches:
                raise ValueError(f"发现问题“{name}”不在课题“{row.get('课题')}”下")
            if len(matches) > 1:
                raise ValueError(f"发现问题“{name}”有重复，请在系统中选择")
            found.append(matches[0])
        return found

    def examples(self, user, header: str, row: dict) -> dict:
        """The template's cell: a finding under the row's topic."""
        topics = TopicWidget()
        topics.user = user
        finding = Finding.objects.filter(
            topic__in=topics.queryset(row.get("课题"), row)
        ).first()
        return {header: finding.description} if finding else {}

    def render(self, value, obj=None, **kwargs):
        return "、".join(f.description for f in value.all()) if value else ""


def _findings(user):
    return Finding.objects.visible_to(user)


class TopicResource(ScopedResource):
    class Meta:
        model = ResearchTopic
        use_bulk = True  # written 1,000 rows at a time, with the trail

    def complete(self, instance) -> None:
        if not instance.unit_id and instance.lead_id:
            instance.unit = instance.lead.unit


class TripResource(ScopedResource):
    class Meta:
        model = ResearchTrip
        use_bulk = True  # written 1,000 rows at a time, with the trail


class FindingResource(ScopedResource):
    class Meta:
        model = Finding
        use_bulk = True  # written 1,000 rows at a time, with the trail


class ConversionResource(ScopedResource):
    class Meta:
        model = Conversion
        use_bulk = True  # written 1,000 rows at a time, with the trail


class TypicalCaseResource(ScopedResource):
    class Meta:
        model = TypicalCase

    def complete(self, instance) -> None:
        if not instance.unit_id and instance.topic_id:
            instance.unit = instance.topic.unit


class MeasureResource(TrackedRecordResource):
    item_kind = Measure.ITEM_KIND

    class Meta:
        model = Measure

    def item_start_date(self, instance):
        found_on = instance.finding.found_on if instance.finding_id else None
        deadline = instance.item.deadline
        return min(filter(None, [found_on, deadline]), default=timezone.localdate())


TOPIC = "关于提升农村人居环境整治成效的调研"
FINDING = "部分村垃圾清运不及时"


def _topic() -> Col:
    """The topic a row belongs to, by its title."""
    return Col("课题", "topic", TopicWidget(), width=30, required=True, example=TOPIC)


def _of_topic(path: str) -> list[Col]:
    """The topic's lead and unit, written beside the records under it."""
    return [
        Col("牵头领导", value=f"{path}lead", width=10),
        Col("单位", value=f"{path}unit", width=16),
    ]


TOPICS = register(
    Ledger(
        kind="research_topics",
        title="调研课题",
        queryset=lambda user: ResearchTopic.objects.visible_to(user).with_chain(),
        filterset=TopicFilter,
        list_url="research:topic_list",
        resource=TopicResource,
        natural_key=["课题名称", "牵头领导", "年度"],
        columns=[
            Col("课题名称", "title", width=30, required=True, example=TOPIC),
            Col(
                "牵头领导",
                "lead",
                CadreWidget(),
                width=10,
                required=True,
                reads="person",
                example="张建国",
            ),
            Col("单位", "unit", OrgUnitWidget(), width=16, example="永昌县"),
            common.year(),
            Col(
                "调研方式",
                "method",
                ChoiceLabelWidget(ResearchTopic.Method),
                width=14,
                required=True,
                example="蹲点式调研",
            ),
            Col(
                "聚焦的问题",
                "problem",
                width=30,
                required=True,
                example="农村生活垃圾收运体系不健全",
            ),
            Col(
                "状态",
                value=From(
                    "conversion_count",
                    "report_count",
                    "trip_count",
                    using=lambda conversions, reports, trips, x: (
                        ResearchTopic.status_of(conversions, reports, trips).label
                    ),
                    kind=TEXT,
                ),
                width=10,
            ),
            Col("调研次数", value="trip_count", width=10, total=True),
            Col("发现问题", value="finding_count", width=10, total=True),
            Col("解决措施", value="measure_count", width=10, total=True),
            Col("成果转化", value="conversion_count", width=10, total=True),
        ],
    )
)

TRIPS = register(
    Ledger(
        kind="research_trips",
        title="调研",
        queryset=lambda user: (
            ResearchTrip.objects.visible_to(user)
            .select_related("topic__lead", "topic__unit")
            .prefetch_related("places__unit", "participants")
        ),
        filterset=TripFilter,
        list_url="research:trip_list",
        resource=TripResource,
        natural_key=["课题", "开始日期"],
        columns=[
            _topic(),
            *_of_topic("topic__"),
            Col(
                "开始日期",
                "start_date",
                DateWidget(),
                role="start",
                required=True,
                example="2024-04-08",
            ),
            Col(
                "结束日期",
                "end_date",
                DateWidget(),
                role="end",
                required=True,
                example="2024-04-10",
            ),
            Col(
                "天数",
                value=From(
                    "start_date",
                    "end_date",
                    using=lambda start, end, x: (end - start).days + 1,
                    kind=NUMBER,
                ),
                width=8,
                total=True,
            ),
            Col(
                "调研地点",
                "places",
                PlaceListWidget(),
                width=30,
                example="城关镇金川村、城关镇东街社区",
            ),
            Col(
                "参加人员",
                "participants",
                CadreListWidget(),
                width=20,
                required=True,
                example="张建国、王建国",
            ),
            Col("调研情况", "notes", width=30, example="走访农户32户，召开座谈会2场"),
        ],
    )
)

FINDINGS = register(
    Ledger(
        kind="research_findings",
        title="调研发现问题",
        queryset=lambda user: (
            _findings(user)
            .select_related("topic__lead", "topic__unit")
            .annotate(measure_count=Count("measures"))
            .order_by("-topic__year", "topic__title", "found_on", "pk")
        ),
        filterset=FindingFilter,
        list_url="research:finding_list",
        resource=FindingResource,
        natural_key=["课题", "发现的问题"],
        import_order=["课题", "发现的问题", "发现日期"],
        columns=[
            _topic(),
            *_of_topic("topic__"),
            Col("年度", value="topic__year", width=8),
            Col(
                "发现日期",
                "found_on",
                DateWidget(),
                required=True,
                example="2024-04-09",
            ),
            Col(
                "发现的问题",
                "description",
                width=40,
                required=True,
                example=FINDING,
            ),
            Col("解决措施（条）", value="measure_count", width=10, total=True),
        ],
    )
)

MEASURES = register(
    Ledger(
        kind="research_measures",
        title="调研问题整改",
        queryset=lambda user: measures_with_colour(
            Measure.objects.visible_to(user), timezone.localdate()
        ).prefetch_related("item__co_units"),
        filterset=MeasureFilter,
        list_url="research:measure_list",
        resource=MeasureResource,
        natural_key=["课题", "发现问题", "解决措施"],
        columns=[
            # Read to find the finding under it (FindingWidget).
            Col(
                "课题",
                "finding__topic",
                width=24,
                required=True,
                example=TOPIC,
                resource=False,
            ),
            Col(
                "发现问题",
                "finding",
                FindingWidget(),
                value="finding__description",
                width=30,
                required=True,
                example=FINDING,
            ),
            common.title("解决措施", example="增加垃圾清运车辆，实行日产日清"),
            common.unit(),
            common.co_units(),
            common.owner(example="王建国"),
            common.deadline(example="2024-10-31"),
            common.warning(),
            common.result(closed_only=False),
        ],
    )
)

CONVERSIONS = register(
    Ledger(
        kind="research_conversions",
        title="成果转化",
        queryset=lambda user: (
            Conversion.objects.visible_to(user)
            .select_related("topic__lead", "topic__unit")
            .prefetch_related("findings")
        ),
        filterset=ConversionFilter,
        list_url="research:topic_list",
        resource=ConversionResource,
        natural_key=["课题", "成果名称"],
        columns=[
            _topic(),
            *_of_topic("topic__"),
            Col(
                "转化类型",
                "kind",
                ChoiceLabelWidget(Conversion.Kind),
                width=10,
                required=True,
                example="制度机制",
            ),
            Col(
                "成果名称",
                "title",
                width=30,
                required=True,
                example="农村生活垃圾日产日清工作机制",
            ),
            Col(
                "转化日期",
                "converted_on",
                DateWidget(),
                required=True,
                example="2024-06-20",
            ),
            Col(
                "回应的问题",
                "findings",
                FindingListWidget(),
                width=30,
                required=True,
                example=FINDING,
            ),
        ],
    )
)

TYPICAL_CASES = register(
    Ledger(
        kind="typical_cases",
        title="典型案例",
        queryset=lambda user: TypicalCase.objects.visible_to(user).select_related(
            "topic__lead", "topic__unit", "unit"
        ),
        filterset=TypicalCaseFilter,
        list_url="research:topic_list",
        resource=TypicalCaseResource,
        natural_key=["课题", "案例名称"],
        columns=[
            _topic(),
            *_of_topic("topic__"),
            Col(
                "案例名称",
                "title",
                width=30,
                required=True,
                example="金川西村垃圾分类“积分兑换”做法",
            ),
            Col(
                "类型",
                "polarity",
                ChoiceLabelWidget(TypicalCase.Polarity),
                width=8,
                required=True,
                example="正面",
            ),
            Col(
                "日期",
                "found_on",
                DateWidget(),
                required=True,
                example="2024-05-16",
            ),
            Col(
                "案例简介",
                "summary",
                width=40,
                example="村民以分类垃圾兑换生活用品，垃圾减量三成",
            ),
        ],
    )
)
