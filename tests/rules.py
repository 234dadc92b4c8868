"""One record rule, shown both ways in: the web form and the ledger import
refuse the same record with the same reason, and the record on the other
side of the rule's boundary is accepted by both (tests/<app>/test_rules.py).

A test module describes its ledger kind with a `Kind`: the user, a valid
ledger row and valid form data, how to make the form, how to count the
records; then lists its `Refused` and `Accepted` cases.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from io import BytesIO

from openpyxl import Workbook

from ledgers.importing import ImportResult, import_ledger
from ledgers.registry import LEDGERS

ROW = 2  # the data row of `ledger_xlsx`, as Excel numbers it


@dataclass(frozen=True)
class Ref:
    """In form data, a record the module's `Kind` holds in `extra` by this
    name: the form gets its pk (a list of pks with `many`)."""

    name: str
    many: bool = False


@dataclass(frozen=True)
class Refused:
    """A record breaking one rule: its ledger cells and form data, changed
    from the valid ones, and where and why both ways refuse it."""

    id: str
    row: dict  # header → cell; None leaves the cell empty
    column: str  # the column the import error names ("" for the row)
    message: str  # in the import's message and, unless told, the form's
    form: dict | None = None  # None: the page cannot hold such a record
    field: str = ""  # the form field refused
    # The page's wording, where the page words it its own way (a choice it
    # does not offer, a required field), else `message`.
    form_message: str | None = None
    also: tuple[str, ...] = ()  # further columns refused in the same row


@dataclass(frozen=True)
class Accepted:
    """A record on the allowed side of a rule's boundary."""

    id: str
    row: dict
    form: dict | None = None


@dataclass
class Kind:
    ledger: str
    user: object
    row: dict  # a valid ledger row, header → cell
    form_data: dict  # valid form data, field → value
    make_form: Callable[[dict], object]  # data → bound form (or formset pair)
    count: Callable[[], int]  # the records of the kind
    extra: dict = field(default_factory=dict)  # records named by `Ref`

    def data(self, changes: dict) -> dict:
        data = {**self.form_data, **changes}
        for name, value in data.items():
            if isinstance(value, Ref):
                pk = self.extra[value.name].pk
                data[name] = [pk] if value.many else pk
            elif isinstance(value, list):
                data[name] = [
                    self.extra[v.name].pk if isinstance(v, Ref) else v for v in value
                ]
        return data


def ledger_xlsx(ledger: str, rows: list[dict]) -> bytes:
    """A sheet with the ledger's import headers and the rows below them."""
    headers = list(dict.fromkeys(c.header for c in LEDGERS[ledger].import_columns))
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(header) for header in headers])
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def import_rows(ledger: str, rows: list[dict], user) -> ImportResult:
    return import_ledger(
        LEDGERS[ledger],
        ledger_xlsx(ledger, rows),
        "规则.xlsx",
        user=user,
        dry_run=False,
    )


def form_errors(form) -> dict[str, list[str]]:
    """Errors of a form, or of a (form, formset) pair, by field ("" for
    the form's or the formset's own)."""
    forms = form if isinstance(form, tuple) else (form,)
    errors: dict[str, list[str]] = {}
    for each in forms:
        each.is_valid()
        found = each.errors
        if isinstance(found, list):  # a formset: its forms, then its own
            for form_errors_ in found:
                for name, messages in form_errors_.items():
                    errors.setdefault(name, []).extend(messages)
            errors.setdefault("", []).extend(each.non_form_errors())
            continue
        for name, messages in found.items():
            errors.setdefault("" if name == "__all__" else name, []).extend(messages)
    return errors


def check_refused(kind: Kind, case: Refused) -> None:
    """The form refuses the record on its field; the import refuses the row
    on its column with the same reason and writes nothing."""
    if case.form is not None:
        errors = form_errors(kind.make_form(kind.data(case.form)))
        messages = errors.get(case.field, [])
        wanted = case.message if case.form_message is None else case.form_message
        assert any(wanted in m for m in messages), errors
    before = kind.count()
    result = import_rows(kind.ledger, [{**kind.row, **case.row}], kind.user)
    found = [(e.row, e.column) for e in result.errors]
    assert found == [(ROW, c) for c in (case.column, *case.also)], result.errors
    assert case.message in result.errors[0].message, result.errors
    assert kind.count() == before


def check_accepted(kind: Kind, case: Accepted) -> None:
    """The form takes the record; the import writes the row."""
    if case.form is not None:
        errors = form_errors(kind.make_form(kind.data(case.form)))
        assert not any(errors.values()), errors
    before = kind.count()
    result = import_rows(kind.ledger, [{**kind.row, **case.row}], kind.user)
    assert result.ok, [str(e) for e in result.errors]
    assert kind.count() == before + 1
