"""Backup and restore of the whole system: every table as JSON (Django's
serializer, natural keys for content types, groups and permissions) plus the
uploaded and generated files, in one .tar.gz.

The archive holds personal data and TOTP keys, so it is written encrypted
with the key in the environment (`BACKUP_KEY`, a Fernet key: AES-128-CBC and
HMAC-SHA256), in chunks so that memory stays flat: each chunk is one Fernet
token carrying its number and whether it is the last, so a chunk moved,
dropped or cut off is refused at restore.

The restore is exact: the target database is emptied first (flush), then the
rows and files are loaded; audit-trail logging is off while loading, so the
restore itself does not add data-change rows.
"""

import io
import json
import struct
import tarfile
import tempfile
from datetime import datetime
from pathlib import Path

from auditlog.context import disable_auditlog
from cryptography.fernet import Fernet, InvalidToken
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.core import management
from django.db import connection, transaction

# Tables rebuilt by migrations or useless after a restore.
EXCLUDE = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "admin.logentry",
    "axes",
]
FORMAT = 1
MAGIC = b"SIXIAJI-BACKUP-FERNET-1\n"
CHUNK_BYTES = 8 * 1024 * 1024
_CHUNK_HEAD = struct.Struct(">QB")  # chunk number, last chunk (1) or not (0)
_TOKEN_LENGTH = struct.Struct(">I")


class BackupKeyError(ValueError):
    """No key, a malformed key, or not the key the archive was written with."""


def new_key() -> str:
    return Fernet.generate_key().decode()


def _fernet(key: str) -> Fernet:
    if not key:
        raise BackupKeyError(
            "未设置备份密钥：请在环境变量 BACKUP_KEY 中提供（manage.py backup "
            "--new-key 生成一个），并把密钥与备份分开保管。"
        )
    try:
        return Fernet(key.encode() if isinstance(key, str) else key)
    except (ValueError, TypeError) as error:
        raise BackupKeyError("BACKUP_KEY 不是有效的密钥（应为 44 个字符）。") from error


def encrypt_file(plain, output, key: str) -> None:
    """Copy the file object `plain` to `output`, encrypted chunk by chunk."""
    fernet = _fernet(key)
    output.write(MAGIC)
    number, chunk = 0, plain.read(CHUNK_BYTES)
    while True:
        following = plain.read(CHUNK_BYTES)
        head = _CHUNK_HEAD.pack(number, 0 if following else 1)
        token = fernet.encrypt(head + chunk)
        output.write(_TOKEN_LENGTH.pack(len(token)) + token)
        if not following:
            return
        number, chunk = number + 1, following


def decrypt_file(encrypted, output, key: str) -> None:
    """The inverse of `encrypt_file`; refuses a wrong key or a tampered file."""
    fernet = _fernet(key)
    if encrypted.read(len(MAGIC)) != MAGIC:
        raise ValueError("不是本系统的加密备份文件。")
    number = 0
    while True:
        length = encrypted.read(_TOKEN_LENGTH.size)
        if len(length) != _TOKEN_LENGTH.size:
            raise ValueError("备份文件不完整（缺少结尾部分）。")
        token = encrypted.read(_TOKEN_LENGTH.unpack(length)[0])
        try:
            data = fernet.decrypt(token)
        except InvalidToken as error:
            raise BackupKeyError("备份密钥不对，或备份文件已损坏、被改动。") from error
        found, last = _CHUNK_HEAD.unpack_from(data)
        if found != number:
            raise ValueError("备份文件的分块顺序不对（文件已被改动）。")
        output.write(data[_CHUNK_HEAD.size :])
        if last:
            return
        number += 1


def included_models() -> list[str]:
    skip_apps = {e for e in EXCLUDE if "." not in e}
    skip_models = {e for e in EXCLUDE if "." in e}
    return [
        model._meta.label_lower
        for model in apps.get_models()
        if model._meta.app_label not in skip_apps
        and model._meta.label_lower not in skip_models
        and model._meta.managed
    ]


def counts() -> dict[str, int]:
    return {
        label: apps.get_model(label)._default_manager.count()
        for label in included_models()
    }


def _add_bytes(archive: tarfile.TarFile, name: str, content: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mtime = int(datetime.now().timestamp())
    info.mode = 0o600
    archive.addfile(info, io.BytesIO(content))


def backup(path: Path, key: str) -> dict:
    """Write the archive, encrypted with `key`; return its manifest (row
    counts, file count)."""
    _fernet(key)  # no key, no backup: refuse before the work
    data = io.StringIO()
    management.call_command(
        "dumpdata",
        *[f"--exclude={e}" for e in EXCLUDE],
        natural_foreign=True,  # content types and permissions by name, not id
        format="json",
        stdout=data,
    )
    media = Path(settings.MEDIA_ROOT)
    files = sorted(p for p in media.rglob("*") if p.is_file()) if media.exists() else []
    manifest = {
        "format": FORMAT,
        "created": datetime.now().isoformat(timespec="seconds"),
        "database": connection.vendor,
        "rows": counts(),
        "files": len(files),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryFile() as plain:
        with tarfile.open(fileobj=plain, mode="w:gz") as archive:
            _add_bytes(
                archive,
                "manifest.json",
                json.dumps(manifest, ensure_ascii=False).encode(),
            )
            _add_bytes(archive, "data.json", data.getvalue().encode())
            for file in files:
                archive.add(file, arcname=f"media/{file.relative_to(media)}")
        plain.seek(0)
        path.touch(mode=0o600)
        with open(path, "wb") as output:
            encrypt_file(plain, output, key)
    path.chmod(0o600)
    return manifest


def restore(path: Path, key: str) -> dict:
    """Empty the database, load the archive's rows and files (decrypted with
    `key`); return the manifest after checking every table has its rows
    back."""
    with tempfile.TemporaryFile() as plain:
        with open(path, "rb") as encrypted:
            decrypt_file(encrypted, plain, key)
        plain.seek(0)
        return _restore(plain)


def _restore(plain) -> dict:
    with tarfile.open(fileobj=plain, mode="r:gz") as archive:
        manifest = json.loads(archive.extractfile("manifest.json").read())
        if manifest.get("format") != FORMAT:
            raise ValueError(f"不认识的备份格式：{manifest.get('format')}")
        data = archive.extractfile("data.json").read()
        media = Path(settings.MEDIA_ROOT)
        members = [m for m in archive.getmembers() if m.name.startswith("media/")]
        for member in members:
            target = (media / member.name.removeprefix("media/")).resolve()
            if not target.is_relative_to(media.resolve()) or not member.isfile():
                raise ValueError(f"备份中的文件路径不安全：{member.name}")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(archive.extractfile(member).read())
    management.call_command("migrate", interactive=False, verbosity=0)
    fixture = (
        Path(settings.MEDIA_ROOT).parent
        / f".restore-{datetime.now():%Y%m%d%H%M%S}.json"
    )
    fixture.write_bytes(data)
    try:
        # The restore is not anyone's data change: no audit-trail rows of its own.
        with transaction.atomic(), disable_auditlog():
            management.call_command("flush", interactive=False, verbosity=0)
            # flush re-creates the role groups; the backup's own rows replace them.
            Group.objects.all().delete()
            management.call_command("loaddata", str(fixture), verbosity=0)
    finally:
        fixture.unlink()
    missing = {
        label: (want, have)
        for label, want in manifest["rows"].items()
        if (have := counts().get(label, 0)) != want
    }
    if missing:
        raise ValueError(f"恢复后记录数不符：{missing}")
    return manifest
