"""Round trip per ledger kind: an exported ledger imports as a no-op, and after
its records are gone the same file brings them back as they were."""

from datetime import date, datetime
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from activities.models import Activity, Liaison, LivelihoodItem
from activities.models import TypicalCase as ActivityCase
from activities.services import livelihood_create
from activities.services import typical_case_add as activity_case_add
from ledgers.importing import import_ledger
from ledgers.reading import synonyms_for
from ledgers.registry import LEDGERS
from petitions.models import BacklogCase, HotlineOrder, PetitionCase, ReceptionDay
from petitions.services import backlog_assign, backlog_resolve
from research.models import (
    Conversion,
    Finding,
    Measure,
    ResearchTopic,
    ResearchTrip,
    TypicalCase,
)
from research.services import measure_add, typical_case_add
from supervision.models import RectificationItem
from supervision.services import rectification_add
from tests.factories import (
    ActivityFactory,
    CadreFactory,
    PlaceFactory,
    TopicFactory,
    make_trip,
)
from tracking.models import TrackedItem

pytestmark = pytest.mark.django_db
IMPORTABLE = [kind for kind, ledger in LEDGERS.items() if ledger.importable]
# The administrators' reference ledgers round-trip as no-ops here too; their
# records are not deleted and brought back (tests/org/test_go_live.py).
KEEPERS = {
    "org_units": "sysadmin",
    "places": "sysadmin",
    "cadres": "secadmin",
    "accounts": "secadmin",
}
BUSINESS = [kind for kind in IMPORTABLE if kind not in KEEPERS]


@pytest.fixture
def records(city, register):
    """Two records of every kind in 永昌县, along the research chain too."""
    lead = CadreFactory(name="张县长", unit=city.yongchang, rank="county")
    for day, topic in [
        (date(2024, 3, 5), "宣讲全会精神"),
        (date(2024, 4, 2), "现场办公"),
    ]:
        activity = ActivityFactory(
            cadre=lead,
            kind="lecture" if "宣讲" in topic else "onsite",
            topic=topic,
            start_date=day,
            end_date=day,
            audience_party_members=12,
            problems_raised=3,
        )
        activity.places.set([city.yc_village])
    for title in ("“村民说事”化解纠纷", "设施重建轻管"):
        activity_case_add(
            activity=activity,
            title=title,
            polarity="positive" if "说事" in title else "negative",
            found_on=activity.start_date,
        )
    for title, deadline in [
        ("新建日间照料中心", date(2024, 9, 30)),
        ("改造老旧管网", date(2024, 12, 31)),
    ]:
        livelihood_create(
            year=2024,
            title=title,
            unit=city.chengguan,
            owner=city.yc_colleague,
            start_date=date(2024, 1, 1),
            deadline=deadline,
            target="年底前完成",
        )
    topics = [
        TopicFactory(title=title, lead=lead, unit=city.yongchang, year=2024)
        for title in ("农村人居环境整治", "民营经济发展")
    ]
    for topic in topics:
        topic.members.add(city.users.cadre.cadre)
        make_trip(
            topic,
            date(2024, 4, 8),
            date(2024, 4, 10),
            lead,
            city.users.cadre.cadre,
            places=[city.yc_village],
        )
        finding = Finding.objects.create(
            topic=topic, description=f"{topic.title}中的问题", found_on=date(2024, 4, 9)
        )
        conversion = Conversion.objects.create(
            topic=topic,
            kind="rule",
            title=f"{topic.title}工作机制",
            converted_on=date(2024, 6, 20),
        )
        conversion.findings.set([finding])
        typical_case_add(
            topic=topic,
            title=f"{topic.title}典型案例",
            polarity="positive",
            found_on=date(2024, 4, 10),
            summary="经验做法",
        )
        measure_add(
            finding=finding,
            title="限期整改",
            unit=city.chengguan,
            owner=city.yc_colleague,
            deadline=date(2024, 10, 31),
            start_date=date(2024, 4, 9),
        )
    for day in (date(2024, 3, 5), date(2024, 4, 2)):
        ReceptionDay.objects.create(
            kind="reception", leader=lead, day=day, visitors=6, location="县接待中心"
        )
        case = register(on=day)
        backlog = backlog_assign(
            case=case,
            leader=lead,
            team="县信访局、城关镇",
            plan="一案一策",
            assigned_on=day,
            deadline=date(2024, 9, 30),
        )
        if day.month == 3:
            backlog_resolve(
                backlog=backlog,
                by=city.users.petition_office,
                on=date(2024, 5, 20),
                resolution="三到位一处理",
            )
    for problem, units in [
        ("群众办事多头跑", []),
        ("台账资料不规范", [city.yc_office]),
    ]:
        item = rectification_add(
            by=city.users.clerk,
            unit=city.chengguan,
            problem=problem,
            measures="限期整改",
            target="年底前整改到位",
            deadline=date(2024, 12, 31),
            leader=lead,
            owner=city.yc_colleague,
            start_date=date(2024, 3, 1),
        )
        item.item.co_units.set(units)
    for name, kind in [("金川集团", "enterprise"), ("城关镇污水处理厂", "project")]:
        Liaison.objects.create(
            kind=kind,
            cadre=lead,
            role="leader",
            place=PlaceFactory(name=name, kind=kind, unit=city.chengguan),
            since=date(2024, 1, 1),
        )
    for number in ("12345-1", "12345-2"):
        received = timezone.make_aware(datetime(2024, 5, 6, 9, 0))
        HotlineOrder.objects.create(
            number=number,
            received_at=received,
            unit=city.chengguan,
            summary="路灯不亮",
            signed_at=received,
        )


