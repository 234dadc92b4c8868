"""What the pillars tell the core about themselves, from `AppConfig.ready()`.

The core imports no pillar app; pillars register their tracked-item kinds here
(and later their ledger kinds), the way `admin.autodiscover` works.
"""

ITEM_KINDS: dict[str, str] = {}
# Kinds closed by their own flow (a petition stage by moving the case on, a
# supervision order by its reply), never through the generic 销号 form.
OWN_CLOSE_OUT: set[str] = set()


def register_item_kind(
    code: str, label: str, *, generic_close_out: bool = True
) -> None:
    ITEM_KINDS[code] = label
    if not generic_close_out:
        OWN_CLOSE_OUT.add(code)


def item_kind_label(code: str) -> str:
    return ITEM_KINDS.get(code, code)
