"""The audit trail: one row per event kind, with who, when, from where and
what changed (in the style of Zulip's test_audit_log.py); read-only; kept at
least six months; read by the audit administrator only."""

from datetime import date, timedelta
from io import BytesIO

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from petitions.models import PetitionCase, Petitioner
from reports.models import Report
from research.models import Finding, ResearchPlan
from security.models import AuditEvent
from tests.factories import PASSWORD, TopicFactory
from tracking.models import TrackedItem

pytestmark = pytest.mark.django_db
ADDRESS = "10.20.30.40"


def changes_of(model, action: int):
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model), action=action
    )


def test_a_create_records_who_when_where_and_the_new_values(client, city):
    client.force_login(city.users.clerk)
    response = client.post(
        reverse("research:plan_create"),
        {
            "unit": city.yongchang.pk,
            "year": 2024,
            "submitted_on": "2024-02-20",
            "content": "围绕乡村振兴开展调研",
        },
        REMOTE_ADDR=ADDRESS,
    )
    assert response.status_code == 302
    plan = ResearchPlan.objects.get()
    entry = changes_of(ResearchPlan, LogEntry.Action.CREATE).get()
    assert entry.actor == city.users.clerk
    assert entry.remote_addr == ADDRESS
    assert entry.object_pk == str(plan.pk)
    assert entry.changes_dict["content"] == ["None", "围绕乡村振兴开展调研"]
    assert timezone.now() - entry.timestamp < timedelta(minutes=1)


def test_an_update_records_old_and_new_values(client, city):
    item = TrackedItem.objects.create(
        kind="test",
        title="修缮村道",
        unit=city.chengguan,
        start_date=date(2024, 3, 1),
        deadline=date(2024, 4, 1),
    )
    client.force_login(city.users.clerk)
    client.post(
        reverse("item_close", args=[item.pk]),
        {"result": "已完工"},
        REMOTE_ADDR=ADDRESS,
    )
    entry = changes_of(TrackedItem, LogEntry.Action.UPDATE).get()
    assert entry.actor == city.users.clerk and entry.remote_addr == ADDRESS
    assert entry.changes_dict["result"] == ["", "已完工"]
    assert entry.changes_dict["closed_at"][0] == "None"


def test_a_delete_records_what_was_removed(client, city):
    topic = TopicFactory(lead=city.yc_colleague, unit=city.chengguan)
    finding = Finding.objects.create(
        topic=topic, description="审批环节多", found_on=date(2024, 5, 1)
    )
    client.force_login(city.users.clerk)
    client.post(
        reverse("research:finding_delete", args=[finding.pk]), REMOTE_ADDR=ADDRESS
    )
    entry = changes_of(Finding, LogEntry.Action.DELETE).get()
    assert entry.actor == city.users.clerk and entry.remote_addr == ADDRESS
    assert entry.object_repr.startswith("审批环节多")


def test_petitioners_data_is_masked_in_the_trail(city, register):
    register()

    entry = changes_of(Petitioner, LogEntry.Action.CREATE).get()
    text = str(entry.changes) + entry.object_repr + str(entry.serialized_data)
    for secret in ("620302199001011234", "13812341234", "张建国", "三社"):
        assert secret not in text
    assert entry.object_repr == "张**"
    case_entry = changes_of(PetitionCase, LogEntry.Action.CREATE).get()
    assert "承包地被占用" not in str(case_entry.changes)


def test_login_logout_and_failed_login_are_recorded(client, city):
    client.post(
        reverse("login"), {"username": "clerk", "password": "bad"}, REMOTE_ADDR=ADDRESS
    )
    failed = AuditEvent.objects.get(action=AuditEvent.Action.LOGIN_FAILED)
    assert failed.username == "clerk" and failed.user is None
    assert failed.address == ADDRESS
    client.post(
        reverse("login"),
        {"username": "clerk", "password": PASSWORD},
        REMOTE_ADDR=ADDRESS,
    )
    login = AuditEvent.objects.get(action=AuditEvent.Action.LOGIN)
    assert login.user == city.users.clerk and login.address == ADDRESS
    client.post(reverse("logout"), REMOTE_ADDR=ADDRESS)
    assert (
        AuditEvent.objects.get(action=AuditEvent.Action.LOGOUT).user == city.users.clerk
    )


def test_a_failed_login_for_an_unknown_name_is_recorded(client, city):
    client.post(reverse("login"), {"username": "ghost", "password": "x"})
    assert AuditEvent.objects.get(action="login_failed").username == "ghost"


def test_a_lockout_is_recorded(client, city):
    for _ in range(5):
        client.post(
            reverse("login"),
            {"username": "cadre", "password": "bad"},
            REMOTE_ADDR=ADDRESS,
        )
    event = AuditEvent.objects.get(action=AuditEvent.Action.LOCKOUT)
    assert event.username == "cadre" and event.address == ADDRESS


def test_an_export_is_recorded(client, city, register):
    register()
    client.force_login(city.users.petition_office)
    client.post(reverse("ledger_export", args=["petition_cases"]), REMOTE_ADDR=ADDRESS)
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert event.user == city.users.petition_office and event.address == ADDRESS
    assert "未脱敏" in event.detail


def test_an_unmasked_view_is_recorded(client, city, register):
    case = register()
    client.force_login(city.users.petition_office)
    client.get(reverse("petitions:case_detail", args=[case.pk]), REMOTE_ADDR=ADDRESS)
    event = AuditEvent.objects.get(action=AuditEvent.Action.REVEAL)
    assert event.object_id == str(case.pk) and event.address == ADDRESS


