"""Activity ledgers: lectures and on-site work with totals, livelihood items."""

from datetime import date

from import_export.widgets import DateWidget

from ledgers import common
from ledgers.columns import Col
from ledgers.registry import Ledger, register
from ledgers.widgets import (
    CadreWidget,
    ChoiceLabelWidget,
    NonNegativeIntegerWidget,
    OrgUnitWidget,
    PlaceListWidget,
    ScopedResource,
    ScopedWidget,
    TrackedRecordResource,
)

from .filters import ActivityFilter, LiaisonFilter, LivelihoodFilter
from .models import Activity, Liaison, LivelihoodItem


def _count(header: str, attribute: str, example) -> Col:
    return Col(
        header,
        attribute,
        NonNegativeIntegerWidget(),
        width=10,
        total=True,
        example=example,
    )


class ActivityResource(ScopedResource):
    """An activity is the same row when its lead cadre, date, kind and topic are."""

    class Meta:
        model = Activity

    def complete(self, instance) -> None:
        if instance.pk is None:
            instance.created_by = self.user
        if not instance.unit_id and instance.cadre_id:
            instance.unit = instance.cadre.unit


class LivelihoodResource(TrackedRecordResource):
    """A livelihood item is the same row when its year, title, target and unit
    are: the sub-items of one project (a merged 项目 cell over several 建设内容
    rows) are distinct items, even under the same unit."""

    item_kind = LivelihoodItem.ITEM_KIND

    class Meta:
        model = LivelihoodItem

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
        natural_key=["主讲（带队）干部", "日期", "类别", "主题"],
        columns=[
            Col(
                "日期",
                "start_date",
                DateWidget(),
                required=True,
                role="start",
                example="2024-03-05",
            ),
            Col("结束日期", "end_date", DateWidget(), role="end"),
            Col(
                "类别",
                "kind",
                ChoiceLabelWidget(Activity.Kind),
                width=10,
                required=True,
                example="宣讲",
            ),
            Col(
                "状态",
                "status",
                ChoiceLabelWidget(Activity.Status),
                width=8,
                example="已开展",
            ),
            Col(
                "主题",
                "topic",
                width=30,
                required=True,
                example="学习贯彻党的二十届三中全会精神",
            ),
            Col(
                "主讲（带队）干部",
                "cadre",
                CadreWidget(unit_column="组织单位"),
                required=True,
                reads="person",
                example="张建国",
            ),
            Col(
                "组织单位",
                "unit",
                OrgUnitWidget(reach=True),
                width=16,
                example="永昌县",
            ),
            Col(
                "地点",
                "places",
                PlaceListWidget(),
                width=24,
                example="城关镇金川村",
            ),
            _count("听众（党员）", "audience_party_members", 20),
            _count("听众（群众）", "audience_public", 35),
            Col("听众合计", value="audience", width=10, total=True),
            _count("走访群众（户）", "households_visited", ""),
            _count("收集问题", "problems_raised", 3),
            _count("现场解决", "problems_solved_on_site", 2),
            _count("意见建议", "suggestions", 1),
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
        natural_key=["年度", "民生实事", "目标任务", "责任单位"],
        columns=[
            common.year(),
            common.title("民生实事", example="新建城关镇日间照料中心"),
            Col("目标任务", "target", width=30, example="9月底前投入使用"),
            common.unit(),
            common.co_units(),
            common.owner(example="张建国"),
            common.deadline(example="2024-09-30"),
            Col(
                "完成进度（%）",
                "progress_percent",
                NonNegativeIntegerWidget(100),
                width=10,
                example=60,
            ),
            Col("进展情况", "progress", width=30, example="主体完工，正在内部装修"),
            Col(
                "销号",
                value=lambda li, x: "已销号" if li.item.is_closed else "未销号",
                width=8,
            ),
        ],
    )
)


class LiaisonPlaceWidget(ScopedWidget):
    """The project or enterprise, by name, among the places the importing
    user reaches."""

    model = Liaison.place.field.related_model
    label = "项目（企业）"

    def __init__(self, **kwargs):
        super().__init__(reach=True, **kwargs)

    def scope(self):
        return super().scope().filter(kind__in=Liaison.Kind.values)

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


class LiaisonResource(ScopedResource):
    """An assignment is the same row when its cadre, place and start are."""

    class Meta:
        model = Liaison


LIAISONS = register(
    Ledger(
        kind="liaisons",
        title="包抓包联",
        queryset=lambda user: Liaison.objects.visible_to(user).select_related(
            "cadre__unit", "place"
        ),
        filterset=LiaisonFilter,
        list_url="activities:liaison_list",
        resource=LiaisonResource,
        natural_key=["干部", "项目（企业）", "开始日期"],
        columns=[
            Col(
                "类别",
                "kind",
                ChoiceLabelWidget(Liaison.Kind),
                width=10,
                required=True,
                example="包联企业",
            ),
            Col(
                "干部",
                "cadre",
                CadreWidget(),
                width=10,
                required=True,
                reads="person",
                example="张建国",
            ),
            Col("单位", "单位", value="cadre__unit", width=16, resource=False),
            Col(
                "包联角色",
                "role",
                ChoiceLabelWidget(Liaison.Role),
                width=16,
                required=True,
                example="包抓（包联）领导",
            ),
            Col(
                "项目（企业）",
                "place",
                LiaisonPlaceWidget(),
                value="place__name",
                width=20,
                required=True,
                example="金川集团",
            ),
            Col(
                "开始日期",
                "since",
                DateWidget(),
                role="start",
                required=True,
                example="2024-01-01",
            ),
            Col("结束日期", "until", DateWidget(), role="end"),
        ],
    )
)
