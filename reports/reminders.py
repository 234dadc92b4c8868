"""The reminders and drafts of reports, run on working days by Celery beat
(reports/tasks.py): the quarterly report drafts and the quota shortfall
notices."""

import logging
from datetime import date, timedelta

from django.urls import reverse

from org.models import Cadre, OrgUnit, User
from org.roles import Role, group_name
from tracking.periods import period_of
from tracking.services import notify
from tracking.workdays import is_workday, next_workday

from .models import QuotaRule, Report, ReportNotice
from .quotas import Status, evaluate
from .services import report_generate

logger = logging.getLogger(__name__)


def quarterly_drafts(today: date) -> list[int]:
    """On the first working day after a quarter ends, draft the last quarter's
    report of the city and of each county (district) and tell their offices.
    Does nothing on other days or if drafts exist."""
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
        notify(
            recipients=User.objects.filter(
                groups__name=group_name(Role.CLERK), scope_unit=unit
            ),
            kind=ReportNotice.REPORT_READY,
            title=f"{report}（草稿）已生成",
            body="请查看、修改“存在的问题”和“下一步工作打算”后下载。",
            url=reverse("reports:report_detail", args=[report.pk]),
            key=f"report:{report.pk}",
        )
        logger.info("已生成季度报告草稿：%s", report)
    return made


# Words for "not yet done" of a quota measure, for the shortfall reminder.
NOT_YET = {
    "reception_days": "安排接访日",
    "onsite": "到基层现场办公",
    "lecture": "下基层宣讲",
    "party_lecture": "讲专题党课",
    "backlog_cases": "包案化解信访积案",
    "research_days": "开展调研",
    "topics_led": "牵头调研课题",
    "project_contact": "与包抓项目单位联系",
    "project_site_visit": "实地走访包抓项目",
    "enterprise_contact": "与包联企业联系",
    "enterprise_site_visit": "实地走访包联企业",
}
PERIOD_WORDS = {
    "month": "本月",
    "quarter": "本季度",
    "half_year": "本半年",
    "year": "本年",
}
SHORTFALL_NOTICE_DAYS = 14


def quota_shortfall_reminders(today: date) -> int:
    """Two weeks before a month, quarter, half-year or year ends, tell each
    cadre which quotas of that period are still short (e.g. "本月尚未安排接访
    日"). Weekly quotas are left to the dashboard. Acts on working days; each
    (rule, period) is told once."""
    if not is_workday(today):
        return 0
    ends = {
        "month": period_of(today.year, month=today.month).end,
        "quarter": period_of(today.year, quarter=(today.month - 1) // 3 + 1).end,
        "half_year": period_of(today.year, half=1 if today.month <= 6 else 2).end,
        "year": date(today.year, 12, 31),
    }
    closing = [
        k
        for k, end in ends.items()
        if end - today <= timedelta(days=SHORTFALL_NOTICE_DAYS)
    ]
    rules = QuotaRule.objects.filter(is_active=True, period__in=closing).exclude(
        measure=QuotaRule.Measure.PLAN_SUBMITTED
    )
    if not closing or not rules:
        return 0
    cadres = list(
        Cadre.objects.filter(is_active=True, user__isnull=False).select_related(
            "unit", "user"
        )
    )
    window = period_of(today.year, month=today.month)
    table = evaluate(rules, window, cadres, today=today)
    sent = 0
    for cell in table.cells:
        if cell.cadre is None or cell.status == Status.MET or not cell.shortfall:
            continue
        rule = cell.rule
        word = PERIOD_WORDS[rule.period]
        if cell.done == 0 and rule.measure in NOT_YET:
            title = f"{word}尚未{NOT_YET[rule.measure]}"
        else:
            title = f"{word}“{rule.name}”尚差{cell.shortfall}"
        end = ends[rule.period]
        sent += len(
            notify(
                recipients=[cell.cadre.user],
                kind=ReportNotice.QUOTA_SHORTFALL,
                title=f"{title}（{end:%m月%d日}截止）",
                body=f"指标{rule.code}：{rule.name}（{rule.label}），已完成{cell.done}。",
                url=reverse("reports:my_quotas"),
                key=f"{rule.code}:{end.isoformat()}",
            )
        )
    return sent
