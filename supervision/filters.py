import django_filters

from org.filters import UnitSubtreeFilter, year_choices
from tracking.models import Colour, TrackedItem
from tracking.registry import ITEM_KINDS
from ui.filtering import SearchFilter, SortFilter
from ui.forms import FilterForm

from .models import SupervisionOrder


def kind_choices() -> list[tuple[str, str]]:
    return sorted(ITEM_KINDS.items(), key=lambda pair: pair[1])


class TrackedItemFilter(django_filters.FilterSet):
    """The one set of filters over tracked items of every kind. The queryset
    must be annotated with `warning` (`TrackedItem.objects.with_colour`)."""

    colour = django_filters.ChoiceFilter(
        label="预警", choices=Colour.choices, field_name="warning"
    )
    kind = django_filters.ChoiceFilter(label="类别", choices=kind_choices)
    unit = UnitSubtreeFilter(label="责任单位（含下级）")
    owner = django_filters.CharFilter(
        "owner__name", lookup_expr="contains", label="责任人"
    )
    status = django_filters.ChoiceFilter(
        label="状态",
        choices=[("open", "在办"), ("closed", "已销号")],
        method="filter_status",
    )
    q = SearchFilter("title", "result", "owner__name", "unit__name")
    sort = SortFilter(
        fields={
            "title": "title",
            "kind": "kind",
            "unit__path": "unit",
            "owner__name": "owner",
            "deadline": "deadline",
            # 逾期天数, fewest first: the latest deadline first
            "-deadline": "overdue",
        }
    )

    class Meta:
        model = TrackedItem
        form = FilterForm
        fields = ["q", "colour", "kind", "unit", "owner", "status"]

    def filter_status(self, queryset, name, value):
        return queryset.filter(closed_at__isnull=value == "open")


class OrderFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label="状态", choices=SupervisionOrder.Status.choices
    )
    colour = django_filters.ChoiceFilter(
        label="预警", choices=Colour.choices, field_name="warning"
    )
    subject = django_filters.ChoiceFilter(
        label="督办对象", choices=SupervisionOrder.Subject.choices
    )
    unit = UnitSubtreeFilter(path_lookup="item__unit__path", label="接收单位（含下级）")
    year = django_filters.ChoiceFilter(
        label="年度", choices=year_choices, field_name="item__start_date__year"
    )

    class Meta:
        model = SupervisionOrder
        form = FilterForm
        fields = ["status", "colour", "subject", "unit", "year"]
