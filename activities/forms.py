import json

from django import forms
from django.utils import timezone

from org.models import Cadre, OrgUnit, Place
from security.uploads import check_upload
from ui.forms import BootstrapFormMixin

from .models import Activity, Liaison, LivelihoodItem
from .selectors import crowding_at

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

# Which fields each kind asks for (the rest are hidden by static/js/activity_form.js
# and cleared on save, so a changed kind leaves no stray values behind).
KIND_FIELDS = {
    "policy": (
        "audience_party_members",
        "audience_public",
        "audience_total",
    ),
    "training": ("training_kind",),
    "onsite": (
        "households_visited",
        "problems_raised",
        "problems_solved_on_site",
        "suggestions",
        "public_opinion",
    ),
    "liaison": ("liaison", "contact_mode"),
}
FIELD_GROUPS = {
    Activity.Kind.LECTURE: ("policy",),
    Activity.Kind.PARTY_LECTURE: ("policy",),
    Activity.Kind.TRAINING: ("policy", "training"),
    Activity.Kind.ONSITE: ("onsite",),
    Activity.Kind.PROJECT_VISIT: ("liaison", "onsite"),
    Activity.Kind.ENTERPRISE_VISIT: ("liaison", "onsite"),
}
TRAINING_DAYS = {
    Activity.TrainingKind.MODEL_CLASS: (3, 5),
    Activity.TrainingKind.ROTATION: (1, None),
}


