from datetime import date
from pathlib import PurePath

from django import forms
from django.core.exceptions import ValidationError

from ui.choices import searchable
from ui.text import strip_controls

# Dates a record of this system can carry: a typo such as 1900 or 2100 is
# refused with the field named, rather than stored.
EARLIEST_DATE = date(2000, 1, 1)
LATEST_DATE = date(2099, 12, 31)
DATE_RANGE_MESSAGE = "日期须在2000年至2099年之间。"


# The empty choice of a select: one label in every form, one in every filter.
FORM_EMPTY_LABEL = "请选择"
FILTER_EMPTY_LABEL = "全部"  # also settings.FILTERS_EMPTY_CHOICE_LABEL


def label_empty_choice(field: forms.Field, label: str) -> None:
    """Name the empty choice of a select `label` instead of "---------"."""
    if getattr(field, "empty_label", None) is not None:
        field.empty_label = label  # model choices and django-filter choices
    elif isinstance(field, forms.ChoiceField) and not isinstance(
        field, forms.MultipleChoiceField
    ):
        choices = list(field.choices)
        if choices and choices[0][0] in ("", None):
            field.choices = [("", label), *choices[1:]]
    if (
        isinstance(field.widget, forms.NullBooleanSelect)
        and label == FILTER_EMPTY_LABEL
    ):
        field.widget.choices = [("unknown", label), *field.widget.choices[1:]]


class BootstrapFormMixin:
    """Give every widget the Bootstrap class it needs, so templates stay plain;
    keep every date field within EARLIEST_DATE … LATEST_DATE; remove control
    characters from every submitted text. A choice of a model that can have
    many rows is searchable, loaded on demand (`ui.choices`). The empty choice
    of every select reads `empty_choice_label`."""

    empty_choice_label = FORM_EMPTY_LABEL

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            label_empty_choice(field, self.empty_choice_label)
            searchable(field)
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
                css = "form-check-input"
            elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
                css = "form-select form-select-sm"
            else:
                css = "form-control form-control-sm"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self):
        """Control characters are removed from the submitted text before any
        field reads it (lengths and rules see the text that will be saved)."""
        if self.is_bound and hasattr(self.data, "lists"):
            data = self.data.copy()
            for key, values in self.data.lists():
                data.setlist(
                    key,
                    [strip_controls(v) if isinstance(v, str) else v for v in values],
                )
            self.data = data
        elif self.is_bound:
            self.data = {
                key: strip_controls(v) if isinstance(v, str) else v
                for key, v in self.data.items()
            }
        super().full_clean()

    def clean(self):
        """After each field's own checks: dates outside the range are refused."""
        data = super().clean()
        for name, field in self.fields.items():
            if not isinstance(field, (forms.DateField, forms.DateTimeField)):
                continue
            value = data.get(name)
            day = value.date() if hasattr(value, "date") else value
            if day and not EARLIEST_DATE <= day <= LATEST_DATE:
                self.add_error(name, DATE_RANGE_MESSAGE)
        return data


class FilterForm(BootstrapFormMixin, forms.Form):
    """The form class of every FilterSet."""

    empty_choice_label = FILTER_EMPTY_LABEL


def add_model_errors(form, instance, names: dict[str, str] | None = None) -> None:
    """Run a model's own rules (`instance.clean()`) for a form that is not its
    ModelForm, each error on the form field `names` maps it to (by default the
    field of the same name; the form's own errors when it has none)."""
    try:
        instance.clean()
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            field = (names or {}).get(name, name)
            for message in messages:
                form.add_error(field if field in form.fields else None, message)


class RelatedRulesMixin:
    """A ModelForm whose model keeps rules about its many-to-many values in
    `clean_related(**values)` (they are saved after the record, so `clean()`
    cannot see them): run with the values the form holds, after the model's
    own validation."""

    def _post_clean(self):
        super()._post_clean()
        values = {
            field.name: list(self.cleaned_data[field.name])
            for field in self.instance._meta.many_to_many
            if self.cleaned_data.get(field.name) is not None
        }
        try:
            self.instance.clean_related(**values)
        except ValidationError as error:
            self._update_errors(error)


class _StoredFile:
    """A stored file as a file input shows it: its name, linked to `url`."""

    def __init__(self, name: str, url: str):
        self.name, self.url = name, url

    def __str__(self) -> str:
        return self.name


class StoredFileInput(forms.ClearableFileInput):
    """A file input whose "目前" (current file) links to `url`, the record's
    scoped view, not to MEDIA_URL, which is never served (docs/security.md).
    The form sets `url` once its record exists."""

    url = ""

    def format_value(self, value):
        if self.url and self.is_initial(value):
            return _StoredFile(PurePath(value.name).name, self.url)
        return super().format_value(value)
