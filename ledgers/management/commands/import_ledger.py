from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ledgers.errors import LedgerFileError
from ledgers.importing import import_ledger
from ledgers.registry import LEDGERS, may_import
from org.models import User


class Command(BaseCommand):
    help = "导入台账（.xlsx 或 .csv），全部行无误才写入；有误时列出每一行的错误并以非零状态退出。"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--kind", required=True)
        parser.add_argument(
            "--user", default=None, help="以该账号的权限导入（默认：第一个超级用户）"
        )
        parser.add_argument("--dry-run", action="store_true", help="只检查，不写入")
        parser.add_argument(
            "--auto-map",
            action="store_true",
            help="使用自动识别的列对应关系（按列名、同义词表和本单位上次的对应），并打印出来",
        )
        parser.add_argument(
            "--header-row",
            type=int,
            default=None,
            metavar="N",
            help="表头所在的行号（自动找不到表头时指定；两行表头写上面一行）",
        )
        parser.add_argument(
            "--map",
            dest="mapping",
            action="append",
            default=[],
            metavar="原列名=本系统列名",
            help="指定某一列的对应（本系统列名留空表示不导入）；可多次使用",
        )

        parser.add_argument(
            "--set",
            dest="constants",
            action="append",
            default=[],
            metavar="本系统列名=值",
            help="台账中没有的列，为整个文件指定一个值（如 来源渠道=来访）；可多次使用",
        )
        parser.add_argument(
            "--derive",
            dest="derived",
            action="append",
            default=[],
            metavar="本系统列名=原列名",
            help="台账中没有的列，由另一列推出（如 登记日期=接件时间，取其日期）；可多次使用",
        )

    def handle(
        self,
        *args,
        file,
        kind,
        user,
        dry_run,
        auto_map,
        mapping,
        header_row,
        constants,
        derived,
        **options,
    ):
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
        # The same check as the web's import page: the command is one more way
        # in, not a way round the roles.
        if not account.is_active or not may_import(account, ledger):
            raise CommandError(
                f"账号“{account.username}”无权导入{ledger.title}台账"
                + (
                    "（含信访人个人信息，仅信访部门可导入）。"
                    if ledger.sensitive
                    else "。"
                )
            )
        path = Path(file)
        try:
            choice = dict(item.split("=", 1) for item in mapping if "=" in item)
            result = import_ledger(
                ledger,
                path.read_bytes(),
                path.name,
                user=account,
                dry_run=dry_run,
                choice={k.strip(): v.strip() or None for k, v in choice.items()},
                header_row=header_row,
                # None: the unit's remembered ones for this layout.
                constants=_pairs(constants),
                derived=_pairs(derived),
            )
        except (OSError, LedgerFileError) as error:
            raise CommandError(str(error)) from error
        layout = result.layout
        if result.header_candidates:
            self.stderr.write(result.errors[0].message)
            for number, values in result.header_candidates[:10]:
                cells = " | ".join(str(v) for v in values if v not in (None, ""))
                self.stderr.write(f"  第{number}行：{cells}")
            raise CommandError("请用 --header-row N 指定表头所在的行。")
        if layout and (auto_map or mapping):
            self.stdout.write(
                f"表头：第{'、'.join(str(n) for n in layout.header_rows)}行"
                + (f"；台账年度：{layout.year}年" if layout.year else "")
            )
            for column in layout.columns:
                target = layout.mapping.get(column.index) or "（不导入）"
                how = layout.how.get(column.index, "")
                self.stdout.write(f"  {column.title} → {target}（{how}）")
        for header, (_source, rule) in (layout.derived if layout else {}).items():
            self.stdout.write(f"  {header}：{rule}")
        for note in result.notes:
            self.stdout.write(f"  转换：{note}")
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(f"{len(result.errors)} 处错误，未导入任何数据。")
        verb = "检查通过（未写入）" if dry_run else "已导入"
        self.stdout.write(
            f"{verb}：新增 {result.new} 行，更新 {result.updated} 行，未变 {result.unchanged} 行。"
        )


def _pairs(items: list[str]) -> dict[str, str] | None:
    pairs = dict(item.split("=", 1) for item in items if "=" in item)
    return {k.strip(): v.strip() for k, v in pairs.items()} or None
