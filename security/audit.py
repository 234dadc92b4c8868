import ipaddress

from django.conf import settings

from security.models import AuditEvent


def client_address(request) -> str | None:
    """The client's address, the same for the lockout (django-axes), the audit
    events and the data-change trail (django-auditlog).

    With TRUSTED_PROXY_COUNT = 0 it is the peer (REMOTE_ADDR). Behind N
    trusted reverse proxies it is the N-th X-Forwarded-For entry from the
    right: each proxy appends the address it received the request from, so
    entries further left were written by the client and are not believed. A
    request whose header is shorter than that did not come through the
    proxies, and its peer address is used.
    """
    if request is None:
        return None
    peer = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if not count:
        return peer
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    chain = [entry.strip() for entry in header.split(",") if entry.strip()]
    if len(chain) < count:
        return peer
    try:
        return str(ipaddress.ip_address(chain[-count]))
    except ValueError:
        return peer


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
