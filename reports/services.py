"""The report pipeline in one call: collect → compose → render."""

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from kombu.exceptions import OperationalError
from redis.exceptions import RedisError

from org.models import OrgUnit
from tracking.periods import period_of

from .collect import collect
from .compose import Paragraph, ReportText, compose
from .models import Report
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
    annex: bool = False,
) -> ReportText:
    """Signed by the unit's issuing body on `today` (the 成文日期 a report
    takes by default); `annex` adds 附件：未达标人员名单 (the body names no one)."""
    period = period_of(year, quarter, half=half)
    figures = collect(unit, period, today=today, quarter=quarter)
    return compose(figures, signed_on=today, signature=unit.signature, annex=annex)


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
    return ReportText(
        title=report.title,
        paragraphs=[Paragraph(p["style"], p["text"]) for p in report.paragraphs],
        signature=report.signature,
        signed_on=report.signed_on,
    )


def report_request(
    *, unit: OrgUnit, year: int, quarter: int | None, by, half: int | None = None
):
    """Queue a report; the Celery task starts once the request has committed."""

    report = Report.objects.create(
        unit=unit, year=year, quarter=quarter, half=half, requested_by=by
    )
    transaction.on_commit(lambda: report_enqueue(report.pk))
    return report


@transaction.atomic
def report_text_save(
    *,
    report: Report,
    title: str,
    paragraphs: list[Paragraph],
    signature: str,
    signed_on: date,
) -> Report:
    """Store the office's text of a report (title, every heading and
    paragraph, 落款, 成文日期) and render its files again from it."""
    report.title = title.strip()
    report.paragraphs = [
        {"style": p.style, "text": p.text.strip()} for p in paragraphs if p.text.strip()
    ]
    report.signature, report.signed_on = signature.strip(), signed_on
    report.edited = True
    report.status = Report.Status.QUEUED
    report.save(
        update_fields=[
            "title",
            "paragraphs",
            "signature",
            "signed_on",
            "edited",
            "status",
        ]
    )
    transaction.on_commit(lambda: report_enqueue(report.pk))
    return report


QUEUE_DOWN = "消息队列暂不可用：报告已排队，服务恢复后自动生成。"


def report_enqueue(report_id: int) -> bool:
    """Send a report to the Celery worker. With the broker (Redis) down the
    report stays queued with a note saying so, and `report_requeue_waiting`
    (run by beat every minute) sends it once the broker is back: the
    request never fails for it."""

    from .tasks import generate_report  # tasks import this module

    try:
        generate_report.delay(report_id)
    except (OperationalError, RedisError, OSError):
        logging.getLogger(__name__).warning(
            "消息队列不可用，报告 %s 待恢复后生成", report_id, exc_info=True
        )
        Report.objects.filter(pk=report_id, status=Report.Status.QUEUED).update(
            error=QUEUE_DOWN
        )
        return False
    Report.objects.filter(pk=report_id, error=QUEUE_DOWN).update(error="")
    return True


def report_requeue_waiting(*, older_than_minutes: int = 30) -> list[int]:
    """Send again the reports whose sending failed, and any left queued for
    long (a web process that stopped between commit and send)."""

    stale = timezone.now() - timedelta(minutes=older_than_minutes)
    waiting = list(
        Report.objects.filter(status=Report.Status.QUEUED)
        .filter(Q(error=QUEUE_DOWN) | Q(requested_at__lt=stale))
        .values_list("pk", flat=True)
    )
    return [pk for pk in waiting if report_enqueue(pk)]


def report_generate(report_id: int) -> None:
    """Compose (unless the office edited the text) and render a queued report.

    Idempotent: running it again for the same report rewrites its files. A
    failure is stored with its reason so the page can say why and retry.
    """

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
            report.signature, report.signed_on = text.signature, text.signed_on
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
