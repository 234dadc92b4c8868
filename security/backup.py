"""Backup and restore of the whole system: every table as JSON (Django's
serializer, natural keys for content types, groups and permissions) plus the
uploaded and generated files, in one .tar.gz.

The restore is exact: the target database is emptied first (flush), then the
rows and files are loaded; audit-trail logging is off while loading, so the
restore itself does not add data-change rows.
"""

import io
import json
import tarfile
from datetime import datetime
from pathlib import Path

from auditlog.context import disable_auditlog
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


def backup(path: Path) -> dict:
    """Write the archive; return its manifest (row counts, file count)."""
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
    with tarfile.open(path, "w:gz") as archive:
        _add_bytes(
            archive, "manifest.json", json.dumps(manifest, ensure_ascii=False).encode()
        )
        _add_bytes(archive, "data.json", data.getvalue().encode())
        for file in files:
            archive.add(file, arcname=f"media/{file.relative_to(media)}")
    path.chmod(0o600)
    return manifest


def restore(path: Path) -> dict:
    """Empty the database, load the archive's rows and files; return the
    manifest after checking every table has its rows back."""

    with tarfile.open(path, "r:gz") as archive:
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
