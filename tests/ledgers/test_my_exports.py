"""我的导出: one's own background exports, and an inbox notice when one is ready."""

from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from ledgers.export import export_job_run
from ledgers.models import LedgerExport
from tests.factories import ActivityFactory, CadreFactory
from tracking.models import Notification


@pytest.fixture
def activities(city):
    lead = CadreFactory(name="张县长", unit=city.yongchang, rank="county")
    for day in range(1, 4):
        ActivityFactory(cadre=lead, start_date=date(2024, 3, day))


def _job(user, title="永昌县基层活动台账", **fields):
    return LedgerExport.objects.create(
        kind="activities",
        title=title,
        requested_by=user,
        params={"year": "2024"},
        **fields,
    )


@pytest.mark.django_db
def test_my_exports_lists_only_my_own_jobs_with_status_and_download(client, city):
    done = _job(city.users.clerk, "甲台账", status="done", total=3, done=3)
    done.file.save("a.xlsx", ContentFile(b"x"), save=True)
    _job(city.users.clerk, "乙台账", status="failed", error="导出失败：测试")
    _job(city.users.leader, "别人的台账", status="done")
    client.force_login(city.users.clerk)
    response = client.get(reverse("my_exports"))
    assert response.status_code == 200
    assert [job.title for job in response.context["jobs"]] == ["乙台账", "甲台账"]
    assert "别人的台账" not in response.text
    assert "已完成" in response.text and "导出失败" in response.text
    assert reverse("ledger_export_file", args=[done.pk]) in response.text
    client.force_login(city.users.leader)
    response = client.get(reverse("my_exports"))
    assert [job.title for job in response.context["jobs"]] == ["别人的台账"]


@pytest.mark.django_db
def test_my_exports_is_linked_from_the_navigation(client, city):
    client.force_login(city.users.clerk)
    response = client.get(reverse("home"))
    assert reverse("my_exports") in response.text


@pytest.mark.django_db
def test_my_exports_needs_a_login(client):
    response = client.get(reverse("my_exports"))
    assert response.status_code == 302 and "login" in response.url


@pytest.mark.django_db
def test_a_finished_export_sends_one_inbox_notice_to_its_requester(city, activities):
    job = _job(city.users.clerk)
    export_job_run(job)
    job.refresh_from_db()
    assert job.status == "done", job.error
    notice = Notification.objects.get()
    assert notice.recipient == city.users.clerk
    assert notice.kind == LedgerExport.NOTICE_READY
    assert notice.url == job.get_absolute_url()
    assert "台账导出完成" in notice.title and job.title in notice.title
    export_job_run(job)  # a duplicate message of the same attempt: no run, no notice
    assert Notification.objects.count() == 1


@pytest.mark.django_db
def test_a_failed_export_sends_no_ready_notice(city):
    job = _job(city.users.clerk)
    LedgerExport.objects.filter(pk=job.pk).update(params={"year": "nonsense"})
    job.refresh_from_db()
    export_job_run(job)
    job.refresh_from_db()
    assert job.status == "failed"
    assert not Notification.objects.filter(kind=LedgerExport.NOTICE_READY).exists()


@pytest.mark.django_db
def test_the_ready_notice_has_a_chinese_kind_in_the_inbox(client, city, activities):
    job = _job(city.users.clerk)
    export_job_run(job)
    client.force_login(city.users.clerk)
    response = client.get(reverse("supervision:inbox"))
    assert "台账导出完成" in response.text
