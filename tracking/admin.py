from django.contrib import admin

from org.admin import ScopedAdmin
from tracking.models import CalendarOverride, TrackedItem, TrackedItemEvent


class TrackedItemEventInline(admin.TabularInline):
    model = TrackedItemEvent
    extra = 0
    readonly_fields = ["action", "by", "at", "note"]
    can_delete = False


@admin.register(TrackedItem)
class TrackedItemAdmin(ScopedAdmin):
    list_display = ["title", "kind", "unit", "owner", "deadline", "closed_at"]
    list_filter = ["kind", "deadline"]
    search_fields = ["title", "unit__name", "owner__name"]
    autocomplete_fields = ["unit", "owner"]
    list_select_related = ["unit", "owner"]
    readonly_fields = ["closed_at", "closed_by"]
    inlines = [TrackedItemEventInline]


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = ["day", "is_workday", "note"]
    list_filter = ["is_workday"]
    date_hierarchy = "day"
