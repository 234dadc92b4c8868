"""Ledgers laid out as offices publish them (issue 18): title rows, 填报单位
lines, two-row headers under merged group cells, a header repeated on every
printed page, footers with signature lines, and a header the person points
at. Layouts follow public descriptions: a 信访台账 guide lists 信访类型、接件时间、
信访人姓名和相关信息、信访内容、案件地点、联系电话、办理情况 (转办、现场处理、回访);
a 领导干部接访制度 lists 来访人姓名、单位和住址、反映的主要问题、责任单位、办理结果.
Every fixture is built here with openpyxl."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from activities.models import LivelihoodItem
from ledgers.importing import import_ledger
from ledgers.models import ValueSynonym
from ledgers.reading import is_footer
from ledgers.registry import LEDGERS
from petitions.models import PetitionCase, ReceptionDay
from tests.factories import CadreFactory
from tests.sheets import workbook

pytestmark = pytest.mark.django_db


def run(kind, content, user, name="台账.xlsx", **options):
    return import_ledger(
        LEDGERS[kind], content, name, user=user, dry_run=False, **options
    )


@pytest.fixture
def leader(city):
    return CadreFactory(name="张县长", unit=city.yongchang, rank="county")


RECEPTION_HEADER = [
    ["序号", "接访日期", "接访领导", "单位", "来访人", "反映的主要问题"]
    + ["办理情况", None, None, "接待人次"],
    [None, None, None, None, None, None, "转办", "现场处理", "回访", None],
]
RECEPTION_HEADER_MERGES = ["G{0}:I{0}"] + [f"{c}{{0}}:{c}{{1}}" for c in "ABCDEFJ"]


def reception_rows():
    """A 领导干部接访台账 of two printed pages: title, 填报单位 line, a two-row
    header under the group cell 办理情况, the header again on page 2, and the
    signature footer."""
    row = ["张县长", "永昌县", "李某", "反映路灯不亮", "城关镇", "已答复", "满意", 3]
    rows = [
        ["永昌县2024年领导干部接访台账"],
        [
            "填报单位：永昌县信访局",
            None,
            None,
            None,
            None,
            None,
            "填报日期：2024年4月1日",
        ],
        *RECEPTION_HEADER,  # rows 3-4
        [1, "2024-03-05", *row],
        [2, "2024-03-12", *row],
        *RECEPTION_HEADER,  # rows 7-8: page 2
        [3, "2024-03-19", *row],
        ["登记人：李晓俊", None, None, "联系电话：0935-1234567"],
        ["接访领导（签字）：", None, None, None, "审核人："],
    ]
    merges = ["A1:J1"]
    for top in (3, 7):
        merges += [m.format(top, top + 1) for m in RECEPTION_HEADER_MERGES]
    return rows, merges


def test_a_two_row_header_under_group_cells_gives_distinct_columns(city, leader):
    rows, merges = reception_rows()
    result = run("reception_days", workbook(rows, merges), city.users.clerk)
    assert result.ok, [str(e) for e in result.errors]
    layout = result.layout
    assert layout.header_rows == [3, 4] and layout.year == 2024
    titles = [c.title for c in layout.columns]
    assert titles[6:9] == ["办理情况/转办", "办理情况/现场处理", "办理情况/回访"]
    assert layout.by_title["接访日期"] == "日期"
    # The header printed again on page 2 is no data row; the footers end it.
    assert sorted(ReceptionDay.objects.values_list("day", flat=True)) == [
        date(2024, 3, 5),
        date(2024, 3, 12),
        date(2024, 3, 19),
    ]


def test_a_one_row_header_with_a_group_cell_is_not_three_equal_columns(city, leader):
    rows = [
        ["接访日期", "接访领导", "单位", "办理情况", None, None],
        ["2024-03-05", "张县长", "永昌县", "转办城关镇", "", "已回访"],
    ]
    result = run("reception_days", workbook(rows, ["D1:F1"]), city.users.clerk)
    titles = [c.title for c in result.layout.columns]
    assert titles[3:] == ["办理情况（D列）", "办理情况（E列）", "办理情况（F列）"]
    assert result.ok and ReceptionDay.objects.count() == 1


@pytest.mark.parametrize(
    ("first", "footer"),
    [
        ("登记人：李晓俊", True),
        ("填报人：王芳", True),
        ("审核人：", True),
        ("联系电话：0935-1234567", True),
        ("接访领导（签字）：", True),
        ("分管领导签字：", True),
        ("2024-03-05", False),
        ("反映签字笔质量问题", False),
        ("李登记", False),
    ],
)
def test_footer_rows_as_offices_sign_them(first, footer):
    assert is_footer([None, first, "x"]) is footer


UNKNOWN_HEADER = [
    ["永昌县值班接待登记"],
    ["值守时间", "带班领导", "归属", "人数"],
    ["2024-03-05", "张县长", "永昌县", 4],
]
CHOSEN = {"值守时间": "日期", "带班领导": "接访领导", "归属": "单位"}


def test_without_a_header_found_the_person_points_at_it(city, leader):
    content = workbook(UNKNOWN_HEADER)
    unfound = run("reception_days", content, city.users.clerk)
    assert unfound.layout is None and not unfound.ok
    assert [n for n, _ in unfound.header_candidates] == [1, 2, 3]
    pointed = run(
        "reception_days", content, city.users.clerk, header_row=2, choice=CHOSEN
    )
    assert pointed.ok, [str(e) for e in pointed.errors]
    assert pointed.layout.header_rows == [2]
    assert ReceptionDay.objects.get().leader == leader


def test_the_command_line_takes_the_header_row(city, leader, tmp_path, capsys):
    path = tmp_path / "值班.xlsx"
    path.write_bytes(workbook(UNKNOWN_HEADER))
    maps = [f"{k}={v}" for k, v in CHOSEN.items()]
    with pytest.raises(CommandError, match="--header-row"):
        call_command("import_ledger", str(path), kind="reception_days", user="clerk")
    assert "第2行：值守时间 | 带班领导" in capsys.readouterr().err
    call_command(
        "import_ledger",
        str(path),
        kind="reception_days",
        user="clerk",
        header_row=2,
        mapping=maps,
    )
    assert ReceptionDay.objects.count() == 1


def test_the_web_page_offers_a_row_picker_and_keeps_how_columns_were_found(
    client, city, leader
):
    client.force_login(city.users.clerk)
    url = reverse("ledger_import", args=["reception_days"])
    upload = SimpleUploadedFile("值班登记.xlsx", workbook(UNKNOWN_HEADER))
    first = client.post(url, {"file": upload})
    page = first.content.decode()
    assert 'data-testid="header-picker"' in page and "值班登记.xlsx" in page
    token = first.context["token"]
    picked = client.post(url, {"token": token, "header_row": "2"})
    layout = picked.context["result"].layout
    assert layout.header_rows == [2] and 'data-testid="column-mapping"' in (
        picked.content.decode()
    )
    assert "值班登记.xlsx" in picked.content.decode()
    remapped = client.post(
        url,
        {
            "token": token,
            "remap": "1",
            "source": ["值守时间", "带班领导", "归属", "人数"],
            "target": ["日期", "接访领导", "单位", "接待群众（人次）"],
        },
    )
    assert remapped.context["result"].ok
    assert remapped.context["result"].layout.header_rows == [2]
    # A column matched automatically keeps saying so after 重新预览.
    rows, merges = reception_rows()
    auto = client.post(
        url, {"file": SimpleUploadedFile("接访.xlsx", workbook(rows, merges))}
    )
    token = auto.context["token"]
    columns = auto.context["result"].layout.columns
    again = client.post(
        url,
        {
            "token": token,
            "remap": "1",
            "source": [c.title for c in columns],
            "target": [
                auto.context["result"].layout.mapping.get(c.index) or ""
                for c in columns
            ],
        },
    )
    how = again.context["result"].layout.how
    assert how[1] == "按同义词表" and how[2] == "列名相同"
    assert "手工指定" not in how.values()


@pytest.mark.parametrize(
    ("unit", "refused"), [("永昌县", False), ("永昌县水务局", True), ("", False)]
)
def test_a_reception_ledger_naming_an_unknown_unit_is_refused(
    city, leader, unit, refused
):
    rows = [
        ["接访日期", "接访领导", "单位", "接待人次"],
        ["2024-03-05", "张县长", unit, 3],
    ]
    result = run("reception_days", workbook(rows), city.users.clerk)
    assert result.ok is not refused
    if refused:
        assert [(e.row, e.column) for e in result.errors] == [(2, "单位")]
        assert "“永昌县水务局”不存在" in result.errors[0].message
    assert ReceptionDay.objects.count() == (0 if refused else 1)


def test_a_petition_ledger_with_date_times_and_a_described_petitioner(city):

    rows = [
        ["信访事项登记表"],
        ["登记时间", "信访人", "信访形式", "问题分类", "反映的主要问题", "承办单位"],
        [
            "2024年9月19日9时",
            "马进财，男，城关镇北海子村村民",
            "来访",
            "农村土地",
            "反映承包地被占用",
            "城关镇",
        ],
        ["2024/9/20 9:30", "李四（13700000000）", "来信", "其他", "反映路灯", "城关镇"],
    ]
    result = run("petition_cases", workbook(rows), city.users.petition_office)
    assert result.ok, [str(e) for e in result.errors]
    land = PetitionCase.objects.get(content="反映承包地被占用")
    assert land.registered_on == date(2024, 9, 19)
    [person] = land.petitioners.all()
    assert (person.name, person.sex, person.address) == (
        "马进财",
        "男",
        "城关镇北海子村",
    )
    lamp = PetitionCase.objects.get(content="反映路灯")
    assert lamp.registered_on == date(2024, 9, 20)
    assert [(p.name, p.phone) for p in lamp.petitioners.all()] == [
        ("李四", "13700000000")
    ]


def test_a_start_of_work_phrase_in_a_deadline_column_is_refused(city, leader):

    rows = [
        ["2024年民生实事目标任务分解表"],
        ["序号", "民生实事", "责任单位", "完成时限"],
        [1, "建成县残疾人综合服务中心", "城关镇", "5月底前动工"],
        [2, "新建人行天桥2座", "城关镇", "3月—9月"],
    ]
    result = run("livelihood_items", workbook(rows), city.users.clerk)
    assert [(e.row, e.column) for e in result.errors] == [(3, "完成时限")]
    assert "不是完成时限" in result.errors[0].message
    rows[2][3] = "12月底前"
    result = run("livelihood_items", workbook(rows), city.users.clerk)
    assert result.ok, [str(e) for e in result.errors]
    bridge = LivelihoodItem.objects.get(item__title="新建人行天桥2座")
    assert bridge.item.deadline == date(2024, 9, 30)


def test_values_in_the_offices_words_map_through_the_synonym_table(city):

    rows = [
        ["信访台账"],
        ["登记时间", "信访人", "信访类型", "问题分类", "信访内容", "承办单位"],
        ["2024-09-19", "甲某", "群众来访", "其他", "反映一", "城关镇"],
        ["2024-09-19", "乙某", "电话来访", "其他", "反映二", "城关镇"],
        ["2024-09-19", "丙某", "12345市民热线", "其他", "反映三", "城关镇"],
        ["2024-09-19", "丁某", "部门转入", "其他", "反映四", "城关镇"],
    ]
    user = city.users.petition_office
    result = run("petition_cases", workbook(rows), user)
    assert [(e.row, e.column) for e in result.errors] == [(6, "来源渠道")]
    assert "“部门转入”不是可选值" in result.errors[0].message
    ValueSynonym.objects.create(
        kind="petition_cases", header="来源渠道", written="部门转入", label="来信"
    )
    result = run("petition_cases", workbook(rows), user)
    assert result.ok, [str(e) for e in result.errors]
    channels = dict(PetitionCase.objects.values_list("content", "channel"))
    assert channels == {
        "反映一": "visit",
        "反映二": "phone",
        "反映三": "hotline",
        "反映四": "letter",
    }
    assert any("“群众来访”→来源渠道“来访”" in str(n) for n in result.notes)
