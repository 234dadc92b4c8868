"""The objects and requests of the permission matrix (tests/security/test_permissions.py).

`world` builds one record of every kind behind an object URL in each of two
counties: 永昌县 (yc, where the cadre and the clerk work) and 金川区 (jc,
where the leader works). `outcome` turns a response into a short code.
"""

from datetime import date, timedelta

from django.contrib import admin
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from activities.services import livelihood_create
from ledgers.models import LedgerExport, LedgerImport
from petitions.models import ID_CHECK, ID_WEIGHTS, BacklogCase, ReceptionDay
from reports.models import Report
from research.models import Finding, ResearchPlan, ResearchReport
from supervision.models import OrderNotice
from supervision.services import order_issue, rectification_add
from tests.factories import ActivityFactory, TopicFactory
from tracking.models import Notification, TrackedItem

ROLES = (
    "cadre",
    "clerk",
    "leader",
    "city_leader",
    "petition_office",
    "auditor",
    "sysadmin",
    "secadmin",
)
COUNTIES = ("yc", "jc")


def resident_id(body: str) -> str:
    """17 digits and their check digit: an ID number the registration takes."""

    total = sum(int(d) * w for d, w in zip(body, ID_WEIGHTS, strict=True))
    return body + ID_CHECK[total % 11]


def url_names() -> dict[str, list[str]]:
    """Every named URL outside the admin site, with its parameters."""
    found: dict[str, list[str]] = {}

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue
                inner = pattern.namespace
                ns = (
                    f"{namespace}:{inner}"
                    if namespace and inner
                    else inner or namespace
                )
                walk(pattern.url_patterns, ns)
            elif isinstance(pattern, URLPattern):
                if pattern.name is None:
                    raise AssertionError(f"未命名的URL：{pattern.pattern}")
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                found[name] = list(pattern.pattern.converters)

    walk(get_resolver().url_patterns, None)
    return found


def admin_url_names() -> list[str]:

    return [
        f"admin:{p.name}"
        for p in admin.site.get_urls()
        if isinstance(p, URLPattern) and p.name
    ]


def outcome(response) -> str:
    """200, 404, 403, 405, "login" (sent to log in) or 302 (any other redirect)."""
    if response.status_code in (301, 302):
        location = response["Location"]
        if location.startswith("/login/") or location.startswith("/admin/login/"):
            return "login"
        return "302"
    return str(response.status_code)


def build_world(city, register, tmp_media) -> dict[str, dict[str, object]]:
    """One object per kind per county: {"activity": {"yc": obj, "jc": obj}, …}."""

    world: dict[str, dict[str, object]] = {}
    sides = {
        "yc": (city.users.cadre.cadre, city.yongchang, city.chengguan, city.yc_village),
        "jc": (city.jc_cadre, city.jinchuan, city.ningyuanpu, city.jc_village),
    }
    for side, (cadre, county, township, village) in sides.items():
        put = lambda kind, obj, side=side: world.setdefault(kind, {}).__setitem__(  # noqa: E731
            side, obj
        )
        put("cadre", cadre)
        put(
            "item",
            TrackedItem.objects.create(
                kind="test",
                title=f"{county.name}事项",
                unit=township,
                owner=cadre,
                start_date=date(2024, 3, 1),
                deadline=date(2024, 4, 1),
            ),
        )
        activity = ActivityFactory(cadre=cadre, places=[village])
        activity.attachment.save("a.pdf", ContentFile(b"%PDF-1.4"), save=True)
        put("activity", activity)
        put(
            "livelihood",
            livelihood_create(
                year=2024,
                title=f"{county.name}民生实事",
                unit=township,
                owner=cadre,
                start_date=date(2024, 3, 1),
                deadline=date(2024, 12, 1),
            ),
        )
        put(
            "plan",
            ResearchPlan.objects.create(
                unit=county, year=2024, submitted_on=date(2024, 2, 20), content="计划"
            ),
        )
        topic = TopicFactory(lead=cadre, unit=township)
        put("topic", topic)
        put(
            "finding",
            Finding.objects.create(
                topic=topic, description="问题", found_on=date(2024, 5, 1)
            ),
        )
        research_report = ResearchReport(
            topic=topic, submitted_on=date(2024, 12, 1), text="报告"
        )
        research_report.file.save("r.pdf", ContentFile(b"%PDF-1.4"), save=False)
        research_report.save()
        put("research_report", research_report)
        case = register(
            unit=county, id_number=resident_id(f"62030219900101{100 + len(world)}")
        )
        put("case", case)
        put(
            "reception",
            ReceptionDay.objects.create(
                kind="reception", leader=cadre, day=date(2024, 3, 5)
            ),
        )
        put(
            "backlog",
            BacklogCase.objects.create(
                case=register(
                    unit=county,
                    id_number=resident_id(f"62030219800101{200 + len(world)}"),
                ),
                leader=cadre,
                team="专班",
                plan="方案",
                assigned_on=date(2024, 3, 5),
            ),
        )
        report = Report.objects.create(
            unit=county,
            year=2024,
            quarter=4,
            status=Report.Status.DONE,
            title="报告",
            paragraphs=[{"style": "body", "text": "正文"}],
        )
        report.pdf.save("r.pdf", ContentFile(b"%PDF-1.4"), save=True)
        put("report", report)
        # The person who asked for an export alone sees it: the 永昌县 clerk's
        # and the 金川区 leader's.
        requester = city.users.clerk if side == "yc" else city.users.leader
        job = LedgerExport.objects.create(
            kind="activities",
            title=f"{county.name}基层活动台账",
            requested_by=requester,
            status=LedgerExport.Status.DONE,
        )
        job.file.save("a.xlsx", ContentFile(b"PK"), save=True)
        put("export_job", job)
        put(
            "import_job",
            LedgerImport.objects.create(
                kind="activities",
                path="imports/none.xlsx",
                filename=f"{county.name}基层活动台账.xlsx",
                requested_by=requester,
                status=LedgerImport.Status.DONE,
            ),
        )
        put(
            "rectification",
            rectification_add(
                by=city.users.clerk,
                unit=township,
                problem=f"{county.name}自查问题",
                measures="措施",
                target="目标",
                deadline=date(2024, 6, 30),
                leader=cadre,
                owner=cadre,
                start_date=date(2024, 3, 1),
            ),
        )
        put(
            "order",
            order_issue(
                by=city.users.city_leader,
                unit=township,
                deadline=timezone.localdate() + timedelta(days=10),
                note="请按期回复",
                target=world["item"][side],
                cadre=cadre,
            ),
        )
        put(
            "notice",
            Notification.objects.create(
                recipient=city.users.cadre if side == "yc" else city.users.leader,
                kind=OrderNotice.ISSUED,
                title="督办单",
            ),
        )
    return world
