from datetime import date

from django import forms
from django.utils import timezone

from org.models import Cadre, OrgUnit
from tracking.models import TrackedItem
from tracking.workdays import add_working_days
from ui.forms import BootstrapFormMixin, add_model_errors

from .models import RectificationItem, SupervisionOrder

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# A reply is due in five working days unless the issuer says otherwise.
DEFAULT_REPLY_WORKING_DAYS = 5


class RectificationForm(BootstrapFormMixin, forms.ModelForm):
    unit = forms.ModelChoiceField(label="责任单位", queryset=OrgUnit.objects.none())
    deadline = forms.DateField(label="整改时限", widget=DATE)
    owner = forms.ModelChoiceField(
        label="责任人", queryset=Cadre.objects.none(), required=False
    )

    class Meta:
        model = RectificationItem
        fields = ["source", "problem", "measures", "target", "leader"]
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 2}),
            "measures": forms.Textarea(attrs={"rows": 3}),
            "target": forms.Textarea(attrs={"rows": 2}),
        }

    field_order = [
        "source",
        "problem",
        "measures",
        "target",
        "deadline",
        "unit",
        "leader",
        "owner",
    ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.editable_by(user)
        cadres = Cadre.objects.within_reach_of(user).filter(is_active=True)
        self.fields["leader"].queryset = cadres.exclude(rank=Cadre.Rank.STAFF)
        self.fields["owner"].queryset = cadres

    def clean_deadline(self) -> date:
        # The page's rule: an item set now is due from today on (a unit's
        # earlier list imports with past deadlines).
        deadline = self.cleaned_data["deadline"]
        if deadline < timezone.localdate():
            raise forms.ValidationError("整改时限不能早于今天。")
        return deadline

    def clean(self):
        """The item's rules and the record's (run next, on `instance`) are
        the models'; the item is built here so they see its unit."""
        cleaned = super().clean()
        self.instance.item = TrackedItem(
            kind=RectificationItem.ITEM_KIND,
            unit=cleaned.get("unit"),
            owner=cleaned.get("owner"),
            start_date=timezone.localdate(),
            deadline=cleaned.get("deadline"),
        )
        add_model_errors(self, self.instance.item)
        return cleaned


class OrderForm(BootstrapFormMixin, forms.Form):
    shortfall = forms.CharField(
        label="未完成指标",
        max_length=200,
        required=False,
        help_text="督办指标未完成时填写，如：2024年3月尚未安排接访日。",
    )
    unit = forms.ModelChoiceField(label="接收单位", queryset=OrgUnit.objects.none())
    cadre = forms.ModelChoiceField(
        label="接收人",
        queryset=Cadre.objects.none(),
        required=False,
        help_text="不选则发给接收单位的办公室。",
    )
    deadline = forms.DateField(label="回复时限", widget=DATE)
    note = forms.CharField(
        label="督办要求", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )

    def __init__(self, *args, user, target=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.target = target
        self.fields["unit"].queryset = OrgUnit.objects.visible_to(user)
        self.fields["cadre"].queryset = Cadre.objects.visible_to(user).filter(
            is_active=True, user__isnull=False
        )
        today = timezone.localdate()
        self.fields["deadline"].initial = add_working_days(
            today, DEFAULT_REPLY_WORKING_DAYS
        )
        if target is not None:
            del self.fields["shortfall"]
            self.fields["unit"].initial = target.unit_id
            self.fields["cadre"].initial = target.owner_id
        else:
            self.fields["shortfall"].required = True

    def clean_deadline(self) -> date:
        deadline = self.cleaned_data["deadline"]
        if deadline < timezone.localdate():
            raise forms.ValidationError("回复时限不能早于今天。")
        return deadline

    def clean(self):
        cleaned = super().clean()
        item = TrackedItem(
            kind=SupervisionOrder.ITEM_KIND,
            unit=cleaned.get("unit"),
            owner=cleaned.get("cadre"),
            start_date=timezone.localdate(),
            deadline=cleaned.get("deadline"),
        )
        add_model_errors(self, item, {"owner": "cadre"})
        return cleaned


class ReplyForm(BootstrapFormMixin, forms.Form):
    text = forms.CharField(
        label="办理进展", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )


class SendBackForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label="继续督办要求", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    deadline = forms.DateField(label="新的回复时限", widget=DATE)

    def clean_deadline(self) -> date:
        deadline = self.cleaned_data["deadline"]
        if deadline < timezone.localdate():
            raise forms.ValidationError("回复时限不能早于今天。")
        return deadline
