from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import (
    AdminPasswordChangeForm as DjangoAdminPasswordChangeForm,
)

from org.models import User
from security.models import AuditEvent

from .accounts import AdminLoginForm

# The admin's sign-in has the same second factor and lockout as the site's.
admin.site.login_form = AdminLoginForm


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
