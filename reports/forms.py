from django import forms
from django.utils import timezone

from sixiaji.forms import BootstrapFormMixin
from sixiaji.models import OrgUnit


class ReportRequestForm(BootstrapFormMixin, forms.Form):
    unit = forms.ModelChoiceField(label="单位", queryset=OrgUnit.objects.none())
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label="期间",
        choices=[("", "全年"), *[(q, f"第{q}季度") for q in range(1, 5)]],
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.editable_by(user).exclude(
            kind=OrgUnit.Kind.TOWNSHIP
        )
        cadre = getattr(user, "cadre", None)
        self.fields["unit"].initial = user.scope_unit or (cadre.unit if cadre else None)
        today = timezone.localdate()
        self.fields["year"].initial = today.year
        self.fields["quarter"].initial = (today.month - 1) // 3 + 1
