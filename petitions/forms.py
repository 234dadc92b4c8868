from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from org.models import Cadre, OrgUnit, Place
from org.roles import sees_personal_data
from tracking.models import TrackedItem
from ui.forms import BootstrapFormMixin, add_model_errors

from .models import (
    BacklogCase,
    HotlineOrder,
    PetitionCase,
    Petitioner,
    ReceptionDay,
    Stage,
    check_petitioners,
)
from .services import (
    DuplicateCheckLimit,
    IllegalTransition,
    check_transition,
    duplicate_check,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReceptionForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = ReceptionDay
        fields = [
            "kind",
            "leader",
            "day",
            "place",
            "location",
            "visitors",
            "answered_on_site",
            "notes",
        ]
        widgets = {"day": DATE, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = Cadre.objects.editable_by(user).exclude(
            rank=Cadre.Rank.STAFF
        )
        self.fields["place"].queryset = Place.objects.within_reach_of(
            user
        ).select_related("unit")
        self.fields["answered_on_site"].required = False  # blank: none
        if not self.instance.pk:
            # A cadre logging their own reception day has one leader to pick.
            if self.fields["leader"].queryset.count() == 1:
                self.fields["leader"].initial = self.fields["leader"].queryset.first()
            self.fields["kind"].initial = ReceptionDay.Kind.RECEPTION
            self.fields["day"].initial = timezone.localdate()

    def clean_answered_on_site(self):
        return self.cleaned_data.get("answered_on_site") or 0


class CaseForm(BootstrapFormMixin, forms.Form):
    channel = forms.ChoiceField(label="来源渠道", choices=PetitionCase.Channel.choices)
    category = forms.ChoiceField(
        label="问题类别", choices=PetitionCase.Category.choices
    )
    content = forms.CharField(
        label="信访诉求", widget=forms.Textarea(attrs={"rows": 4})
    )
    registered_on = forms.DateField(label="登记日期", widget=DATE)
    unit = forms.ModelChoiceField(label="登记单位", queryset=OrgUnit.objects.none())
    reception = forms.ModelChoiceField(
        label="来源接访日", queryset=ReceptionDay.objects.none(), required=False
    )
    related_to = forms.ModelChoiceField(
        label="关联为重复信访的事项",
        queryset=PetitionCase.objects.none(),
        required=False,
        help_text="系统发现同一信访人或相同诉求的在办事项时，可选择关联。",
    )
    confirm_new = forms.BooleanField(
        label="已核实，作为新的信访事项登记", required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["unit"].queryset = OrgUnit.objects.editable_by(user)
        self.fields["reception"].queryset = ReceptionDay.objects.visible_to(
            user
        ).select_related("leader")
        self.fields["related_to"].queryset = PetitionCase.objects.visible_to(
            user
        ).open()
        self.fields["registered_on"].initial = timezone.localdate()
        self.duplicates: list[PetitionCase] = []
        self.limited = False
        # Only the petition office is told what the duplicate check found.
        self.shows_duplicates = sees_personal_data(user)

    def clean(self):
        data = super().clean()
        case = PetitionCase(
            registered_on=data.get("registered_on"), content=data.get("content", "")
        )
        add_model_errors(self, case)
        return data

    def check_duplicates(self, petitioners: list[dict], request) -> None:
        """Warn the petition office about open cases of the same petitioner or
        content (call after is_valid); it links the case or confirms it is new.

        Anyone else registers without being told: a warning, even one naming
        no case, would confirm that an ID number (shown masked elsewhere)
        belongs to an open case. The petition office finds the possible
        duplicates on the new case's page and merges them.
        """

        data = self.cleaned_data
        try:
            found = duplicate_check(
                request=request,
                id_numbers=[p["id_number"] for p in petitioners],
                content=data["content"],
            )
        except DuplicateCheckLimit as error:
            self.limited = True
            self.add_error(None, str(error))
            return
        if not sees_personal_data(self.user):
            return
        self.duplicates = found
        if (
            self.duplicates
            and not data.get("related_to")
            and not data.get("confirm_new")
        ):
            self.add_error(
                "confirm_new",
                "发现可能重复的在办信访事项："
                + "、".join(c.number for c in self.duplicates)
                + "。请选择关联，或确认作为新事项登记。",
            )


class PetitionerForm(BootstrapFormMixin, forms.ModelForm):
    """One petitioner; the ID number and phone rules are the model's."""

    class Meta:
        model = Petitioner
        fields = ["name", "id_number", "phone", "address"]
        labels = {"name": "信访人姓名"}
        help_texts = {"name": "匿名的填“匿名”。"}

    def clean_id_number(self):
        return self.cleaned_data["id_number"].strip().upper()

    def clean_phone(self):
        return self.cleaned_data["phone"].strip()


class BasePetitionerFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        try:
            check_petitioners(self.petitioners())
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from None

    def petitioners(self) -> list[dict]:
        return [form.cleaned_data for form in self.forms if form.cleaned_data]


PetitionerFormSet = forms.formset_factory(
    PetitionerForm, formset=BasePetitionerFormSet, extra=2, max_num=50
)


class CaseActionForm(BootstrapFormMixin, forms.Form):
    """One form for every stage change; the view shows the fields it needs."""

    to = forms.ChoiceField(label="转入阶段", choices=Stage.choices)
    on = forms.DateField(label="日期", widget=DATE)
    unit = forms.ModelChoiceField(
        label="承办单位", queryset=OrgUnit.objects.none(), required=False
    )
    reason = forms.CharField(
        label="不予受理理由", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    reply = forms.CharField(
        label="书面答复意见", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    evaluation = forms.ChoiceField(
        label="群众评价",
        choices=[("", "未评价"), *PetitionCase.Evaluation.choices],
        required=False,
    )
    partly_solved = forms.BooleanField(label="部分解决", required=False)
    note = forms.CharField(label="说明", max_length=500, required=False)

    # The fields each stage asks for; the form has only those of the stages
    # the case may move to (of the chosen one, once submitted).
    STAGE_FIELDS = {
        Stage.ROUTED: ("unit",),
        Stage.NOT_ACCEPTED: ("reason",),
        Stage.REPLIED: ("reply",),
        Stage.CLOSED: ("evaluation", "partly_solved"),
    }
    REQUIRED = {
        Stage.ROUTED: ("unit", "请选择承办单位。"),
        Stage.NOT_ACCEPTED: ("reason", "请填写不予受理的理由（将告知信访人）。"),
        Stage.REPLIED: ("reply", "请填写书面答复意见。"),
    }
    # Hidden fields of another stage must not block the browser's submit.
    use_required_attribute = False

    def __init__(self, *args, case: PetitionCase, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        self.fields["to"].choices = [(s, Stage(s).label) for s in case.next_stages]
        self.fields["on"].initial = timezone.localdate()
        chosen = self.data.get("to") if self.is_bound else None
        stages = [chosen] if chosen in case.next_stages else case.next_stages
        for stage, names in self.STAGE_FIELDS.items():
            for name in names:
                if stage not in stages:
                    self.fields.pop(name, None)
                elif name in self.fields:
                    self.fields[name].stages = stage
        for stage, (name, message) in self.REQUIRED.items():
            if stage in stages:
                self.fields[name].required = True
                self.fields[name].error_messages["required"] = message
        if "unit" in self.fields:
            self.fields["unit"].queryset = OrgUnit.objects.all()

    def clean(self):

        data = super().clean()
        to = data.get("to")
        if to and data.get("on") and not self.errors:
            try:
                check_transition(self.case, to, data["on"])
            except IllegalTransition as error:
                self.add_error("on", str(error))
        return data


class ExtensionForm(BootstrapFormMixin, forms.Form):
    days = forms.IntegerField(label="延长（日）", min_value=1, max_value=30)
    approver = forms.CharField(label="批准人", max_length=50)
    reason = forms.CharField(label="延期理由", max_length=300)


class MergeForm(forms.Form):
    """合并: the case a repeated one is merged into, among those the user may
    change; a malformed or out-of-scope choice is a form error."""

    primary = forms.ModelChoiceField(
        label="合并至",
        queryset=PetitionCase.objects.none(),
        error_messages={
            "required": "请选择要合并至的信访事项。",
            "invalid_choice": "所选信访事项不存在或不在您的办理范围内。",
        },
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["primary"].queryset = PetitionCase.objects.editable_by(user)


class BacklogForm(BootstrapFormMixin, forms.ModelForm):
    deadline = forms.DateField(
        label="化解时限",
        widget=DATE,
        help_text="包案领导的化解期限，到期前提醒、逾期标红。",
    )

    class Meta:
        model = BacklogCase
        fields = ["leader", "team", "plan", "assigned_on"]
        widgets = {"assigned_on": DATE, "plan": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = Cadre.objects.visible_to(user).exclude(
            rank=Cadre.Rank.STAFF
        )
        today = timezone.localdate()
        self.fields["assigned_on"].initial = today
        self.fields["deadline"].initial = today + timedelta(
            days=BacklogCase.RESOLVE_DAYS
        )

    def clean(self):
        cleaned = super().clean()
        item = TrackedItem(
            kind=BacklogCase.ITEM_KIND,
            owner=cleaned.get("leader"),
            start_date=cleaned.get("assigned_on"),
            deadline=cleaned.get("deadline"),
        )
        add_model_errors(self, item, {"start_date": "assigned_on"})
        return cleaned


class HotlineOrderForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = HotlineOrder
        fields = [
            "number",
            "received_at",
            "unit",
            "summary",
            "signed_at",
            "responded_at",
            "resolved_at",
            "resolved",
            "resolved_in_village",
            "satisfaction",
            "out_of_scope",
        ]
        widgets = {
            name: forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            )
            for name in ("received_at", "signed_at", "responded_at", "resolved_at")
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.editable_by(user)
