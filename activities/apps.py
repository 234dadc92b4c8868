"""What activities tells the core at start-up: its ledgers, its tracked-item
kinds and the record each item belongs to."""

from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = "宣传政策与现场办公"

    def ready(self) -> None:
        from django.urls import reverse

        from tracking.registry import register_item_kind
        from ui.choices import register

        from . import ledgers  # noqa: F401  (registers the ledgers)
        from .models import HandedOverProblem, Liaison, LivelihoodItem

        register(
            "liaison",
            Liaison,
            lambda user: Liaison.objects.within_reach_of(user).select_related(
                "place", "cadre"
            ),
            ("place__name__contains", "cadre__name__contains"),
        )

        register_item_kind(
            HandedOverProblem.ITEM_KIND,
            "现场办公交办问题",
            start_label="现场办公日期",
            record=lambda item: item.onsite_problem.activity.get_absolute_url(),
        )
        register_item_kind(
            LivelihoodItem.ITEM_KIND,
            "民生实事",
            start_label="开始日期",
            deadline_label="完成时限",
            record=lambda item: (
                f"{reverse('activities:livelihood_list')}"
                f"?year={item.livelihood_item.year}"
            ),
        )
