from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import (
    AdminPasswordChangeForm as DjangoAdminPasswordChangeForm,
)

from .models import (
    AuditEvent,
    Cadre,
    CalendarOverride,
    HeaderSynonym,
    ImportMapping,
    OrgUnit,
    Place,
    TrackedItem,
    TrackedItemEvent,
    User,
)

admin.site.site_header = "四下基层工作管理系统"
admin.site.site_title = "四下基层"
admin.site.index_title = "系统管理"


class ScopedAdmin(admin.ModelAdmin):
    """Admin lists start from the same org scope as the product's pages."""

    def get_queryset(self, request):
        return self.model.objects.visible_to(request.user)


@admin.register(OrgUnit)
class OrgUnitAdmin(ScopedAdmin):
    list_display = ["name", "code", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent"]


@admin.register(Place)
class PlaceAdmin(ScopedAdmin):
    list_display = ["name", "kind", "unit"]
    list_filter = ["kind"]
    search_fields = ["name", "unit__name"]
    autocomplete_fields = ["unit"]
    list_select_related = ["unit"]


@admin.register(Cadre)
class CadreAdmin(ScopedAdmin):
    list_display = [
        "name",
        "unit",
        "rank",
        "position",
        "is_leadership_member",
        "is_party_secretary",
        "user",
    ]
    list_filter = ["rank", "is_leadership_member", "is_party_secretary", "is_active"]
    search_fields = ["name", "position", "unit__name"]
    autocomplete_fields = ["unit", "user"]
    list_select_related = ["unit", "user"]


class AdminPasswordChangeForm(DjangoAdminPasswordChangeForm):
    """A password set by the security administrator is temporary: the user
    changes it at the next login."""

    def save(self, commit=True):
        self.user.password_changed_at = None
        return super().save(commit)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    change_password_form = AdminPasswordChangeForm
    fieldsets = DjangoUserAdmin.fieldsets + (("管辖范围", {"fields": ["scope_unit"]}),)
    list_display = ["username", "__str__", "scope_unit", "is_active", "last_login"]
    list_select_related = ["scope_unit", "cadre"]
    autocomplete_fields = ["scope_unit"]


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


@admin.register(HeaderSynonym)
class HeaderSynonymAdmin(admin.ModelAdmin):
    """The column names offices use, extended here when an import meets a new one."""

    list_display = ["header", "kind", "synonyms"]
    list_filter = ["kind"]
    search_fields = ["header", "synonyms"]


@admin.register(ImportMapping)
class ImportMappingAdmin(admin.ModelAdmin):
    list_display = ["unit", "kind", "updated_at"]
    list_filter = ["kind"]
    readonly_fields = ["unit", "kind", "signature", "mapping", "updated_at"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only for everyone: the trail is written by the product only."""

    list_display = ["at", "user", "action", "object_type", "object_id", "address"]
    list_filter = ["action", "object_type"]
    search_fields = ["user__username", "object_id", "detail"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
