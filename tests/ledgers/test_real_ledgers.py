"""Offices' own ledgers as they really are: title rows, two-row headers under
merged group cells, their own column names, merged sub-items, free-text
deadlines, several units or a name and phone in one cell, GBK CSV, old .xls,
footers with signature lines. Every fixture is built here with openpyxl."""

import copy
from datetime import date, datetime
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from activities.models import Activity, LivelihoodItem
from ledgers.importing import import_ledger
from ledgers.models import HeaderSynonym, ImportMapping
from ledgers.registry import LEDGERS
from petitions.models import HotlineOrder, PetitionCase, ReceptionDay
from research.models import Finding, Measure
from supervision.models import RectificationItem
from tests.factories import CadreFactory, TopicFactory
from tests.sheets import workbook

pytestmark = pytest.mark.django_db


def run(kind, content, user, name="台账.xlsx", **options):
    return import_ledger(
        LEDGERS[kind], content, name, user=user, dry_run=False, **options
    )


@pytest.fixture
def people(city):
    return {
        "lead": CadreFactory(name="张县长", unit=city.yongchang, rank="county"),
        "owner": city.yc_colleague,  # 赵红梅 of 城关镇
    }


LIVELIHOOD = [
    ["附件1"],
    ["永昌县2024年民生实事目标任务分解表"],
    ["填报单位：永昌县委办公室", None, None, "填报日期：2024年1月8日"],
    ["序号", "项目名称", "目标任务", "责任分工", None, "完成时限", "完成进度", "备注"],
    [None, None, None, "牵头单位", "责任人", None, None, None],
    [
        1,
        "城乡供水保障工程",
        "新建水厂一座",
        "城关镇/永昌县委办公室",
        "赵红梅 13800000000",
        "12月底前",
        "98.3%",
        None,
    ],
    [
        None,
        None,
        "改造管网20公里",
        "永昌县委办公室",
        "赵红梅",
        "9月投入使用",
        "40%",
        "二期",
    ],
    [2, "老旧小区改造", "改造小区3个", "城关镇", "赵红梅", "2024.6.30", "100%", None],
    [3, "日间照料中心", "建成并运营", "永昌县", None, "2024年6月", "", None],
    [None],
    ["制表人：李晓俊", None, "分管领导（签字）：", None, "联系电话：0935-1234567"],
]
LIVELIHOOD_MERGES = [
    "A1:H1",
    "A2:H2",
    "A4:A5",
    "B4:B5",
    "C4:C5",
    "D4:E4",
    "F4:F5",
    "G4:G5",
    "H4:H5",
    "A6:A7",
    "B6:B7",
]


def test_title_rows_two_row_header_merged_sub_items_free_text_and_footer(city, people):
    content = workbook(LIVELIHOOD, LIVELIHOOD_MERGES, title="民生实事")
    result = run("livelihood_items", content, city.users.clerk)
    assert result.ok, [str(e) for e in result.errors]
    layout = result.layout
    assert (layout.header_rows, layout.year, layout.sheet) == ([4, 5], 2024, "民生实事")
    assert layout.by_title["项目名称"] == "民生实事"
    assert layout.by_title["责任分工/牵头单位"] == "责任单位"
    assert layout.by_title["责任分工/责任人"] == "责任人"
    assert layout.by_title["序号"] is None and layout.by_title["备注"] is None
    items = {
        (li.item.title, li.target): li
        for li in LivelihoodItem.objects.select_related("item__unit", "item__owner")
    }
    assert len(items) == 4  # the merged project's two sub-items are two rows
    water = items[("城乡供水保障工程", "新建水厂一座")]
    assert water.year == 2024 and water.item.deadline == date(2024, 12, 31)
    assert water.item.unit == city.chengguan and water.item.owner.name == "赵红梅"
    assert list(water.item.co_units.all()) == [city.yc_office]
    assert water.progress_percent == 98
    pipes = items[("城乡供水保障工程", "改造管网20公里")]
    assert (
        pipes.item.deadline == date(2024, 9, 30) and pipes.item.unit == city.yc_office
    )
    assert items[("老旧小区改造", "改造小区3个")].item.deadline == date(2024, 6, 30)
    assert items[("日间照料中心", "建成并运营")].item.deadline == date(2024, 6, 30)
    rules = [str(n) for n in result.notes]
    assert any("“12月底前”→2024-12-31" in r and "台账年度" in r for r in rules)
    assert any("“赵红梅 13800000000”→姓名“赵红梅”" in r for r in rules)
    assert any("配合单位“永昌县委办公室”" in r for r in rules)
    again = run("livelihood_items", content, city.users.clerk)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 4)


