from django.apps import AppConfig


class LedgersConfig(AppConfig):
    name = "ledgers"
    verbose_name = "台账"

    def ready(self) -> None:
        from tracking.registry import register_notice_kind

        from . import reference  # noqa: F401  (the reference-data ledgers)
        from .models import LedgerExport

        register_notice_kind(LedgerExport.NOTICE_READY, "台账导出完成")
