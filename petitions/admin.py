from django.contrib import admin

from org.admin import ScopedAdmin

from .models import (
    BacklogCase,
    HotlineOrder,
    HotlineStandard,
    PetitionCase,
    ReceptionDay,
    TimeLimitRule,
)


@admin.register(TimeLimitRule)
class TimeLimitRuleAdmin(admin.ModelAdmin):
    list_display = ["stage", "days", "working_days", "basis"]
    list_editable = ["days", "working_days"]


@admin.register(HotlineStandard)
class HotlineStandardAdmin(admin.ModelAdmin):
    list_display = ["__str__", "basically_counts_as_satisfied", "exclude_out_of_scope"]


@admin.register(ReceptionDay)
class ReceptionDayAdmin(ScopedAdmin):
    list_display = ["day", "kind", "leader", "visitors"]
    list_filter = ["kind"]
    date_hierarchy = "day"
    autocomplete_fields = ["leader", "place"]


@admin.register(PetitionCase)
class PetitionCaseAdmin(ScopedAdmin):
    """Petitioners' data is not shown here: the admin site cannot mask it."""

    list_display = ["number", "registered_on", "channel", "category", "unit", "stage"]
    list_filter = ["stage", "channel", "category"]
    fields = ["number", "channel", "category", "registered_on", "unit", "stage"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False


@admin.register(BacklogCase)
class BacklogCaseAdmin(ScopedAdmin):
    list_display = ["case", "leader", "assigned_on", "resolved_on"]
    autocomplete_fields = ["leader"]
    raw_id_fields = ["case"]


@admin.register(HotlineOrder)
class HotlineOrderAdmin(ScopedAdmin):
    list_display = ["number", "received_at", "unit", "resolved", "satisfaction"]
    list_filter = ["resolved", "satisfaction", "out_of_scope"]
    search_fields = ["number"]
