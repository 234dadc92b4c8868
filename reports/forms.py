from django import forms
from django.utils import timezone

from org.models import OrgUnit
from ui.forms import BootstrapFormMixin

from .selectors import report_units


class ReportRequestForm(BootstrapFormMixin, forms.Form):
    unit = forms.ModelChoiceField(label="单位", queryset=OrgUnit.objects.none())
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    period = forms.ChoiceField(
        label="期间",
        choices=[
            *[(f"q{q}", f"第{q}季度") for q in range(1, 5)],
            ("h1", "上半年"),
            ("h2", "下半年"),
            ("year", "全年"),
        ],
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = report_units(user)
        cadre = getattr(user, "cadre", None)
        self.fields["unit"].initial = user.scope_unit or (cadre.unit if cadre else None)
        today = timezone.localdate()
        self.fields["year"].initial = today.year
        self.fields["period"].initial = f"q{(today.month - 1) // 3 + 1}"

    def clean(self):
        data = super().clean()
        period = data.pop("period", "year")
        data["quarter"] = int(period[1]) if period.startswith("q") else None
        data["half"] = int(period[1]) if period.startswith("h") else None
        return data
