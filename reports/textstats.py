"""Measures of a report's text, for the bench and the tests: how long it is,
how many figures it states, and how much of it repeats the report before."""

import re

from .compose import ReportText

NUMBER = re.compile(r"\d+(?:\.\d+)?")
# "一是", "二是"… open a clause; the same sentence under another number is
# still the same sentence.
ORDINAL = re.compile(r"^[一二三四五六七八九十]+是")


def body(report: ReportText) -> str:
    """The headings and paragraphs, without the title, signature and date."""
    return "".join(p.text for p in report.paragraphs if p.style in ("body", "heading"))


def characters(report: ReportText) -> int:
    return len(re.sub(r"\s", "", body(report)))


def numbers(report: ReportText) -> int:
    return len(NUMBER.findall(body(report)))


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
