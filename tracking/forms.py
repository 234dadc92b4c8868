from django import forms

from ui.forms import BootstrapFormMixin


class CloseOutForm(BootstrapFormMixin, forms.Form):
    result = forms.CharField(
        label="办理结果", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class ReopenForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label="重新打开原因", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    deadline = forms.DateField(
        label="新的办理时限",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="不填则沿用原时限。",
    )

    def __init__(self, *args, item=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline and self.item and deadline < self.item.start_date:
            raise forms.ValidationError("新的办理时限不能早于交办日期。")
        return deadline
