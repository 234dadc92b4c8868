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

from .models import (
    Conversion,
    Finding,
    Measure,
    ResearchPlan,
    ResearchReport,
    ResearchTopic,
    ResearchTrip,
    TypicalCase,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
REPORT_TYPES = (".pdf", ".doc", ".docx", ".wps", ".txt")
REPORT_MAX_MB = 20


class PlanForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = ResearchPlan
        fields = ["unit", "year", "submitted_on", "content"]
        widgets = {"submitted_on": DATE, "content": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.editable_by(user).exclude(
            kind=OrgUnit.Kind.TOWNSHIP
        )
        self.fields["year"].initial = timezone.localdate().year


class TopicForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = ResearchTopic
        fields = [
            "title",
            "lead",
            "members",
            "unit",
            "year",
            "plan",
            "problem",
            "method",
        ]
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 3}),
            "members": forms.SelectMultiple(attrs={"size": 5}),
        }
        help_texts = {"unit": "为空时取牵头领导所在单位。"}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        fields = self.fields
        fields["lead"].queryset = (
            Cadre.objects.editable_by(user)
            .filter(is_active=True)
            .exclude(rank=Cadre.Rank.STAFF)
        )
        fields["members"].queryset = Cadre.objects.within_reach_of(user)
        fields["unit"].queryset = OrgUnit.objects.within_reach_of(user)
        fields["unit"].required = False
        fields["plan"].queryset = ResearchPlan.objects.visible_to(user).select_related(
            "unit"
        )
        fields["year"].initial = timezone.localdate().year
        if fields["lead"].queryset.count() == 1 and not self.instance.pk:
            fields["lead"].initial = fields["lead"].queryset.first()

    def clean(self):
        data = super().clean()
        if not data.get("unit") and data.get("lead"):
            data["unit"] = data["lead"].unit
        return data


class TripForm(BootstrapFormMixin, RelatedRulesMixin, forms.ModelForm):
    class Meta:
        model = ResearchTrip
        fields = ["start_date", "end_date", "places", "participants", "notes"]
        widgets = {
            "start_date": DATE,
            "end_date": DATE,
            "places": forms.SelectMultiple(attrs={"size": 6}),
            "participants": forms.SelectMultiple(attrs={"size": 5}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"end_date": "当天往返的填同一天。"}

    def __init__(self, *args, user, topic: ResearchTopic, **kwargs):
        super().__init__(*args, **kwargs)
        self.topic = self.instance.topic = topic
        self.fields["places"].queryset = Place.objects.within_reach_of(
            user
        ).select_related("unit")
        self.fields["participants"].queryset = Cadre.objects.filter(
            pk__in=[topic.lead_id, *topic.members.values_list("pk", flat=True)]
        )
        for name in ("places", "participants"):  # ResearchTrip.clean_related
            self.fields[name].required = False
        if not self.instance.pk:
            self.fields["participants"].initial = [topic.lead_id]


class FindingForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Finding
        fields = ["description", "found_on"]
        widgets = {"found_on": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, topic: ResearchTopic, **kwargs):
        super().__init__(*args, **kwargs)
        self.topic = self.instance.topic = topic
        self.fields["found_on"].initial = timezone.localdate()


class TypicalCaseForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = TypicalCase
        fields = ["title", "polarity", "found_on", "summary"]
        widgets = {"found_on": DATE, "summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, topic: ResearchTopic, **kwargs):
        super().__init__(*args, **kwargs)
        self.topic = self.instance.topic = topic
        self.instance.unit = topic.unit
        self.fields["found_on"].initial = timezone.localdate()


class MeasureForm(BootstrapFormMixin, forms.Form):
    finding = forms.ModelChoiceField(
        label="针对的问题", queryset=Finding.objects.none()
    )
    title = forms.CharField(label="解决措施", max_length=300)
    unit = forms.ModelChoiceField(label="责任单位", queryset=OrgUnit.objects.none())
    # Required by the measure's rule (Measure.check_item), said there.
    owner = forms.ModelChoiceField(
        label="责任人", queryset=Cadre.objects.none(), required=False
    )
    deadline = forms.DateField(label="完成时限", widget=DATE)

    def __init__(self, *args, user, topic: ResearchTopic, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["finding"].queryset = topic.findings.all()
        self.fields["unit"].queryset = OrgUnit.objects.within_reach_of(user)
        self.fields["owner"].queryset = Cadre.objects.within_reach_of(user)

    def clean_deadline(self):
        # The page's rule: a measure set now is due from today on (a ledger
        # of earlier measures imports with past deadlines).
        deadline = self.cleaned_data["deadline"]
        if deadline < timezone.localdate():
            raise forms.ValidationError("完成时限不能早于今天。")
        return deadline

    def clean(self):
        data = super().clean()
        item = TrackedItem(
            kind=Measure.ITEM_KIND,
            owner=data.get("owner"),
            start_date=timezone.localdate(),
            deadline=data.get("deadline"),
        )
        add_model_errors(self, item)
        return data


class ConversionForm(BootstrapFormMixin, RelatedRulesMixin, forms.ModelForm):
    class Meta:
        model = Conversion
        fields = ["kind", "title", "converted_on", "findings"]
        widgets = {"converted_on": DATE, "findings": forms.CheckboxSelectMultiple}

    def __init__(self, *args, topic: ResearchTopic, **kwargs):
        super().__init__(*args, **kwargs)
        self.topic = self.instance.topic = topic
        self.fields["findings"].queryset = topic.findings.all()


class ReportForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = ResearchReport
        fields = ["submitted_on", "text", "file"]
        widgets = {
            "submitted_on": DATE,
            "text": forms.Textarea(attrs={"rows": 8}),
            "file": StoredFileInput,
        }

    def __init__(self, *args, topic: ResearchTopic, **kwargs):
        super().__init__(*args, **kwargs)
        self.topic = self.instance.topic = topic
        self.fields["submitted_on"].initial = timezone.localdate()
        if self.instance.pk:
            self.fields["file"].widget.url = reverse(
                "research:report_file", args=[self.instance.pk]
            )

    def clean_file(self):
        """By name, size and content (a renamed executable is refused)."""
        return check_upload(
            self.cleaned_data.get("file"), types=REPORT_TYPES, max_mb=REPORT_MAX_MB
        )
