"""django-import-export widgets that read ledger cells the way offices write them."""

from import_export.widgets import Widget

from .models import Cadre, OrgUnit


class ChoiceLabelWidget(Widget):
    """A choice written by its Chinese label ("领导接访日") or its code."""

    def __init__(self, choices, **kwargs):
        super().__init__(**kwargs)
        self.by_label = {str(label): value for value, label in choices.choices}
        self.values = set(choices.values)

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if text in self.values:
            return text
        if text in self.by_label:
            return self.by_label[text]
        raise ValueError(f"“{text}”不是可选值（可选：{'、'.join(self.by_label)}）")

    def render(self, value, obj=None, **kwargs):
        return {v: k for k, v in self.by_label.items()}.get(value, value)


class YesNoWidget(Widget):
    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if text in ("是", "1", "True", "TRUE", "true"):
            return True
        if text in ("否", "0", "False", "FALSE", "false", ""):
            return False
        raise ValueError(f"“{text}”应填“是”或“否”")


class ScopedWidget(Widget):
    """A foreign key found by name among the records the importing user may
    change; unknown, ambiguous or out-of-scope names are row errors."""

    model = None
    label = ""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.user = None
        self._found: dict[tuple, object] = {}  # one lookup per distinct name

    def queryset(self, value, row):
        return self.model.objects.editable_by(self.user).filter(name=value)

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        key = (str(value).strip(), self.cache_key(row or {}))
        if key not in self._found:
            self._found[key] = list(self.queryset(key[0], row or {})[:2])
        matches = self._found[key]
        if not matches:
            raise ValueError(f"{self.label}“{value}”不存在或不在您的管辖范围内")
        if len(matches) > 1:
            raise ValueError(f"{self.label}“{value}”有重名，请同时填写所在单位")
        return matches[0]

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""

    def cache_key(self, row) -> tuple:
        return ()


class CadreWidget(ScopedWidget):
    model = Cadre
    label = "干部"

    def __init__(self, unit_column: str = "单位", **kwargs):
        super().__init__(**kwargs)
        self.unit_column = unit_column

    def queryset(self, value, row):
        queryset = super().queryset(value, row)
        unit = row.get(self.unit_column)
        return queryset.filter(unit__name=unit) if unit else queryset

    def cache_key(self, row) -> tuple:
        return (row.get(self.unit_column),)


class OrgUnitWidget(ScopedWidget):
    model = OrgUnit
    label = "单位"
