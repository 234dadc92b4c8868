"""The import template imports as downloaded: its example row names a real
cadre, place and unit (and topic, finding or case) from the downloader's own
scope, so a clerk who fills nothing in gets no error."""

from datetime import date
from io import BytesIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from activities.models import Activity, Liaison
from ledgers.importing import example_row, import_ledger
from ledgers.registry import LEDGERS, may_import
from org.models import Cadre, Place
from org.roles import Role
from research.models import Finding
from tests.factories import (
    ActivityFactory,
    CadreFactory,
    PlaceFactory,
    TopicFactory,
    make_login,
)
from tests.sheets import workbook

pytestmark = pytest.mark.django_db

IMPORTABLE = [kind for kind, ledger in LEDGERS.items() if ledger.importable]


@pytest.fixture
def county(city, register):
    """What a 永昌县 office already holds besides people and places: a topic
    with a finding (for trips, findings, measures and conversions to name),
    an on-site session (for its typical cases), a petition case (for a
    backlog case) and an enterprise (for a 包联)."""
    lead = CadreFactory(name="周县长", unit=city.yongchang, rank="county")
    topic = TopicFactory(title="关于村级集体经济的调研", lead=lead, unit=city.yongchang)
    Finding.objects.create(
        topic=topic, description="部分村集体经济收入偏低", found_on=date(2024, 4, 9)
    )
    ActivityFactory(cadre=city.users.cadre.cadre, places=[city.yc_village])
    register()
    PlaceFactory(name="金川集团", kind="enterprise", unit=city.chengguan)  # 包联
    return city


KEEPERS = {  # the reference ledgers' administrators
    "org_units": "sysadmin",
    "places": "sysadmin",
    "cadres": "secadmin",
    "accounts": "secadmin",
}


def downloader(city, kind):
    """The county's clerk; for a ledger of petitioners' data, which a clerk
    may not import, the petition office; for reference data, its
    administrator."""
    if kind in KEEPERS:
        return getattr(city.users, KEEPERS[kind])
    ledger = LEDGERS[kind]
    clerk = city.users.clerk
    return clerk if may_import(clerk, ledger) else city.users.petition_office


def test_a_county_clerk_imports_every_kind_but_petitioners_data(city):
    refused = [k for k in IMPORTABLE if not may_import(city.users.clerk, LEDGERS[k])]
    assert refused == [*KEEPERS, "petition_cases"]


@pytest.mark.parametrize("kind", IMPORTABLE)
def test_the_template_imports_as_downloaded(client, county, kind):
    user = downloader(county, kind)
    client.force_login(user)
    response = client.get(reverse("ledger_template", args=[kind]))
    assert response.status_code == 200
    content = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    result = import_ledger(LEDGERS[kind], content, "模板.xlsx", user=user, dry_run=True)
    assert result.ok, [str(e) for e in result.errors]
    assert result.new == 1


def test_the_example_names_the_downloaders_own_cadre_place_and_unit(county):
    ledger = LEDGERS["activities"]
    row = dict(
        zip(
            [c.header for c in ledger.import_columns],
            example_row(ledger, county.users.clerk),
            strict=True,
        )
    )
    cadre = row["主讲（带队）干部"]
    assert cadre != "张建国"  # the static example: no such cadre here
    unit = Cadre.objects.get(name=cadre).unit
    assert county.yongchang in (unit, unit.parent)
    assert row["地点"] in ("城关镇金川西村", "金川西村")
    assert row["地点"] != "宁远堡村"  # another county's village
    other = dict(
        zip(
            [c.header for c in ledger.import_columns],
            example_row(ledger, county.users.leader),
            strict=True,
        )
    )
    assert other["地点"] in ("宁远堡镇宁远堡村", "宁远堡村")


def test_without_a_user_the_static_example_stays():
    ledger = LEDGERS["activities"]
    assert example_row(ledger) == [c.example for c in ledger.import_columns]


