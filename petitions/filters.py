import django_filters

from org.filters import PeriodFilterSet, UnitSubtreeFilter, visible
from org.models import Cadre
from tracking.models import Colour
from ui.filtering import SearchFilter, SortFilter
from ui.forms import FilterForm

from .models import BacklogCase, HotlineOrder, PetitionCase, ReceptionDay, Stage


class ReceptionFilter(PeriodFilterSet):
    date_field = "day"
    q = SearchFilter("leader__name", "leader__unit__name", "place__name", "location")
    kind = django_filters.ChoiceFilter(label="类别", choices=ReceptionDay.Kind.choices)
    unit = UnitSubtreeFilter(path_lookup="leader__unit__path")
    leader = django_filters.ModelChoiceFilter(label="接访领导", queryset=visible(Cadre))
    sort = SortFilter(
        fields={
            "day": "date",
            "kind": "kind",
            "leader__name": "leader",
            "leader__unit__path": "unit",
            "visitors": "visitors",
        }
    )

    class Meta:
        model = ReceptionDay
        form = FilterForm
        fields = []


class CaseFilter(PeriodFilterSet):
    date_field = "registered_on"
    # not the petitioners nor the content: sensitive, masked for most roles
    q = SearchFilter("number", "unit__name", label="搜索（编号、责任单位）")
    unit = UnitSubtreeFilter(label="责任单位（含下级）")
    stage = django_filters.ChoiceFilter(label="阶段", choices=Stage.choices)
    channel = django_filters.ChoiceFilter(
        label="来源渠道", choices=PetitionCase.Channel.choices
    )
    category = django_filters.ChoiceFilter(
        label="问题类别", choices=PetitionCase.Category.choices
    )
    warning = django_filters.ChoiceFilter(label="预警", choices=Colour.choices)
    sort = SortFilter(
        fields={
            "number": "number",
            "registered_on": "date",
            "channel": "channel",
            "category": "category",
            "unit__path": "unit",
            "stage": "stage",
            "stage_item__deadline": "deadline",
        }
    )

    class Meta:
        model = PetitionCase
        form = FilterForm
        fields = []


class HotlineFilter(PeriodFilterSet):
    date_field = "received_at"
    q = SearchFilter("number", "summary", "unit__name")
    unit = UnitSubtreeFilter(label="承办单位（含下级）")
    satisfaction = django_filters.ChoiceFilter(
        label="满意度", choices=HotlineOrder.Satisfaction.choices
    )
    sort = SortFilter(
        fields={
            "number": "number",
            "received_at": "received",
            "unit__path": "unit",
            "signed_at": "signed",
            "responded_at": "responded",
            "resolved_at": "resolved",
            "satisfaction": "satisfaction",
        }
    )

    class Meta:
        model = HotlineOrder
        form = FilterForm
        fields = []


class BacklogFilter(PeriodFilterSet):
    date_field = "assigned_on"
    # not the petitioners nor the content: sensitive, masked for most roles
    q = SearchFilter(
        "case__number",
        "leader__name",
        "case__unit__name",
        label="搜索（编号、包案领导、责任单位）",
    )
    unit = UnitSubtreeFilter(path_lookup="case__unit__path", label="责任单位（含下级）")
    leader = django_filters.ModelChoiceFilter(label="包案领导", queryset=visible(Cadre))
    resolved = django_filters.BooleanFilter(
        label="已化解", field_name="resolved_on", lookup_expr="isnull", exclude=True
    )
    sort = SortFilter(
        fields={
            "case__number": "number",
            "leader__name": "leader",
            "assigned_on": "assigned",
            "case__unit__path": "unit",
            "item__deadline": "deadline",
            "resolved_on": "resolved",
        }
    )

    class Meta:
        model = BacklogCase
        form = FilterForm
        fields = []
