import django_filters
from django.utils import timezone

from org.models import Cadre, OrgUnit, Place, User
from ui.forms import FilterForm


def visible(model):
    """A django-filter queryset callable: the rows the request's user sees."""
    return lambda request: model.objects.visible_to(request.user)


class UnitSubtreeFilter(django_filters.ModelChoiceFilter):
    """Pick a unit the user sees; keep rows of that unit and its subtree."""

    def __init__(self, *, path_lookup: str = "unit__path", **kwargs):
        kwargs.setdefault("label", "单位（含下级）")
        super().__init__(queryset=visible(OrgUnit), **kwargs)
        self.path_lookup = path_lookup

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(**{f"{self.path_lookup}__startswith": value.path})


class CadreFilter(django_filters.FilterSet):
    name = django_filters.CharFilter("name", lookup_expr="contains", label="姓名")
    unit = UnitSubtreeFilter()

    class Meta:
        model = Cadre
        form = FilterForm
        fields = ["name", "unit", "rank", "is_leadership_member", "is_party_secretary"]


def year_choices() -> list[tuple[int, str]]:

    this_year = timezone.localdate().year
    return [(year, f"{year}年") for year in range(this_year + 1, this_year - 6, -1)]


class PeriodFilterSet(django_filters.FilterSet):
    """Year, quarter and month filters over the model's `date_field`."""

    date_field = "start_date"

    year = django_filters.ChoiceFilter(
        label="年度", choices=year_choices, method="filter_year"
    )
    quarter = django_filters.ChoiceFilter(
        label="季度",
        choices=[(q, f"第{q}季度") for q in range(1, 5)],
        method="filter_quarter",
    )
    month = django_filters.ChoiceFilter(
        label="月份",
        choices=[(m, f"{m}月") for m in range(1, 13)],
        method="filter_month",
    )

    def filter_year(self, queryset, name, value):
        return queryset.filter(**{f"{self.date_field}__year": value})

    def filter_quarter(self, queryset, name, value):
        return queryset.filter(**{f"{self.date_field}__quarter": value})

    def filter_month(self, queryset, name, value):
        return queryset.filter(**{f"{self.date_field}__month": value})


class UnitFilter(django_filters.FilterSet):
    name = django_filters.CharFilter("name", lookup_expr="contains", label="名称")
    unit = UnitSubtreeFilter(path_lookup="path")

    class Meta:
        model = OrgUnit
        form = FilterForm
        fields = ["name", "unit", "kind"]


class PlaceFilter(django_filters.FilterSet):
    name = django_filters.CharFilter("name", lookup_expr="contains", label="名称")
    unit = UnitSubtreeFilter()

    class Meta:
        model = Place
        form = FilterForm
        fields = ["name", "unit", "kind"]


class AccountFilter(django_filters.FilterSet):
    username = django_filters.CharFilter(
        "username", lookup_expr="contains", label="登录名"
    )
    unit = UnitSubtreeFilter(path_lookup="cadre__unit__path")

    class Meta:
        model = User
        form = FilterForm
        fields = ["username", "unit"]
