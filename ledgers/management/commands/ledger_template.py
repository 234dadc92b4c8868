from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ledgers.importing import template_xlsx
from ledgers.registry import LEDGERS, may_import
from org.models import User


class Command(BaseCommand):
    help = "列出台账种类，或写出某种台账的导入模板（表头和示例行）。"

    def add_arguments(self, parser):
        parser.add_argument("--list", action="store_true", help="列出台账种类")
        parser.add_argument("--kind")
        parser.add_argument("-o", "--output")
        parser.add_argument(
            "--user",
            default=None,
            help="示例行取自该账号管辖范围内的干部、地点和单位（与网页下载的模板相同）",
        )

    def handle(self, *args, list: bool, kind, output, user, **options):
        if list:
            for ledger in LEDGERS.values():
                mode = "导出、导入" if ledger.importable else "导出"
                self.stdout.write(f"{ledger.kind:<18} {ledger.title}台账（{mode}）")
            return
        ledger = LEDGERS.get(kind or "")
        if ledger is None or not ledger.importable:
            raise CommandError(f"没有可导入的台账种类“{kind}”；用 --list 查看。")
        if not output:
            raise CommandError("请用 -o 指定输出文件。")
        account = None
        if user:
            account = User.objects.filter(username=user, is_active=True).first()
            if account is None:
                raise CommandError(f"没有账号“{user}”。")
            if not may_import(account, ledger):
                raise CommandError(f"账号“{user}”无权导入{ledger.title}台账。")
        Path(output).write_bytes(template_xlsx(ledger, account))
        self.stdout.write(f"已写入 {output}")
