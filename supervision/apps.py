from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = "督办与提醒"

    def ready(self) -> None:
        from tracking.registry import register_item_kind

        from . import ledgers  # noqa: F401  (registers the ledgers)
        from .models import RectificationItem, SupervisionOrder

        register_item_kind(RectificationItem.ITEM_KIND, "整改事项")
        register_item_kind(
            SupervisionOrder.ITEM_KIND, "督办单", generic_close_out=False
        )
