from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from security.backup import BackupKeyError, backup, new_key


class Command(BaseCommand):
    help = (
        "备份全部数据（JSON）和上传、生成的文件，用环境变量 BACKUP_KEY 中的"
        "密钥加密，写成一个文件。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="备份文件路径；默认 backups/sixiaji-年月日-时分秒.tar.gz.enc",
        )
        parser.add_argument(
            "--new-key",
            action="store_true",
            help="只生成一个新的备份密钥并显示（填入 BACKUP_KEY，与备份分开保管）",
        )

    def handle(self, *args, output=None, **options):
        if options.get("new_key"):
            self.stdout.write(new_key())
            return
        path = Path(
            output or f"backups/sixiaji-{timezone.localtime():%Y%m%d-%H%M%S}.tar.gz.enc"
        )
        try:
            manifest = backup(path, settings.BACKUP_KEY)
        except BackupKeyError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["rows"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"已加密备份到 {path}：{rows} 条记录，{manifest['files']} 个文件。"
            )
        )
