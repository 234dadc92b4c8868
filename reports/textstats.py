"""Measures of a report's text, for the bench and the tests: how long it is,
how many figures it states, and how much of it repeats the report before."""

import re

from .compose import ReportText

# What counts as a figure (a quantity the report states):
# - an Arabic number, with its decimals, 万/亿 and % ("6994", "86.2%", "1.2万");
# - a Chinese numeral before a measure word ("三个", "两项", "十余次" → 十).
# What does not:
# - dates and periods ("2026年", "9月30日", "9月底", "第三季度");
# - ordinals and clause numbers ("第三", "一是");
# - names: text in quotation marks or title marks ("“每月至少接访1天”",
#   "“五个一”", "《…》"), and the hotline's name 12345;
# - set phrases with a numeral that count nothing (四下基层, 一批, 一线, 逐一).
NAMES = re.compile(r"“[^”]*”|‘[^’]*’|《[^》]*》|12345")
DATES = re.compile(
    r"\d{4}年(?:度)?|\d{1,2}月\d{1,2}日|\d{1,2}月(?=底|初|中旬|下旬|份|末)|"
    r"(?<!\d)\d{1,2}月(?!\d)|\d{1,2}日"
)
NUMBER = re.compile(r"\d+(?:\.\d+)?(?:万|亿)?%?")
CHINESE = re.compile(
    r"(?<![第逐])[一二两三四五六七八九十百千万]+(?:余|多)?"
    r"(?=[个项件名次场期篇单条天户人份家所类位])"
)
# "一是", "二是"… open a clause; the same sentence under another number is
# still the same sentence.
ORDINAL = re.compile(r"^[一二三四五六七八九十]+是")


def body(report: ReportText) -> str:
    """The headings and paragraphs, without the title, signature and date."""
    return "".join(p.text for p in report.paragraphs if p.style in ("body", "heading"))


def characters(report: ReportText) -> int:
    return len(re.sub(r"\s", "", body(report)))


def figures(text: str) -> list[str]:
    """The quantities `text` states, by the rules above."""
    text = DATES.sub("", NAMES.sub("", text))
    found = NUMBER.findall(text)
    return found + CHINESE.findall(NUMBER.sub("", text))


def numbers(report: ReportText) -> int:
    return len(figures(body(report)))


def sentences(report: ReportText) -> list[str]:
    """The body's sentences (ended by 。 or a colon closing a paragraph),
    without their clause numbers."""
    found = []
    for p in report.paragraphs:
        if p.style != "body":
            continue
        for part in re.split(r"(?<=[。：])", p.text):
            part = ORDINAL.sub("", part.strip())
            if part:
                found.append(part)
    return found


def identical_share(before: ReportText, after: ReportText) -> float:
    """The share of `after`'s sentences that `before` states word for word."""
    said = set(sentences(before))
    mine = sentences(after)
    return sum(s in said for s in mine) / len(mine) if mine else 0.0