def test_a_masked_view_is_not_an_unmasked_view(client, city, register):
    case = register()
    client.force_login(city.users.clerk)
    client.get(reverse("petitions:case_detail", args=[case.pk]))
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.REVEAL).exists()


def test_a_report_download_is_recorded(client, city, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    report = Report.objects.create(
        unit=city.yongchang,
        year=2024,
        quarter=4,
        status=Report.Status.DONE,
        title="关于永昌县2024年第四季度落实“四下基层”开展情况的报告",
    )
    report.pdf.save("r.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    client.force_login(city.users.clerk)
    response = client.get(
        reverse("reports:report_download", args=[report.pk, "pdf"]),
        REMOTE_ADDR=ADDRESS,
    )
    assert response.status_code == 200
    event = AuditEvent.objects.get(action=AuditEvent.Action.DOWNLOAD)
    assert event.object_id == str(report.pk) and event.address == ADDRESS


def test_a_password_change_is_recorded(client, city):
    client.force_login(city.users.cadre)
    client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Chengguan#2025",
            "new_password2": "Chengguan#2025",
        },
        REMOTE_ADDR=ADDRESS,
    )
    event = AuditEvent.objects.get(action=AuditEvent.Action.PASSWORD_CHANGE)
    assert event.user == city.users.cadre and event.address == ADDRESS


def test_audit_events_cannot_be_changed_or_deleted(city):
    event = AuditEvent.objects.create(
        user=city.users.clerk, action=AuditEvent.Action.EXPORT, object_type="x"
    )
    event.detail = "篡改"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    assert AuditEvent.objects.get(pk=event.pk).detail == ""


@pytest.mark.parametrize("name", ["auditor", "sysadmin", "secadmin"])
def test_nobody_changes_the_trail_in_the_admin(client, city, name):
    user = getattr(city.users, name)
    user.is_staff = True
    user.save()
    event = AuditEvent.objects.create(
        user=city.users.clerk, action=AuditEvent.Action.EXPORT, object_type="x"
    )
    client.force_login(user)
    # The trail is read on its own page only; the admin offers no page of it.
    for path in [
        f"/admin/security/auditevent/{event.pk}/change/",
        f"/admin/security/auditevent/{event.pk}/delete/",
        "/admin/auditlog/logentry/",
    ]:
        assert client.post(path, {"detail": "x", "post": "yes"}).status_code == 404
    assert AuditEvent.objects.get(pk=event.pk).detail == ""


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("auditor", 200),
        ("sysadmin", 404),
        ("secadmin", 404),
        ("clerk", 404),
        ("petition_office", 404),
        ("city_leader", 404),
    ],
)
def test_only_the_auditor_reads_the_trail(client, city, name, status):
    client.force_login(getattr(city.users, name))
    assert client.get(reverse("audit_trail")).status_code == status
    assert client.post(reverse("audit_export")).status_code == status


def test_the_auditor_filters_and_exports(client, city, register):
    register()
    client.post(reverse("login"), {"username": "clerk", "password": "bad"})
    client.force_login(city.users.auditor)
    page = client.get(
        reverse("audit_trail"), {"kind": "changes", "target": "petitioner"}
    )
    assert page.status_code == 200
    rows = page.context["rows"]
    assert rows and all("信访人" in row["target"] for row in rows)
    assert "张建国" not in page.text and "620302199001011234" not in page.text
    events = client.get(
        reverse("audit_trail"), {"kind": "events", "action": "登录失败"}
    )
    assert [row["user"] for row in events.context["rows"]] == ["clerk"]
    bad = client.get(
        reverse("audit_trail"), {"start": "2024-05-01", "end": "2024-01-01"}
    )
    assert "截止日期不能早于起始日期" in bad.text
    response = client.post(f"{reverse('audit_export')}?kind=events")
    sheet = load_workbook(BytesIO(response.content)).active
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert values[2][:4] == ["时间", "用户", "来源地址", "操作"]
    assert any(row[3] == "登录失败" and row[1] == "clerk" for row in values[3:])
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.EXPORT, user=city.users.auditor
    ).exists()


def _age(days: int):
    at = timezone.now() - timedelta(days=days)
    return at


def test_purge_refuses_records_younger_than_six_months(city):
    too_recent = timezone.localdate() - timedelta(days=100)
    with pytest.raises(CommandError, match="须保存183天"):
        call_command("purge_audit", "--before", too_recent.isoformat())


def test_purge_removes_only_records_older_than_the_date(city):
    old = AuditEvent.objects.create(
        user=city.users.clerk, action="export", object_type="x"
    )
    new = AuditEvent.objects.create(
        user=city.users.clerk, action="export", object_type="y"
    )
    AuditEvent.objects.filter(pk=old.pk).update(at=_age(400))
    LogEntry.objects.update(timestamp=_age(400))
    kept = TrackedItem.objects.create(
        kind="t",
        title="新",
        unit=city.chengguan,
        start_date=date(2024, 1, 1),
        deadline=date(2024, 2, 1),
    )
    cutoff = timezone.localdate() - timedelta(days=200)
    call_command("purge_audit", "--before", cutoff.isoformat())
    assert list(AuditEvent.objects.values_list("pk", flat=True)) == [new.pk]
    assert list(LogEntry.objects.values_list("object_pk", flat=True)) == [str(kept.pk)]
