"""The closing note's table (issue 18): of the office layouts the tests in
this folder build from public descriptions, how many import with no manual
step, with constants only (one value for the file, a derived column), and
with a manual mapping (a column or a value chosen by hand, a header row
pointed at). Each layout is tried in that order and must import in the end;
the table is printed (`pytest -s`) and its counts asserted."""

from dataclasses import dataclass, field
from datetime import date

import pytest

from ledgers.importing import import_ledger
from ledgers.registry import LEDGERS
from research.models import Finding
from tests.factories import CadreFactory, TopicFactory
from tests.ledgers.test_constants import _office_ledger
from tests.ledgers.test_import_fills import FIRST, SECOND, guide_ledger
from tests.ledgers.test_office_layouts import CHOSEN, UNKNOWN_HEADER, reception_rows
from tests.ledgers.test_real_ledgers import (
    HOTLINE_LEDGER,
    HOTLINE_MERGES,
    LIVELIHOOD,
    LIVELIHOOD_MERGES,
    MEASURES_LEDGER,
    MERGED_PROJECT,
    PETITION_LEDGER,
    RECEPTION_CSV,
    RECTIFICATION_LEDGER,
    TOPICS_LEDGER,
)
from tests.sheets import workbook

pytestmark = pytest.mark.django_db


@dataclass
class Layout:
    name: str
    kind: str
    content: bytes
    filename: str = "台账.xlsx"
    petition: bool = False  # imported by the petition office, else the clerk
    constants: dict = field(default_factory=dict)  # constants and derivations
    manual: dict = field(default_factory=dict)  # choices, values, header row


def layouts(tmp_path) -> list[Layout]:
    reception, merges = reception_rows()
    return [
        Layout(
            "民生实事目标任务分解表（标题、两行表头、合并子项）",
            "livelihood_items",
            workbook(LIVELIHOOD, LIVELIHOOD_MERGES),
        ),
        Layout(
            "民生实事分解表（一个项目多项建设内容）",
            "livelihood_items",
            workbook(MERGED_PROJECT, ["A1:E1", "A3:A5", "B3:B5"]),
        ),
        Layout(
            "领导干部接访台账（两页，办理情况分组表头）",
            "reception_days",
            workbook(reception, merges),
        ),
        Layout(
            "领导接访登记表（GBK 编码 CSV）",
            "reception_days",
            RECEPTION_CSV.encode("gbk"),
            "接访.csv",
        ),
        Layout(
            "值班接待登记（列名无一可识别）",
            "reception_days",
            workbook(UNKNOWN_HEADER),
            manual={"header_row": 2, "choice": CHOSEN},
        ),
        Layout(
            "信访事项登记台账（同义列名、身份证号、匿名）",
            "petition_cases",
            workbook(PETITION_LEDGER),
            petition=True,
        ),
        Layout(
            "信访事项登记台账（无来源渠道、问题类别）",
            "petition_cases",
            _office_ledger(tmp_path).read_bytes(),
            petition=True,
            constants={"constants": {"来源渠道": "来访", "问题类别": "其他"}},
        ),
        Layout(
            "信访台账（接件时间，无登记日期、问题类别）",
            "petition_cases",
            guide_ledger(FIRST),
            petition=True,
            constants={
                "constants": {"问题类别": "其他"},
                "derived": {"登记日期": "接件时间"},
            },
        ),
        Layout(
            "信访台账（信访类型写作“部门转入”）",
            "petition_cases",
            guide_ledger(FIRST, SECOND),
            petition=True,
            constants={
                "constants": {"问题类别": "其他"},
                "derived": {"登记日期": "接件时间"},
            },
            manual={"values": {"来源渠道": {"部门转入": "来信"}}},
        ),
        Layout(
            "12345热线工单办理台账（办理情况分组表头）",
            "hotline_orders",
            workbook(HOTLINE_LEDGER, HOTLINE_MERGES),
        ),
        Layout(
            "调研发现问题整改台账（一格多个单位）",
            "research_measures",
            workbook(MEASURES_LEDGER),
        ),
        Layout(
            "调研课题台账（“负责同志”列）",
            "research_topics",
            workbook(TOPICS_LEDGER),
            manual={
                "choice": {
                    "课题": "课题名称",
                    "负责同志": "牵头领导",
                    "调研重点": "聚焦的问题",
                }
            },
        ),
        Layout(
            "自查整改清单（整改期限、分管领导）",
            "rectifications",
            workbook(RECTIFICATION_LEDGER),
        ),
    ]


STEPS = ["无需手工操作", "仅指定全表同一值或推出规则", "需手工对应列、取值或表头"]


def test_how_many_office_layouts_import_with_no_manual_step(city, tmp_path, capsys):
    lead = CadreFactory(name="张县长", unit=city.yongchang, rank="county")
    topic = TopicFactory(
        title="营商环境调研", lead=lead, unit=city.yongchang, year=2024
    )
    Finding.objects.create(
        topic=topic, description="审批环节多", found_on=date(2024, 3, 1)
    )
    table = []
    for layout in layouts(tmp_path):
        user = city.users.petition_office if layout.petition else city.users.clerk
        tries = [{}, layout.constants, {**layout.constants, **layout.manual}]
        for step, options in enumerate(tries):  # noqa: B007 (the step it took)
            result = import_ledger(
                LEDGERS[layout.kind],
                layout.content,
                layout.filename,
                user=user,
                dry_run=True,
                **options,
            )
            if result.ok:
                break
        assert result.ok, (layout.name, [str(e) for e in result.errors])
        table.append((layout.name, step))
    with capsys.disabled():
        print("\n台账格式（tests/ledgers/）", "导入所需步骤", sep="\t")
        for name, step in table:
            print(f"{name}\t{STEPS[step]}")
        counts = [sum(1 for _, s in table if s == step) for step in range(3)]
        print("合计：" + "，".join(f"{STEPS[i]} {n} 种" for i, n in enumerate(counts)))
    assert counts == [8, 2, 3]
