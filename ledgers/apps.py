from django.apps import AppConfig


class LedgersConfig(AppConfig):
    name = "ledgers"
    verbose_name = "台账"

    def ready(self) -> None:
        from . import reference  # noqa: F401  (the reference-data ledgers)
