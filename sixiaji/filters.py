import django_filters

from .forms import FilterForm
from .models import Cadre, OrgUnit


class CadreFilter(django_filters.FilterSet):
    name = django_filters.CharFilter("name", lookup_expr="contains", label="姓名")
    unit = django_filters.ModelChoiceFilter(
        queryset=OrgUnit.objects.none(), method="filter_unit", label="单位（含下级）"
    )

    class Meta:
        model = Cadre
        form = FilterForm
        fields = ["name", "unit", "rank", "is_leadership_member", "is_party_secretary"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["unit"].queryset = OrgUnit.objects.visible_to(user)

    def filter_unit(self, queryset, name, value):
        return queryset.filter(unit__path__startswith=value.path)
