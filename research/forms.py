from django import forms
from django.utils import timezone

from org.models import Cadre, OrgUnit, Place
from ui.forms import BootstrapFormMixin

from .models import (
    Conversion,
    Finding,
    ResearchPlan,
    ResearchReport,
    ResearchTopic,
    ResearchTrip,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
REPORT_TYPES = (".pdf", ".doc", ".docx", ".wps", ".txt")
REPORT_MAX_BYTES = 20 * 1024 * 1024


def _not_future(value, label: str):
    if value and value > timezone.localdate():
        raise forms.ValidationError(f"{label}不能晚于今天。")
    return value


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

    def clean_submitted_on(self):
        return _not_future(self.cleaned_data["submitted_on"], "提交日期")


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
            "typical_cases",
        ]
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 3}),
            "typical_cases": forms.Textarea(attrs={"rows": 3}),
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
        plan, year = data.get("plan"), data.get("year")
        if plan and year and plan.year != year:
            self.add_error("plan", f"所选计划是{plan.year}年度的，与课题年度不一致。")
        if not data.get("unit") and data.get("lead"):
            data["unit"] = data["lead"].unit
        return data


class TripForm(BootstrapFormMixin, forms.ModelForm):
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
        self.topic = topic
        self.fields["places"].queryset = Place.objects.within_reach_of(
            user
        ).select_related("unit")
        self.fields["participants"].queryset = Cadre.objects.filter(
            pk__in=[topic.lead_id, *topic.members.values_list("pk", flat=True)]
        )
        if not self.instance.pk:
            self.fields["participants"].initial = [topic.lead_id]

    def clean_start_date(self):
        return _not_future(self.cleaned_data["start_date"], "调研开始日期")

    def clean_end_date(self):
        return _not_future(self.cleaned_data["end_date"], "调研结束日期")

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "结束日期不能早于开始日期。")
        if start and start.year > self.topic.year:
            self.add_error(
                "start_date", f"调研日期不在课题年度（{self.topic.year}年）内。"
            )
        return data

    def save(self, commit=True):
        self.instance.topic = self.topic
        return super().save(commit)


class FindingForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Finding
        fields = ["description", "found_on"]
        widgets = {"found_on": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, topic: ResearchTopic, **kwargs):
        super().__init__(*args, **kwargs)
        self.topic = topic
        self.fields["found_on"].initial = timezone.localdate()

    def clean_found_on(self):
        return _not_future(self.cleaned_data["found_on"], "发现日期")

    def save(self, commit=True):
        self.instance.topic = self.topic
        return super().save(commit)


class MeasureForm(BootstrapFormMixin, forms.Form):
    finding = forms.ModelChoiceField(
        label="针对的问题", queryset=Finding.objects.none()
    )
    title = forms.CharField(label="解决措施", max_length=300)
    unit = forms.ModelChoiceField(label="责任单位", queryset=OrgUnit.objects.none())
    owner = forms.ModelChoiceField(label="责任人", queryset=Cadre.objects.none())
    deadline = forms.DateField(label="完成时限", widget=DATE)

    def __init__(self, *args, user, topic: ResearchTopic, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["finding"].queryset = topic.findings.all()
        self.fields["unit"].queryset = OrgUnit.objects.within_reach_of(user)
        self.fields["owner"].queryset = Cadre.objects.within_reach_of(user)

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline < timezone.localdate():
            raise forms.ValidationError("完成时限不能早于今天。")
        return deadline


class ConversionForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Conversion
        fields = ["kind", "title", "converted_on", "findings"]
        widgets = {"converted_on": DATE, "findings": forms.CheckboxSelectMultiple}

    def __init__(self, *args, topic: ResearchTopic, **kwargs):
        super().__init__(*args, **kwargs)
        self.topic = topic
        self.fields["findings"].queryset = topic.findings.all()
        self.fields["findings"].widget.attrs["class"] = ""

    def clean_converted_on(self):
        return _not_future(self.cleaned_data["converted_on"], "转化日期")

    def save(self, commit=True):
        self.instance.topic = self.topic
        return super().save(commit)


class ReportForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = ResearchReport
        fields = ["submitted_on", "text", "file"]
        widgets = {"submitted_on": DATE, "text": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, topic: ResearchTopic, **kwargs):
        super().__init__(*args, **kwargs)
        self.topic = topic
        self.fields["submitted_on"].initial = timezone.localdate()

    def clean_submitted_on(self):
        return _not_future(self.cleaned_data["submitted_on"], "提交日期")

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "size"):
            if not upload.name.lower().endswith(REPORT_TYPES):
                raise forms.ValidationError(
                    f"只接受 {'、'.join(REPORT_TYPES)} 格式的报告文件。"
                )
            if upload.size > REPORT_MAX_BYTES:
                raise forms.ValidationError("报告文件不能超过20MB。")
        return upload

    def clean(self):
        data = super().clean()
        if not data.get("text") and not data.get("file"):
            raise forms.ValidationError("请填写报告正文或上传报告文件。")
        return data

    def save(self, commit=True):
        self.instance.topic = self.topic
        return super().save(commit)
