"""What the pillars tell the core about themselves, from `AppConfig.ready()`.

The core imports no pillar app; pillars register their tracked-item kinds here
(and later their ledger kinds), the way `admin.autodiscover` works.
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


KINDS: dict[str, ItemKind] = {}
ITEM_KINDS: dict[str, str] = {}
# Kinds closed by their own flow (a petition stage by moving the case on, a
# supervision order by its reply), never through the generic 销号 form.
OWN_CLOSE_OUT: set[str] = set()


def register_item_kind(
    code: str,
    label: str,
    *,
    generic_close_out: bool = True,
    start_label: str = "交办日期",
    deadline_label: str = "办理时限",
    check: ItemCheck | None = None,
) -> None:
    """`check` holds the kind's rules about its items (who may own one…),
    run by `TrackedItem.clean()` wherever an item is validated."""
    KINDS[code] = ItemKind(label, start_label, deadline_label, check)
    ITEM_KINDS[code] = label
    if not generic_close_out:
        OWN_CLOSE_OUT.add(code)


def item_kind(code: str) -> ItemKind:
    return KINDS.get(code) or ItemKind(code)


def item_kind_label(code: str) -> str:
    return ITEM_KINDS.get(code, code)
