from dataclasses import replace

from auditlog.models import LogEntry
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import (
    AdminPasswordChangeForm as DjangoAdminPasswordChangeForm,
)
from django.contrib.auth.forms import ReadOnlyPasswordHashWidget
from django.contrib.auth.forms import UserChangeForm as DjangoUserChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django_otp.plugins.otp_totp.models import TOTPDevice

from org.models import User
from security.models import SecondFactor

from .accounts import AdminLoginForm
from .services import (
    BUSINESS_GROUPS,
    grants_of,
    is_administrator_account,
    role_change_check,
    role_change_record,
)

# The admin's sign-in has the same second factor and lockout as the site's.
admin.site.login_form = AdminLoginForm


class AdminPasswordChangeForm(DjangoAdminPasswordChangeForm):
    """A password set by the security administrator is temporary: the user
    changes it at the next login."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "usable_password" in self.fields:  # Django's warning is not translated
            self.fields["usable_password"].help_text = mark_safe(
                "是否允许该用户使用密码登录。"
                '<ul id="id_unusable_warning" class="messagelist">'
                '<li class="warning">停用后，该用户当前的密码将作废。</li></ul>'
            )

    def save(self, commit=True):
        self.user.password_changed_at = None
        return super().save(commit)


class PasswordSummary(ReadOnlyPasswordHashWidget):
    """The password's summary without the 重设密码 button."""

    def render(self, name, value, attrs=None, renderer=None):
        summary = self.get_context(name, value, attrs)["summary"]
        return format_html(
            "<div><p>{}</p></div>",
            format_html_join(
                " ",
                "<strong>{}</strong>{}",
                (
                    (e["label"], format_html(": <bdi>{}</bdi>", e["value"]))
                    if e.get("value")
                    else (e["label"], "")
                    for e in summary
                ),
            ),
        )


class UserChangeForm(DjangoUserChangeForm):
    """Refuses a change of roles, staff flag or scope that the acting user may
    not make (security/services.py), naming the reason."""

    acting_user: User  # set by UserAdmin.get_form
    # No 重设密码 link for one who may only view the account (it would 403).
    password_readonly = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.password_readonly and "password" in self.fields:
            self.fields["password"].widget = PasswordSummary()

    def clean(self):
        data = super().clean()
        before = grants_of(self.instance)
        after = before
        if "is_staff" in data:
            after = replace(after, is_staff=data["is_staff"])
        if "groups" in data:
            after = replace(after, roles=frozenset(g.name for g in data["groups"]))
        if "scope_unit" in data:
            unit = data["scope_unit"]
            after = replace(after, scope_unit_id=unit.pk if unit else None)
        try:
            role_change_check(
                by=self.acting_user, target=self.instance, before=before, after=after
            )
        except ValidationError as error:
            raise ValidationError(error.messages) from error
        return data


# Fields that grant something; on one's own account none can be changed.
GRANT_FIELDS = ["is_active", "is_staff", "is_superuser", "groups", "scope_unit"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Accounts, with the separation of the three administrators: superuser
    status is read-only (command line only); direct permissions are not
    offered; the security administrator gives business roles and scopes to
    others and cannot change an administrator's or a superuser's account;
    every role change is audited."""

    form = UserChangeForm
    change_password_form = AdminPasswordChangeForm
    fieldsets = (
        (None, {"fields": ["username", "password"]}),
        ("个人信息", {"fields": ["first_name", "last_name", "email"]}),
        ("角色与管辖范围", {"fields": GRANT_FIELDS}),
        ("重要日期", {"fields": ["last_login", "date_joined"]}),
    )
    list_display = ["username", "__str__", "scope_unit", "is_active", "last_login"]
    list_select_related = ["scope_unit", "cadre"]
    autocomplete_fields = ["scope_unit"]

    def get_readonly_fields(self, request, obj=None):
        readonly = ["is_superuser", "last_login", "date_joined"]
        if not request.user.is_superuser:
            readonly.append("is_staff")
        if obj is not None and obj.pk == request.user.pk:
            readonly += [f for f in GRANT_FIELDS if f not in readonly]
        return readonly

    def has_change_permission(self, request, obj=None):
        if (
            obj is not None
            and not request.user.is_superuser
            and is_administrator_account(obj)
        ):
            return False  # its roles and its password are the superuser's
        return super().has_change_permission(request, obj)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.acting_user = request.user
        form.password_readonly = obj is not None and not self.has_change_permission(
            request, obj
        )
        return form

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups" and not request.user.is_superuser:
            kwargs["queryset"] = Group.objects.filter(name__in=BUSINESS_GROUPS)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        self._before = grants_of(obj)  # as stored, before this save
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        user = form.instance
        after = grants_of(user)
        # Checked again as saved, whatever the form let through; a refusal
        # here undoes the whole save (the admin's view is atomic).
        try:
            role_change_check(
                by=request.user, target=user, before=self._before, after=after
            )
        except ValidationError as error:
            raise PermissionDenied("；".join(error.messages)) from error
        role_change_record(request, target=user, before=self._before, after=after)


# The audit trail is read on its own page (security/audit_views.py), in
# Chinese, with related records by name: the admin site does not offer it, so
# nobody can change it there and no link in it leads to a page the auditor
# may not open.
admin.site.unregister(LogEntry)


# TOTP authenticators under their Chinese name, in this app's section.
admin.site.unregister(TOTPDevice)


@admin.register(SecondFactor)
class SecondFactorAdmin(admin.ModelAdmin):
    """Who bound an authenticator and when; a lost one is deleted and its user
    binds a new one at the next login. Keys are never shown."""

    list_display = ["owner", "device_name", "bound", "created", "last_used"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    list_select_related = ["user"]
    fields = ["owner", "device_name", "bound", "created", "last_used"]
    readonly_fields = fields

    @admin.display(description="账号", ordering="user__username")
    def owner(self, device):
        return device.user

    @admin.display(description="设备名称")
    def device_name(self, device):
        return device.name

    @admin.display(description="已绑定", boolean=True, ordering="confirmed")
    def bound(self, device):
        return device.confirmed

    @admin.display(description="绑定时间", ordering="created_at")
    def created(self, device):
        return device.created_at

    @admin.display(description="最近使用", ordering="last_used_at")
    def last_used(self, device):
        return device.last_used_at

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
