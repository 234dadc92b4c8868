"""django-import-export widgets and resources that read ledger cells the way
offices write them, looking names up only among what the importing user may
change."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from import_export import resources
from import_export.widgets import CharWidget, IntegerWidget, ManyToManyWidget, Widget

from org.models import Cadre, OrgUnit, Place
from tracking.models import TrackedItem

LIST_SEPARATORS = re.compile(r"[、,，;；/\s]+")


class ScopedResource(resources.ModelResource):
    """A resource whose name lookups and natural-key matches see only what the
    importing user may change."""

    class Meta:
        fields = ()  # a ledger's columns give the fields (`ledgers.columns`)
        skip_unchanged = True  # an unchanged row is 未变, so a re-import is a no-op
        report_skipped = True
        clean_model_instances = True
        skip_html_diff = True  # the preview shows its own old → new cells

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        for field in self.fields.values():
            if type(field.widget) is Widget and self._is_text(field.attribute):
                field.widget = CharWidget()  # a blank text cell reads as ""
            if self._has_default(field.attribute):
                field.saves_null_values = False  # a blank cell keeps the default
            if hasattr(field.widget, "user"):
                field.widget.user = user

    def get_queryset(self):
        return self._related(self._meta.model.objects.editable_by(self.user))

    def _related(self, queryset):
        """The rows matched by natural key come with what the import compares
        (their foreign keys and many-to-many sets), not a query per row."""
        joined, prefetched = set(), set()
        for field in self.get_import_fields():
            model, path = self._meta.model, []
            for step in field.attribute.split("__"):
                model_field = model._meta.get_field(step)
                if not model_field.is_relation:
                    break
                path.append(step)
                if model_field.many_to_many:
                    prefetched.add("__".join(path))
                    break
                joined.add("__".join(path))
                model = model_field.related_model
        return queryset.select_related(*joined).prefetch_related(*prefetched)

    def complete(self, instance) -> None:
        """Fill in what a ledger row does not say (who entered it, defaults)."""

    def import_instance(self, instance, row, **kwargs):
        self.row_related = {}  # not a previous row's, should this one fail
        super().import_instance(instance, row, **kwargs)
        self.row_related = self.related_values(instance, row)

    def related_values(self, instance, row) -> dict[str, list]:
        """The record's many-to-many values after this row (a cell, or what
        the record holds when the sheet has no such column): saved after the
        record, they are checked by the model's `clean_related`."""
        values = {}
        for field in self.get_import_fields():
            if not isinstance(field.widget, ManyToManyWidget):
                continue
            if "__" in field.attribute:
                continue  # on a related record (a tracked item's 配合单位)
            if field.column_name not in row:
                held = getattr(instance, field.attribute).all() if instance.pk else []
                values[field.attribute] = list(held)
                continue
            try:
                values[field.attribute] = list(field.clean(row))
            except ValueError:
                continue  # reported with its column by the first pass
        return values

    def validate_instance(self, instance, import_validation_errors=None, **kwargs):
        """The model's own rules, those about its many-to-many values too."""
        self.complete(instance)
        errors = {}
        try:
            super().validate_instance(instance, import_validation_errors, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if hasattr(instance, "clean_related"):
            try:
                instance.clean_related(**getattr(self, "row_related", {}))
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(self._without_existence(errors))

    # A row matching a record the importer may change is an update, so a
    # uniqueness clash means a record out of the importer's scope: the message
    # neither confirms that it exists nor names it (an order number, say).
    DUPLICATE = "与系统中已有的记录冲突，不能导入；请核对，或联系上级单位办理"

    def _without_existence(self, errors: dict) -> dict:
        return {
            field: [
                ValidationError(self.DUPLICATE)
                if getattr(e, "code", None)
                in ("unique", "unique_together", "unique_for_date")
                else e
                for e in field_errors
            ]
            for field, field_errors in errors.items()
        }

    def do_instance_save(self, instance, is_create):
        """A changed record's optimistic-lock version goes up, as an edit
        form's save does: a form opened before the import is then refused
        rather than silently overwriting the imported change."""
        versioned = not is_create and any(
            f.name == "version" for f in instance._meta.concrete_fields
        )
        if versioned:
            instance.version = models.F("version") + 1
        super().do_instance_save(instance, is_create)
        if versioned:
            instance.refresh_from_db(fields=["version"])

    def _model_field(self, attribute: str):
        model = self._meta.model
        *path, name = attribute.split("__")
        for step in path:
            model = model._meta.get_field(step).related_model
        return model._meta.get_field(name)

    def _is_text(self, attribute: str) -> bool:
        return isinstance(
            self._model_field(attribute), models.CharField | models.TextField
        )

    def _has_default(self, attribute: str) -> bool:
        field = self._model_field(attribute)
        return not field.many_to_many and field.has_default()


class TrackedRecordResource(ScopedResource):
    """A pillar record linked to a tracked item (事项、责任单位、责任人、时限):
    fields with attributes `item__…` are set on the item, which is opened for
    a new row and saved before the record."""

    item_kind = ""

    def init_instance(self, row=None):
        instance = super().init_instance(row)
        instance.item = TrackedItem(kind=self.item_kind)
        return instance

    def item_start_date(self, instance):
        """The date the item was handed over, for a new row."""
        raise NotImplementedError

    def validate_instance(self, instance, import_validation_errors=None, **kwargs):
        self.complete(instance)
        errors = dict(import_validation_errors or {})
        item = instance.item
        if item.pk is None:
            item.start_date = self.item_start_date(instance)
        try:
            item.warn_from = item.start_date  # computed on save; not the user's
            item.full_clean(exclude=["warn_from"])
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                key = f"item__{name}" if name != "__all__" else "item__deadline"
                errors.setdefault(key, ValidationError(messages))
        try:
            instance.full_clean(exclude=[*errors, "item"])
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def do_instance_save(self, instance, is_create):
        instance.item.save()
        instance.item = instance.item  # sets item_id now that it has a pk
        super().do_instance_save(instance, is_create)


class NonNegativeIntegerWidget(IntegerWidget):
    def __init__(self, maximum: int | None = None, **kwargs):
        super().__init__(**kwargs)
        self.maximum = maximum

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, str) and value.strip().endswith("%"):
            value = value.strip()[:-1]
        try:
            number = super().clean(value, row, **kwargs)
        except (ValueError, ArithmeticError):
            raise ValueError(f"“{value}”不是数字") from None
        if number is not None and number < 0:
            raise ValueError("不能为负数")
        if number is not None and self.maximum is not None and number > self.maximum:
            raise ValueError(f"不能大于{self.maximum}")
        return number


