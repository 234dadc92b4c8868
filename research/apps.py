"""What research tells the core at start-up: its ledgers, its tracked-item
kind and the record each item belongs to."""

from django.apps import AppConfig


class ResearchConfig(AppConfig):
    name = "research"
    verbose_name = "调查研究"

    def ready(self) -> None:
        from tracking.registry import register_item_kind
        from ui.choices import register

        from . import ledgers  # noqa: F401  (registers the ledgers)
        from .models import Measure, ResearchPlan

        register(
            "research-plan",
            ResearchPlan,
            lambda user: ResearchPlan.objects.visible_to(user).select_related("unit"),
            ("unit__name__contains", "year__startswith"),
        )

        register_item_kind(
            Measure.ITEM_KIND,
            "调研解决措施",
            deadline_label="完成时限",
            check=Measure.check_item,
            record=lambda item: item.research_measure.finding.topic.get_absolute_url(),
        )
