"""A large import is checked and written by a worker, never in the request."""

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.urls import reverse

from ledgers.models import LedgerImport
from petitions.models import ReceptionDay
from tests.factories import CadreFactory
from tests.ledgers.test_import import good, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def leader(city):
    return CadreFactory(name="张县长", unit=city.yongchang, rank="county")


def upload(client, content, capture):
    page = reverse("ledger_import", args=["reception_days"])
    file = BytesIO(content)
    file.name = "接访台账.xlsx"
    with capture(execute=True):
        return client.post(page, {"file": file})


def rows(count, **changes):
    start = date(2024, 1, 1)
    return [good(日期=start + timedelta(days=n), **changes) for n in range(count)]


def test_a_large_upload_is_checked_then_written_by_a_worker(
    client, city, leader, settings, django_capture_on_commit_callbacks
):
    settings.LEDGER_IMPORT_ASYNC_ROWS = 5  # rows in the sheet, title rows too
    client.force_login(city.users.clerk)
    response = upload(client, xlsx(rows(4)), django_capture_on_commit_callbacks)
    job = LedgerImport.objects.get()
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    job.refresh_from_db()  # eager Celery ran the check when the request ended
    assert (job.status, job.new, job.error_count) == ("checked", 4, 0), job.error
    assert not ReceptionDay.objects.exists()
    page = client.get(job.get_absolute_url()).content.decode()
    assert "将新增 4 行" in page and "确认导入" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("ledger_import_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert (job.status, job.new) == ("done", 4) and ReceptionDay.objects.count() == 4
    assert cache.get(job.progress_key) == (8, 8)  # 4 rows checked, 4 saved
    assert not default_storage.exists(job.path)


def test_a_file_at_the_threshold_is_previewed_in_the_request(
    client, city, leader, settings, django_capture_on_commit_callbacks
):
    settings.LEDGER_IMPORT_ASYNC_ROWS = 6  # 2 title rows, the header, 3 rows
    client.force_login(city.users.clerk)
    response = upload(client, xlsx(rows(3)), django_capture_on_commit_callbacks)
    assert response.status_code == 200 and "新增" in response.content.decode()
    assert not LedgerImport.objects.exists()


def test_a_large_upload_with_bad_rows_lists_them_and_cannot_be_confirmed(
    client, city, leader, settings, django_capture_on_commit_callbacks
):
    settings.LEDGER_IMPORT_ASYNC_ROWS = 5
    client.force_login(city.users.clerk)
    content = xlsx(rows(3) + [good(日期="不是日期")])
    upload(client, content, django_capture_on_commit_callbacks)
    job = LedgerImport.objects.get()
    assert (job.status, job.error_count) == ("checked", 1)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "第7行“日期”列" in page and "确认导入" not in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("ledger_import_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert not job.confirmed and not ReceptionDay.objects.exists()


def test_only_the_uploader_sees_an_import_job(client, city):
    job = LedgerImport.objects.create(
        kind="reception_days",
        path="imports/x.xlsx",
        filename="x.xlsx",
        requested_by=city.users.clerk,
        status=LedgerImport.Status.CHECKED,
    )
    client.force_login(city.users.petition_office)
    assert client.get(job.get_absolute_url()).status_code == 404
    confirm = reverse("ledger_import_confirm", args=[job.pk])
    assert client.post(confirm).status_code == 404
    client.force_login(city.users.clerk)
    assert client.get(job.get_absolute_url()).status_code == 200
