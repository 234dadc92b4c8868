"""Columns an office's ledger never kept: one value for the whole file
(`--set 来源渠道=来访`), else a plain message saying what to add."""

from datetime import date
from io import BytesIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from ledgers.importing import import_ledger
from ledgers.registry import LEDGERS
from petitions.models import PetitionCase

pytestmark = pytest.mark.django_db


def _office_ledger(tmp_path):
    """A 信访事项登记台账 as a township keeps it: title, then no 来源渠道
    and no 问题类别 columns."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["永昌县2024年信访事项登记台账"])
    sheet.append(
        ["序号", "来访日期", "来访人", "联系电话", "反映的主要问题", "承办单位"]
    )
    sheet.append([1, date(2024, 3, 5), "马进财", "13800001111", "承包地补偿", "城关镇"])
    sheet.append([2, date(2024, 3, 6), "李桂芳", "13900002222", "欠薪", "城关镇"])
    path = tmp_path / "信访台账.xlsx"
    buffer = BytesIO()
    workbook.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def test_missing_columns_are_named_with_what_to_add(city, tmp_path):
    path = _office_ledger(tmp_path)
    result = import_ledger(
        LEDGERS["petition_cases"],
        path.read_bytes(),
        path.name,
        user=city.users.petition_office,
        dry_run=True,
    )
    message = result.errors[0].message
    assert "来源渠道" in message and "问题类别" in message
    assert "请在表中加一列“来源渠道”" in message


def test_a_constant_fills_a_column_the_ledger_lacks(city, tmp_path):
    path = _office_ledger(tmp_path)
    with pytest.raises(CommandError):
        call_command(
            "import_ledger",
            str(path),
            kind="petition_cases",
            user="petition",
            constants=["来源渠道=来访"],
        )
    assert PetitionCase.objects.count() == 0
    call_command(
        "import_ledger",
        str(path),
        kind="petition_cases",
        user="petition",
        constants=["来源渠道=群众来访", "问题类别=农村土地"],
    )
    cases = PetitionCase.objects.order_by("registered_on")
    assert [(c.channel, c.category) for c in cases] == [("visit", "land")] * 2


def test_a_constant_outside_the_choices_is_refused_on_every_row(city, tmp_path):
    path = _office_ledger(tmp_path)
    result = import_ledger(
        LEDGERS["petition_cases"],
        path.read_bytes(),
        path.name,
        user=city.users.petition_office,
        dry_run=False,
        constants={"来源渠道": "传真", "问题类别": "农村土地"},
    )
    assert [(e.row, e.column) for e in result.errors] == [
        (3, "来源渠道"),
        (4, "来源渠道"),
    ]
    assert PetitionCase.objects.count() == 0