def _delete_items(model):
    items = list(model.objects.values_list("item", flat=True))
    model.objects.all().delete()
    TrackedItem.objects.filter(pk__in=items).delete()


def _delete_topics():
    TypicalCase.objects.all().delete()
    Conversion.objects.all().delete()
    _delete_items(Measure)
    Finding.objects.all().delete()
    ResearchTrip.objects.all().delete()
    ResearchTopic.objects.all().delete()


def _delete_cases():
    _delete_items(BacklogCase)
    items = list(PetitionCase.objects.values_list("stage_item", flat=True))
    PetitionCase.objects.all().delete()
    TrackedItem.objects.filter(pk__in=items).delete()


DELETE = {
    "activities": lambda: (
        ActivityCase.objects.all().delete(),
        Activity.objects.all().delete(),
    ),
    "activity_typical_cases": lambda: ActivityCase.objects.all().delete(),
    "typical_cases": lambda: TypicalCase.objects.all().delete(),
    "livelihood_items": lambda: _delete_items(LivelihoodItem),
    "research_topics": _delete_topics,
    "research_trips": lambda: ResearchTrip.objects.all().delete(),
    "research_findings": lambda: (
        Conversion.objects.all().delete(),
        _delete_items(Measure),
        Finding.objects.all().delete(),
    ),
    "research_measures": lambda: _delete_items(Measure),
    "petition_cases": _delete_cases,
    "reception_days": lambda: ReceptionDay.objects.all().delete(),
    "hotline_orders": lambda: HotlineOrder.objects.all().delete(),
    "rectifications": lambda: _delete_items(RectificationItem),
    "backlog_cases": lambda: _delete_items(BacklogCase),
    "research_conversions": lambda: Conversion.objects.all().delete(),
    "liaisons": lambda: Liaison.objects.all().delete(),
}


def _user(city, kind):
    if kind in KEEPERS:
        return getattr(city.users, KEEPERS[kind])
    return city.users.petition_office if LEDGERS[kind].sensitive else city.users.clerk


def _export(client, user, kind) -> bytes:
    client.force_login(user)
    response = client.post(reverse("ledger_export", args=[kind]))
    assert response.status_code == 200
    return response.content


def _imported_cells(kind, content) -> list[tuple]:
    """The data rows, only the columns an import reads."""
    rows = list(load_workbook(BytesIO(content)).active.iter_rows(values_only=True))
    header = rows[2]
    wanted = [header.index(c.header) for c in LEDGERS[kind].import_columns]
    return sorted(
        tuple(str(row[i]) for i in wanted)
        for row in rows[3:]
        if not str(row[0] or "").startswith("合计")
    )


def test_every_kind_but_quota_compliance_is_importable():
    assert set(BUSINESS) == set(DELETE)


@pytest.mark.parametrize("kind", IMPORTABLE)
def test_export_then_import_is_a_no_op(client, city, records, kind):
    user = _user(city, kind)
    content = _export(client, user, kind)
    rows = len(_imported_cells(kind, content))
    assert rows >= 2
    result = import_ledger(LEDGERS[kind], content, "l.xlsx", user=user, dry_run=False)
    assert result.ok, [str(e) for e in result.errors]
    assert (result.new, result.updated, result.unchanged) == (0, 0, rows)
    assert _export(client, user, kind) == content or _imported_cells(
        kind, _export(client, user, kind)
    ) == _imported_cells(kind, content)


@pytest.mark.parametrize("kind", BUSINESS)
def test_an_exported_ledger_brings_deleted_records_back(client, city, records, kind):
    user = _user(city, kind)
    content = _export(client, user, kind)
    rows = len(_imported_cells(kind, content))
    DELETE[kind]()
    result = import_ledger(LEDGERS[kind], content, "l.xlsx", user=user, dry_run=False)
    assert result.ok, [str(e) for e in result.errors]
    assert (result.new, result.updated) == (rows, 0)
    assert _imported_cells(kind, _export(client, user, kind)) == _imported_cells(
        kind, content
    )
    again = import_ledger(LEDGERS[kind], content, "l.xlsx", user=user, dry_run=False)
    assert (again.new, again.updated, again.unchanged) == (0, 0, rows)


