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
    unit: OrgUnit,
    year: int,
    quarter: int | None,
    *,
    today: date,
    half: int | None = None,
) -> ReportText:
    period = period_of(year, quarter, half=half)
    figures = collect(unit, period, today=today, quarter=quarter)
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


def _stored_text(report) -> ReportText:
    from .compose import Paragraph

    return ReportText(
        title=report.title,
        paragraphs=[Paragraph(p["style"], p["text"]) for p in report.paragraphs],
    )


def report_request(
    *, unit: OrgUnit, year: int, quarter: int | None, by, half: int | None = None
):
    """Queue a report; the Celery task starts once the request has committed."""
    from django.db import transaction

    from .models import Report
    from .tasks import generate_report

    report = Report.objects.create(
        unit=unit, year=year, quarter=quarter, half=half, requested_by=by
    )
    transaction.on_commit(lambda: generate_report.delay(report.pk))
    return report


def report_generate(report_id: int) -> None:
    """Compose (unless the office edited the text) and render a queued report.

    Idempotent: running it again for the same report rewrites its files. A
    failure is stored with its reason so the page can say why and retry.
    """
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from .models import Report

    report = Report.objects.select_related("unit").get(pk=report_id)
    Report.objects.filter(pk=report.pk).update(
        status=Report.Status.RUNNING, progress=10, error=""
    )
    try:
        today = timezone.localdate()
        if report.edited and report.paragraphs:
            text = _stored_text(report)
        else:
            text = report_text(
                report.unit, report.year, report.quarter, today=today, half=report.half
            )
            report.title = text.title
            report.paragraphs = [
                {"style": p.style, "text": p.text} for p in text.paragraphs
            ]
            report.data_as_of = today
        Report.objects.filter(pk=report.pk).update(progress=50)
        pdf = report_build(text, "pdf")
        docx = report_build(text, "docx")
        part = (
            f"Q{report.quarter}"
            if report.quarter
            else (f"H{report.half}" if report.half else "Y")
        )
        name = f"{report.unit.code}-{report.year}-{part}-{report.pk}"
        report.pdf.save(f"{name}.pdf", ContentFile(pdf.content), save=False)
        report.docx.save(f"{name}.docx", ContentFile(docx.content), save=False)
        report.warnings = "\n".join(pdf.warnings)
        report.status = Report.Status.DONE
        report.progress = 100
        report.finished_at = timezone.now()
        report.save()
    except Exception as error:
        Report.objects.filter(pk=report.pk).update(
            status=Report.Status.FAILED,
            progress=0,
            error=f"{type(error).__name__}：{error}",
            finished_at=timezone.now(),
        )
        raise
