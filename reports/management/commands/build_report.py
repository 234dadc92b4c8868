import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from org.models import OrgUnit
from reports.services import report_build, report_text


class Command(BaseCommand):
    help = "由数据生成单位的季度（年度）“四下基层”工作报告：PDF、Word 或纯文本。"

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help="单位编码")
        parser.add_argument("--year", type=int, required=True)
        period = parser.add_mutually_exclusive_group()
        period.add_argument("--quarter", type=int, choices=range(1, 5))
        period.add_argument(
            "--half", type=int, choices=[1, 2], help="1 上半年，2 下半年"
        )
        parser.add_argument("--format", choices=["pdf", "docx", "txt"], default="pdf")
        parser.add_argument("-o", "--output", required=True, help="输出文件")
        parser.add_argument(
            "--annex", action="store_true", help="附加“附件：未达标人员名单”"
        )

    def handle(
        self, *args, unit, year, quarter, half, format, output, annex, **options
    ):
        try:
            root = OrgUnit.objects.get(code=unit)
        except OrgUnit.DoesNotExist as error:
            raise CommandError(f"没有编码为 {unit} 的单位。") from error
        started = time.perf_counter()
        text = report_text(
            root, year, quarter, today=timezone.localdate(), half=half, annex=annex
        )
        built = report_build(text, format)
        Path(output).write_bytes(built.content)
        for warning in built.warnings:
            self.stderr.write(self.style.WARNING(warning))
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"{text.title}：已写入 {output}（{len(built.content)} 字节，{seconds:.2f} 秒）"
        )
