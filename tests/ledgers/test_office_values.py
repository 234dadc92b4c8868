"""Dates, times and people as offices write them (issue 18, point 4): each
form read to what it says, or refused with the reason, never silently to
another day."""

from datetime import date, datetime

import pytest

from ledgers.reading import read_date, read_datetime, split_people

MOMENTS = [
    ("2026年9月19日9时", datetime(2026, 9, 19, 9, 0)),
    ("2026/9/19 9:30", datetime(2026, 9, 19, 9, 30)),
    ("2026年9月19日9时30分", datetime(2026, 9, 19, 9, 30)),
    ("2026年9月19日下午3时30分", datetime(2026, 9, 19, 15, 30)),
    ("2026年9月19日上午9点", datetime(2026, 9, 19, 9, 0)),
    ("2026-09-19 09:30:15", datetime(2026, 9, 19, 9, 30, 15)),
    ("2026-09-19", datetime(2026, 9, 19)),
]


@pytest.mark.parametrize(("text", "moment"), MOMENTS, ids=[m[0] for m in MOMENTS])
def test_a_date_time_in_chinese_forms_is_read_to_the_minute(text, moment):
    assert read_datetime(text).value == moment
    # In a date column the day stays the day written, not the month's end.
    assert read_date(text, 2026).value == moment.date()


@pytest.mark.parametrize(
    "text", ["2026年9月19日9时半后", "2026/9/19 25:00", "明天上午"]
)
def test_an_unreadable_date_time_is_refused(text):
    with pytest.raises(ValueError):
        read_datetime(text)


@pytest.mark.parametrize(
    ("text", "role", "day"),
    [
        ("3月—5月", "deadline", date(2024, 5, 31)),
        ("3月—5月", "start", date(2024, 3, 31)),
        ("2023年3月至6月", "deadline", date(2023, 6, 30)),
        ("3月15日~4月10日", "end", date(2024, 4, 10)),
        ("3月15日~4月10日", "start", date(2024, 3, 15)),
    ],
)
def test_a_range_gives_its_end_for_a_deadline_and_its_start_for_a_start(
    text, role, day
):
    reading = read_date(text, 2024, role)
    assert reading.value == day and "一段时间" in reading.rule


def test_a_range_where_no_role_says_which_end_is_refused():
    with pytest.raises(ValueError, match="一段时间"):
        read_date("3月—5月", 2024)


@pytest.mark.parametrize("text", ["5月底前动工", "6月开工建设", "年内启动"])
def test_a_start_of_work_phrase_is_no_completion_deadline(text):
    with pytest.raises(ValueError, match="不是完成时限"):
        read_date(text, 2024, "deadline")
    read_date(text, 2024, "start")  # as a start date it is read


def test_a_completion_phrase_is_a_deadline():
    assert read_date("5月底前建成", 2024, "deadline").value == date(2024, 5, 31)


PEOPLE = [
    (
        "马进财，男，城关镇北海子村村民",
        [("马进财", "男", "城关镇北海子村", "")],
    ),
    ("张三 13800000000", [("张三", "", "", "13800000000")]),
    ("张三（13800000000）", [("张三", "", "", "13800000000")]),
    ("李梅，女，45岁，13900000000", [("李梅", "女", "", "13900000000")]),
    ("张三、李四", [("张三", "", "", ""), ("李四", "", "", "")]),
    ("张三，李四", [("张三", "", "", ""), ("李四", "", "", "")]),
    ("匿名", [("匿名", "", "", "")]),
]


@pytest.mark.parametrize(("text", "people"), PEOPLE, ids=[p[0] for p in PEOPLE])
def test_a_person_cell_gives_each_person_once_with_what_it_says(text, people):
    assert [
        (p["name"], p["sex"], p["address"], p["phone"]) for p in split_people(text)
    ] == people
