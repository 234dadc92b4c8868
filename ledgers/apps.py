from django.apps import AppConfig


class LedgersConfig(AppConfig):
    name = "ledgers"
    verbose_name = "台账"

    def ready(self) -> None:
        from org.home import register_panel
        from org.roles import Role
        from tracking.registry import register_notice_kind

        from . import (
            home,
            reference,  # noqa: F401  (the reference-data ledgers)
        )
        from .models import LedgerExport

        register_notice_kind(LedgerExport.NOTICE_READY, "台账导出完成")
        register_panel(
            "ledgers",
            roles=[Role.CLERK, Role.PETITION_OFFICE],
            template="ledgers/_home_ledgers.html",
            context=home.ledgers_to_keep,
            order=30,
        )
