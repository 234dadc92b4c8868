from django.apps import AppConfig
from django.db.models.signals import post_migrate


class SixiajiConfig(AppConfig):
    name = "sixiaji"
    verbose_name = "组织与干部"

    def ready(self) -> None:
        from . import checks, signals  # noqa: F401
        from .roles import sync_groups
        from .trail import register_models

        register_models()

        post_migrate.connect(sync_groups, dispatch_uid="sixiaji.sync_groups")
