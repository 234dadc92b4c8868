import django_filters
from django import forms

from org.filters import PeriodFilterSet, UnitSubtreeFilter, visible
from org.models import Cadre, Place
from ui.filtering import SearchFilter, SortFilter
from ui.forms import FilterForm

from .models import Activity, Liaison, LivelihoodItem, TypicalCase

PILLARS = {
    "policy": Activity.POLICY_KINDS,
    "onsite": (Activity.Kind.ONSITE, *Activity.LIAISON_KINDS),
}


class ActivityFilter(PeriodFilterSet):
    q = SearchFilter("topic", "cadre__name", "unit__name")
    pillar = django_filters.ChoiceFilter(
        label="板块",
        choices=[("policy", "宣传政策"), ("onsite", "现场办公")],
        method="filter_pillar",
    )
    # several kinds at once (?kind=lecture&kind=training); a column of the
    # activity itself, so no row can repeat: no DISTINCT (which made
    # PostgreSQL sort and unique the whole period for the capped count)
    kind = django_filters.MultipleChoiceFilter(
        label="类别",
        choices=Activity.Kind.choices,
        distinct=False,
        widget=forms.SelectMultiple(attrs={"size": 3}),
    )
    status = django_filters.ChoiceFilter(label="状态", choices=Activity.Status.choices)
    unit = UnitSubtreeFilter()
    cadre = django_filters.ModelChoiceFilter(
        label="干部", queryset=visible(Cadre), field_name="cadre"
    )
    place = django_filters.ModelChoiceFilter(
        label="地点",
        queryset=lambda request: Place.objects.visible_to(request.user).select_related(
            "unit"
        ),
        field_name="places",
    )
    sort = SortFilter(
        fields={
            "start_date": "date",
            "kind": "kind",
            "status": "status",
            "topic": "topic",
            "cadre__name": "cadre",
        }
    )

    class Meta:
        model = Activity
        form = FilterForm
        fields = []

    def filter_pillar(self, queryset, name, value):
        return queryset.filter(kind__in=PILLARS[value])


class LivelihoodFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label="年度")
    unit = UnitSubtreeFilter(path_lookup="item__unit__path", label="责任单位（含下级）")

    class Meta:
        model = LivelihoodItem
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


class LiaisonFilter(django_filters.FilterSet):
    unit = UnitSubtreeFilter(path_lookup="cadre__unit__path")

    class Meta:
        model = Liaison
        form = FilterForm
        fields = ["kind", "role", "unit"]
