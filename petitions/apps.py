from django.apps import AppConfig


class PetitionsConfig(AppConfig):
    name = "petitions"
    verbose_name = "信访接待"

    def ready(self) -> None:
        from tracking.registry import register_item_kind

        from . import ledgers  # noqa: F401  (registers the ledgers)
        from .models import BacklogCase
        from .services import ITEM_KIND

        register_item_kind(ITEM_KIND, "信访事项办理阶段", generic_close_out=False)
        # A backlog case closes when it is resolved (三到位一处理).
        register_item_kind(
            BacklogCase.ITEM_KIND,
            "信访积案化解",
            generic_close_out=False,
            start_label="包案日期",
            deadline_label="化解时限",
        )
