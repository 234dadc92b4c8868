"""Activity ledgers: lectures and on-site work with totals, livelihood items."""

from datetime import date

from import_export import fields
from import_export.widgets import DateWidget

from ledgers.importing import parse_date
from ledgers.registry import ImportColumn, Ledger, co_units, register
from ledgers.widgets import (
    CadreWidget,
    ChoiceLabelWidget,
    NonNegativeIntegerWidget,
    OrgUnitListWidget,
    OrgUnitWidget,
    PlaceListWidget,
    ScopedResource,
    TrackedRecordResource,
)
from ui.spreadsheet import Column

from .filters import ActivityFilter, LivelihoodFilter
from .models import Activity, LivelihoodItem

COUNTS = [
    ("audience_party_members", "听众（党员）"),
    ("audience_public", "听众（群众）"),
    ("households_visited", "走访群众（户）"),
    ("problems_raised", "收集问题"),
    ("problems_solved_on_site", "现场解决"),
    ("suggestions", "意见建议"),
]


class ActivityResource(ScopedResource):
    """An activity is the same row when its lead cadre, date, kind and topic are."""

    start_date = fields.Field("start_date", "日期", widget=DateWidget())
    end_date = fields.Field("end_date", "结束日期", widget=DateWidget())
    kind = fields.Field("kind", "类别", widget=ChoiceLabelWidget(Activity.Kind))
    status = fields.Field("status", "状态", widget=ChoiceLabelWidget(Activity.Status))
    topic = fields.Field("topic", "主题")
    cadre = fields.Field(
        "cadre", "主讲（带队）干部", widget=CadreWidget(unit_column="组织单位")
    )
    unit = fields.Field("unit", "组织单位", widget=OrgUnitWidget(reach=True))
    places = fields.Field("places", "地点", widget=PlaceListWidget())
    audience_party_members = fields.Field(
        "audience_party_members", "听众（党员）", widget=NonNegativeIntegerWidget()
    )
    audience_public = fields.Field(
        "audience_public", "听众（群众）", widget=NonNegativeIntegerWidget()
    )
    households_visited = fields.Field(
        "households_visited", "走访群众（户）", widget=NonNegativeIntegerWidget()
    )
    problems_raised = fields.Field(
        "problems_raised", "收集问题", widget=NonNegativeIntegerWidget()
    )
    problems_solved_on_site = fields.Field(
        "problems_solved_on_site", "现场解决", widget=NonNegativeIntegerWidget()
    )
    suggestions = fields.Field(
        "suggestions", "意见建议", widget=NonNegativeIntegerWidget()
    )

    class Meta:
        model = Activity
        fields = (
            "start_date",
            "end_date",
            "kind",
            "status",
            "topic",
            "cadre",
            "unit",
            "places",
            *(name for name, _ in COUNTS),
        )
        import_id_fields = ("cadre", "start_date", "kind", "topic")

    def complete(self, instance) -> None:
        if instance.pk is None:
            instance.created_by = self.user
        if not instance.unit_id and instance.cadre_id:
            instance.unit = instance.cadre.unit


class LivelihoodResource(TrackedRecordResource):
    """A livelihood item is the same row when its year, title and unit are."""

    item_kind = LivelihoodItem.ITEM_KIND
    year = fields.Field("year", "年度", widget=NonNegativeIntegerWidget())
    title = fields.Field("item__title", "民生实事")
    target = fields.Field("target", "目标任务")
    unit = fields.Field("item__unit", "责任单位", widget=OrgUnitWidget())
    co_units = fields.Field("item__co_units", "配合单位", widget=OrgUnitListWidget())
    owner = fields.Field(
        "item__owner", "责任人", widget=CadreWidget(unit_column="责任单位", reach=True)
    )
    deadline = fields.Field("item__deadline", "完成时限", widget=DateWidget())
    progress_percent = fields.Field(
        "progress_percent", "完成进度（%）", widget=NonNegativeIntegerWidget(100)
    )
    progress = fields.Field("progress", "进展情况")

    class Meta:
        model = LivelihoodItem
        fields = (
            "year",
            "title",
            "target",
            "unit",
            "co_units",
            "owner",
            "deadline",
            "progress_percent",
            "progress",
        )
        import_id_fields = ("year", "title", "unit")

    def item_start_date(self, instance):
        deadline = instance.item.deadline or date.max
        return min(date(instance.year or deadline.year, 1, 1), deadline)


