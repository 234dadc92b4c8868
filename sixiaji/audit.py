from .models import AuditEvent


def audit(request, action: str, obj, detail: str = "") -> AuditEvent:
    """Record an access to sensitive data or an export by the request's user."""
    return AuditEvent.objects.create(
        user=request.user,
        action=action,
        object_type=obj._meta.label if hasattr(obj, "_meta") else str(obj),
        object_id=str(getattr(obj, "pk", "") or ""),
        detail=detail[:300],
        address=request.META.get("REMOTE_ADDR"),
    )
