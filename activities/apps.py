from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = "宣传政策与现场办公"

    def ready(self) -> None:
        from tracking.registry import register_item_kind

        from . import ledgers  # noqa: F401  (registers the ledgers)
        from .models import HandedOverProblem, LivelihoodItem

        register_item_kind(
            HandedOverProblem.ITEM_KIND, "现场办公交办问题", start_label="现场办公日期"
        )
        register_item_kind(
            LivelihoodItem.ITEM_KIND,
            "民生实事",
            start_label="开始日期",
            deadline_label="完成时限",
        )
