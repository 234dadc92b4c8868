"""Sign-in events into the audit trail, the session's login time, and the
masking of sensitive records' text forms in the data-change trail."""

import time

from auditlog.models import LogEntry
from axes.signals import user_locked_out
from django.contrib.auth.signals import (
    user_logged_in,
    user_logged_out,
    user_login_failed,
)
from django.db.models.signals import pre_save
from django.dispatch import receiver

from security.audit import audit, client_address
from security.middleware import LOGIN_AT, SEEN_AT
from security.models import AuditEvent
from security.trail import masked_changes, masked_repr


@receiver(user_logged_in, dispatch_uid="sixiaji.audit_login")
def on_login(sender, request, user, **kwargs):
    if request is None:
        return
    now = time.time()
    request.session[LOGIN_AT] = now
    request.session[SEEN_AT] = now
    audit(request, AuditEvent.Action.LOGIN, user, user=user)


@receiver(user_logged_out, dispatch_uid="sixiaji.audit_logout")
def on_logout(sender, request, user, **kwargs):
    if request is not None and user is not None:
        audit(request, AuditEvent.Action.LOGOUT, user, user=user)


@receiver(user_login_failed, dispatch_uid="sixiaji.audit_login_failed")
def on_login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    AuditEvent.objects.create(
        username=username,
        action=AuditEvent.Action.LOGIN_FAILED,
        object_type="账号",
        object_id=username[:50],
        address=client_address(request),
    )


@receiver(user_locked_out, dispatch_uid="sixiaji.audit_lockout")
def on_locked_out(sender, request, username=None, ip_address=None, **kwargs):
    username = str(username or "")[:150]
    AuditEvent.objects.create(
        username=username,
        action=AuditEvent.Action.LOCKOUT,
        object_type="账号",
        object_id=username[:50],
        detail=f"连续登录失败被锁定（来源 {ip_address or '未知'}）",
        address=client_address(request),
    )


def _mask_trail_repr(sender, instance, **kwargs):
    """A sensitive record's text form (e.g. a person's name) and its free text
    enter the trail masked, as its app registered (`trail.register_sensitive`)."""
    if instance._state.adding:
        ct = instance.content_type
        instance.object_repr = masked_repr(ct.app_label, ct.model, instance.object_repr)
        instance.changes = masked_changes(ct, instance.object_pk, instance.changes)


pre_save.connect(_mask_trail_repr, sender=LogEntry, dispatch_uid="security.mask_trail")
