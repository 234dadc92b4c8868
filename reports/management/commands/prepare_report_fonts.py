from django.core.management.base import BaseCommand

from reports.fonts import prepare_fangsong


class Command(BaseCommand):
    help = (
        "生成报告正文的仿宋 TrueType 字体（由 Debian 的 FandolFang 转换，已有则跳过）。"
    )

    def handle(self, *args, **options):
        path, message = prepare_fangsong()
        (self.stdout if path else self.stderr).write(message)
