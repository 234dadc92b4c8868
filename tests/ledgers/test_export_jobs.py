"""A large export runs as a job: progress, a download for its owner only, retry."""

import os
import time
from datetime import date, timedelta
from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from ledgers.export import export_job_run
from ledgers.models import LedgerExport
from ledgers.tasks import purge_ledger_files
from tests.factories import ActivityFactory, CadreFactory


def _rows(content: bytes) -> list[list]:
    sheet = load_workbook(BytesIO(content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _finished(job: LedgerExport, seconds: float = 60) -> LedgerExport:
    """The job once it is neither queued nor running (or the time is up)."""
    deadline = time.monotonic() + seconds
    job.refresh_from_db()
    while job.is_pending and time.monotonic() < deadline:
        time.sleep(0.1)
        job.refresh_from_db()
    return job


@pytest.fixture
def activities(city):
    lead = CadreFactory(name="张县长", unit=city.yongchang, rank="county")
    for day in range(1, 13):
        ActivityFactory(cadre=lead, start_date=date(2024, 3, day))
    ActivityFactory(cadre=city.jc_cadre, start_date=date(2024, 3, 1))  # 金川区


@pytest.mark.django_db
def test_a_small_export_downloads_at_once(client, city, activities, settings):
    settings.LEDGER_EXPORT_ASYNC_ROWS = 100
    client.force_login(city.users.clerk)
    response = client.post(reverse("ledger_export", args=["activities"]))
    assert response.status_code == 200 and not LedgerExport.objects.exists()


@pytest.mark.embedded  # eager Celery; the worker path is tested below
@pytest.mark.django_db(transaction=True)
def test_a_large_export_becomes_a_job_with_the_same_rows(
    client, city, activities, settings
):
    settings.LEDGER_EXPORT_ASYNC_ROWS = 5
    client.force_login(city.users.clerk)
    response = client.post(f"{reverse('ledger_export', args=['activities'])}?year=2024")
    job = LedgerExport.objects.get()
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    job = _finished(job)  # run off the request, in a thread of its own
    assert (job.status, job.total, job.done) == ("done", 12, 12), job.error
    page = client.get(job.get_absolute_url())
    assert "已完成" in page.text and "下载" in page.text
    download = client.get(reverse("ledger_export_file", args=[job.pk]))
    rows = _rows(download.content)
    assert rows[0][0] == "永昌县2024年基层活动台账"
    settings.LEDGER_EXPORT_ASYNC_ROWS = 100
    direct = client.post(f"{reverse('ledger_export', args=['activities'])}?year=2024")
    assert _rows(direct.content)[2:] == rows[2:]


@pytest.mark.django_db
def test_only_the_requester_sees_an_export_job(client, city):
    job = LedgerExport.objects.create(
        kind="activities", title="永昌县基层活动台账", requested_by=city.users.clerk
    )
    for user in (city.users.leader, city.users.city_leader, city.users.cadre):
        client.force_login(user)
        for name in ("ledger_export_job", "ledger_export_file"):
            assert client.get(reverse(name, args=[job.pk])).status_code == 404
        assert (
            client.post(reverse("ledger_export_retry", args=[job.pk])).status_code
            == 404
        )


@pytest.mark.embedded
@pytest.mark.django_db
def test_a_failed_export_says_why_and_can_be_retried(
    client, city, activities, django_capture_on_commit_callbacks
):
    job = LedgerExport.objects.create(
        kind="activities",
        title="永昌县基层活动台账",
        requested_by=city.users.clerk,
        params={"year": "2024"},
        status=LedgerExport.Status.FAILED,
        error="导出服务暂不可用，请稍后点击“重新导出”",
    )
    client.force_login(city.users.clerk)
    page = client.get(job.get_absolute_url())
    assert "导出服务暂不可用" in page.text and "重新导出" in page.text
    assert client.get(reverse("ledger_export_file", args=[job.pk])).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        retried = client.post(reverse("ledger_export_retry", args=[job.pk]))
    assert retried.status_code == 302
    job.refresh_from_db()
    assert job.status == "done" and job.done == 12 and not job.error


@pytest.mark.django_db
def test_bad_filters_export_nothing_and_say_why(client, city, activities, settings):
    settings.LEDGER_EXPORT_ASYNC_ROWS = 5
    client.force_login(city.users.clerk)
    response = client.post(
        f"{reverse('ledger_export', args=['activities'])}?unit={city.jinchuan.pk}",
        follow=True,
    )
    assert "筛选条件有误，未导出" in response.text
    assert not LedgerExport.objects.exists()


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_large_export_is_written_by_a_real_worker(
    client, city, activities, celery_worker, default_data, settings
):
    settings.LEDGER_EXPORT_ASYNC_ROWS = 5
    client.force_login(city.users.clerk)
    client.post(f"{reverse('ledger_export', args=['activities'])}?year=2024")
    job = LedgerExport.objects.get()
    deadline = time.monotonic() + 60
    while job.is_pending and time.monotonic() < deadline:
        time.sleep(0.3)
        job.refresh_from_db()
    assert job.status == "done", job.error
    rows = _rows(client.get(reverse("ledger_export_file", args=[job.pk])).content)
    assert len(rows) == 3 + 12 + 1  # title, unit, header; rows; total
    # A failed job retried from its page runs again on the worker.
    LedgerExport.objects.filter(pk=job.pk).update(status="failed", error="x", done=0)
    client.post(reverse("ledger_export_retry", args=[job.pk]))
    deadline = time.monotonic() + 60
    job.refresh_from_db()
    while job.status != "done" and time.monotonic() < deadline:
        time.sleep(0.3)
        job.refresh_from_db()
    assert (job.status, job.done, job.error) == ("done", 12, "")


@pytest.mark.django_db
def test_old_uploads_and_export_files_are_purged(city, settings, tmp_path):

    settings.MEDIA_ROOT = tmp_path
    upload = default_storage.save("imports/abc.xlsx", ContentFile(b"x"))
    job = LedgerExport.objects.create(
        kind="activities", title="旧台账", requested_by=city.users.clerk
    )
    job.file.save("旧台账.xlsx", ContentFile(b"x"))
    fresh = LedgerExport.objects.create(
        kind="activities", title="新台账", requested_by=city.users.clerk
    )
    assert purge_ledger_files() == (0, 0)  # nothing is old yet
    LedgerExport.objects.filter(pk=job.pk).update(
        requested_at=timezone.now() - timedelta(days=8)
    )
    old = (timezone.now() - timedelta(hours=25)).timestamp()
    os.utime(default_storage.path(upload), (old, old))
    assert purge_ledger_files() == (1, 1)
    assert not default_storage.exists(upload)
    assert list(LedgerExport.objects.all()) == [fresh]


@pytest.mark.django_db
def test_a_job_keeps_a_repeated_filter_as_the_list_does(client, city, settings):
    """Two kinds chosen (?kind=lecture&kind=training): the job stores both
    and exports the list's rows, not only the last kind's."""
    lead = CadreFactory(name="张县长", unit=city.yongchang, rank="county")
    for day, kind in enumerate(["lecture"] * 3 + ["training"] * 2 + ["onsite"] * 4):
        ActivityFactory(cadre=lead, kind=kind, start_date=date(2024, 3, day + 1))
    settings.LEDGER_EXPORT_ASYNC_ROWS = 2
    client.force_login(city.users.clerk)
    query = "year=2024&kind=lecture&kind=training"
    listed = client.get(f"{reverse('activities:list')}?{query}").context["page"]
    assert len(listed) == 5
    client.post(f"{reverse('ledger_export', args=['activities'])}?{query}")
    job = LedgerExport.objects.get()
    assert job.params["kind"] == ["lecture", "training"]
    export_job_run(job)
    job.refresh_from_db()
    assert (job.status, job.total) == ("done", 5), job.error
    download = client.get(reverse("ledger_export_file", args=[job.pk]))
    header, *rows = _rows(download.content)[2:]
    column = next(i for i, name in enumerate(header) if "主题" in str(name))
    topics = {row[column] for row in rows if row[column]}
    assert topics == {a.topic for a in listed}


@pytest.mark.django_db
def test_a_job_stored_with_one_value_per_filter_still_runs(city):
    job = LedgerExport.objects.create(
        kind="activities",
        params={"year": "2024", "kind": "lecture"},  # as jobs were stored before
        title="永昌县基层活动台账",
        requested_by=city.users.clerk,
    )
    ActivityFactory(
        cadre=city.yc_colleague, kind="lecture", start_date=date(2024, 3, 1)
    )
    ActivityFactory(cadre=city.yc_colleague, kind="onsite", start_date=date(2024, 3, 1))
    export_job_run(job)
    job.refresh_from_db()
    assert (job.status, job.total) == ("done", 1), job.error
