"""django-import-export widgets and resources that read ledger cells the way
offices write them, looking names up only among what the importing user may
change."""

import copy
import re

from django.core.exceptions import ValidationError
from django.db import models
from import_export import resources
from import_export.instance_loaders import BaseInstanceLoader
from import_export.results import RowResult
from import_export.widgets import CharWidget, IntegerWidget, ManyToManyWidget, Widget

from org.models import Cadre, OrgUnit, Place
from security.trail import log_in_bulk
from tracking.models import TrackedItem

from .signals import saved_in_bulk


def _key_part(value):
    return value.pk if isinstance(value, models.Model) else value


def _follow_attribute(record, attribute: str):
    for step in attribute.split("__"):
        record = getattr(record, step, None)
        if record is None:
            return None
    return record


class NaturalKeyLoader(BaseInstanceLoader):
    """The stored records a sheet's rows match, by their natural key, read
    in a few queries for the whole sheet rather than one per row: those
    whose most varied key column holds one of the sheet's values, then
    matched on the whole key."""

    CHUNK = 1000

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        self.fields = [resource.fields[f] for f in resource.get_import_id_fields()]
        self.found: dict[tuple, object] | None = None

    def key_of_row(self, row) -> tuple | None:
        try:
            return tuple(_key_part(field.clean(row)) for field in self.fields)
        except (ValueError, KeyError):
            return None

    def _load(self) -> dict[tuple, object]:
        keys = {
            key
            for row in self.dataset.dict
            if (key := self.key_of_row(row)) is not None
        }
        found: dict[tuple, object] = {}
        if not keys or not self.fields:
            return found
        position = max(range(len(self.fields)), key=lambda i: len({k[i] for k in keys}))
        attribute = self.fields[position].attribute
        values = sorted({k[position] for k in keys}, key=str)
        queryset = self.resource.get_queryset()
        for start in range(0, len(values), self.CHUNK):
            chunk = values[start : start + self.CHUNK]
            if None in chunk:
                rows = queryset.filter(
                    models.Q(
                        **{f"{attribute}__in": [v for v in chunk if v is not None]}
                    )
                    | models.Q(**{f"{attribute}__isnull": True})
                )
            else:
                rows = queryset.filter(**{f"{attribute}__in": chunk})
            for record in rows:
                key = tuple(
                    _key_part(_follow_attribute(record, f.attribute))
                    for f in self.fields
                )
                found.setdefault(key, record)
        return found

    def get_instance(self, row):
        if self.found is None:
            self.found = self._load()
        key = self.key_of_row(row)
        return None if key is None else self.found.get(key)


LIST_SEPARATORS = re.compile(r"[、,，;；/\s]+")


class _NoDiff:
    """import-export's per-row diff exports every field of each row twice, to
    render HTML the preview does not show (`skip_html_diff`); it is left out.
    (`skip_diff` itself stays off but for bulk resources: import-export tells
    an unchanged row from the copy it makes.)"""

    def __init__(self, resource, instance, new):
        pass

    def compare_with(self, resource, instance):
        pass