def test_a_template_download_leaves_nothing_for_the_next_users_import(client, city):
    """The example lookups are the downloader's own: another county's office
    importing the same sheet is refused the places it may not name."""
    CadreFactory(name="张县长", unit=city.yongchang, rank="county")
    ledger = LEDGERS["activities"]
    client.force_login(city.users.clerk)
    sheet = client.get(reverse("ledger_template", args=["activities"]))
    content = b"".join(sheet.streaming_content) if sheet.streaming else sheet.content
    other = make_login(
        "jcclerk", Role.CLERK, unit=city.jinchuan, scope=city.jinchuan, rank="staff"
    )
    result = import_ledger(ledger, content, "模板.xlsx", user=other, dry_run=True)
    errors = [str(error) for error in result.errors]
    for column in ("主讲（带队）干部", "地点", "组织单位"):
        assert any(
            f"“{column}”列" in e and "不在您的管辖范围内" in e for e in errors
        ), (
            column,
            errors,
        )


def test_the_command_writes_the_users_template_that_imports_as_is(county, tmp_path):
    """`ledger_template --user` gives the same example row as the web page:
    without it, the static example names a cadre who does not exist here."""
    ledger, clerk = LEDGERS["activities"], county.users.clerk
    plain, own = tmp_path / "plain.xlsx", tmp_path / "own.xlsx"
    call_command("ledger_template", kind="activities", output=str(plain))
    call_command("ledger_template", kind="activities", output=str(own), user="clerk")
    refused = import_ledger(
        ledger, plain.read_bytes(), "t.xlsx", user=clerk, dry_run=True
    )
    assert any(e.column == "主讲（带队）干部" for e in refused.errors)
    result = import_ledger(ledger, own.read_bytes(), "t.xlsx", user=clerk, dry_run=True)
    assert result.ok and result.new == 1, [str(e) for e in result.errors]
    with pytest.raises(CommandError, match="无权导入"):
        call_command(
            "ledger_template", kind="petition_cases", output=str(own), user="clerk"
        )


KIND_CELLS = {
    # 类别 → the cells its rules ask for beyond the example row
    "宣讲": {},
    "专题党课": {},
    "培训": {"培训类型": "轮训", "结束日期": "2024-03-06"},
    "现场办公": {},
    "项目包抓": {"联系方式": "实地走访"},
    "包联企业": {"联系方式": "电话"},
}


def test_every_activity_kind_imports_from_the_template(client, county):
    """Training (培训类型) and liaison contacts (联系方式, the cadre's liaison
    with the place named) import like lectures, from the downloaded sheet."""
    clerk = county.users.clerk
    client.force_login(clerk)
    response = client.get(reverse("ledger_template", args=["activities"]))
    book = load_workbook(BytesIO(response.content))
    sheet = book.worksheets[0]
    headers = [c.value for c in sheet[1]]
    example = dict(zip(headers, [c.value for c in sheet[2]], strict=True))
    cadre = Cadre.objects.get(name=example["主讲（带队）干部"])
    place = Place.objects.get(name=example["地点"].removeprefix("城关镇"))
    for day, kind in enumerate(Liaison.Kind, start=1):
        Liaison.objects.create(
            kind=kind, cadre=cadre, role="leader", place=place, since=date(2024, 1, day)
        )
    sheet.delete_rows(2)
    for label, cells in KIND_CELLS.items():
        row = {**example, "类别": label, "主题": f"{label}活动", **cells}
        sheet.append([row.get(h) for h in headers])
    buffer = BytesIO()
    book.save(buffer)
    ledger = LEDGERS["activities"]
    result = import_ledger(
        ledger, buffer.getvalue(), "t.xlsx", user=clerk, dry_run=False
    )
    assert result.ok, [str(e) for e in result.errors]
    imported = {a.kind: a for a in Activity.objects.filter(cadre=cadre)}
    assert set(imported) == {k.value for k in Activity.Kind}
    assert imported["training"].training_kind == "rotation"
    assert imported["project_visit"].liaison.kind == "project"
    assert imported["enterprise_visit"].contact_mode == "phone"


def test_a_liaison_contact_without_a_liaison_says_what_to_name(county):
    clerk = county.users.clerk
    ledger = LEDGERS["activities"]
    row = dict(
        zip(
            [c.header for c in ledger.import_columns],
            example_row(ledger, clerk),
            strict=True,
        )
    )
    row.update({"类别": "项目包抓", "联系方式": "电话联系"})
    result = import_ledger(
        ledger,
        workbook([list(row), list(row.values())]),
        "t.xlsx",
        user=clerk,
        dry_run=True,
    )
    assert [e.column for e in result.errors] == ["地点"]
    assert "请在“地点”列填写其包抓的项目" in result.errors[0].message
