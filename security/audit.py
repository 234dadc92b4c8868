from security.models import AuditEvent


def client_address(request) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


def audit(request, action: str, obj, detail: str = "", *, user=None) -> AuditEvent:
    """Record an access, an export or a sign-in by the request's user."""
    user = user or getattr(request, "user", None)
    if user is not None and not user.is_authenticated:
        user = None
    return AuditEvent.objects.create(
        user=user,
        username=user.get_username() if user else "",
        action=action,
        object_type=obj._meta.label if hasattr(obj, "_meta") else str(obj),
        object_id=str(getattr(obj, "pk", "") or ""),
        detail=detail[:300],
        address=client_address(request),
    )
