"""backup → an empty database → restore: every record and file comes back;
the archive is encrypted with the key from the environment."""

import io
from collections import defaultdict
from datetime import date, datetime, time

import pytest
from cryptography.fernet import Fernet
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from demo.city import DEMO_PASSWORD
from org.models import OrgUnit, User
from petitions.services import case_register
from reports.models import Report
from security.backup import decrypt_file, encrypt_file, included_models, new_key
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


@pytest.fixture
def key(settings):

    settings.BACKUP_KEY = new_key()
    return settings.BACKUP_KEY


def test_restore_into_an_empty_database_finds_every_record(
    demo_city, default_data, settings, tmp_path, capsys, key
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
    archive = tmp_path / "backup.tar.gz.enc"
    call_command("backup", "--output", str(archive))
    assert "已加密备份到" in capsys.readouterr().out
    # Encrypted: neither the TOTP keys and petitioners nor even the archive's
    # own structure can be read without the key.
    content = archive.read_bytes()
    assert content.startswith(b"SIXIAJI-BACKUP-FERNET-1")
    for plain in (b"manifest.json", b"data.json", "张建国".encode(), b"\x1f\x8b"):
        assert plain not in content
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


def test_no_key_no_backup_and_a_wrong_key_restores_nothing(
    city, register, settings, tmp_path, key
):
    register()
    archive = tmp_path / "backup.tar.gz.enc"
    settings.BACKUP_KEY = ""
    with pytest.raises(CommandError, match="BACKUP_KEY"):
        call_command("backup", "--output", str(archive))
    assert not archive.exists()
    settings.BACKUP_KEY = key
    call_command("backup", "--output", str(archive))
    settings.BACKUP_KEY = Fernet.generate_key().decode()
    with pytest.raises(CommandError, match="密钥不对"):
        call_command("restore", str(archive), "--yes")
    assert User.objects.filter(username="clerk").exists()  # nothing emptied


def test_a_cut_or_reordered_archive_is_refused(tmp_path, key):
    """Each chunk carries its number and whether it is the last."""

    plain = bytes(range(256)) * 100_000  # 25.6 MB: four chunks
    encrypted = io.BytesIO()
    encrypt_file(io.BytesIO(plain), encrypted, key)
    data = encrypted.getvalue()
    out = io.BytesIO()
    decrypt_file(io.BytesIO(data), out, key)
    assert out.getvalue() == plain
    first_end = data.index(b"\n") + 1
    size = int.from_bytes(data[first_end : first_end + 4], "big") + 4
    header, first, rest = (
        data[:first_end],
        data[first_end : first_end + size],
        data[first_end + size :],
    )
    for tampered, message in [
        (header + first, "不完整"),  # the last chunks dropped
        (header + rest, "顺序"),  # the first chunk dropped
    ]:
        with pytest.raises(ValueError, match=message):
            decrypt_file(io.BytesIO(tampered), io.BytesIO(), key)


def test_backup_new_key_prints_a_key(capsys):
    call_command("backup", "--new-key")
    Fernet(capsys.readouterr().out.strip().encode())  # a valid key


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path, key):
    bogus = tmp_path / "x.tar.gz"
    bogus.write_bytes(b"not a tar")
    with pytest.raises(Exception):  # noqa: B017
        call_command("restore", str(bogus), "--yes")
    with pytest.raises(CommandError, match="找不到备份文件"):
        call_command("restore", str(tmp_path / "missing.tar.gz"), "--yes")
