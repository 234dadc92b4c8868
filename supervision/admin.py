from django.contrib import admin

from org.admin import ScopedAdmin

from .models import OrderReply, RectificationItem, SupervisionOrder


@admin.register(RectificationItem)
class RectificationItemAdmin(ScopedAdmin):
    list_display = ["__str__", "source", "leader", "created_by"]
    list_filter = ["source"]
    search_fields = ["problem", "measures"]
    list_select_related = ["item", "leader", "created_by"]
    raw_id_fields = ["item", "leader"]


class OrderReplyInline(admin.TabularInline):
    model = OrderReply
    extra = 0
    readonly_fields = ["text", "by", "at", "on_time"]
    can_delete = False


@admin.register(SupervisionOrder)
class SupervisionOrderAdmin(ScopedAdmin):
    list_display = ["number", "__str__", "subject", "status", "issued_by", "issued_at"]
    list_filter = ["status", "subject"]
    search_fields = ["number", "note", "shortfall"]
    list_select_related = ["item", "issued_by"]
    raw_id_fields = ["item", "target"]
    readonly_fields = ["number", "escalated_at"]
    inlines = [OrderReplyInline]
