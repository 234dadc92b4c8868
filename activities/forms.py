import json

from django import forms
from django.urls import reverse
from django.utils import timezone

from org.models import Cadre, OrgUnit, Place
from security.uploads import check_upload
from tracking.models import TrackedItem
from ui.forms import (
    BootstrapFormMixin,
    RelatedRulesMixin,
    StoredFileInput,
    add_model_errors,
)

from .models import Activity, HandedOverProblem, Liaison, LivelihoodItem, TypicalCase
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
        "answered_on_site",
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


# The labels of the people fields: (lectures, training), (every other kind).
KIND_LABELS = {
    "cadre": ("主讲人", "带队干部"),
    "companions": ("其他主讲人", "陪同人员"),
}


class ActivityForm(BootstrapFormMixin, RelatedRulesMixin, forms.ModelForm):
    confirm_crowding = forms.BooleanField(
        label="已知悉上述点位近期走访较多，仍然保存", required=False
    )
    confirm_duplicate = forms.BooleanField(
        label="不是重复录入，仍然保存", required=False
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
            "answered_on_site",
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
            "places": forms.SelectMultiple(attrs={"size": 4}),
            "companions": forms.SelectMultiple(attrs={"size": 4}),
            # A phone offers its camera for a photo of the visit.
            "attachment": StoredFileInput(
                attrs={"accept": "image/*", "capture": "environment"}
            ),
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
        self.duplicates = []
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
        fields["places"].required = False  # Activity.clean_related says why
        fields["answered_on_site"].required = False  # blank: none
        fields["liaison"].queryset = Liaison.objects.within_reach_of(
            user
        ).select_related("cadre", "place")
        if self.instance.pk:
            fields["attachment"].widget.url = reverse(
                "activities:attachment", args=[self.instance.pk]
            )
        if fields["cadre"].queryset.count() == 1 and not self.instance.pk:
            fields["cadre"].initial = fields["cadre"].queryset.first()
        for name, field in fields.items():
            groups = [g for g, names in KIND_FIELDS.items() if name in names]
            if groups:
                field.widget.attrs["data-kind-group"] = " ".join(groups)
        self._label_by_kind()
        self.kind_groups_json = json.dumps(
            {kind: " ".join(groups) for kind, groups in FIELD_GROUPS.items()}
        )

    def _label_by_kind(self) -> None:
        """主讲人 for lectures, 带队干部 and 陪同人员 otherwise (never "其他主讲人"
        on an on-site session); the page's script relabels when the kind
        changes."""
        kind = (
            self.data.get("kind")
            if self.is_bound
            else self.initial.get("kind") or self.instance.kind
        )
        policy = kind in Activity.POLICY_KINDS
        for name, labels in KIND_LABELS.items():
            field = self.fields[name]
            field.label = labels[0] if policy else labels[1]
            field.widget.attrs["data-label-policy"] = labels[0]
            field.widget.attrs["data-label-other"] = labels[1]

    def clean_answered_on_site(self):
        return self.cleaned_data.get("answered_on_site") or 0

    def clean_attachment(self):
        return check_upload(self.cleaned_data.get("attachment"))

    def clean(self):
        """What belongs to the page: fields the page hid for the chosen kind
        are cleared, and visits crowding a place need a confirmation. The
        activity's own rules are the model's (`Activity.clean` and
        `clean_related`, run next)."""
        data = super().clean()
        groups = FIELD_GROUPS.get(data.get("kind"), ())
        for group, names in KIND_FIELDS.items():
            if group not in groups:
                for name in names:
                    data[name] = Activity._meta.get_field(name).get_default()
        places, start, cadre = (data.get(k) for k in ("places", "start_date", "cadre"))
        if places and start and cadre and data.get("kind") and not self.errors:
            self._warn_duplicates(data, places, start, cadre)
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

    def _warn_duplicates(self, data, places, start, cadre) -> None:
        """The same lead cadre, kind, date and place as a saved activity may be
        the same activity entered twice: warned, saved once confirmed."""
        self.duplicates = list(
            Activity.objects.filter(
                cadre=cadre, kind=data["kind"], start_date=start, places__in=places
            )
            .exclude(pk=self.instance.pk)
            .distinct()
            .order_by("pk")[:5]
        )
        if self.duplicates and not data.get("confirm_duplicate"):
            self.add_error(
                "confirm_duplicate",
                "可能重复录入：同一干部、同一类别、同一日期、同一地点已有记录（"
                + "；".join(str(a) for a in self.duplicates)
                + "），确认不是重复后再保存。",
            )


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

    def clean(self):
        data = super().clean()
        if self.start_date and data.get("deadline"):
            item = TrackedItem(
                kind=HandedOverProblem.ITEM_KIND,
                start_date=self.start_date,
                deadline=data["deadline"],
            )
            add_model_errors(self, item)
        return data


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
    ProblemForm, formset=BaseProblemFormSet, extra=1, max_num=20
)


class LivelihoodForm(BootstrapFormMixin, forms.Form):
    year = forms.IntegerField(label="年度")
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
        add_model_errors(self, LivelihoodItem(year=data.get("year")))
        item = TrackedItem(
            kind=LivelihoodItem.ITEM_KIND,
            owner=data.get("owner"),
            start_date=data.get("start_date"),
            deadline=data.get("deadline"),
        )
        add_model_errors(self, item)
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


class LivelihoodProgressForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = LivelihoodItem
        fields = ["progress", "progress_percent"]
        widgets = {"progress": forms.Textarea(attrs={"rows": 2})}


class TypicalCaseForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = TypicalCase
        fields = ["title", "polarity", "found_on", "summary"]
        widgets = {"found_on": DATE, "summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, activity: Activity, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.activity = activity
        self.instance.unit = activity.unit
        self.fields["found_on"].initial = activity.start_date
