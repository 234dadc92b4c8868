from org.roles import Role, roles_of
from org.scope import access_for, sees_work

ADMIN_SITE_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN})


def navigation(request) -> dict:
    """The user's roles, for the navigation and the home page: `user_roles`
    holds their values (for checks), `user_role_labels` their names (for
    display); `nav` says which parts of the menu the user may open (the
    administrators see no business pages, 三员分立)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    roles = roles_of(user)
    work = sees_work(user)
    return {
        "user_roles": {role.value for role in roles},
        "user_role_labels": sorted(role.label for role in roles),
        "nav": {
            "work": work,
            "reference": work or access_for(user).administrator,
            # The auditor reads the trail on its own page; the admin site holds
            # nothing for that role.
            "admin_site": user.is_staff
            and (user.is_superuser or bool(roles & ADMIN_SITE_ROLES)),
            "audit": Role.AUDIT_ADMIN in roles,
        },
    }
