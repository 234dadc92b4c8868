"""An export's queries do not grow with its rows, for every ledger kind: the
real export (`PreparedExport.write`) of the demo city's rows, counted on the
connection."""

from dataclasses import replace
from io import BytesIO

import pytest
from django.db import connection
from django.db.models import QuerySet
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from ledgers.export import EXPORT_CHUNK_ROWS, prepare_export
from ledgers.registry import LEDGERS
from org.models import User

FEW = 2


def _written(prepared) -> tuple[int, int]:
    """(queries, data rows) of writing the export."""
    with CaptureQueriesContext(connection) as queries:
        with prepared.write() as output:
            content = output.read()
    sheet = load_workbook(BytesIO(content), read_only=True).active
    lines = sum(1 for _ in sheet.iter_rows(values_only=True))
    total_row = any(c.total for c in prepared.ledger.columns)
    return len(queries), lines - 3 - total_row


# The reference ledgers' keepers (the accounts are the security
# administrator's alone).
KEEPERS = {"org_units": "sysadmin", "places": "sysadmin", "accounts": "secadmin"}


def _exporter(kind: str) -> User:
    name = KEEPERS.get(kind, "petition" if "petition" in kind else "cityleader")
    return User.objects.get(username=name)


@pytest.mark.parametrize("kind", sorted(LEDGERS))
def test_export_queries_do_not_grow_with_rows(demo_city, kind):
    prepared = prepare_export(LEDGERS[kind], _exporter(kind), QueryDict())
    rows = prepared.rows
    if isinstance(rows, QuerySet):
        # The first and the last row: a first row alone may leave a relation
        # blank (the city has no parent unit) that the others fill.
        pks = list(rows.values_list("pk", flat=True))
        few = [pks[0], pks[-1]]
        fewer = replace(prepared, rows=rows.filter(pk__in=few), count=FEW)
    else:  # rows computed before the export (the compliance table)
        fewer = replace(prepared, rows=rows[:FEW], count=FEW)
    assert prepared.count >= 3, f"the demo city has {prepared.count} rows"
    many_queries, many_rows = _written(prepared)
    few_queries, few_rows = _written(fewer)
    assert (few_rows, many_rows) == (FEW, prepared.count)
    assert many_queries == few_queries
    # One read of the rows, then per batch of rows one query per model named
    # (units, cadres, places…) and per many-to-many column: a few per batch,
    # so at most one per 500 rows at scale (bench/ledgers.py measures it).
    assert prepared.count <= EXPORT_CHUNK_ROWS and many_queries <= 8


def _cells(prepared) -> list[tuple]:
    with prepared.write() as output:
        sheet = load_workbook(output, read_only=True).active
        return list(sheet.iter_rows(values_only=True))


@pytest.mark.parametrize("kind", sorted(LEDGERS))
def test_rows_read_as_values_write_what_the_records_show(demo_city, kind):
    """The export reads values, not records; each cell is still what the
    column shows of the record (`Col.export_value`)."""
    prepared = prepare_export(LEDGERS[kind], _exporter(kind), QueryDict())
    from_records = replace(prepared, rows=list(prepared.rows))
    values, records = _cells(prepared), _cells(from_records)
    assert values[:3] == records[:3] and len(values) == len(records)
    # Rows in the same order, but for ties of the ledger's ordering.
    assert sorted(values[3:], key=repr) == sorted(records[3:], key=repr)


# The kinds with a column masked for viewers other than the petition office.
MASKED = sorted(
    kind
    for kind, ledger in LEDGERS.items()
    if any(getattr(c.value, "masked", None) for c in ledger.columns)
)


def test_masked_kinds():
    assert "petition_cases" in MASKED


@pytest.mark.parametrize("kind", MASKED)
def test_masked_values_write_what_the_records_show(demo_city, kind):
    """For a viewer who sees personal data masked, the values path masks each
    column as the records path does (the choice of mask made once per
    column), and the same number of queries for 2 rows as for all."""
    user = User.objects.get(username="cityleader")
    prepared = prepare_export(LEDGERS[kind], user, QueryDict())
    assert prepared.count >= 3 and not prepared.context.unmasked
    values = _cells(prepared)
    records = _cells(replace(prepared, rows=list(prepared.rows)))
    assert values[:3] == records[:3] and len(values) == len(records)
    assert sorted(values[3:], key=repr) == sorted(records[3:], key=repr)
    if kind == "petition_cases":
        from petitions.models import Petitioner

        written = repr(values)
        people = Petitioner.objects.filter(case__in=prepared.rows)
        assert people.exists()
        for name, id_number, phone in people.values_list("name", "id_number", "phone"):
            for secret in (name, id_number, phone):
                assert not secret or secret not in written
        assert "*" in written


def test_the_accounts_activation_links_read_as_values_work(demo_city):
    """The accounts export reads values, not accounts; the activation link of
    an account with no password, which has logged in before, still checks."""
    from datetime import datetime

    from django.contrib.auth.tokens import default_token_generator
    from django.utils import timezone

    account = User.objects.get(username="cadre")
    account.set_unusable_password()
    account.last_login = timezone.make_aware(datetime(2024, 5, 6, 23, 30, 15))
    account.save()
    prepared = prepare_export(
        LEDGERS["accounts"], User.objects.get(username="secadmin"), QueryDict()
    )
    assert isinstance(prepared.rows, QuerySet)
    rows = _cells(prepared)
    header = rows[2]
    row = next(r for r in rows if r[0] == "cadre")
    assert row[header.index("状态")] == "待激活"
    assert row[header.index("姓名")] == account.cadre.name
    link = row[header.index("激活链接（一次有效）")]
    token = link.rstrip("/").split("/")[-1]
    assert default_token_generator.check_token(User.objects.get(pk=account.pk), token)
    others = [r for r in rows[3:] if r[0] != "cadre"]
    assert others and all(not r[header.index("激活链接（一次有效）")] for r in others)
