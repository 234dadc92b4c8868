"""Free-text values as offices write them, each read with the rule shown."""

from datetime import date, datetime

import pytest

from ledgers.reading import normalise, read_date, split_person, split_units

READABLE = [
    ("12月底前", date(2024, 12, 31), "台账年度"),
    ("9月投入使用", date(2024, 9, 30), "取该月最后一天"),
    ("5月底前动工", date(2024, 5, 31), "取该月最后一天"),
    ("2024.6.30", date(2024, 6, 30), ""),
    ("2024年6月", date(2024, 6, 30), "2024年6月"),
    ("2023年11月", date(2023, 11, 30), "2023年11月"),
    ("2024年1月8日", date(2024, 1, 8), ""),
    ("2024/1/8", date(2024, 1, 8), ""),
    ("20240108", date(2024, 1, 8), ""),
    ("6月上旬", date(2024, 6, 10), "上旬"),
    ("6月中旬", date(2024, 6, 20), "中旬"),
    ("6月下旬", date(2024, 6, 30), "取该月最后一天"),
    ("3月15日前", date(2024, 3, 15), "3月15日"),
    ("上半年", date(2024, 6, 30), "上半年"),
    ("年底前", date(2024, 12, 31), "年底"),
    ("第三季度", date(2024, 9, 30), "第3季度"),
    ("2季度", date(2024, 6, 30), "第2季度"),
    (45292, date(2024, 1, 1), "Excel日期序号"),
    (datetime(2024, 1, 8, 9, 30), date(2024, 1, 8), ""),
]


@pytest.mark.parametrize(
    ("text", "day", "rule"), READABLE, ids=[str(r[0]) for r in READABLE]
)
def test_a_deadline_as_offices_write_it_is_read_with_its_rule(text, day, rule):
    reading = read_date(text, 2024)
    assert reading.value == day
    assert rule in reading.rule
    if rule:
        assert f"→{day:%Y-%m-%d}" in reading.rule


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("长期坚持", "没有具体时限"),
        ("持续推进", "没有具体时限"),
        ("尽快", "不是有效日期"),
        ("2024-02-30", "不是有效日期"),
        ("13月底", "不是有效日期"),
    ],
)
def test_a_deadline_that_is_no_date_is_refused(text, reason):
    with pytest.raises(ValueError, match=reason):
        read_date(text, 2024)


def test_the_ledger_year_defaults_to_this_year():
    assert read_date("12月底前", None).value.month == 12


def test_a_name_and_phone_in_one_cell():
    assert split_person("张三 13800000000").value == "张三"
    assert split_person("李四（13912345678）").value == "李四"
    assert split_person("王五：0935-8221234").value == "王五"
    assert split_person("赵六").rule == ""


def test_several_units_in_one_cell():
    assert split_units("县水务局/县住建局、县城管局") == [
        "县水务局",
        "县住建局",
        "县城管局",
    ]
    assert split_units("县水务局和县住建局") == ["县水务局", "县住建局"]


def test_column_names_compare_loosely():
    assert normalise(" 完成进度\n(%) *") == normalise("完成进度（%）")
    assert normalise("责任单位（必填）") == "责任单位"
