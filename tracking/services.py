"""Writes of the core shared by the pillars."""

import logging
from collections.abc import Iterable
from datetime import date

from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone

from org.models import Cadre, OrgUnit, User
from tracking.models import Notification, NotificationMute, TrackedItem
from tracking.registry import NOTICE_KINDS

logger = logging.getLogger(__name__)


def tracked_item_open(
    *,
    kind: str,
    title: str,
    unit: OrgUnit,
    start_date: date,
    deadline: date,
    owner: Cadre | None = None,
) -> TrackedItem:
    """Open a tracked item for a pillar record (the record links to it),
    refused with a ValidationError when it breaks a rule of its kind."""
    item = TrackedItem(
        kind=kind,
        title=title,
        unit=unit,
        owner=owner,
        start_date=start_date,
        deadline=deadline,
    )
    item.clean()
    item.save()
    return item


def notify(
    *,
    recipients: Iterable[User | None],
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    item: TrackedItem | None = None,
    key: str = "",
) -> list[Notification]:
    """Put a notice in each recipient's inbox and email it after commit.

    With a `key`, a recipient gets the notice of this kind and key at most
    once, even when two runs race (the unique constraint decides). Recipients
    who muted a reminder kind, and inactive accounts, get nothing.
    """
    users = {u.pk: u for u in recipients if u is not None and u.is_active}
    notice_kind = NOTICE_KINDS.get(kind)
    if notice_kind and notice_kind.reminder and users:
        muted = NotificationMute.objects.filter(user__in=users, kind=kind)
        for user_id in muted.values_list("user_id", flat=True):
            users.pop(user_id, None)
    fields = {"title": title[:200], "body": body, "url": url, "item": item}
    sent = []
    for user in users.values():
        if key:
            notice, created = Notification.objects.get_or_create(
                recipient=user, kind=kind, key=key, defaults=fields
            )
        else:
            notice, created = (
                Notification.objects.create(recipient=user, kind=kind, **fields),
                True,
            )
        if created:
            sent.append(notice)
    if sent:
        ids = [n.pk for n in sent]
        transaction.on_commit(lambda: email_notices(ids))
    return sent


def email_notices(ids: list[int]) -> int:
    """Email notices whose recipients have an address; returns how many."""
    notices = list(
        Notification.objects.filter(
            pk__in=ids, emailed_at__isnull=True, recipient__email__gt=""
        ).select_related("recipient")
    )
    messages = [
        EmailMessage(
            subject=f"【四下基层】{n.title}",
            body="\n\n".join(
                filter(None, [n.body, f"请登录四下基层工作管理系统查看：{n.url}"])
            ),
            to=[n.recipient.email],
        )
        for n in notices
    ]
    if not messages:
        return 0
    try:
        sent = get_connection().send_messages(messages) or 0
    except OSError:
        logger.exception("消息邮件发送失败（站内消息已保存）")
        return 0
    Notification.objects.filter(pk__in=[n.pk for n in notices]).update(
        emailed_at=timezone.now()
    )
    return sent
