"""The report pipeline in one call: collect → compose → render."""

from dataclasses import dataclass
from datetime import date

from sixiaji.models import OrgUnit
from sixiaji.periods import period_of

from .collect import collect
from .compose import ReportText, compose
from .render import render_docx, render_pdf


@dataclass
class BuiltReport:
    text: ReportText
    content: bytes
    warnings: list[str]


def report_text(
    unit: OrgUnit, year: int, quarter: int | None, *, today: date
) -> ReportText:
    figures = collect(unit, period_of(year, quarter), today=today, quarter=quarter)
    return compose(figures, signed_on=today)


def report_build(text: ReportText, fmt: str) -> BuiltReport:
    if fmt == "pdf":
        content, warnings = render_pdf(text)
        return BuiltReport(text, content, warnings)
    if fmt == "docx":
        return BuiltReport(text, render_docx(text), [])
    if fmt == "txt":
        return BuiltReport(text, text.plain().encode("utf-8"), [])
    raise ValueError(fmt)
