from django import forms


class BootstrapFormMixin:
    """Give every widget the Bootstrap class it needs, so templates stay plain."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
                css = "form-select form-select-sm"
            else:
                css = "form-control form-control-sm"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class FilterForm(BootstrapFormMixin, forms.Form):
    """The form class of every FilterSet."""


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
