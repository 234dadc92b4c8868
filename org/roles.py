"""Roles: Django groups, each scoped to an org subtree by `User.scope_unit`.

The three administrator roles follow the separation of duties of 等保2.0: the
system administrator manages configuration, the security administrator manages
accounts and roles, the audit administrator reads the audit trail only.
"""

from django.contrib.auth.models import Group, Permission
from django.db import models
from django.utils import translation


class Role(models.TextChoices):
    CADRE = "cadre", "干部"
    CLERK = "clerk", "办公室"
    LEADERSHIP = "leadership", "领导"
    PETITION_OFFICE = "petition_office", "信访部门"
    SYSTEM_ADMIN = "system_admin", "系统管理员"
    SECURITY_ADMIN = "security_admin", "安全管理员"
    AUDIT_ADMIN = "audit_admin", "审计管理员"


# Roles whose view is a whole org subtree rather than one's own records.
SUBTREE_ROLES = frozenset({Role.CLERK, Role.LEADERSHIP, Role.PETITION_OFFICE})
# Roles that enter and change records of their subtree on behalf of others.
EDIT_ROLES = frozenset({Role.CLERK, Role.PETITION_OFFICE})
ADMIN_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})
_ROLE_BY_GROUP = {role.label: role for role in Role}

# Model permissions each role's group carries (app_label.codename); the admin
# site and the permission checks in views read them. Apps add the permissions
# of their own models with `register_permissions` from `AppConfig.ready()`.
GROUP_PERMISSIONS: dict[Role, list[str]] = {
    Role.CADRE: [],
    Role.CLERK: [],
    Role.LEADERSHIP: [],
    Role.PETITION_OFFICE: [],
    Role.SYSTEM_ADMIN: [
        "org.view_orgunit",
        "org.add_orgunit",
        "org.change_orgunit",
        "org.view_place",
        "org.add_place",
        "org.change_place",
        "org.delete_place",
        "org.view_cadre",
        "tracking.view_calendaroverride",
        "tracking.add_calendaroverride",
        "tracking.change_calendaroverride",
        "tracking.delete_calendaroverride",
    ],
    Role.SECURITY_ADMIN: [
        "org.view_user",
        "org.add_user",
        "org.change_user",
        "auth.view_group",
        "org.view_cadre",
        "org.add_cadre",
        "org.change_cadre",
        "org.view_orgunit",
        # Unlock an account locked by failed logins; remove a lost TOTP device.
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
        "security.view_secondfactor",
        "security.delete_secondfactor",
    ],
    Role.AUDIT_ADMIN: ["security.view_auditevent", "auditlog.view_logentry"],
}


def register_permissions(role: Role, permissions: list[str]) -> None:
    """Give `role`'s group these permissions (app_label.codename) at the next
    migrate."""
    GROUP_PERMISSIONS[role] += [
        p for p in permissions if p not in GROUP_PERMISSIONS[role]
    ]


def group_name(role: Role) -> str:
    return role.label


def roles_of(user) -> frozenset[Role]:
    """The roles of a user, read once per request object."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_sixiaji_roles", None)
    if cached is None:
        names = user.groups.values_list("name", flat=True)
        cached = frozenset(_ROLE_BY_GROUP[n] for n in names if n in _ROLE_BY_GROUP)
        user._sixiaji_roles = cached
    return cached


def has_role(user, *roles: Role) -> bool:
    return bool(roles_of(user) & set(roles))


# Django names model permissions in English ("Can add 活动"); the admin shows
# them in Chinese.
PERMISSION_VERBS = {"add": "新增", "change": "修改", "delete": "删除", "view": "查看"}


def name_permissions_in_chinese() -> None:
    """ "Can add 活动" → "可新增活动" ("Can view access attempt" → "可查看登录
    尝试"), for every permission Django created, naming the model as the
    admin does."""
    renamed = []
    with translation.override("zh-hans"):
        for permission in Permission.objects.select_related("content_type"):
            verb = permission.codename.partition("_")[0]
            model = permission.content_type.model_class()
            if verb not in PERMISSION_VERBS or model is None:
                continue
            name = f"可{PERMISSION_VERBS[verb]}{model._meta.verbose_name}"[:255]
            if permission.name != name:
                permission.name = name
                renamed.append(permission)
    Permission.objects.bulk_update(renamed, ["name"])


def sync_groups(**kwargs) -> None:
    """Create one group per role with its permissions (run after migrate)."""
    name_permissions_in_chinese()

    # The audit trail records the permissions by name as they are set: in
    # Chinese, whatever language the migrate command runs in.
    with translation.override("zh-hans"):
        for role, perms in GROUP_PERMISSIONS.items():
            group, _ = Group.objects.get_or_create(name=group_name(role))
            wanted = []
            for perm in perms:
                app_label, codename = perm.split(".")
                wanted += Permission.objects.filter(
                    content_type__app_label=app_label, codename=codename
                )
            group.permissions.set(wanted)


def sees_personal_data(user) -> bool:
    """Only the petition office sees personal data (petitioners' names, ID
    numbers, phones, addresses) unmasked."""
    return user.is_superuser or has_role(user, Role.PETITION_OFFICE)
