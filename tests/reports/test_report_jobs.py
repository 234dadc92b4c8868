"""Report jobs: request, generate, edit, download, retry, scope, Celery."""

import time
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from reports.models import Report
from reports.services import report_generate
from reports.tasks import quarterly_drafts
from security.models import AuditEvent
from tests.factories import ActivityFactory
from tests.reports.test_report_editor import editor_data


@pytest.fixture
def lecture(city):
    return ActivityFactory(
        cadre=city.users.cadre.cadre,
        kind="lecture",
        start_date=date(2024, 11, 5),
        audience_public=120,
        places=[city.yc_village],
    )


@pytest.mark.django_db
def test_a_county_office_cannot_generate_the_citys_report(client, city):
    client.force_login(city.users.clerk)
    response = client.post(
        reverse("reports:report_list"),
        {"unit": city.root.pk, "year": 2024, "period": "q4"},
    )
    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    assert not Report.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "unit", "allowed"),
    [
        ("petition_office", "root", False),
        ("petition_office", "yongchang", False),
        ("clerk", "yongchang", True),
        ("clerk", "jinchuan", False),
        ("leader", "jinchuan", True),
        ("leader", "yongchang", False),
        ("city_leader", "root", True),
        ("sysadmin", "root", False),
    ],
)
def test_work_reports_are_asked_for_by_the_units_office_and_leaders(
    client, city, django_capture_on_commit_callbacks, role, unit, allowed
):
    """The petition office's city-wide scope is for petitions: it generates
    no unit's work report; the office and leaders of a unit generate its own."""
    client.force_login(getattr(city.users, role))
    with django_capture_on_commit_callbacks(execute=False):
        client.post(
            reverse("reports:report_list"),
            {"unit": getattr(city, unit).pk, "year": 2024, "period": "q4"},
        )
    assert Report.objects.filter(unit=getattr(city, unit)).exists() == allowed


@pytest.mark.django_db
def test_generate_edit_and_download(
    client, city, lecture, django_capture_on_commit_callbacks
):
    client.force_login(city.users.clerk)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            reverse("reports:report_list"),
            {"unit": city.yongchang.pk, "year": 2024, "period": "q4"},
        )
    report = Report.objects.get()
    assert response.url == reverse("reports:report_detail", args=[report.pk])
    assert len(callbacks) == 1  # the task is enqueued once the request commits
    report_generate(report.pk)
    report.refresh_from_db()
    assert (
        report.status == "done"
        and report.title == "关于永昌县2024年第四季度落实“四下基层”开展情况的报告"
    )
    assert "宣讲1场次" in "".join(p["text"] for p in report.paragraphs)

    page = client.get(reverse("reports:report_detail", args=[report.pk]))
    assert "下载 PDF" in page.text
    paragraphs = [dict(p) for p in report.paragraphs]
    paragraphs[-1]["text"] = "一是加强督导。二是改进作风。"  # 下一步工作打算
    client.post(
        reverse("reports:report_edit", args=[report.pk]),
        editor_data(report, paragraphs),
    )
    report_generate(report.pk)
    report.refresh_from_db()
    assert (
        report.edited
        and report.paragraphs[-1]["text"] == "一是加强督导。二是改进作风。"
    )
    response = client.get(reverse("reports:report_download", args=[report.pk, "pdf"]))
    pdf = b"".join(response.streaming_content)
    assert pdf.startswith(b"%PDF")
    assert AuditEvent.objects.filter(
        action="download", object_id=str(report.pk)
    ).exists()
    docx = client.get(reverse("reports:report_download", args=[report.pk, "docx"]))
    assert docx.status_code == 200


