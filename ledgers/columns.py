"""A ledger column, declared once.

A `Col` says everything about one column: its header, the model attribute an
import sets and the widget that reads the cell, what the export writes, its
width and total, whether the import requires it, how a free-form cell is read
and the example value of the downloadable template. The export columns, the
import columns and the import-export resource fields are all produced from it.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils import timezone
from import_export import fields, resources
from import_export.widgets import DateWidget, Widget

from ui.spreadsheet import ANY, Column


def follow(row, path: str):
    """The value at `path` ("item__unit") from a row, as a ledger cell shows it:
    a choice by its label, a record by its name, several records joined by 、,
    a moment in local time; None where the path meets a blank. A path through
    a set of records ("petitioners__name") gives the list of their values."""
    *steps, last = path.split("__")
    for i, step in enumerate(steps):
        try:
            row = getattr(row, step)
        except ObjectDoesNotExist:  # a one-to-one companion it has not
            return None
        if row is None:
            return None
        if isinstance(row, models.Manager):
            rest = "__".join([*steps[i + 1 :], last])
            return [follow(record, rest) for record in row.all()]
    display = getattr(row, f"get_{last}_display", None)
    if display is not None:
        return display()
    value = getattr(row, last)
    if isinstance(value, models.Manager):
        return "、".join(str(record) for record in value.all())
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


class From:
    """An export cell computed from the values at some paths, each as `follow`
    shows it: `using(*values, context)`. Unlike a function of the row, it
    lets the export read the paths' values without loading the records.
    `kind` says what the cells hold (ui.spreadsheet's TEXT, NUMBER…).
    `masked(*values, context)`, when given, is the cell for a viewer who may
    not see personal data unmasked: the export picks one of the two once for
    its column, not per cell."""

    def __init__(
        self,
        *paths: str,
        using: Callable,
        kind: str = ANY,
        masked: Callable | None = None,
    ):
        self.paths, self.using, self.kind, self.masked = paths, using, kind, masked

    def compute(self, context) -> Callable:
        """The function of the values that gives this column's cells for the
        viewer of `context`."""
        if self.masked is not None and not context.unmasked:
            return self.masked
        return self.using

    def __call__(self, row, context):
        compute = self.compute(context)
        return compute(*(follow(row, path) for path in self.paths), context)


def _text(value) -> str:
    return str(value).strip()


@dataclass(frozen=True)
class Col:
    header: str
    # What an import sets: a model field or a path through relations
    # ("item__unit"); blank for a column the export only writes.
    attribute: str = ""
    widget: Widget | None = None  # how the resource reads the cell (None: as is)
    # What the export writes: a path from the row ("finding__description"),
    # `From(paths…, using=…)`, or (row, ExportContext) → value (which makes
    # the export load whole records); by default the attribute.
    value: "str | From | Callable | None" = None
    width: int = 12
    total: bool = False  # sum it in the total row
    number_format: str | None = None
    required: bool = False
    parse: Callable[[object], object] = _text  # a cell read before the widget
    # How a free-form cell is read first: "person" splits "张三 138…" into
    # the name; "units" takes the first of several units and adds the rest
    # to the column `more_to` (or rejects them when there is none).
    reads: str = "text"
    # What a date column means, for a range or a phrase: "start", "end" or
    # "deadline" (a completion deadline; "5月底前动工" is none).
    role: str = ""
    more_to: str = ""
    example: object = ""  # the template's example row
    # False: no resource field; the resource reads the cell from the row
    # itself (a column that helps a lookup, the petitioners).
    resource: bool = True

    @property
    def imported(self) -> bool:
        return bool(self.attribute)

    @property
    def is_date(self) -> bool:
        return isinstance(self.widget, DateWidget)

    def but(self, **changes) -> "Col":
        """The same column with some of its declaration changed."""
        return replace(self, **changes)

    def export_value(self, row, context):
        if callable(self.value):
            return self.value(row, context)
        return follow(row, self.value or self.attribute)

    @property
    def column(self) -> Column:
        return Column(
            self.header, self.export_value, self.width, self.total, self.number_format
        )

    def field(self) -> fields.Field:
        return fields.Field(self.attribute, self.header, widget=self.widget)


def resource_class(
    base: type[resources.ModelResource], columns: Iterable[Col], identity: list[str]
) -> type[resources.ModelResource]:
    """`base` (its model and behaviour) with a field for each imported column;
    a stored record is the same row when the columns named by `identity`
    (headers) are."""
    declared = {c.attribute: c.field() for c in columns if c.imported and c.resource}
    by_header = {field.column_name: name for name, field in declared.items()}
    meta = type(
        "Meta",
        (),
        {
            "fields": tuple(declared),
            "import_id_fields": tuple(by_header[h] for h in identity if h in by_header),
        },
    )
    # The resources' metaclass reads the fields and joins this Meta to base's.
    return type(base)(
        base.__name__,
        (base,),
        {"Meta": meta, "__module__": base.__module__, **declared},
    )
