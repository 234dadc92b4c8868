from org.roles import roles_of


def navigation(request) -> dict:
    """The user's roles, for the navigation and the home page: `user_roles`
    holds their values (for checks), `user_role_labels` their names (for
    display)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    roles = roles_of(user)
    return {
        "user_roles": {role.value for role in roles},
        "user_role_labels": sorted(role.label for role in roles),
    }