class ChoiceLabelWidget(Widget):
    """A choice written by its Chinese label ("领导接访日") or its code."""

    def __init__(self, choices, *, blank=None, **kwargs):
        super().__init__(**kwargs)
        self.by_label = {str(label): value for value, label in choices.choices}
        self.values = set(choices.values)
        # An empty cell: the given value, the choice labelled for "" (such as
        # 未评价), or None, which keeps the model default.
        self.blank = blank if blank is not None else ("" if "" in self.values else None)

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if not text:
            return self.blank
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

    def __init__(self, *, reach: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.user = None
        self.reach = reach  # pick among what the user reaches, not only edits
        self._found: dict[tuple, object] = {}  # one lookup per distinct name

    def scope(self):
        """The records the importing user may name in this column."""
        objects = self.model.objects
        if self.reach:
            return objects.within_reach_of(self.user)
        return objects.editable_by(self.user)

    def queryset(self, value, row):
        return self.scope().filter(name=value)

    def examples(self, user, header: str, row: dict) -> dict:
        """The import template's cells naming a record `user` may use in this
        column (and the cells it depends on, such as a cadre's unit); {} when
        the user has none to name."""
        self.user = user
        for record in self.scope().order_by("pk")[:20]:
            cells = {header: self.render(record), **self.example_context(record)}
            try:
                if self.clean(cells[header], row={**row, **cells}) == record:
                    return cells
            except ValueError:  # a shared name: try the next
                continue
        return {}

    def example_context(self, record) -> dict:
        """Other cells that name `record` unambiguously."""
        return {}

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
        return str(value) if value else ""

    def cache_key(self, row) -> tuple:
        return ()


class CadreWidget(ScopedWidget):
    model = Cadre
    label = "干部"

    def __init__(self, unit_column: str = "单位", **kwargs):
        super().__init__(**kwargs)
        self.unit_column = unit_column

    def queryset(self, value, row):
        matches = list(super().queryset(value, row).select_related("unit")[:20])
        unit = row.get(self.unit_column)
        if len(matches) > 1 and unit:
            matches = [c for c in matches if c.unit.name == unit] or matches
        return matches

    def cache_key(self, row) -> tuple:
        return (row.get(self.unit_column),)

    def example_context(self, record) -> dict:
        return {self.unit_column: record.unit.name}


class OrgUnitWidget(ScopedWidget):
    model = OrgUnit
    label = "单位"


class ScopedListWidget(ManyToManyWidget):
    """Several names in one cell ("金川村、城关镇东街社区"), each looked up among
    what the importing user reaches; a name matches any of `names_of(obj)`."""

    model = None
    label = ""
    related: tuple[str, ...] = ("unit",)

    def __init__(self, **kwargs):
        super().__init__(self.model, separator="、", **kwargs)
        self.user = None
        self._by_name: dict[str, list] | None = None

    def names_of(self, obj) -> list[str]:
        return [obj.name]

    def _lookup(self) -> dict[str, list]:
        if self._by_name is None:
            self._by_name = {}
            objects = self.model.objects.within_reach_of(self.user)
            for obj in objects.select_related(*self.related):
                for name in self.names_of(obj):
                    self._by_name.setdefault(name, []).append(obj)
        return self._by_name

    def clean(self, value, row=None, **kwargs):
        names = [n for n in LIST_SEPARATORS.split(str(value or "").strip()) if n]
        found = []
        for name in dict.fromkeys(names):
            matches = self._lookup().get(name, [])
            if not matches:
                raise ValueError(f"{self.label}“{name}”不存在或不在您的管辖范围内")
            if len(matches) > 1:
                raise ValueError(
                    f"{self.label}“{name}”有重名，请写明所属单位，如“{self.names_of(matches[0])[-1]}”"
                )
            found.append(matches[0])
        return found

    def render(self, value, obj=None, **kwargs):
        return "、".join(self.names_of(o)[0] for o in value.all()) if value else ""

    def examples(self, user, header: str, row: dict) -> dict:
        """The template's cell: the first name `user` reaches that names one
        record only."""
        self.user, self._by_name = user, None
        for name, matches in self._lookup().items():
            if len(matches) == 1 and self.names_of(matches[0])[0] == name:
                return {header: name}
        return {}


class PlaceListWidget(ScopedListWidget):
    """Places by name ("金川村") or with their township ("城关镇金川村")."""

    model = Place
    label = "地点"

    def names_of(self, obj) -> list[str]:
        return [str(obj), obj.name]


class CadreListWidget(ScopedListWidget):
    """Cadres by name ("王建国") or with their unit ("城关镇王建国")."""

    model = Cadre
    label = "干部"

    def names_of(self, obj) -> list[str]:
        return [obj.name, f"{obj.unit.name}{obj.name}"]


class OrgUnitListWidget(ScopedListWidget):
    """Units by name, several in one cell (配合单位)."""

    model = OrgUnit
    label = "单位"
    related = ()
