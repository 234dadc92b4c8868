"""Optimistic locking of the main edit forms (a pillar record with a
`version` field): the form carries the record's `version`; saving claims it
with one conditional UPDATE, so of two edits made from the same version the
second is refused with a clear message instead of overwriting the first."""

from django.db.models import F
from django.utils import timezone

CONFLICT = (
    "该记录在您打开后已被他人修改，为避免覆盖他人的修改，本次未保存。"
    "请刷新页面，查看最新内容后重新修改。"
)


def claim_version(instance, submitted: str | None) -> bool:
    """Bump the row's version if it still has the one the form was made from.

    Runs inside the request's transaction: a concurrent claim of the same
    version waits on the row and then finds it changed. A form that carries
    no version (an older page) is not checked but still bumps it.
    """
    rows = type(instance)._default_manager.filter(pk=instance.pk)
    if submitted not in (None, ""):
        try:
            rows = rows.filter(version=int(submitted))
        except (TypeError, ValueError):
            return False
    if not rows.update(version=F("version") + 1):
        return False
    instance.version = (
        type(instance)
        ._default_manager.values_list("version", flat=True)
        .get(pk=instance.pk)
    )
    return True


def conflict_message() -> str:
    return f"{CONFLICT}（{timezone.localtime():%H:%M}）"
