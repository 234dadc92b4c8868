from org.roles import roles_of


def navigation(request) -> dict:
    """The user's roles, for the navigation and the home page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    roles = roles_of(user)
    return {"user_roles": sorted(role.label for role in roles)}
