"""Changes of who may do what: the separation of the three administrators
(三员分立, 等保2.0 level 3).

- Nobody changes their own roles, permissions or scope.
- Superuser status is made on the command line only (`createsuperuser`).
- Administrator roles (and the admin site's staff flag) are given by a
  superuser only; an administrator account holds no business role.
- The security administrator gives other accounts business roles and scopes;
  nobody gets permissions directly, only through a role.
- Every change is an audit event (角色权限变更).

The admin site's account page checks these when the form is validated and
again when it saves; a command or script that changes roles calls the same
two functions.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from org.models import OrgUnit
from org.roles import ADMIN_ROLES, Role, group_name
from security.audit import audit
from security.models import AuditEvent

ADMIN_GROUPS = frozenset(group_name(role) for role in ADMIN_ROLES)
BUSINESS_GROUPS = frozenset(group_name(r) for r in Role if r not in ADMIN_ROLES)


@dataclass(frozen=True)
class Grants:
    """What an account may do: the fields a role change touches."""

    is_superuser: bool
    is_staff: bool
    roles: frozenset[str]  # group names
    permissions: frozenset[str]  # direct permissions, "app_label.codename"
    scope_unit_id: int | None


def grants_of(user) -> Grants:
    """The account's grants as stored (not as an unsaved form has them)."""
    if user.pk is None:
        return Grants(False, False, frozenset(), frozenset(), None)
    stored = type(user).objects.get(pk=user.pk)
    return Grants(
        is_superuser=stored.is_superuser,
        is_staff=stored.is_staff,
        roles=frozenset(stored.groups.values_list("name", flat=True)),
        permissions=frozenset(
            f"{app}.{codename}"
            for app, codename in stored.user_permissions.values_list(
                "content_type__app_label", "codename"
            )
        ),
        scope_unit_id=stored.scope_unit_id,
    )


def is_administrator_account(user) -> bool:
    """A superuser or a holder of an administrator role: only a superuser
    changes such an account (its roles, its password)."""
    if user.is_superuser:
        return True
    names = user.groups.values_list("name", flat=True)
    return bool(ADMIN_GROUPS & set(names))


def role_change_check(*, by, target, before: Grants, after: Grants) -> None:
    """Raise ValidationError (every reason, in Chinese) unless `by` may change
    `target`'s grants from `before` to `after`."""
    if before == after:
        return
    errors = []
    if target.pk is not None and target.pk == by.pk:
        errors.append("不能修改本人的角色、权限或管辖范围，请由其他管理员办理。")
    if after.is_superuser != before.is_superuser:
        errors.append(
            "超级用户只能在服务器命令行创建（createsuperuser），不能在此授予或取消。"
        )
    if after.permissions != before.permissions:
        errors.append("不能直接授予或取消用户权限，请通过角色授权。")
    changed_roles = after.roles ^ before.roles
    if not by.is_superuser:
        if changed_roles - BUSINESS_GROUPS:
            errors.append("管理员角色只能由超级用户分配，安全管理员只能分配业务角色。")
        if after.is_staff != before.is_staff:
            errors.append("后台登录（职员状态）随管理员角色由超级用户设置。")
    if after.roles & ADMIN_GROUPS and after.roles - ADMIN_GROUPS:
        errors.append("管理员账号不能兼任其他角色（三员分立）。")
    if len(after.roles & ADMIN_GROUPS) > 1:
        errors.append("一个账号只能担任一种管理员角色（三员分立）。")
    if errors:
        raise ValidationError(errors, code="role_change_refused")


def _names(roles: frozenset[str]) -> str:
    order = [group_name(role) for role in Role]
    known = sorted(roles, key=lambda n: order.index(n) if n in order else len(order))
    return "、".join(known) or "无"


def _unit(pk: int | None) -> str:
    return str(OrgUnit.objects.get(pk=pk)) if pk else "本人单位"


def role_change_record(
    request, *, target, before: Grants, after: Grants
) -> AuditEvent | None:
    """The audit event of a change of `target`'s grants (none if unchanged)."""
    parts = []
    if before.roles != after.roles:
        parts.append(f"角色：{_names(before.roles)} → {_names(after.roles)}")
    if before.scope_unit_id != after.scope_unit_id:
        scope = f"{_unit(before.scope_unit_id)} → {_unit(after.scope_unit_id)}"
        parts.append(f"管辖范围：{scope}")
    if before.is_staff != after.is_staff:
        parts.append(f"后台登录：{'是' if after.is_staff else '否'}")
    if before.is_superuser != after.is_superuser:
        parts.append(f"超级用户：{'是' if after.is_superuser else '否'}")
    if before.permissions != after.permissions:
        parts.append(
            f"直接权限：{len(before.permissions)} → {len(after.permissions)}项"
        )
    if not parts:
        return None
    detail = f"{target.get_username()} " + "；".join(parts)
    return audit(request, AuditEvent.Action.ROLE_CHANGE, target, detail)