ACTIVITIES = register(
    Ledger(
        kind="activities",
        title="基层活动",
        queryset=lambda user: Activity.objects.visible_to(user).for_list(),
        filterset=ActivityFilter,
        list_url="activities:list",
        resource=ActivityResource,
        import_columns=[
            ImportColumn("日期", "start_date", parse_date, required=True),
            ImportColumn("结束日期", "end_date", parse_date),
            ImportColumn("类别", "kind", required=True),
            ImportColumn("状态", "status"),
            ImportColumn("主题", "topic", required=True),
            ImportColumn("主讲（带队）干部", "cadre", required=True, reads="person"),
            ImportColumn("组织单位", "unit"),
            ImportColumn("地点", "places"),
            *(ImportColumn(header, name) for name, header in COUNTS),
        ],
        natural_key=["主讲（带队）干部", "日期", "类别", "主题"],
        example=[
            "2024-03-05",
            "",
            "宣讲",
            "已开展",
            "学习贯彻党的二十届三中全会精神",
            "张建国",
            "永昌县",
            "城关镇金川村",
            20,
            35,
            "",
            3,
            2,
            1,
        ],
        columns=[
            Column("日期", lambda a, x: a.start_date, 12),
            Column("结束日期", lambda a, x: a.end_date, 12),
            Column("类别", lambda a, x: a.get_kind_display(), 10),
            Column("状态", lambda a, x: a.get_status_display(), 8),
            Column("主题", lambda a, x: a.topic, 30),
            Column("主讲（带队）干部", lambda a, x: a.cadre.name, 12),
            Column("组织单位", lambda a, x: a.unit.name, 16),
            Column("地点", lambda a, x: "、".join(str(p) for p in a.places.all()), 24),
            Column(
                "听众（党员）", lambda a, x: a.audience_party_members, 10, total=True
            ),
            Column("听众（群众）", lambda a, x: a.audience_public, 10, total=True),
            Column("听众合计", lambda a, x: a.audience, 10, total=True),
            Column("走访群众（户）", lambda a, x: a.households_visited, 10, total=True),
            Column("收集问题", lambda a, x: a.problems_raised, 10, total=True),
            Column("现场解决", lambda a, x: a.problems_solved_on_site, 10, total=True),
            Column("意见建议", lambda a, x: a.suggestions, 10, total=True),
        ],
    )
)

LIVELIHOOD = register(
    Ledger(
        kind="livelihood_items",
        title="民生实事",
        queryset=lambda user: (
            LivelihoodItem.objects.visible_to(user)
            .select_related("item__unit", "item__owner")
            .prefetch_related("item__co_units")
        ),
        filterset=LivelihoodFilter,
        list_url="activities:livelihood_list",
        resource=LivelihoodResource,
        import_columns=[
            ImportColumn("年度", "year", required=True),
            ImportColumn("民生实事", "item__title", required=True),
            ImportColumn("目标任务", "target"),
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
            ImportColumn("完成进度（%）", "progress_percent"),
            ImportColumn("进展情况", "progress"),
        ],
        natural_key=["年度", "民生实事", "责任单位"],
        example=[
            2024,
            "新建城关镇日间照料中心",
            "9月底前投入使用",
            "城关镇",
            "张建国",
            "2024-09-30",
            60,
            "主体完工，正在内部装修",
        ],
        columns=[
            Column("年度", lambda li, x: li.year, 8),
            Column("民生实事", lambda li, x: li.item.title, 30),
            Column("目标任务", lambda li, x: li.target, 30),
            Column("责任单位", lambda li, x: li.item.unit.name, 16),
            Column("配合单位", lambda li, x: co_units(li.item), 16),
            Column(
                "责任人", lambda li, x: li.item.owner.name if li.item.owner else "", 10
            ),
            Column("完成时限", lambda li, x: li.item.deadline, 12),
            Column("完成进度（%）", lambda li, x: li.progress_percent, 10),
            Column("进展情况", lambda li, x: li.progress, 30),
            Column(
                "销号", lambda li, x: "已销号" if li.item.is_closed else "未销号", 8
            ),
        ],
    )
)
