"""The mapping step's other parts (issue 18): a required column the sheet
lacks takes one value for the whole file or is derived from another column
(登记日期 from 接件时间); values in the office's own words are mapped to
choices; a header row pointed at by hand. All of it is remembered with the
unit's mapping and applied to its next import of the same layout."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from ledgers.importing import import_ledger
from ledgers.models import ImportMapping, ValueSynonym
from ledgers.registry import LEDGERS
from org.roles import Role
from petitions.models import PetitionCase, ReceptionDay
from tests.factories import CadreFactory, make_login
from tests.sheets import workbook

pytestmark = pytest.mark.django_db

CASES = LEDGERS["petition_cases"]
HEADER = ["序号", "接件时间", "来访人", "信访类型", "反映的主要问题", "承办单位"]


def guide_ledger(*rows):
    """A 信访台账 as a public guide lists its columns: 接件时间 (a moment), no
    登记日期, no 问题类别."""
    return workbook([["永昌县2024年信访台账"], HEADER, *rows])


FIRST = [1, "2024年9月19日9时", "马进财", "群众来访", "反映承包地补偿", "城关镇"]
SECOND = [2, "2024/9/20 14:30", "李桂芳", "部门转入", "反映欠薪", "城关镇"]
THIRD = [3, "2024年9月23日上午10时", "王五", "部门转入", "反映路灯", "城关镇"]


def run(content, user, **options):
    return import_ledger(CASES, content, "台账.xlsx", user=user, **options)


def test_a_column_nobody_can_know_is_named_with_what_to_add(city):
    result = run(guide_ledger(FIRST), city.users.petition_office, dry_run=True)
    [error] = result.errors
    assert "加一列“登记日期”，每行填写日期" in error.message
    assert "加一列“问题类别”，每行填写从下拉列表中选择" in error.message
    assert {f.header for f in result.fills} == {"登记日期", "问题类别"}
    category = next(f for f in result.fills if f.header == "问题类别")
    assert "农村土地" in category.choices


def test_a_derived_date_and_a_constant_are_remembered_for_the_next_import(city):
    office = city.users.petition_office
    options = {
        "constants": {"问题类别": "其他"},
        "derived": {"登记日期": "接件时间"},
        "values": {"来源渠道": {"部门转入": "来信"}},
    }
    checked = run(guide_ledger(FIRST, SECOND), office, dry_run=True, **options)
    assert checked.ok, [str(e) for e in checked.errors]
    assert checked.layout.derived == {
        "登记日期": ("接件时间", "取“接件时间”列的日期（时刻不计入）")
    }
    assert ImportMapping.objects.count() == 0  # a preview remembers nothing
    assert run(guide_ledger(FIRST, SECOND), office, dry_run=False, **options).ok
    cases = PetitionCase.objects.order_by("registered_on")
    assert [(c.registered_on, c.channel, c.category) for c in cases] == [
        (date(2024, 9, 19), "visit", "other"),
        (date(2024, 9, 20), "letter", "other"),
    ]
    remembered = ImportMapping.objects.get()
    assert remembered.constants == {"问题类别": "其他"}
    assert remembered.derived == {"登记日期": "接件时间"}
    # The next ledger of the same layout needs no step at all.
    again = run(guide_ledger(THIRD), office, dry_run=False)
    assert again.ok, [str(e) for e in again.errors]
    assert again.new == 1
    third = PetitionCase.objects.get(content="反映路灯")
    assert (third.registered_on, third.channel) == (date(2024, 9, 23), "letter")


def test_a_value_mapping_is_the_units_own(city):
    office = city.users.petition_office
    fills = {"constants": {"问题类别": "其他"}, "derived": {"登记日期": "接件时间"}}
    unmapped = run(guide_ledger(FIRST, SECOND, THIRD), office, dry_run=True, **fills)
    assert unmapped.unknown_values == {"来源渠道": {"部门转入": 2}}
    assert [(e.row, e.column) for e in unmapped.errors] == [(4, "来源渠道")] + [
        (5, "来源渠道")
    ]
    assert unmapped.value_rows[0][:4] == ("来源渠道", "部门转入", 2, "")
    mapped = run(
        guide_ledger(FIRST, SECOND),
        office,
        dry_run=False,
        values={"来源渠道": {"部门转入": "来信"}},
        **fills,
    )
    assert mapped.ok
    synonym = ValueSynonym.objects.get(written="部门转入")
    assert (synonym.unit, synonym.label) == (office.scope_unit, "来信")
    # Another county's petition office is not bound by this office's word.
    other = make_login(
        "jcpetition",
        Role.PETITION_OFFICE,
        unit=city.jinchuan,
        scope=city.jinchuan,
        rank="staff",
    )
    theirs = run(
        guide_ledger([1, *SECOND[1:5], "宁远堡镇"]), other, dry_run=True, **fills
    )
    assert theirs.unknown_values == {"来源渠道": {"部门转入": 1}}


UNKNOWN_HEADER = [
    ["永昌县值班接待登记"],
    ["值守时间", "带班领导", "归属", "人数"],
    ["2024-03-05", "张县长", "永昌县", 4],
]
CHOSEN = {"值守时间": "日期", "带班领导": "接访领导", "归属": "单位"}


def test_a_header_row_pointed_at_is_remembered(city):
    CadreFactory(name="张县长", unit=city.yongchang, rank="county")
    clerk, ledger = city.users.clerk, LEDGERS["reception_days"]
    content = workbook(UNKNOWN_HEADER)
    pointed = import_ledger(
        ledger,
        content,
        "值班.xlsx",
        user=clerk,
        dry_run=False,
        header_row=2,
        choice=CHOSEN,
    )
    assert pointed.ok, [str(e) for e in pointed.errors]
    assert ImportMapping.objects.get().header_row == 2
    later = workbook([*UNKNOWN_HEADER[:2], ["2024-03-12", "张县长", "永昌县", 2]])
    again = import_ledger(ledger, later, "值班.xlsx", user=clerk, dry_run=False)
    assert again.ok, [str(e) for e in again.errors]
    assert again.layout.header_how == "按本单位上次指定的表头行（第2行）"
    assert ReceptionDay.objects.count() == 2
    # Another unit pointed at nothing: it is asked to.
    other = make_login(
        "jcclerk", Role.CLERK, unit=city.jinchuan, scope=city.jinchuan, rank="staff"
    )
    theirs = import_ledger(ledger, later, "值班.xlsx", user=other, dry_run=True)
    assert theirs.layout is None and theirs.header_candidates


def test_the_web_mapping_step_takes_a_constant_a_derivation_and_a_value(client, city):
    office = city.users.petition_office
    client.force_login(office)
    url = reverse("ledger_import", args=["petition_cases"])
    upload = SimpleUploadedFile("信访台账.xlsx", guide_ledger(FIRST, SECOND))
    first = client.post(url, {"file": upload})
    page = first.content.decode()
    assert 'data-testid="column-fills"' in page
    assert 'data-testid="import-errors"' in page
    token = first.context["token"]
    layout = first.context["result"].layout
    mapping = {
        "source": [c.title for c in layout.columns],
        "target": [layout.mapping.get(c.index) or "" for c in layout.columns],
    }
    fills = {
        "fill-header": ["登记日期", "问题类别"],
        "fill-how": ["derive", "constant"],
        "fill-value": ["", "其他"],
        "fill-from": ["接件时间", ""],
    }
    second = client.post(url, {"token": token, "remap": "1", **mapping, **fills})
    page = second.content.decode()
    assert second.context["result"].unknown_values == {"来源渠道": {"部门转入": 1}}
    assert 'data-testid="value-mapping"' in page
    assert "取“接件时间”列的日期（时刻不计入）" in page
    values = {
        "value-header": ["来源渠道"],
        "value-written": ["部门转入"],
        "value-label": ["来信"],
    }
    third = client.post(
        url, {"token": token, "remap": "1", **mapping, **fills, **values}
    )
    assert third.context["result"].ok, [str(e) for e in third.context["result"].errors]
    assert 'data-testid="import-preview"' in third.content.decode()
    done = client.post(url, {"token": token, "confirm": "1"})
    assert done.status_code == 302
    assert PetitionCase.objects.count() == 2
    remembered = ImportMapping.objects.get(unit=office.scope_unit)
    assert remembered.derived == {"登记日期": "接件时间"}
    assert remembered.constants == {"问题类别": "其他"}
    assert ValueSynonym.objects.filter(unit=office.scope_unit).count() == 1
    # The next upload of the same layout previews clean, nothing chosen again.
    upload = SimpleUploadedFile("信访台账.xlsx", guide_ledger(THIRD))
    fourth = client.post(url, {"file": upload})
    assert fourth.context["result"].ok
    assert fourth.context["result"].new == 1


def test_the_unit_column_suggests_the_importing_offices_unit(city):
    rows = [["民生实事", "完成时限"], ["新建日间照料中心", "2024-09-30"]]
    result = import_ledger(
        LEDGERS["livelihood_items"],
        workbook(rows),
        "民生.xlsx",
        user=city.users.clerk,
        dry_run=True,
    )
    unit = next(f for f in result.fills if f.header == "责任单位")
    assert unit.suggested == city.users.clerk.scope_unit.name


def test_the_command_line_derives_a_column(city, tmp_path, capsys):
    path = tmp_path / "信访台账.xlsx"
    path.write_bytes(guide_ledger(FIRST))
    call_command(
        "import_ledger",
        str(path),
        kind="petition_cases",
        user="petition",
        derived=["登记日期=接件时间"],
        constants=["问题类别=其他"],
    )
    assert "登记日期：取“接件时间”列的日期（时刻不计入）" in capsys.readouterr().out
    assert PetitionCase.objects.get().registered_on == date(2024, 9, 19)
