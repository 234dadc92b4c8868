"""Importing ledgers: all-or-nothing, every bad row named, idempotent, scoped."""

from datetime import date, datetime
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from ledgers.errors import LedgerFileError
from ledgers.importing import import_ledger, template_xlsx
from ledgers.registry import LEDGERS
from petitions.models import HotlineOrder, ReceptionDay
from tests.factories import CadreFactory

pytestmark = pytest.mark.django_db
RECEPTIONS = LEDGERS["reception_days"]
HOTLINE = LEDGERS["hotline_orders"]
HEADER = ["日期", "类别", "接访领导", "单位", "地点", "接待群众（人次）"]


def xlsx(rows, header=HEADER, title=True, merge=None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    if title:
        sheet.append(["永昌县2024年领导接访台账"])
        sheet.append(["单位：永昌县"])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def leader(city):
    return CadreFactory(name="张县长", unit=city.yongchang, rank="county")


def good(**changes):
    row = {
        "日期": "2024-03-05",
        "类别": "领导接访日",
        "接访领导": "张县长",
        "单位": "永昌县",
        "地点": "县接待中心",
        "接待群众（人次）": 8,
    }
    if "visitors" in changes:
        changes["接待群众（人次）"] = changes.pop("visitors")
    row.update(changes)
    return [row[h] for h in HEADER]


def run(city, content, name="ledger.xlsx", dry_run=False, user=None):
    return import_ledger(
        RECEPTIONS, content, name, user=user or city.users.clerk, dry_run=dry_run
    )


def test_a_good_ledger_imports_and_twice_changes_nothing(city, leader):
    content = xlsx([good(), good(日期=date(2024, 4, 2), visitors=3)])
    result = run(city, content)
    assert result.ok and (result.new, result.updated) == (2, 0)
    again = run(city, content)
    assert again.ok and (again.new, again.updated, again.unchanged) == (0, 0, 2)
    assert ReceptionDay.objects.count() == 2


def test_dry_run_writes_nothing(city, leader):
    result = run(city, xlsx([good()]), dry_run=True)
    assert result.ok and result.new == 1
    assert not ReceptionDay.objects.exists()


def test_a_changed_row_updates_on_the_natural_key(city, leader):
    run(city, xlsx([good()]))
    result = run(city, xlsx([good(visitors=20)]))
    assert result.updated == 1 and ReceptionDay.objects.get().visitors == 20


BAD_ROWS = [
    (
        "unknown cadre",
        good(接访领导="李不存在"),
        "接访领导",
        "不存在或不在您的管辖范围内",
    ),
    (
        "other county",
        good(接访领导="陈海军", 单位="宁远堡镇"),
        "接访领导",
        "不存在或不在您的管辖范围内",
    ),
    ("not a date", good(日期="明天"), "日期", "不是有效日期"),
    ("impossible date", good(日期="2024-02-30"), "日期", "不是有效日期"),
    ("date in 1900", good(日期=date(1900, 1, 1)), "日期", "超出合理范围"),
    ("date in 2100", good(日期="2100-01-01"), "日期", "超出合理范围"),
    ("negative count", good(visitors=-3), "接待群众（人次）", "不能为负数"),
    ("count not a number", good(visitors="很多"), "接待群众（人次）", "很多"),
    ("required cell empty", good(接访领导=None), "接访领导", "必填项为空"),
    ("required date empty", good(日期=""), "日期", "必填项为空"),
    ("unknown kind", good(类别="座谈"), "类别", "不是可选值"),
    ("formula error", good(visitors="#DIV/0!"), "接待群众（人次）", "公式错误"),
    (
        "over-long place",
        good(地点="地" * 101, 日期="2024-03-07"),
        "地点",
        "不超过 100 字符",
    ),
]


@pytest.mark.parametrize(
    ("case", "row", "column", "reason"), BAD_ROWS, ids=[b[0] for b in BAD_ROWS]
)
def test_a_bad_row_is_named_and_nothing_is_written(
    city, leader, case, row, column, reason
):
    result = run(city, xlsx([good(), row, good(日期="2024-05-06")]))
    assert not result.ok
    assert {e.row for e in result.errors} == {5}
    # A leader of another county names that county's unit too: both refused.
    [error] = [e for e in result.errors if e.column == column]
    assert (error.row, error.column) == (5, column), str(error)
    assert reason in error.message, str(error)
    assert not ReceptionDay.objects.exists()


def test_every_bad_row_is_reported(city, leader):
    result = run(
        city, xlsx([good(日期="x"), good(), good(类别="?"), good(接访领导="")])
    )
    assert [(e.row, e.column) for e in result.errors] == [
        (4, "日期"),
        (6, "类别"),
        (7, "接访领导"),
    ]


def test_a_duplicate_row_is_rejected(city, leader):
    result = run(city, xlsx([good(), good()]))
    assert [str(e) for e in result.errors] == [
        "工作表“Sheet”第5行：与第4行重复（接访领导、单位、日期、类别相同）"
    ]


def test_a_cell_merged_across_columns_is_rejected(city, leader):
    result = run(city, xlsx([good(), good(日期="2024-03-06")], merge="E5:F5"))
    assert [(e.row, e.column) for e in result.errors] == [
        (5, "地点"),
        (5, "接待群众（人次）"),
    ]
    assert all("合并单元格跨越多列" in e.message for e in result.errors)
    assert not ReceptionDay.objects.exists()


def test_a_cell_merged_down_applies_to_each_row(city, leader):
    result = run(city, xlsx([good(), good(日期="2024-03-06")], merge="C4:C5"))
    assert result.ok and result.new == 2
    assert set(ReceptionDay.objects.values_list("leader__name", flat=True)) == {
        "张县长"
    }


def test_an_ambiguous_name_asks_for_the_unit(city, leader):
    CadreFactory(name="张县长", unit=city.chengguan)
    result = run(city, xlsx([good(单位="")]))
    assert "有重名" in result.errors[0].message


def test_missing_columns_and_empty_files_are_refused(city, leader):
    unknown = run(city, xlsx([["a", "b"]], header=["甲", "乙"]))
    assert "没有自动找到表头行" in unknown.errors[0].message
    assert unknown.layout is None and unknown.header_candidates
    missing = run(
        city, xlsx([["2024-03-05", "领导接访日"]], header=["日期", "类别", "单位"])
    )
    assert "台账中没有必需的列：接访领导" in missing.errors[0].message
    assert not run(city, xlsx([])).ok
    with pytest.raises(LedgerFileError, match="无法读取"):
        run(city, b"not a spreadsheet", name="x.xlsx")


def test_gbk_and_utf8_csv_with_chinese_dates(city, leader):
    rows = "\n".join(
        [",".join(HEADER), "2024年1月8日,领导接访日,张县长,永昌县,县接待中心,5"]
    )
    for encoding in ("gbk", "utf-8-sig"):
        ReceptionDay.objects.all().delete()
        result = run(city, rows.encode(encoding), name="台账.csv")
        assert result.ok, result.errors
        assert ReceptionDay.objects.get().day == date(2024, 1, 8)


def test_round_trip_export_then_import_is_a_no_op(client, city, leader):
    ReceptionDay.objects.create(
        kind="reception",
        leader=leader,
        day=date(2024, 3, 5),
        visitors=4,
        location="县接待中心",
    )
    ReceptionDay.objects.create(
        kind="visit",
        leader=leader,
        day=date(2024, 3, 9),
        visitors=2,
        place=city.yc_village,
    )
    client.force_login(city.users.clerk)
    exported = client.post(reverse("ledger_export", args=["reception_days"])).content
    result = run(city, exported)
    assert result.ok and (result.new, result.updated, result.unchanged) == (0, 0, 2)
    assert ReceptionDay.objects.get(kind="visit").location == ""


def test_hotline_round_trip_and_bad_rows(client, city):
    received = timezone.make_aware(datetime(2024, 5, 6, 9, 0))
    HotlineOrder.objects.create(
        number="12345-1",
        received_at=received,
        unit=city.chengguan,
        summary="路灯不亮",
        signed_at=received,
        resolved_at=received,
        resolved=True,
        satisfaction="satisfied",
    )
    client.force_login(city.users.clerk)
    exported = client.post(reverse("ledger_export", args=["hotline_orders"])).content
    result = import_ledger(
        HOTLINE, exported, "h.xlsx", user=city.users.clerk, dry_run=False
    )
    assert result.ok and result.unchanged == 1
    sheet = load_workbook(BytesIO(exported)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = rows[2]
    bad = [
        dict(zip(header, rows[3], strict=True))
        | {"工单号": "A", "承办单位": "宁远堡镇"},
        dict(zip(header, rows[3], strict=True)) | {"工单号": "B", "已解决": "也许"},
        dict(zip(header, rows[3], strict=True)) | {"工单号": "C", "满意度": "很好"},
        dict(zip(header, rows[3], strict=True))
        | {"工单号": "D", "签收时间": "2024-05-05 08:00"},
        dict(zip(header, rows[3], strict=True))
        | {"工单号": "E", "受理时间": "5月6日上午"},
    ]
    content = xlsx([[r[h] for h in header] for r in bad], header=list(header))
    result = import_ledger(
        HOTLINE, content, "h.xlsx", user=city.users.clerk, dry_run=False
    )
    messages = {e.row: str(e) for e in result.errors}
    assert "不存在或不在您的管辖范围内" in messages[4]
    assert "应填“是”或“否”" in messages[5]
    assert "不是可选值" in messages[6]
    assert "签收时间不能早于受理时间" in messages[7]
    assert "不是有效的日期时间" in messages[8]
    assert HotlineOrder.objects.count() == 1


def test_template_has_headers_and_an_example(city):
    sheet = load_workbook(BytesIO(template_xlsx(RECEPTIONS))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == [*HEADER, "现场解释答复（条）"]
    assert rows[1][1] == "领导接访日"


def test_upload_preview_confirm_in_the_browser_flow(client, city, leader):

    client.force_login(city.users.clerk)
    url = reverse("ledger_import", args=["reception_days"])
    upload = SimpleUploadedFile("接访.xlsx", xlsx([good()]))
    preview = client.post(url, {"file": upload})
    assert "预览：新增 1 行" in preview.text and not ReceptionDay.objects.exists()
    token = preview.context["token"]
    response = client.post(url, {"confirm": "1", "token": token})
    assert response.status_code == 302 and ReceptionDay.objects.count() == 1
    bad = client.post(url, {"file": SimpleUploadedFile("x.txt", b"hello")}, follow=True)
    assert "只接受 .xlsx、.xls 或 .csv 文件" in bad.text


def test_the_preview_shows_what_an_update_changes(client, city, leader):

    run(city, xlsx([good(visitors=8), good(日期="2024-04-02")]))
    client.force_login(city.users.clerk)
    url = reverse("ledger_import", args=["reception_days"])
    content = xlsx([good(visitors=20), good(日期="2024-04-02")])
    preview = client.post(url, {"file": SimpleUploadedFile("接访.xlsx", content)})
    assert "新增 0 行，更新 1 行，未变 1 行" in preview.text
    [changed] = [r for r in preview.context["result"].preview if r["type"] == "update"]
    assert changed["changes"] == {"接待群众（人次）": "8"}
    assert (
        '<del class="text-danger">8</del> → <ins class="text-success">20</ins>'
        in preview.text
    )
    assert ReceptionDay.objects.get(day=date(2024, 3, 5)).visitors == 8


def test_only_office_staff_import(client, city):
    client.force_login(city.users.leader)
    assert (
        client.get(reverse("ledger_import", args=["reception_days"])).status_code == 404
    )
    client.force_login(city.users.clerk)
    assert client.get(reverse("ledger_import", args=["activities"])).status_code == 200
    # Petitioners' data comes in through the petition office only.
    assert (
        client.get(reverse("ledger_import", args=["petition_cases"])).status_code == 404
    )
    client.force_login(city.users.petition_office)
    assert (
        client.get(reverse("ledger_import", args=["petition_cases"])).status_code == 200
    )


def test_command_line_import_exits_non_zero_with_the_errors(
    city, leader, tmp_path, capsys
):

    path = tmp_path / "bad.xlsx"
    path.write_bytes(xlsx([good(日期="x")]))
    with pytest.raises(CommandError, match="1 处错误，未导入任何数据"):
        call_command(
            "import_ledger", str(path), "--kind", "reception_days", "--user", "clerk"
        )
    assert "第4行“日期”列" in capsys.readouterr().err
    path.write_bytes(xlsx([good()]))
    call_command(
        "import_ledger", str(path), "--kind", "reception_days", "--user", "clerk"
    )
    assert ReceptionDay.objects.count() == 1


def test_an_import_does_not_reveal_an_order_number_out_of_scope(client, city):
    """金川区 has order 12345-9; the 永昌县 office importing the same number
    is refused without being told that such an order exists."""
    received = timezone.make_aware(datetime(2024, 5, 6, 9, 0))
    HotlineOrder.objects.create(
        number="12345-9", received_at=received, unit=city.ningyuanpu, summary="噪音"
    )
    mine = HotlineOrder.objects.create(
        number="12345-1", received_at=received, unit=city.chengguan, summary="路灯"
    )
    client.force_login(city.users.clerk)
    exported = client.post(reverse("ledger_export", args=["hotline_orders"])).content
    sheet = load_workbook(BytesIO(exported)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header, row = rows[2], dict(zip(rows[2], rows[3], strict=True))
    assert row["工单号"] == mine.number
    content = xlsx([[(row | {"工单号": "12345-9"})[h] for h in header]], header=header)
    result = import_ledger(
        HOTLINE, content, "h.xlsx", user=city.users.clerk, dry_run=True
    )
    messages = [str(e) for e in result.errors]
    assert len(messages) == 1 and "与系统中已有的记录冲突" in messages[0]
    assert "已存在" not in messages[0] and "12345工单" not in messages[0]
    assert HotlineOrder.objects.get(number="12345-9").unit == city.ningyuanpu


def _as_excel_writes(content: bytes, cell: str, xml: bytes) -> bytes:
    """The .xlsx with one cell of its sheet replaced by the XML Excel writes."""
    import re
    import zipfile

    source, out = zipfile.ZipFile(BytesIO(content)), BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for member in source.infolist():
            data = source.read(member)
            if member.filename == "xl/worksheets/sheet1.xml":
                pattern = rb'<c r="' + cell.encode() + rb'"[^>]*>.*?</c>'
                data, n = re.subn(pattern, xml, data, flags=re.DOTALL)
                assert n == 1, cell
            target.writestr(member, data)
    return out.getvalue()


def test_a_formula_error_as_excel_stores_it_is_named(city, leader):
    """Excel stores a failed formula as an error cell (t="e"), not as text:
    it is read as its text and refused, not taken for an empty cell."""
    content = _as_excel_writes(
        xlsx([good(), good(日期="2024-03-06")]),
        "F5",
        b'<c r="F5" t="e"><f>8/0</f><v>#DIV/0!</v></c>',
    )
    result = run(city, content)
    assert [(e.row, e.column) for e in result.errors] == [(5, "接待群众（人次）")]
    assert "公式错误" in result.errors[0].message
    assert not ReceptionDay.objects.exists()


def test_a_ledger_placed_away_from_a1_keeps_its_row_numbers(city, leader):
    workbook = Workbook()
    sheet = workbook.active
    sheet["C3"] = "永昌县2024年领导接访台账"
    sheet.merge_cells("C3:H3")
    for offset, row in enumerate([HEADER, good(), good(类别="?")]):
        for column, value in enumerate(row):
            sheet.cell(5 + offset, 3 + column, value)
    buffer = BytesIO()
    workbook.save(buffer)
    result = run(city, buffer.getvalue())
    assert [(e.row, e.column) for e in result.errors] == [(7, "类别")]
