from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = "督办与提醒"

    def ready(self) -> None:
        from tracking.registry import register_item_kind

        from . import ledgers  # noqa: F401  (registers the ledgers)
        from .models import RectificationItem, SupervisionOrder, check_owner_in_unit

        register_item_kind(
            RectificationItem.ITEM_KIND,
            "整改事项",
            deadline_label="整改时限",
            check=check_owner_in_unit,
        )
        register_item_kind(
            SupervisionOrder.ITEM_KIND,
            "督办单",
            generic_close_out=False,
            start_label="下发日期",
            deadline_label="回复时限",
            check=check_owner_in_unit,
        )
