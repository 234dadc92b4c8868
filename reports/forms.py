from django import forms
from django.utils import timezone

from org.models import OrgUnit
from ui.forms import BootstrapFormMixin

from .compose import STYLES
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


class ReportTextForm(BootstrapFormMixin, forms.Form):
    """The parts of a report around its paragraphs: title, 落款, 成文日期."""

    title = forms.CharField(
        label="标题",
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="换行即标题回行。",
    )
    signature = forms.CharField(label="发文机关署名（落款）", max_length=100)
    signed_on = forms.DateField(
        label="成文日期",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class ParagraphForm(BootstrapFormMixin, forms.Form):
    style = forms.ChoiceField(
        label="类型", choices=list(STYLES.items()), initial="body"
    )
    text = forms.CharField(
        label="内容",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="换行即另起一段。",
    )


# One blank form to add a paragraph; a ticked 删除 removes one.
ParagraphFormSet = forms.formset_factory(
    ParagraphForm, extra=1, can_delete=True, min_num=1, validate_min=True, max_num=200
)
