from django.apps import AppConfig
from django.db.models.signals import post_migrate


class OrgConfig(AppConfig):
    name = "org"
    verbose_name = "组织与干部"

    def ready(self) -> None:
        from .roles import sync_groups

        post_migrate.connect(sync_groups, dispatch_uid="org.sync_groups")