@pytest.mark.parametrize(
    ("deadline", "reason"),
    [
        ("长期坚持", "没有具体时限"),
        ("尽快", "不是有效日期"),
        ("2024-02-30", "不是有效日期"),
    ],
)
def test_an_unreadable_deadline_names_sheet_row_and_column(
    city, people, deadline, reason
):
    rows = [list(r) for r in LIVELIHOOD]
    rows[7][5] = deadline  # 老旧小区改造, Excel row 8
    result = run(
        "livelihood_items",
        workbook(rows, LIVELIHOOD_MERGES, title="民生实事"),
        city.users.clerk,
    )
    assert [(e.sheet, e.row, e.column) for e in result.errors] == [
        ("民生实事", 8, "完成时限")
    ]
    assert reason in result.errors[0].message
    assert str(result.errors[0]).startswith("工作表“民生实事”第8行“完成时限”列")
    assert not LivelihoodItem.objects.exists()


PETITION_LEDGER = [
    ["2024年1月信访事项登记台账"],
    [
        "序号",
        "来访日期",
        "来访人",
        "身份证号码",
        "联系方式",
        "信访形式",
        "问题分类",
        "反映的主要问题",
        "承办单位",
        "包案领导及联系方式",
        "备注",
    ],
    [
        1,
        45300,
        "张建国",
        "620321199001011233",
        "13812341234",
        "来访",
        "农村土地",
        "反映承包地被占用",
        "城关镇",
        "张县长 13900000000",
        None,
    ],
    [
        2,
        "2024年1月8日",
        "匿名",
        None,
        None,
        "来信",
        "其他",
        "反映路灯不亮",
        "永昌县",
        None,
        "匿名信",
    ],
    [
        3,
        "2024.1.9",
        "李四 13700000000",
        "620321198501015674",
        None,
        "来访",
        "劳动保障与欠薪",
        "反映欠薪",
        "城关镇",
        None,
        None,
    ],
]


def test_petition_ledger_with_synonym_headers_anonymous_and_name_phone_cells(city):
    rows = copy.deepcopy(PETITION_LEDGER)
    result = run("petition_cases", workbook(rows), city.users.petition_office)
    assert result.ok, [str(e) for e in result.errors]
    assert result.layout.by_title["来访人"] == "信访人"
    assert result.layout.by_title["反映的主要问题"] == "信访诉求"
    assert result.layout.by_title["包案领导及联系方式"] is None
    cases = {c.content: c for c in PetitionCase.objects.prefetch_related("petitioners")}
    land = cases["反映承包地被占用"]
    assert land.registered_on == date(2024, 1, 9)  # Excel day 45300
    assert land.stage_item is not None  # registered through the stage machine
    assert [p.name for p in cases["反映路灯不亮"].petitioners.all()] == ["匿名"]
    [li] = cases["反映欠薪"].petitioners.all()
    assert (li.name, li.phone, li.id_number) == (
        "李四",
        "13700000000",
        "620321198501015674",
    )
    assert any("Excel日期序号" in str(n) for n in result.notes)


RECEPTION_CSV = (
    "2024年领导接访登记表\n"
    "接访日期,接访领导干部,单位,地点,接待人次\n"
    "2024年3月5日,张县长 13912345678,永昌县,县接待中心,12\n"
    "2024/4/2,张县长,永昌县,县接待中心,8\n"
    "\n"
    "填表人：李晓俊,,,,\n"
)


