"""Activity ledgers: lectures and on-site work with totals, livelihood items."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from import_export.widgets import DateWidget

from ledgers import common
from ledgers.columns import Col, From
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
from ui.spreadsheet import NUMBER, TEXT

from .filters import (
    ActivityFilter,
    LiaisonFilter,
    LivelihoodFilter,
    TypicalCaseFilter,
)
from .models import Activity, Liaison, LivelihoodItem, TypicalCase


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
    """An activity is the same row when its lead cadre, date, kind and topic
    are. A project or enterprise liaison contact is linked to the lead
    cadre's liaison with the project (enterprise) named in 地点."""

    class Meta:
        model = Activity
        use_bulk = True  # written 1,000 rows at a time, with the trail

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        # Before the unchanged check: a blank 组织单位 is the cadre's unit, so
        # a row read again as it was stays 未变.
        if not instance.unit_id and instance.cadre_id:
            instance.unit = instance.cadre.unit

    def complete(self, instance) -> None:
        if instance.pk is None:
            instance.created_by = self.user
        if not instance.unit_id and instance.cadre_id:
            instance.unit = instance.cadre.unit
        if instance.kind in Activity.LIAISON_KINDS and not instance.liaison_id:
            instance.liaison = self._liaison(instance)

    def _liaison(self, instance) -> Liaison | None:
        """The cadre's liaison of the row's kind, held on its date, with a
        place the row names (or the only one, when the row names none)."""
        if not (instance.cadre_id and instance.start_date):
            return None
        kind = (
            Liaison.Kind.PROJECT
            if instance.kind == Activity.Kind.PROJECT_VISIT
            else Liaison.Kind.ENTERPRISE
        )
        held = Liaison.objects.filter(
            cadre_id=instance.cadre_id, kind=kind, since__lte=instance.start_date
        ).exclude(until__lt=instance.start_date)
        places = getattr(self, "row_related", {}).get("places")
        if places:
            held = held.filter(place__in=places)
        found = list(held[:2])
        return found[0] if len(found) == 1 else None

    def validate_instance(self, instance, import_validation_errors=None, **kwargs):
        try:
            super().validate_instance(instance, import_validation_errors, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict({})
            if "liaison" in errors and not instance.liaison_id:
                # No form to choose it in: say what the sheet should name.
                kind = Activity.Kind(instance.kind).label
                errors.pop("liaison")
                errors.setdefault("places", []).append(
                    ValidationError(
                        f"找不到{instance.cadre.name if instance.cadre_id else ''}"
                        f"在该日期的{kind}关系：请在“地点”列填写其包抓的项目"
                        "（包联的企业）名称，并确认系统中已登记该包抓包联关系"
                    )
                )
            raise ValidationError(errors) from None


def _day(value) -> date | None:
    """A ledger cell as a date: a date, a datetime or "2024-05-16"."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value or "").strip()[:10])
    except ValueError:
        return None


class ActivityWidget(ScopedWidget):
    """An activity by its topic (主题) and the date in the row's 活动日期."""

    model = Activity
    label = "基层活动"

    def queryset(self, value, row):
        day = _day(row.get("活动日期"))
        activities = self.scope().filter(topic=value)
        return activities.filter(start_date=day) if day else activities

    def example_context(self, record) -> dict:
        # A case is dated on or after its activity: the activity's day fits.
        return {"活动日期": record.start_date, "日期": record.start_date}

    def cache_key(self, row) -> tuple:
        return (str(row.get("活动日期")),)

    def render(self, value, obj=None, **kwargs):
        return value.topic if value else ""


class TypicalCaseResource(ScopedResource):
    class Meta:
        model = TypicalCase

    def complete(self, instance) -> None:
        if not instance.unit_id and instance.activity_id:
            instance.unit = instance.activity.unit


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
            Col(
                "听众合计",
                value=From(
                    "audience_total",
                    "audience_party_members",
                    "audience_public",
                    using=lambda total, party, public, x: Activity.audience_of(
                        total, party, public
                    ),
                    kind=NUMBER,
                ),
                width=10,
                total=True,
            ),
            _count("走访群众（户）", "households_visited", ""),
            _count("收集问题", "problems_raised", 3),
            _count("现场解决", "problems_solved_on_site", 2),
            _count("意见建议", "suggestions", 1),
            _count("现场解释答复", "answered_on_site", 1),
            Col(
                "培训类型",
                "training_kind",
                ChoiceLabelWidget(Activity.TrainingKind, blank=""),
                width=16,
            ),
            Col(
                "联系方式",
                "contact_mode",
                ChoiceLabelWidget(Activity.ContactMode, blank=""),
                width=10,
            ),
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
                value=From(
                    "item__closed_at",
                    using=lambda closed_at, x: (
                        "未销号" if closed_at is None else "已销号"
                    ),
                    kind=TEXT,
                ),
                width=8,
            ),
        ],
    )
)

TYPICAL_CASES = register(
    Ledger(
        kind="activity_typical_cases",
        title="基层活动典型案例",
        queryset=lambda user: TypicalCase.objects.visible_to(user).select_related(
            "activity__cadre", "unit"
        ),
        filterset=TypicalCaseFilter,
        list_url="activities:list",
        resource=TypicalCaseResource,
        natural_key=["活动主题", "活动日期", "案例名称"],
        columns=[
            Col(
                "活动主题",
                "activity",
                ActivityWidget(),
                value="activity__topic",  # as the import looks it up
                width=30,
                required=True,
                example="灌溉用水调度现场协调",
            ),
            # Read to find the activity under its topic (ActivityWidget).
            Col(
                "活动日期",
                "activity__start_date",
                width=12,
                required=True,
                example="2024-05-16",
                resource=False,
            ),
            Col("带队干部", value="activity__cadre", width=10),
            Col(
                "案例名称",
                "title",
                width=30,
                required=True,
                example="“村民说事”化解邻里矛盾纠纷",
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
                "案例简介", "summary", width=40, example="每月固定议事日，现场说事办事"
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
