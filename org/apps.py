from django.apps import AppConfig
from django.db.models.signals import post_migrate


class OrgConfig(AppConfig):
    name = "org"
    verbose_name = "组织与干部"

    def ready(self) -> None:
        from ui.choices import register

        from .models import Cadre, OrgUnit, Place
        from .roles import sync_groups

        post_migrate.connect(sync_groups, dispatch_uid="org.sync_groups")
        # Searchable choices (ui.choices): what the user sees or may pick.
        for name, model, search in [
            ("cadre", Cadre, ("name__contains", "unit__name__contains")),
            ("unit", OrgUnit, ("name__contains", "code__startswith")),
            ("place", Place, ("name__contains", "unit__name__contains")),
        ]:
            register(name, model, _pickable(model), search)


def _pickable(model):
    def rows(user):
        rows = model.objects.visible_to(user) | model.objects.within_reach_of(user)
        return (
            rows.select_related("unit") if model._meta.model_name != "orgunit" else rows
        )

    return rows
