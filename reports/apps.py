"""What reports tells the core at start-up: the compliance ledger, the
permissions of quota rules, and its two reminders."""

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "指标与报告"

    def ready(self) -> None:
        from org.home import register_panel
        from org.roles import Role, register_permissions
        from tracking.registry import register_notice_kind

        from . import (
            home,
            ledgers,  # noqa: F401  (registers the compliance ledger)
        )
        from .cache import connect_signals
        from .models import ReportNotice

        connect_signals()  # cached dashboard tables follow every change
        register_panel(
            "my_quotas",
            roles=[Role.CADRE],
            template="reports/_home_my_quotas.html",
            context=home.my_quotas,
            order=10,
        )
        register_panel(
            "behind",
            roles=[Role.LEADERSHIP],
            template="reports/_home_behind.html",
            context=home.behind,
            order=10,
        )
        register_panel(
            "reports_to_send",
            roles=[Role.CLERK],
            template="reports/_home_reports.html",
            context=home.reports_to_send,
            order=40,
        )
        register_permissions(
            Role.SYSTEM_ADMIN,
            [
                "reports.view_quotarule",
                "reports.add_quotarule",
                "reports.change_quotarule",
            ],
        )
        for kind, schedule in [
            (
                ReportNotice.QUOTA_SHORTFALL,
                "考核周期（月、季、半年、年）结束前两周，提醒尚未完成的指标",
            ),
            (ReportNotice.REPORT_READY, "季度工作报告草稿生成后通知办公室"),
        ]:
            register_notice_kind(kind, kind.label, reminder=True, schedule=schedule)