def test_gbk_csv_with_its_own_headers_and_a_name_and_phone(city, people):
    text = RECEPTION_CSV
    for encoding in ("gbk", "utf-8-sig"):
        ReceptionDay.objects.all().delete()
        result = run(
            "reception_days", text.encode(encoding), city.users.clerk, name="接访.csv"
        )
        assert result.ok, [str(e) for e in result.errors]
        days = sorted(
            ReceptionDay.objects.values_list("day", "visitors", "leader__name")
        )
        assert days == [
            (date(2024, 3, 5), 12, "张县长"),
            (date(2024, 4, 2), 8, "张县长"),
        ]
        assert result.layout.by_title["接访领导干部"] == "接访领导"


HOTLINE_MERGES = ["A2:A3", "B2:B3", "C2:C3", "D2:D3", "E2:G2"]
HOTLINE_LEDGER = [
    ["12345热线工单办理台账（2024年5月）"],
    ["工单编号", "派单时间", "办理单位", "诉求内容", "办理情况", None, None],
    [None, None, None, None, "签收时间", "办结时间", "回访满意度"],
    [
        "A-1",
        "2024-05-06 09:00",
        "城关镇",
        "路灯不亮",
        "2024-05-06 09:30",
        "2024-05-07 10:00",
        "满意",
    ],
    ["A-2", "2024-05-06 10:00", "城关镇", "噪音扰民", None, None, None],
]


def test_two_row_header_with_a_group_cell_for_12345_orders(city):
    rows = copy.deepcopy(HOTLINE_LEDGER)
    merges = HOTLINE_MERGES
    result = run("hotline_orders", workbook(rows, merges), city.users.clerk)
    assert result.ok, [str(e) for e in result.errors]
    assert result.layout.by_title["办理情况/签收时间"] == "签收时间"
    assert result.layout.by_title["办理情况/回访满意度"] == "满意度"
    order = HotlineOrder.objects.get(number="A-1")
    assert order.satisfaction == "satisfied" and order.unit == city.chengguan


MEASURES_LEDGER = [
    ["2024年调研发现问题整改台账"],
    ["填报单位：永昌县", None, None, None, "填报日期：2024年4月1日"],
    ["调研课题", "存在问题", "整改措施", "牵头单位", "整改时限", "具体责任人"],
    [
        "营商环境调研",
        "审批环节多",
        "压减审批环节",
        "城关镇、永昌县委办公室",
        "6月底前",
        "赵红梅",
    ],
    [
        "营商环境调研",
        "审批环节多",
        "推行一网通办",
        "永昌县委办公室",
        "第三季度",
        "赵红梅",  # every measure has an owner
    ],
    ["审核：", None, None, None, "制表："],
]


def test_self_inspection_measures_with_several_units_in_a_cell(city, people):
    topic = TopicFactory(
        title="营商环境调研", lead=people["lead"], unit=city.yongchang, year=2024
    )
    Finding.objects.create(
        topic=topic, description="审批环节多", found_on=date(2024, 3, 1)
    )
    rows = copy.deepcopy(MEASURES_LEDGER)
    result = run("research_measures", workbook(rows), city.users.clerk)
    assert result.ok, [str(e) for e in result.errors]
    measures = {m.item.title: m.item for m in Measure.objects.select_related("item")}
    assert measures["压减审批环节"].deadline == date(2024, 6, 30)
    assert measures["压减审批环节"].unit == city.chengguan
    assert list(measures["压减审批环节"].co_units.all()) == [city.yc_office]
    assert measures["推行一网通办"].deadline == date(2024, 9, 30)


def test_several_units_where_only_one_is_allowed_is_rejected(city):
    rows = [
        ["工单编号", "派单时间", "办理单位", "诉求内容"],
        ["B-1", "2024-05-06 09:00", "城关镇/永昌县委办公室", "路灯不亮"],
    ]
    result = run("hotline_orders", workbook(rows), city.users.clerk)
    assert [(e.row, e.column) for e in result.errors] == [(2, "承办单位")]
    assert "只能填写一个单位" in result.errors[0].message
    assert not HotlineOrder.objects.exists()


