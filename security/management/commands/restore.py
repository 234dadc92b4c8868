from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from security.backup import restore


class Command(BaseCommand):
    help = (
        "从 backup 生成的加密文件恢复（密钥取自环境变量 BACKUP_KEY）：先清空"
        "数据库，再写入备份中的全部记录和文件。"
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="backup 生成的 .tar.gz.enc 文件")
        parser.add_argument(
            "--yes", action="store_true", help="确认清空当前数据库后恢复"
        )

    def handle(self, *args, archive: str, yes: bool, **options):
        path = Path(archive)
        if not path.is_file():
            raise CommandError(f"找不到备份文件：{path}")
        if not yes:
            raise CommandError("恢复会先清空当前数据库；确认请加 --yes。")
        try:
            manifest = restore(path, settings.BACKUP_KEY)
        except ValueError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["rows"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"已从 {path}（{manifest['created']}）恢复：{rows} 条记录，"
                f"{manifest['files']} 个文件，逐表核对无误。"
            )
        )
