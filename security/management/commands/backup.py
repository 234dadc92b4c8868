from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from security.backup import backup


class Command(BaseCommand):
    help = "备份全部数据（JSON）和上传、生成的文件，写成一个 .tar.gz 文件。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="备份文件路径；默认 backups/sixiaji-年月日-时分秒.tar.gz",
        )

    def handle(self, *args, output=None, **options):
        path = Path(
            output or f"backups/sixiaji-{timezone.localtime():%Y%m%d-%H%M%S}.tar.gz"
        )
        manifest = backup(path)
        rows = sum(manifest["rows"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"已备份到 {path}：{rows} 条记录，{manifest['files']} 个文件。"
            )
        )
