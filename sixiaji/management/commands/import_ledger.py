from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sixiaji.ledger_import import LedgerFileError, import_ledger
from sixiaji.ledgers import LEDGERS
from sixiaji.models import User


class Command(BaseCommand):
    help = "导入台账（.xlsx 或 .csv），全部行无误才写入；有误时列出每一行的错误并以非零状态退出。"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--kind", required=True)
        parser.add_argument(
            "--user", default=None, help="以该账号的权限导入（默认：第一个超级用户）"
        )
        parser.add_argument("--dry-run", action="store_true", help="只检查，不写入")

    def handle(self, *args, file, kind, user, dry_run, **options):
        ledger = LEDGERS.get(kind)
        if ledger is None or not ledger.importable:
            raise CommandError(f"没有可导入的台账种类“{kind}”。")
        account = (
            User.objects.filter(username=user).first()
            if user
            else User.objects.filter(is_superuser=True).order_by("pk").first()
        )
        if account is None:
            raise CommandError("没有可用于导入的账号：请用 --user 指定。")
        path = Path(file)
        try:
            result = import_ledger(
                ledger, path.read_bytes(), path.name, user=account, dry_run=dry_run
            )
        except (OSError, LedgerFileError) as error:
            raise CommandError(str(error)) from error
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(f"{len(result.errors)} 处错误，未导入任何数据。")
        verb = "检查通过（未写入）" if dry_run else "已导入"
        self.stdout.write(
            f"{verb}：新增 {result.new} 行，更新 {result.updated} 行，未变 {result.unchanged} 行。"
        )
