from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "指标与报告"

    def ready(self) -> None:
        from . import ledgers  # noqa: F401  (registers the compliance ledger)
