"""What the pillars tell the core about themselves, from `AppConfig.ready()`.

The core imports no pillar app; pillars register their tracked-item kinds
(with the link from an item to its record) and their notice kinds here, the
way `admin.autodiscover` works.
"""

from collections.abc import Callable
from dataclasses import dataclass

# A kind's own rule about its items: item → {TrackedItem field: message}.
ItemCheck = Callable[[object], dict[str, str]]


@dataclass(frozen=True)
class ItemKind:
    label: str
    # The names the kind's pages give the item's two dates, for its messages.
    start_label: str = "交办日期"
    deadline_label: str = "办理时限"
    check: ItemCheck | None = None
    # What a report calls the kind's items, where `label` is an internal name.
    report_label: str = ""


KINDS: dict[str, ItemKind] = {}
ITEM_KINDS: dict[str, str] = {}
# kind → the URL of the pillar record an item belongs to (item → URL or "")
ITEM_RECORDS: dict[str, Callable[[object], str]] = {}
# Kinds closed by their own flow (e.g. a stage by moving its record on, an
# order by its reply), never through the generic 销号 form.
OWN_CLOSE_OUT: set[str] = set()


def register_item_kind(
    code: str,
    label: str,
    *,
    generic_close_out: bool = True,
    start_label: str = "交办日期",
    deadline_label: str = "办理时限",
    check: ItemCheck | None = None,
    record: Callable[[object], str] | None = None,
    report_label: str = "",
) -> None:
    """`check` holds the kind's rules about its items (who may own one…),
    run by `TrackedItem.clean()` wherever an item is validated; `report_label`
    names the items in plain words in a report (the label by default)."""
    KINDS[code] = ItemKind(label, start_label, deadline_label, check, report_label)
    ITEM_KINDS[code] = label
    if record is not None:
        ITEM_RECORDS[code] = record
    if not generic_close_out:
        OWN_CLOSE_OUT.add(code)


def item_kind(code: str) -> ItemKind:
    return KINDS.get(code) or ItemKind(code)


def item_kind_label(code: str) -> str:
    return ITEM_KINDS.get(code, code)


def item_report_label(code: str) -> str:
    """The items' name in a report's text: "信访事项", not a stage's label."""
    kind = KINDS.get(code)
    return (kind.report_label or kind.label) if kind else code


def item_record_url(item) -> str:
    """The page of the pillar record a tracked item belongs to, if any."""
    record = ITEM_RECORDS.get(item.kind)
    return record(item) if record else ""


@dataclass(frozen=True)
class NoticeKind:
    code: str
    label: str
    # A reminder may be muted by its recipient; `schedule` says when it is sent.
    reminder: bool = False
    schedule: str = ""


NOTICE_KINDS: dict[str, NoticeKind] = {}


def register_notice_kind(
    code: str, label: str, *, reminder: bool = False, schedule: str = ""
) -> None:
    NOTICE_KINDS[code] = NoticeKind(code, label, reminder, schedule)


def notice_kind_choices() -> list[tuple[str, str]]:
    return [(kind.code, kind.label) for kind in NOTICE_KINDS.values()]


def reminder_kinds() -> list[NoticeKind]:
    """The notices a user may mute, in the order they were registered."""
    return [kind for kind in NOTICE_KINDS.values() if kind.reminder]