class ScopedResource(resources.ModelResource):
    """A resource whose name lookups and natural-key matches see only what the
    importing user may change."""

    class Meta:
        fields = ()  # a ledger's columns give the fields (`ledgers.columns`)
        skip_unchanged = True  # an unchanged row is 未变, so a re-import is a no-op
        report_skipped = True
        clean_model_instances = True
        skip_html_diff = True  # the preview shows its own old → new cells
        instance_loader_class = NaturalKeyLoader
        # A resource whose rows save alone (no tracked item, no stage
        # machine) sets `use_bulk = True` in its Meta: rows are still read
        # and validated one by one, then written 1,000 at a time with their
        # many-to-many values and their audit trail (`bulk_create`).
        batch_size = 1000

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
        if self._meta.use_bulk:
            # import-export copies every row's record before the row to tell
            # an unchanged one (`skip_diff` off); a bulk resource compares
            # with the copy it keeps for the trail instead (`skip_row`).
            self._meta = copy.copy(self._meta)
            self._meta.skip_diff = True

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if not (self._meta.use_bulk and self._meta.skip_unchanged):
            return super().skip_row(instance, original, row, import_validation_errors)
        stored = self.originals.get(instance.pk) if instance.pk else None
        if stored is None or import_validation_errors:
            return False  # a new record, or an invalid row
        for field in self.get_import_fields():
            if not isinstance(field.widget, ManyToManyWidget):
                if field.get_value(instance) != field.get_value(stored):
                    return False
            elif field.column_name in row:
                held = {o.pk for o in field.get_value(stored).all()}
                if {o.pk for o in field.clean(row)} != held:
                    return False
        return True

    def after_import_row(self, row, row_result, **kwargs):
        super().after_import_row(row, row_result, **kwargs)
        if (
            self._meta.use_bulk
            and row_result.import_type == RowResult.IMPORT_TYPE_UPDATE
        ):
            # What import-export keeps when it copies each row (the preview's
            # old → new cells).
            row_result.original = self.originals.get(row_result.object_id)

    def get_diff_class(self):
        return _NoDiff

    def get_import_fields(self):
        # Asked for several times per row; the fields do not change within
        # an import.
        if not hasattr(self, "_import_fields"):
            self._import_fields = super().get_import_fields()
        return self._import_fields

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

    # --- writing in bulk (Meta.use_bulk) ----------------------------------

    def after_init_instance(self, instance, new, row, **kwargs):
        if self._meta.use_bulk and not new:
            # The stored state, for the update's audit-trail entry.
            self.originals[instance.pk] = copy.deepcopy(instance)

    def save_m2m(self, instance, row, **kwargs):
        if not self._meta.use_bulk:
            return super().save_m2m(instance, row, **kwargs)
        if kwargs.get("dry_run") and not kwargs.get("using_transactions"):
            return None
        for field in self.get_import_fields():
            if isinstance(field.widget, ManyToManyWidget) and field.column_name in row:
                self.m2m_pending.append((instance, field, list(field.clean(row))))
        return None

    @property
    def originals(self) -> dict:
        if not hasattr(self, "_originals"):
            self._originals = {}
        return self._originals

    @property
    def m2m_pending(self) -> list:
        if not hasattr(self, "_m2m_pending"):
            self._m2m_pending = []
        return self._m2m_pending

    def bulk_create(self, using_transactions, dry_run, raise_errors, **kwargs):
        created = list(self.create_instances)
        super().bulk_create(using_transactions, dry_run, raise_errors, **kwargs)
        self._after_bulk(created, created=True)

    def bulk_update(self, using_transactions, dry_run, raise_errors, **kwargs):
        updated = list(self.update_instances)
        versioned = any(
            f.name == "version" for f in self._meta.model._meta.concrete_fields
        )
        if versioned:  # as `do_instance_save` does for one record
            for instance in updated:
                instance.version = models.F("version") + 1
        super().bulk_update(using_transactions, dry_run, raise_errors, **kwargs)
        self._after_bulk(updated, created=False)

    def get_bulk_update_fields(self):
        names = [
            self.fields[name].attribute
            for name in super().get_bulk_update_fields()
            if not isinstance(self.fields[name].widget, ManyToManyWidget)
            and "__" not in self.fields[name].attribute
        ]
        model = self._meta.model
        if any(f.name == "version" for f in model._meta.concrete_fields):
            names.append("version")
        return names

    def _after_bulk(self, records: list, *, created: bool) -> None:
        """The written records' many-to-many values, then their trail."""
        if not records or any(r.pk is None for r in records):
            return  # nothing written (a dry run without transactions)
        ids = {id(r) for r in records}
        pending = [p for p in self.m2m_pending if id(p[0]) in ids]
        self._m2m_pending = [p for p in self.m2m_pending if id(p[0]) not in ids]
        added: dict = {}
        by_field: dict = {}
        for instance, field, values in pending:
            stored = self.originals.get(instance.pk) if not created else None
            held = getattr(stored, field.attribute).all() if stored else None
            if held is not None and {o.pk for o in held} == {v.pk for v in values}:
                continue  # unchanged: neither rewritten nor logged
            by_field.setdefault(field.attribute, []).append((instance, values))
        for attribute, pairs in by_field.items():
            relation = self._meta.model._meta.get_field(attribute)
            through = relation.remote_field.through
            source = relation.m2m_field_name()
            target = relation.m2m_reverse_field_name()
            if not created:
                through.objects.filter(
                    **{f"{source}__in": [i.pk for i, _ in pairs]}
                ).delete()
            through.objects.bulk_create(
                [
                    through(**{f"{source}_id": i.pk, f"{target}_id": v.pk})
                    for i, values in pairs
                    for v in values
                ],
                batch_size=1000,
            )
            for instance, values in pairs:
                added.setdefault(instance.pk, {})[attribute] = values
        log_in_bulk(
            records,
            created=created,
            actor=self.user,
            originals=self.originals,
            m2m=added,
        )
        saved_in_bulk.send(self._meta.model, records=records, created=created)

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
        """The model's own rules, those about its many-to-many values too.
        A related record the row's widget looked up in this import is known
        to exist: its existence is not queried again for each row."""
        self.complete(instance)
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(
                exclude=[*errors, *looked_up(instance)],
                validate_unique=kwargs.get("validate_unique", True),
            )
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


def looked_up(instance) -> list[str]:
    """The foreign keys of `instance` set to a record read from the database
    (by a lookup widget, or loaded with it), whose existence is known."""
    cached = instance._state.fields_cache
    return [
        field.name
        for field in instance._meta.concrete_fields
        if field.many_to_one
        and isinstance(cached.get(field.name), models.Model)
        and cached[field.name].pk == getattr(instance, field.attname)
        and not cached[field.name]._state.adding
    ]


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
            instance.full_clean(exclude=[*errors, "item", *looked_up(instance)])
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
