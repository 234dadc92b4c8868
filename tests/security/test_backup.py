"""backup → an empty database → restore: every record and file comes back."""

from collections import defaultdict
from datetime import date, datetime, time

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from demo.city import DEMO_PASSWORD
from org.models import OrgUnit, User
from petitions.services import case_register
from reports.models import Report
from security.backup import included_models
from security.models import AuditEvent

pytestmark = pytest.mark.django_db(transaction=True)


def snapshot() -> dict[str, list]:
    """Every row of every backed-up table, as data: each field's value and each
    many-to-many field's linked ids. Content types and permissions, which the
    restore rebuilds with ids of its own, are named by their natural keys; times
    are kept to the millisecond, as the backup's JSON keeps them."""
    named = {
        ContentType: {ct.pk: ct.natural_key() for ct in ContentType.objects.all()},
        Permission: {
            p.pk: p.natural_key()
            for p in Permission.objects.select_related("content_type")
        },
    }

    def plain(field, value):
        if value is not None and field.related_model in named:
            return named[field.related_model][value]
        if isinstance(value, datetime | time) and value.microsecond:
            return value.replace(microsecond=value.microsecond // 1000 * 1000)
        return value

    state = {}
    for label in included_models():
        model = apps.get_model(label)
        fields = model._meta.concrete_fields
        values = model._default_manager.order_by("pk").values_list(
            *(f.attname for f in fields)
        )
        assert fields[0] == model._meta.pk
        rows = {
            row[0]: [plain(f, v) for f, v in zip(fields, row, strict=True)]
            for row in values
        }
        for m2m in model._meta.many_to_many:
            linked = defaultdict(list)
            for source, target in m2m.remote_field.through.objects.values_list(
                m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
            ):
                linked[source].append(plain(m2m, target))
            for pk, row in rows.items():
                row.append(sorted(linked[pk]))
        state[label] = list(rows.values())
    return state


def test_restore_into_an_empty_database_finds_every_record(
    demo_city, default_data, settings, tmp_path, capsys
):
    settings.MEDIA_ROOT = tmp_path / "media"
    petition_office = User.objects.get(username="petition")
    case_register(
        by=petition_office,
        channel="visit",
        category="land",
        content="反映承包地被占用未获补偿的问题",
        registered_on=date(2024, 3, 1),
        unit=OrgUnit.objects.get(code="620321"),
        petitioners=[{"name": "张建国", "id_number": "620302199001011234"}],
    )
    report = Report.objects.create(
        unit=OrgUnit.objects.get(code="620321"), year=2024, quarter=4
    )
    report.pdf.save("r.pdf", ContentFile(b"%PDF-1.4 backup test"), save=True)
    auditor = User.objects.get(username="auditor")
    AuditEvent.objects.create(user=auditor, action="export", object_type="x")
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
            assert old == new, (label, old, new)
    restored = Report.objects.get(pk=report.pk)
    assert restored.pdf.read() == b"%PDF-1.4 backup test"
    assert User.objects.get(username="clerk").check_password(DEMO_PASSWORD)
    assert User.objects.get(username="secadmin").check_password(DEMO_PASSWORD)


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    bogus = tmp_path / "x.tar.gz"
    bogus.write_bytes(b"not a tar")
    with pytest.raises(Exception):  # noqa: B017
        call_command("restore", str(bogus), "--yes")
    with pytest.raises(CommandError, match="找不到备份文件"):
        call_command("restore", str(tmp_path / "missing.tar.gz"), "--yes")
