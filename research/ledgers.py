"""Research ledgers along the chain: topics with their counts, trips, findings,
and measures with 红黄蓝."""

from django.db.models import Count
from django.utils import timezone
from import_export import fields
from import_export.widgets import DateWidget

from ledgers.importing import parse_date
from ledgers.registry import ImportColumn, Ledger, co_units, register
from ledgers.widgets import (
    CadreListWidget,
    CadreWidget,
    ChoiceLabelWidget,
    NonNegativeIntegerWidget,
    OrgUnitListWidget,
    OrgUnitWidget,
    PlaceListWidget,
    ScopedResource,
    ScopedWidget,
    TrackedRecordResource,
)
from tracking.models import Colour
from ui.spreadsheet import Column

from .filters import FindingFilter, MeasureFilter, TopicFilter, TripFilter
from .models import Finding, Measure, ResearchTopic, ResearchTrip
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

    def queryset(self, value, row):
        topics = ResearchTopic.objects.editable_by(self.user)
        return Finding.objects.filter(
            topic__in=topics, topic__title=row.get("课题"), description=value
        )

    def cache_key(self, row) -> tuple:
        return (row.get("课题"),)

    def render(self, value, obj=None, **kwargs):
        return value.description if value else ""


def _findings(user):
    return Finding.objects.visible_to(user)


class TopicResource(ScopedResource):
    title = fields.Field("title", "课题名称")
    lead = fields.Field("lead", "牵头领导", widget=CadreWidget())
    unit = fields.Field("unit", "单位", widget=OrgUnitWidget())
    year = fields.Field("year", "年度", widget=NonNegativeIntegerWidget())
    method = fields.Field(
        "method", "调研方式", widget=ChoiceLabelWidget(ResearchTopic.Method)
    )
    problem = fields.Field("problem", "聚焦的问题")

    class Meta:
        model = ResearchTopic
        fields = ("title", "lead", "unit", "year", "method", "problem")
        import_id_fields = ("title", "lead", "year")

    def complete(self, instance) -> None:
        if not instance.unit_id and instance.lead_id:
            instance.unit = instance.lead.unit


class TripResource(ScopedResource):
    topic = fields.Field("topic", "课题", widget=TopicWidget())
    start_date = fields.Field("start_date", "开始日期", widget=DateWidget())
    end_date = fields.Field("end_date", "结束日期", widget=DateWidget())
    places = fields.Field("places", "调研地点", widget=PlaceListWidget())
    participants = fields.Field("participants", "参加人员", widget=CadreListWidget())
    notes = fields.Field("notes", "调研情况")

    class Meta:
        model = ResearchTrip
        fields = ("topic", "start_date", "end_date", "places", "participants", "notes")
        import_id_fields = ("topic", "start_date")


class FindingResource(ScopedResource):
    topic = fields.Field("topic", "课题", widget=TopicWidget())
    description = fields.Field("description", "发现的问题")
    found_on = fields.Field("found_on", "发现日期", widget=DateWidget())

    class Meta:
        model = Finding
        fields = ("topic", "description", "found_on")
        import_id_fields = ("topic", "description")


class MeasureResource(TrackedRecordResource):
    item_kind = Measure.ITEM_KIND
    finding = fields.Field("finding", "发现问题", widget=FindingWidget())
    title = fields.Field("item__title", "解决措施")
    unit = fields.Field("item__unit", "责任单位", widget=OrgUnitWidget())
    co_units = fields.Field("item__co_units", "配合单位", widget=OrgUnitListWidget())
    owner = fields.Field(
        "item__owner", "责任人", widget=CadreWidget(unit_column="责任单位", reach=True)
    )
    deadline = fields.Field("item__deadline", "完成时限", widget=DateWidget())

    class Meta:
        model = Measure
        fields = ("finding", "title", "unit", "co_units", "owner", "deadline")
        import_id_fields = ("finding", "title")

    def item_start_date(self, instance):
        found_on = instance.finding.found_on if instance.finding_id else None
        deadline = instance.item.deadline
        return min(filter(None, [found_on, deadline]), default=timezone.localdate())


