"""Delete audit records older than a date, never younger than the retention
period (AUDIT_RETENTION_DAYS, at least 183 days: 等保 asks for 6 months)."""

from datetime import date, datetime, time, timedelta

from auditlog.models import LogEntry
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from security.models import AuditEvent


class Command(BaseCommand):
    help = "清理早于指定日期的审计记录（不得早于保存期限，至少6个月）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--before",
            required=True,
            type=date.fromisoformat,
            help="删除此日期（不含）之前的记录，格式 YYYY-MM-DD。",
        )

    @transaction.atomic
    def handle(self, *args, before: date, **options):
        today = timezone.localdate()
        latest = today - timedelta(days=settings.AUDIT_RETENTION_DAYS)
        if before > latest:
            raise CommandError(
                f"审计记录须保存{settings.AUDIT_RETENTION_DAYS}天：只能清理 "
                f"{latest:%Y-%m-%d} 之前的记录，拒绝清理 {before:%Y-%m-%d} 之前的记录。"
            )
        cutoff = datetime.combine(
            before, time.min, tzinfo=timezone.get_current_timezone()
        )
        events, _ = AuditEvent.objects.filter(at__lt=cutoff).delete()
        changes, _ = LogEntry.objects.filter(timestamp__lt=cutoff).delete()
        self.stdout.write(
            f"已清理 {before:%Y-%m-%d} 之前的审计记录：访问与登录 {events} 条，数据变更 {changes} 条。"
        )