class ActivityForm(BootstrapFormMixin, forms.ModelForm):
    confirm_crowding = forms.BooleanField(
        label="已知悉上述点位近期走访较多，仍然保存", required=False
    )

    class Meta:
        model = Activity
        fields = [
            "kind",
            "status",
            "cadre",
            "companions",
            "unit",
            "places",
            "start_date",
            "end_date",
            "topic",
            "audience_party_members",
            "audience_public",
            "audience_total",
            "training_kind",
            "households_visited",
            "problems_raised",
            "problems_solved_on_site",
            "suggestions",
            "public_opinion",
            "liaison",
            "contact_mode",
            "summary",
            "attachment",
        ]
        widgets = {
            "start_date": DATE,
            "end_date": DATE,
            "summary": forms.Textarea(attrs={"rows": 3}),
            "public_opinion": forms.Textarea(attrs={"rows": 2}),
            "places": forms.SelectMultiple(attrs={"size": 6}),
            "companions": forms.SelectMultiple(attrs={"size": 4}),
        }
        help_texts = {
            "unit": "为空时取主讲（带队）干部所在单位。",
            "places": "可多选。",
            "attachment": "照片或材料仅作佐证，不作要求。",
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.crowding = []
        fields = self.fields
        fields["cadre"].queryset = (
            Cadre.objects.editable_by(user)
            .filter(is_active=True)
            .select_related("unit")
        )
        fields["companions"].queryset = Cadre.objects.within_reach_of(user).filter(
            is_active=True
        )
        fields["unit"].queryset = OrgUnit.objects.within_reach_of(user)
        fields["unit"].required = False
        fields["places"].queryset = Place.objects.within_reach_of(user).select_related(
            "unit"
        )
        fields["liaison"].queryset = Liaison.objects.within_reach_of(
            user
        ).select_related("cadre", "place")
        if fields["cadre"].queryset.count() == 1 and not self.instance.pk:
            fields["cadre"].initial = fields["cadre"].queryset.first()
        for name, field in fields.items():
            groups = [g for g, names in KIND_FIELDS.items() if name in names]
            if groups:
                field.widget.attrs["data-kind-group"] = " ".join(groups)
        self.kind_groups_json = json.dumps(
            {kind: " ".join(groups) for kind, groups in FIELD_GROUPS.items()}
        )

    def clean_attachment(self):
        return check_upload(self.cleaned_data.get("attachment"))

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        status = data.get("status")
        start, end = data.get("start_date"), data.get("end_date")
        cadre = data.get("cadre")
        groups = FIELD_GROUPS.get(kind, ())
        for group, names in KIND_FIELDS.items():
            if group not in groups:
                for name in names:
                    data[name] = Activity._meta.get_field(name).get_default()

        if start and end and end < start:
            self.add_error("end_date", "结束日期不能早于开始日期。")
        today = timezone.localdate()
        if status == Activity.Status.HELD and start and start > today:
            self.add_error(
                "start_date", "已开展的活动日期不能晚于今天；尚未开展的请选择“计划”。"
            )
        if status == Activity.Status.HELD and end and end > today:
            self.add_error("end_date", "已开展的活动结束日期不能晚于今天。")

        if kind == Activity.Kind.TRAINING:
            self._clean_training(data)
        if kind in (Activity.Kind.ONSITE, *Activity.LIAISON_KINDS):
            raised = data.get("problems_raised") or 0
            solved = data.get("problems_solved_on_site") or 0
            if solved > raised:
                self.add_error(
                    "problems_solved_on_site", "现场解决问题数不能多于收集问题数。"
                )
        if kind in Activity.LIAISON_KINDS:
            self._clean_liaison(data, kind, cadre)
        total = data.get("audience_total")
        parts = (data.get("audience_party_members") or 0) + (
            data.get("audience_public") or 0
        )
        if total is not None and parts > total:
            self.add_error("audience_total", "听众总数不能少于党员与群众人数之和。")

        places = data.get("places")
        if cadre and places:
            reach = cadre.unit.reach()
            outside = [p for p in places if not p.unit.is_within(reach)]
            if outside:
                self.add_error(
                    "places",
                    f"{'、'.join(str(p) for p in outside)}不在{cadre.name}的工作范围"
                    f"（{reach.name}）内。",
                )
        if places and start and cadre and not self.errors:
            self.crowding = crowding_at(
                list(places), start, cadre_id=cadre.pk, exclude_pk=self.instance.pk
            )
            if self.crowding and not data.get("confirm_crowding"):
                self.add_error(
                    "confirm_crowding",
                    "以下点位近期已有其他领导走访，请错开时间或确认后保存："
                    + "；".join(f"{c.place}：{c.names}" for c in self.crowding),
                )
        return data

    def _clean_training(self, data):
        training_kind = data.get("training_kind")
        if not training_kind:
            self.add_error("training_kind", "请选择培训类型。")
            return
        start, end = data.get("start_date"), data.get("end_date")
        if not start:
            return
        days = ((end or start) - start).days + 1
        low, high = TRAINING_DAYS[training_kind]
        if days < low or (high and days > high):
            span = f"{low}-{high}天" if high else f"不少于{low}天"
            self.add_error(
                "end_date",
                f"{Activity.TrainingKind(training_kind).label.split('（')[0]}"
                f"应为{span}，现为{days}天。",
            )

    def _clean_liaison(self, data, kind, cadre):
        liaison = data.get("liaison")
        if not liaison:
            self.add_error("liaison", "请选择包抓包联关系。")
        else:
            wanted = (
                Liaison.Kind.PROJECT
                if kind == Activity.Kind.PROJECT_VISIT
                else Liaison.Kind.ENTERPRISE
            )
            if liaison.kind != wanted:
                self.add_error("liaison", f"所选关系不是{Liaison.Kind(wanted).label}。")
            elif cadre and liaison.cadre_id != cadre.pk:
                self.add_error("liaison", f"所选关系的包联干部不是{cadre.name}。")
        if not data.get("contact_mode"):
            self.add_error("contact_mode", "请选择联系方式。")


class ProblemForm(BootstrapFormMixin, forms.Form):
    """A problem handed over at an on-site session, becoming a tracked item."""

    title = forms.CharField(label="交办问题", max_length=300)
    unit = forms.ModelChoiceField(label="承办单位", queryset=OrgUnit.objects.none())
    owner = forms.ModelChoiceField(
        label="责任人", queryset=Cadre.objects.none(), required=False
    )
    deadline = forms.DateField(label="办理时限", widget=DATE)

    def __init__(self, *args, user, start_date=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.start_date = start_date
        self.fields["unit"].queryset = OrgUnit.objects.within_reach_of(user)
        self.fields["owner"].queryset = Cadre.objects.within_reach_of(user)

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if self.start_date and deadline < self.start_date:
            raise forms.ValidationError("办理时限不能早于现场办公日期。")
        return deadline


class BaseProblemFormSet(forms.BaseFormSet):
    def __init__(self, *args, user, start_date=None, **kwargs):
        self.user = user
        self.start_date = start_date
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {"user": self.user, "start_date": self.start_date}

    def problems(self) -> list[dict]:
        return [form.cleaned_data for form in self.forms if form.cleaned_data]


ProblemFormSet = forms.formset_factory(
    ProblemForm, formset=BaseProblemFormSet, extra=2, max_num=20
)


class LivelihoodForm(BootstrapFormMixin, forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    title = forms.CharField(label="民生实事", max_length=300)
    unit = forms.ModelChoiceField(label="责任单位", queryset=OrgUnit.objects.none())
    owner = forms.ModelChoiceField(
        label="责任人", queryset=Cadre.objects.none(), required=False
    )
    target = forms.CharField(
        label="目标任务", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    start_date = forms.DateField(label="开始日期", widget=DATE)
    deadline = forms.DateField(label="完成时限", widget=DATE)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.editable_by(user)
        self.fields["owner"].queryset = Cadre.objects.within_reach_of(user)
        self.fields["year"].initial = timezone.localdate().year

    def clean(self):
        data = super().clean()
        start, deadline = data.get("start_date"), data.get("deadline")
        if start and deadline and deadline < start:
            self.add_error("deadline", "完成时限不能早于开始日期。")
        return data


class LiaisonForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Liaison
        fields = ["kind", "cadre", "role", "place", "since", "until"]
        widgets = {"since": DATE, "until": DATE}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cadre"].queryset = Cadre.objects.editable_by(user)
        self.fields["place"].queryset = (
            Place.objects.within_reach_of(user)
            .filter(kind__in=[Place.Kind.PROJECT, Place.Kind.ENTERPRISE])
            .select_related("unit")  # each choice is labelled with its unit
        )

    def clean(self):
        data = super().clean()
        place, kind = data.get("place"), data.get("kind")
        if place and kind and place.kind != kind:
            self.add_error(
                "place",
                f"{place.name}是{place.get_kind_display()}，与类别“{Liaison.Kind(kind).label}”不符。",
            )
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", "结束日期不能早于开始日期。")
        return data


class LivelihoodProgressForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = LivelihoodItem
        fields = ["progress", "progress_percent"]
        widgets = {"progress": forms.Textarea(attrs={"rows": 2})}

    def clean_progress_percent(self):
        value = self.cleaned_data["progress_percent"]
        if value > 100:
            raise forms.ValidationError("完成进度不能超过100%。")
        return value