TOPICS = register(
    Ledger(
        kind="research_topics",
        title="调研课题",
        queryset=lambda user: ResearchTopic.objects.visible_to(user).with_chain(),
        filterset=TopicFilter,
        list_url="research:topic_list",
        resource=TopicResource,
        import_columns=[
            ImportColumn("课题名称", "title", required=True),
            ImportColumn("牵头领导", "lead", required=True, reads="person"),
            ImportColumn("单位", "unit"),
            ImportColumn("年度", "year", required=True),
            ImportColumn("调研方式", "method", required=True),
            ImportColumn("聚焦的问题", "problem", required=True),
        ],
        natural_key=["课题名称", "牵头领导", "年度"],
        example=[
            "关于提升农村人居环境整治成效的调研",
            "张建国",
            "永昌县",
            2024,
            "蹲点式调研",
            "农村生活垃圾收运体系不健全",
        ],
        columns=[
            Column("课题名称", lambda t, x: t.title, 30),
            Column("牵头领导", lambda t, x: t.lead.name, 10),
            Column("单位", lambda t, x: t.unit.name, 16),
            Column("年度", lambda t, x: t.year, 8),
            Column("调研方式", lambda t, x: t.get_method_display(), 14),
            Column("聚焦的问题", lambda t, x: t.problem, 30),
            Column("状态", lambda t, x: t.status.label, 10),
            Column("调研次数", lambda t, x: t.trip_count, 10, total=True),
            Column("发现问题", lambda t, x: t.finding_count, 10, total=True),
            Column("解决措施", lambda t, x: t.measure_count, 10, total=True),
            Column("成果转化", lambda t, x: t.conversion_count, 10, total=True),
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
        import_columns=[
            ImportColumn("课题", "topic", required=True),
            ImportColumn("开始日期", "start_date", parse_date, required=True),
            ImportColumn("结束日期", "end_date", parse_date, required=True),
            ImportColumn("调研地点", "places"),
            ImportColumn("参加人员", "participants", required=True),
            ImportColumn("调研情况", "notes"),
        ],
        natural_key=["课题", "开始日期"],
        example=[
            "关于提升农村人居环境整治成效的调研",
            "2024-04-08",
            "2024-04-10",
            "城关镇金川村、城关镇东街社区",
            "张建国、王建国",
            "走访农户32户，召开座谈会2场",
        ],
        columns=[
            Column("课题", lambda t, x: t.topic.title, 30),
            Column("牵头领导", lambda t, x: t.topic.lead.name, 10),
            Column("单位", lambda t, x: t.topic.unit.name, 16),
            Column("开始日期", lambda t, x: t.start_date, 12),
            Column("结束日期", lambda t, x: t.end_date, 12),
            Column("天数", lambda t, x: t.days, 8, total=True),
            Column("调研地点", lambda t, x: "、".join(map(str, t.places.all())), 30),
            Column(
                "参加人员",
                lambda t, x: "、".join(c.name for c in t.participants.all()),
                20,
            ),
            Column("调研情况", lambda t, x: t.notes, 30),
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
        import_columns=[
            ImportColumn("课题", "topic", required=True),
            ImportColumn("发现的问题", "description", required=True),
            ImportColumn("发现日期", "found_on", parse_date, required=True),
        ],
        natural_key=["课题", "发现的问题"],
        example=[
            "关于提升农村人居环境整治成效的调研",
            "部分村垃圾清运不及时",
            "2024-04-09",
        ],
        columns=[
            Column("课题", lambda f, x: f.topic.title, 30),
            Column("牵头领导", lambda f, x: f.topic.lead.name, 10),
            Column("单位", lambda f, x: f.topic.unit.name, 16),
            Column("年度", lambda f, x: f.topic.year, 8),
            Column("发现日期", lambda f, x: f.found_on, 12),
            Column("发现的问题", lambda f, x: f.description, 40),
            Column("解决措施（条）", lambda f, x: f.measure_count, 10, total=True),
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
        import_columns=[
            ImportColumn("课题", "finding__topic", required=True),
            ImportColumn("发现问题", "finding", required=True),
            ImportColumn("解决措施", "item__title", required=True),
            ImportColumn(
                "责任单位",
                "item__unit",
                required=True,
                reads="units",
                more_to="配合单位",
            ),
            ImportColumn("配合单位", "item__co_units"),
            ImportColumn("责任人", "item__owner", reads="person"),
            ImportColumn("完成时限", "item__deadline", parse_date, required=True),
        ],
        natural_key=["课题", "发现问题", "解决措施"],
        example=[
            "关于提升农村人居环境整治成效的调研",
            "部分村垃圾清运不及时",
            "增加垃圾清运车辆，实行日产日清",
            "城关镇",
            "王建国",
            "2024-10-31",
        ],
        columns=[
            Column("课题", lambda m, x: m.finding.topic.title, 24),
            Column("发现问题", lambda m, x: m.finding.description, 30),
            Column("解决措施", lambda m, x: m.item.title, 30),
            Column("责任单位", lambda m, x: m.item.unit.name, 16),
            Column("配合单位", lambda m, x: co_units(m.item), 16),
            Column(
                "责任人", lambda m, x: m.item.owner.name if m.item.owner else "", 10
            ),
            Column("完成时限", lambda m, x: m.item.deadline, 12),
            Column("预警", lambda m, x: Colour(m.warning).label, 12),
            Column("办理结果", lambda m, x: m.item.result, 24),
        ],
    )
)