def test_an_old_xls_ledger_is_read(city, people):
    xlwt = pytest.importorskip("xlwt")  # a test tool pinned in requirements-dev
    book = xlwt.Workbook()
    sheet = book.add_sheet("宣讲台账")
    sheet.write_merge(0, 0, 0, 4, "2024年理论宣讲台账")
    for c, title in enumerate(["宣讲时间", "类别", "宣讲主题", "主讲人", "活动地点"]):
        sheet.write(1, c, title)
    style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    sheet.write(2, 0, datetime(2024, 3, 5), style)
    for c, value in enumerate(["宣讲", "学习全会精神", "张县长", "金川西村"], start=1):
        sheet.write(2, c, value)
    buffer = BytesIO()
    book.save(buffer)
    result = run("activities", buffer.getvalue(), city.users.clerk, name="宣讲.xls")
    assert result.ok, [str(e) for e in result.errors]
    activity = Activity.objects.get()
    assert (activity.start_date, activity.topic) == (date(2024, 3, 5), "学习全会精神")
    assert [p.name for p in activity.places.all()] == ["金川西村"]


TOPICS_LEDGER = [
    ["2024年调研课题台账"],
    ["课题", "负责同志", "调研方式", "调研重点"],
    ["农村人居环境整治", "张县长", "蹲点式调研", "垃圾收运"],
]


def test_a_person_maps_a_column_and_the_unit_remembers_it(client, city, people):
    rows = copy.deepcopy(TOPICS_LEDGER)
    content = workbook(rows)
    client.force_login(city.users.clerk)
    url = reverse("ledger_import", args=["research_topics"])

    first = client.post(url, {"file": SimpleUploadedFile("课题.xlsx", content)})
    result = first.context["result"]
    assert result.layout.by_title["负责同志"] is None  # no synonym knows it
    assert "台账中没有必需的列：牵头领导" in result.errors[0].message
    token = first.context["token"]
    remapped = client.post(
        url,
        {
            "token": token,
            "remap": "1",
            "source": ["课题", "负责同志", "调研方式", "调研重点"],
            "target": ["课题名称", "牵头领导", "调研方式", "聚焦的问题"],
        },
    )
    assert remapped.context["result"].ok and remapped.context["result"].new == 1
    done = client.post(url, {"token": token, "confirm": "1"})
    assert done.status_code == 302
    mapping = ImportMapping.objects.get(unit=city.yongchang, kind="research_topics")
    assert mapping.mapping["负责同志"] == "牵头领导"
    # The next ledger of the same layout maps itself.
    rows[2] = ["民营经济发展", "张县长", "蹲点式调研", "融资难"]
    second = run("research_topics", workbook(rows), city.users.clerk)
    assert second.ok and second.new == 1
    how = second.layout.how[1]
    assert how == "按本单位上次导入的对应关系"


def test_an_administrator_extends_the_synonym_table(city, people):
    rows = [
        ["2024年调研课题台账"],
        ["课题名称", "课题领衔人", "调研方式", "聚焦的问题"],
        ["农村人居环境整治", "张县长", "蹲点式调研", "垃圾收运"],
    ]
    assert not run("research_topics", workbook(rows), city.users.clerk).ok
    synonym = HeaderSynonym.objects.get(kind="research_topics", header="牵头领导")
    synonym.synonyms += "、课题领衔人"
    synonym.save()
    assert run("research_topics", workbook(rows), city.users.clerk).ok


def test_the_command_line_prints_the_detected_mapping(city, people, tmp_path, capsys):
    path = tmp_path / "民生实事.xlsx"
    path.write_bytes(workbook(LIVELIHOOD, LIVELIHOOD_MERGES))
    call_command(
        "import_ledger", str(path), kind="livelihood_items", user="clerk", auto_map=True
    )
    out = capsys.readouterr().out
    assert "表头：第4、5行；台账年度：2024年" in out
    assert "责任分工/牵头单位 → 责任单位（按同义词表）" in out
    assert "序号 → （不导入）" in out
    assert "转换：" in out and "已导入：新增 4 行" in out


