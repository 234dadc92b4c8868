"""backup → an empty database → restore: every record and file comes back."""

import json

import pytest
from django.apps import apps
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from org.models import User
from reports.models import Report
from security.backup import included_models
from security.models import AuditEvent
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def snapshot() -> dict[str, list]:
    """Every row of every backed-up table, as data."""
    state = {}
    for label in included_models():
        model = apps.get_model(label)
        rows = json.loads(
            serializers.serialize(
                "json",
                model._default_manager.order_by("pk"),
                use_natural_foreign_keys=True,  # permission ids differ by database
            )
        )
        for row in rows:
            for name, value in row["fields"].items():
                if isinstance(value, list) and value and isinstance(value[0], list):
                    row["fields"][name] = sorted(value)
                elif isinstance(value, str) and value.endswith(".000Z"):
                    # JSON keeps times to the millisecond: 12:00:01.000Z is 12:00:01Z.
                    row["fields"][name] = value.removesuffix(".000Z") + "Z"
        state[label] = rows
    return state


def test_restore_into_an_empty_database_finds_every_record(
    city, default_data, register, demo_city, settings, tmp_path, capsys
):
    settings.MEDIA_ROOT = tmp_path / "media"
    register()
    report = Report.objects.create(unit=city.yongchang, year=2024, quarter=4)
    report.pdf.save("r.pdf", ContentFile(b"%PDF-1.4 backup test"), save=True)
    AuditEvent.objects.create(user=city.users.auditor, action="export", object_type="x")
    before = snapshot()
    assert sum(len(rows) for rows in before.values()) > 1000
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", "--output", str(archive))
    assert "已备份到" in capsys.readouterr().out
    # An empty database and no files: what a new server starts from.
    call_command("flush", interactive=False)
    for path in (tmp_path / "media").rglob("*"):
        if path.is_file():
            path.unlink()
    assert not User.objects.exists() and not Report.objects.exists()
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(archive))
    call_command("restore", str(archive), "--yes")
    assert "逐表核对无误" in capsys.readouterr().out
    after = snapshot()
    assert {k: len(v) for k, v in after.items()} == {
        k: len(v) for k, v in before.items()
    }
    for label in before:
        for old, new in zip(before[label], after[label], strict=True):
            assert old == new, (
                label,
                {
                    k: (v, new["fields"].get(k))
                    for k, v in old["fields"].items()
                    if v != new["fields"].get(k)
                },
            )
    restored = Report.objects.get(pk=report.pk)
    assert restored.pdf.read() == b"%PDF-1.4 backup test"
    assert User.objects.get(username="clerk").check_password(PASSWORD)
    assert User.objects.get(username="secadmin").check_password("Test@2024pass")


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    bogus = tmp_path / "x.tar.gz"
    bogus.write_bytes(b"not a tar")
    with pytest.raises(Exception):  # noqa: B017
        call_command("restore", str(bogus), "--yes")
    with pytest.raises(CommandError, match="找不到备份文件"):
        call_command("restore", str(tmp_path / "missing.tar.gz"), "--yes")
