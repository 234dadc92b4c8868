"""What petitions tells the core at start-up: its ledgers, its tracked-item
kinds and their records, the permissions its models give the system
administrator, and the personal data the audit trail must store masked."""

from django.apps import AppConfig


def _case_url(item) -> str:
    """The case of its current stage; an earlier stage's item keeps no link."""
    case = getattr(item, "petition_case", None)
    return case.get_absolute_url() if case else ""


class PetitionsConfig(AppConfig):
    name = "petitions"
    verbose_name = "信访接待"

    def ready(self) -> None:
        from django.urls import reverse

        from org.roles import Role, register_permissions
        from security.trail import register_sensitive
        from tracking.registry import register_item_kind
        from ui.choices import register

        from . import ledgers  # noqa: F401  (registers the ledgers)
        from .masking import TRAIL_MASKED, TRAIL_TEXT, case_text_mask, mask_name
        from .models import (
            BacklogCase,
            BacklogNote,
            CaseEvent,
            PetitionCase,
            Petitioner,
            ReceptionDay,
        )
        from .services import ITEM_KIND

        register(  # 来源接访日: thousands a year at city scale
            "reception-day",
            ReceptionDay,
            lambda user: (
                ReceptionDay.objects.visible_to(user)
                .select_related("leader")
                .order_by("-day", "pk")
            ),
            ("leader__name__contains", "day__startswith"),
        )

        register_item_kind(
            ITEM_KIND,
            "信访事项办理阶段",
            generic_close_out=False,
            record=_case_url,
            report_label="信访事项",
        )
        # A backlog case closes when it is resolved (三到位一处理).
        register_item_kind(
            BacklogCase.ITEM_KIND,
            "信访积案化解",
            generic_close_out=False,
            report_label="信访积案",
            start_label="包案日期",
            deadline_label="化解时限",
            record=lambda item: reverse(
                "petitions:backlog_detail", args=[item.backlog_case.pk]
            ),
        )
        register_permissions(
            Role.SYSTEM_ADMIN,
            [
                "petitions.view_timelimitrule",
                "petitions.change_timelimitrule",
                "petitions.view_hotlinestandard",
                "petitions.change_hotlinestandard",
            ],
        )
        register_sensitive(
            Petitioner, fields=TRAIL_MASKED["petitioner"], mask_repr=mask_name
        )
        # Free text is masked with the names of the case it is about.
        case_of = {
            PetitionCase: lambda record: record,
            CaseEvent: lambda record: record.case,
            BacklogCase: lambda record: record.case,
            BacklogNote: lambda record: record.backlog.case,
        }
        for model, case in case_of.items():
            name = model._meta.model_name
            register_sensitive(
                model,
                fields=TRAIL_MASKED.get(name, []),
                text_fields=TRAIL_TEXT[name],
                text_mask=lambda record, case=case: case_text_mask(
                    case(record), unmasked=False
                ),
            )
