import django_filters

from org.filters import PeriodFilterSet, UnitSubtreeFilter, visible, year_choices
from org.models import Cadre
from tracking.models import Colour
from ui.filtering import SearchFilter, SortFilter
from ui.forms import FilterForm

from .models import (
    Conversion,
    Finding,
    Measure,
    ResearchPlan,
    ResearchTopic,
    ResearchTrip,
    TypicalCase,
)


class PlanFilter(django_filters.FilterSet):
    q = SearchFilter("unit__name", "content")
    year = django_filters.ChoiceFilter(label="年度", choices=year_choices)
    unit = UnitSubtreeFilter()
    sort = SortFilter(
        fields={"unit__path": "unit", "year": "year", "submitted_on": "submitted"}
    )

    class Meta:
        model = ResearchPlan
        form = FilterForm
        fields = []


class TopicFilter(django_filters.FilterSet):
    q = SearchFilter("title", "lead__name", "unit__name")
    year = django_filters.ChoiceFilter(label="年度", choices=year_choices)
    unit = UnitSubtreeFilter()
    lead = django_filters.ModelChoiceFilter(label="牵头领导", queryset=visible(Cadre))
    method = django_filters.ChoiceFilter(
        label="调研方式", choices=ResearchTopic.Method.choices
    )
    status = django_filters.ChoiceFilter(
        label="状态", choices=ResearchTopic.Status.choices, method="filter_status"
    )
    sort = SortFilter(
        fields={
            "title": "title",
            "lead__name": "lead",
            "unit__path": "unit",
            "year": "year",
            "method": "method",
            "trip_count": "trips",
            "finding_count": "findings",
            "measure_count": "measures",
            "conversion_count": "conversions",
        }
    )

    class Meta:
        model = ResearchTopic
        form = FilterForm
        fields = []

    def filter_status(self, queryset, name, value):
        return queryset.with_status(value)


class MeasureFilter(django_filters.FilterSet):
    q = SearchFilter(
        "item__title",
        "finding__description",
        "finding__topic__title",
        "item__owner__name",
        "item__unit__name",
    )
    year = django_filters.ChoiceFilter(
        label="年度", choices=year_choices, field_name="finding__topic__year"
    )
    unit = UnitSubtreeFilter(path_lookup="item__unit__path", label="责任单位（含下级）")
    owner = django_filters.ModelChoiceFilter(
        label="责任人", queryset=visible(Cadre), field_name="item__owner"
    )
    warning = django_filters.ChoiceFilter(label="预警", choices=Colour.choices)
    title = django_filters.CharFilter(
        label="措施", field_name="item__title", lookup_expr="contains"
    )
    sort = SortFilter(
        fields={
            "item__title": "title",
            "finding__topic__title": "topic",
            "item__unit__path": "unit",
            "item__owner__name": "owner",
            "item__deadline": "deadline",
        }
    )

    class Meta:
        model = Measure
        form = FilterForm
        fields = []


class TripFilter(PeriodFilterSet):
    q = SearchFilter(
        "topic__title",
        "topic__lead__name",
        "places__name",
        "participants__name",
        distinct=True,
    )
    unit = UnitSubtreeFilter(path_lookup="topic__unit__path")
    participant = django_filters.ModelChoiceFilter(
        label="参加人员", queryset=visible(Cadre), field_name="participants"
    )
    topic = django_filters.CharFilter(
        label="课题", field_name="topic__title", lookup_expr="contains"
    )
    sort = SortFilter(
        fields={
            "topic__title": "topic",
            "topic__lead__name": "lead",
            "start_date": "date",
        }
    )

    class Meta:
        model = ResearchTrip
        form = FilterForm
        fields = []


class FindingFilter(django_filters.FilterSet):
    q = SearchFilter("description", "topic__title", "topic__lead__name")
    year = django_filters.ChoiceFilter(
        label="年度", choices=year_choices, field_name="topic__year"
    )
    unit = UnitSubtreeFilter(path_lookup="topic__unit__path")
    description = django_filters.CharFilter(label="问题", lookup_expr="contains")
    sort = SortFilter(
        fields={
            "topic__title": "topic",
            "topic__lead__name": "lead",
            "found_on": "date",
            "measure_count": "measures",
        }
    )

    class Meta:
        model = Finding
        form = FilterForm
        fields = []


class ConversionFilter(PeriodFilterSet):
    date_field = "converted_on"
    unit = UnitSubtreeFilter(path_lookup="topic__unit__path")
    kind = django_filters.ChoiceFilter(
        label="转化类型", choices=Conversion.Kind.choices
    )

    class Meta:
        model = Conversion
        form = FilterForm
        fields = []


class TypicalCaseFilter(PeriodFilterSet):
    date_field = "found_on"
    unit = UnitSubtreeFilter()
    polarity = django_filters.ChoiceFilter(
        label="类型", choices=TypicalCase.Polarity.choices
    )

    class Meta:
        model = TypicalCase
        form = FilterForm
        fields = []
