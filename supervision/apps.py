"""What supervision tells the core at start-up: its ledgers, its tracked-item
kinds with their records, and the notices of supervision orders."""

from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = "督办与提醒"

    def ready(self) -> None:
        from org.home import register_panel
        from org.roles import Role
        from tracking.registry import register_item_kind, register_notice_kind

        from . import (
            home,
            ledgers,  # noqa: F401  (registers the ledgers)
        )
        from .models import (
            OrderNotice,
            RectificationItem,
            SupervisionOrder,
            check_owner_in_unit,
        )

        register_item_kind(
            RectificationItem.ITEM_KIND,
            "整改事项",
            deadline_label="整改时限",
            check=check_owner_in_unit,
            record=lambda item: item.rectification.get_absolute_url(),
        )
        register_item_kind(
            SupervisionOrder.ITEM_KIND,
            "督办单",
            generic_close_out=False,
            start_label="下发日期",
            deadline_label="回复时限",
            check=check_owner_in_unit,
            record=lambda item: item.supervision_order.get_absolute_url(),
        )
        register_panel(
            "my_items",
            roles=[Role.CADRE],
            template="supervision/_home_my_items.html",
            context=home.my_items,
            order=20,
        )
        register_panel(
            "overdue",
            roles=[Role.LEADERSHIP],
            template="supervision/_home_overdue.html",
            context=home.overdue,
            order=20,
        )
        register_panel(
            "due_this_week",
            roles=[Role.CLERK, Role.PETITION_OFFICE],
            template="supervision/_home_due.html",
            context=home.due_this_week,
            order=10,
        )
        # Notices of orders always arrive: they are not reminders to mute.
        for kind in OrderNotice:
            register_notice_kind(kind, kind.label)
