"""Celery tasks of reports: thin wrappers that fetch by id and call services."""

import logging

from celery import shared_task
from django.utils import timezone

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, ignore_result=True)
def generate_report(report_id: int) -> int:
    from .services import report_generate

    report_generate(report_id)
    return report_id


@shared_task
def requeue_waiting() -> list[int]:
    """Every minute from beat: send the reports that could not be queued
    while the broker was down."""
    from .services import report_requeue_waiting

    return report_requeue_waiting()


@shared_task
def quarterly_drafts() -> list[int]:
    """On the first working day after a quarter ends, draft the last quarter's
    report of the city and of each county (district) and tell their offices.
    Runs daily from beat; does nothing on other days or if drafts exist."""
    from datetime import date, timedelta

    from django.core.mail import send_mail

    from sixiaji.models import OrgUnit, User
    from sixiaji.roles import Role, group_name
    from sixiaji.workdays import next_workday

    from .models import Report
    from .services import report_generate

    today = timezone.localdate()
    quarter_start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    if today != next_workday(quarter_start):
        return []
    last = quarter_start - timedelta(days=1)
    year, quarter = last.year, (last.month - 1) // 3 + 1
    made = []
    for unit in OrgUnit.objects.filter(
        kind__in=[OrgUnit.Kind.CITY, OrgUnit.Kind.COUNTY]
    ):
        if Report.objects.filter(unit=unit, year=year, quarter=quarter).exists():
            continue
        report = Report.objects.create(unit=unit, year=year, quarter=quarter)
        report_generate(report.pk)
        made.append(report.pk)
        office = User.objects.filter(
            groups__name=group_name(Role.CLERK), scope_unit=unit, email__gt=""
        ).values_list("email", flat=True)
        if office:
            send_mail(
                f"{report.title}（草稿）已生成",
                "请登录四下基层工作管理系统查看、修改后下载。",
                None,
                list(office),
            )
        logger.info("已生成季度报告草稿：%s", report)
    return made