BAD_CELLS = [
    ("activities", "地点", "城关镇不存在村", "地点", "不存在或不在您的管辖范围内"),
    ("activities", "结束日期", date(2024, 1, 1), "结束日期", "不能早于开始日期"),
    ("activities", "听众（党员）", -5, "听众（党员）", "不能为负数"),
    ("activities", "类别", "座谈", "类别", "不是可选值"),
    ("livelihood_items", "完成进度（%）", "150%", "完成进度（%）", "不能大于100"),
    ("livelihood_items", "责任人", "钱不存在", "责任人", "不存在或不在您的管辖范围内"),
    ("livelihood_items", "责任单位", "宁远堡镇", "责任单位", "不在您的管辖范围内"),
    ("research_topics", "调研方式", "随便看看", "调研方式", "不是可选值"),
    ("research_topics", "聚焦的问题", None, "聚焦的问题", "必填项为空"),
    ("research_trips", "课题", "没有这个课题", "课题", "调研课题“没有这个课题”不存在"),
    (
        "research_trips",
        "参加人员",
        "张县长、查无此人",
        "参加人员",
        "干部“查无此人”不存在",
    ),
    (
        "research_trips",
        "开始日期",
        date(2024, 4, 20),
        "结束日期",
        "结束日期不能早于开始日期",
    ),
    ("research_findings", "发现日期", "四月", "发现日期", "不是有效日期"),
    ("research_measures", "发现问题", "不是这个问题", "发现问题", "不存在"),
    ("research_measures", "完成时限", "2099-13-01", "完成时限", "不是有效日期"),
    ("petition_cases", "身份证号", "620302********1234", "身份证号", "脱敏"),
    ("petition_cases", "身份证号", "12345", "身份证号", "不是有效的身份证号"),
    ("petition_cases", "联系电话", "138、139、137", "联系电话", "多于信访人人数"),
    ("petition_cases", "问题类别", "拆迁", "问题类别", "不是可选值"),
    ("hotline_orders", "承办单位", "宁远堡镇", "承办单位", "不在您的管辖范围内"),
    ("liaisons", "项目（企业）", "金川西村", "项目（企业）", "不存在"),
    ("liaisons", "结束日期", date(2023, 1, 1), "结束日期", "不能早于开始日期"),
]


@pytest.mark.parametrize(
    ("kind", "header", "value", "column", "reason"),
    BAD_CELLS,
    ids=[f"{b[0]}-{b[1]}-{b[4]}" for b in BAD_CELLS],
)
def test_a_bad_cell_names_its_row_and_column_and_nothing_changes(
    client, city, records, kind, header, value, column, reason
):
    user = _user(city, kind)
    workbook = load_workbook(BytesIO(_export(client, user, kind)))
    sheet = workbook.active
    headers = [cell.value for cell in sheet[3]]
    sheet.cell(5, headers.index(header) + 1).value = value  # the second data row
    buffer = BytesIO()
    workbook.save(buffer)
    before = _export(client, user, kind)
    result = import_ledger(
        LEDGERS[kind], buffer.getvalue(), "l.xlsx", user=user, dry_run=False
    )
    assert [(e.row, e.column) for e in result.errors] == [(5, column)], result.errors
    assert reason in result.errors[0].message
    assert _imported_cells(kind, _export(client, user, kind)) == _imported_cells(
        kind, before
    )


@pytest.mark.parametrize("kind", BUSINESS)
def test_an_exported_ledger_under_the_offices_own_column_names_maps_itself(
    client, city, records, kind
):
    """Every header that has a synonym is renamed to it, as an office's own
    ledger would name it; the import maps it back and changes nothing."""

    user = _user(city, kind)
    content = _export(client, user, kind)
    rows = len(_imported_cells(kind, content))
    others = {}
    for name, header in synonyms_for(LEDGERS[kind]).items():
        if name != header and header not in others:
            others[header] = name
    workbook = load_workbook(BytesIO(content))
    sheet = workbook.active
    renamed = 0
    for cell in sheet[3]:
        if cell.value in others:
            cell.value, renamed = others[cell.value], renamed + 1
    buffer = BytesIO()
    workbook.save(buffer)
    result = import_ledger(
        LEDGERS[kind], buffer.getvalue(), "l.xlsx", user=user, dry_run=False
    )
    assert renamed >= 1
    assert result.ok, [str(e) for e in result.errors]
    assert (result.new, result.updated, result.unchanged) == (0, 0, rows)