@pytest.mark.django_db
def test_reports_of_another_county_are_not_visible(client, city):
    report = Report.objects.create(unit=city.jinchuan, year=2024, quarter=4)
    client.force_login(city.users.clerk)
    assert (
        client.get(reverse("reports:report_detail", args=[report.pk])).status_code
        == 404
    )
    assert (
        client.get(
            reverse("reports:report_download", args=[report.pk, "pdf"])
        ).status_code
        == 404
    )
    assert (
        client.post(reverse("reports:report_retry", args=[report.pk])).status_code
        == 404
    )
    client.force_login(city.users.leader)
    assert (
        client.get(reverse("reports:report_detail", args=[report.pk])).status_code
        == 200
    )


@pytest.mark.django_db
def test_a_failed_job_says_why_and_can_be_retried(client, city, monkeypatch):
    report = Report.objects.create(unit=city.yongchang, year=2024, quarter=4)

    def broken(*args, **kwargs):
        raise OSError("磁盘已满")

    monkeypatch.setattr("reports.services.render_pdf", broken)
    with pytest.raises(OSError):
        report_generate(report.pk)
    client.force_login(city.users.clerk)
    page = client.get(reverse("reports:report_detail", args=[report.pk]))
    assert "生成失败：OSError：磁盘已满" in page.text and "重试" in page.text
    monkeypatch.undo()
    client.post(reverse("reports:report_retry", args=[report.pk]))
    report_generate(report.pk)
    report.refresh_from_db()
    assert report.status == "done" and report.error == ""


@pytest.mark.django_db
def test_htmx_poll_returns_the_status_fragment(client, city):
    report = Report.objects.create(unit=city.yongchang, year=2024, quarter=4)
    client.force_login(city.users.clerk)
    response = client.get(
        reverse("reports:report_detail", args=[report.pk]), HTTP_HX_REQUEST="true"
    )
    assert 'hx-trigger="every 2s"' in response.text and "HX-Refresh" not in response
    report_generate(report.pk)
    response = client.get(
        reverse("reports:report_detail", args=[report.pk]), HTTP_HX_REQUEST="true"
    )
    assert response["HX-Refresh"] == "true"


@pytest.mark.django_db
def test_quarterly_drafts_on_the_first_working_day(city, monkeypatch):

    monkeypatch.setattr(
        timezone, "localdate", lambda: date(2024, 10, 8)
    )  # after National Day
    made = quarterly_drafts()
    assert {r.unit.name for r in Report.objects.filter(pk__in=made)} == {
        "金昌市",
        "永昌县",
        "金川区",
    }
    assert all(r.quarter == 3 and r.status == "done" for r in Report.objects.all())
    assert quarterly_drafts() == []  # beat running twice makes nothing new
    monkeypatch.setattr(timezone, "localdate", lambda: date(2024, 10, 9))
    assert quarterly_drafts() == []


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_report_is_generated_by_a_real_worker(
    client, city, lecture, celery_worker, default_data
):
    client.force_login(city.users.clerk)
    client.post(
        reverse("reports:report_list"),
        {"unit": city.yongchang.pk, "year": 2024, "period": "q4"},
    )
    report = Report.objects.get()
    deadline = time.monotonic() + 60
    while report.status not in ("done", "failed") and time.monotonic() < deadline:
        time.sleep(0.5)
        report.refresh_from_db()
    assert report.status == "done", report.error
    assert report.pdf.read(4) == b"%PDF"


@pytest.mark.django_db
def test_half_year_report_and_the_command(client, city, lecture, tmp_path):

    client.force_login(city.users.clerk)
    client.post(
        reverse("reports:report_list"),
        {"unit": city.yongchang.pk, "year": 2024, "period": "h2"},
    )
    report = Report.objects.get()
    report_generate(report.pk)
    report.refresh_from_db()
    assert report.title == "关于永昌县2024年下半年落实“四下基层”开展情况的报告"
    out = tmp_path / "report.txt"
    call_command(
        "build_report",
        "--unit",
        "620321",
        "--year",
        "2024",
        "--quarter",
        "4",
        "--format",
        "txt",
        "-o",
        str(out),
    )
    text = out.read_text(encoding="utf-8")
    assert text.startswith("关于永昌县2024年第四季度落实“四下基层”开展情况的报告\n")
    assert "宣讲1场次" in text
