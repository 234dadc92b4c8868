import shutil

from django.core.management.base import BaseCommand, CommandError
from django.http import QueryDict

from ledgers.export import ExportFilterError, audit_export, prepare_export
from ledgers.registry import LEDGERS
from org.models import OrgUnit, User


class Command(BaseCommand):
    help = "导出台账为 .xlsx（与列表页“导出台账”相同的格式）。"

    def add_arguments(self, parser):
        parser.add_argument("--kind", required=True)
        parser.add_argument("--unit", help="单位编码")
        parser.add_argument("--year", type=int)
        parser.add_argument("--quarter", type=int, choices=range(1, 5))
        parser.add_argument("--user", help="以该账号的权限导出（默认：第一个超级用户）")
        parser.add_argument("-o", "--output", required=True)

    def handle(self, *args, kind, unit, year, quarter, user, output, **options):
        ledger = LEDGERS.get(kind)
        if ledger is None:
            raise CommandError(
                f"没有台账种类“{kind}”；用 ledger_template --list 查看。"
            )
        account = (
            User.objects.filter(username=user).first()
            if user
            else User.objects.filter(is_superuser=True).order_by("pk").first()
        )
        if account is None:
            raise CommandError("没有可用于导出的账号：请用 --user 指定。")
        params = QueryDict(mutable=True)
        root = None
        if unit:
            root = OrgUnit.objects.filter(code=unit).first()
            if root is None:
                raise CommandError(f"没有编码为 {unit} 的单位。")
            params["unit"] = str(root.pk)
        if year:
            params["year"] = str(year)
        if quarter:
            params["quarter"] = str(quarter)
        try:
            prepared = prepare_export(ledger, account, params)
        except ExportFilterError as error:
            raise CommandError(str(error)) from error
        with prepared.write() as written, open(output, "wb") as target:
            shutil.copyfileobj(written, target)
        audit_export(prepared, user=account, address=None)
        self.stdout.write(f"{prepared.title}：{prepared.count}行，已写入 {output}")