RECTIFICATION_LEDGER = [
    ["附件2"],
    ["永昌县委办公室2024年度自查整改清单"],
    [
        "序号",
        "存在问题",
        "整改举措",
        "整改目标",
        "整改期限",
        "责任单位",
        "分管领导",
        "责任人",
    ],
    [
        1,
        "台账资料不规范",
        "建立台账清单",
        "逐项销号",
        "12月底前",
        "城关镇、永昌县委办公室",
        "张县长 13900000000",
        "赵红梅",
    ],
    [
        2,
        "为民服务意识不强",
        "推行一窗受理",
        "最多跑一次",
        "2024年6月",
        "城关镇",
        "张县长",
        "",
    ],
    ["制表人：", None, None, "分管领导（签字）："],
]


def test_a_self_inspection_list_imports_as_rectification_items(city, people):
    rows = copy.deepcopy(RECTIFICATION_LEDGER)
    result = run("rectifications", workbook(rows), city.users.clerk)
    assert result.ok, [str(e) for e in result.errors]
    assert result.layout.by_title["整改期限"] == "整改时限"
    assert result.layout.by_title["分管领导"] == "责任领导"

    items = {
        r.problem: r for r in RectificationItem.objects.select_related("item", "leader")
    }
    ledger = items["台账资料不规范"]
    assert ledger.item.deadline == date(2024, 12, 31) and ledger.leader.name == "张县长"
    assert list(ledger.item.co_units.all()) == [city.yc_office]
    assert items["为民服务意识不强"].item.deadline == date(2024, 6, 30)
    rows[4][4] = "长期坚持"
    rows[4][1] = "新问题"
    again = run("rectifications", workbook(rows), city.users.clerk)
    assert [(e.row, e.column) for e in again.errors] == [(5, "整改时限")]
    assert RectificationItem.objects.count() == 2


MERGED_PROJECT = [
    ["永昌县2024年民生实事分解表"],
    ["序号", "项目名称", "建设内容", "责任单位", "完成时限"],
    [1, "城关镇人居环境整治", "新建公厕2座", "城关镇", "2024-06-30"],
    [None, None, "硬化村道5公里", "城关镇", "2024-09-30"],
    [None, None, "改造排水管网3公里", "城关镇", "2024-12-31"],
    [2, "日间照料中心", "建成并运营", "城关镇", "2024-10-31"],
]


def test_sub_items_of_one_merged_project_under_one_unit_are_distinct(city):
    """Three 建设内容 rows under one merged 项目名称 cell, all 城关镇: three
    items, not duplicates; a re-import matches each to its own."""
    content = workbook(MERGED_PROJECT, ["A1:E1", "A3:A5", "B3:B5"])
    result = run("livelihood_items", content, city.users.clerk)
    assert result.ok, [str(e) for e in result.errors]
    assert result.new == 4
    project = LivelihoodItem.objects.filter(item__title="城关镇人居环境整治")
    assert sorted((li.target, li.item.deadline) for li in project) == [
        ("改造排水管网3公里", date(2024, 12, 31)),
        ("新建公厕2座", date(2024, 6, 30)),
        ("硬化村道5公里", date(2024, 9, 30)),
    ]
    rows = [list(r) for r in MERGED_PROJECT]
    rows[3][4] = "2024-10-31"  # the second sub-item's deadline moves
    again = run(
        "livelihood_items",
        workbook(rows, ["A1:E1", "A3:A5", "B3:B5"]),
        city.users.clerk,
    )
    assert (again.new, again.updated, again.unchanged) == (0, 1, 3)
    assert project.get(target="硬化村道5公里").item.deadline == date(2024, 10, 31)


def test_the_same_sub_item_twice_under_one_project_is_a_duplicate(city):
    rows = [list(r) for r in MERGED_PROJECT]
    rows[4][2] = "硬化村道5公里"
    result = run(
        "livelihood_items", workbook(rows, ["A3:A5", "B3:B5"]), city.users.clerk
    )
    assert [(e.row, e.column) for e in result.errors] == [(5, "")]
    assert "与第4行重复" in result.errors[0].message
