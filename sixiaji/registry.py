"""What the pillars tell the core about themselves, from `AppConfig.ready()`.

The core imports no pillar app; pillars register their tracked-item kinds here
(and later their ledger kinds), the way `admin.autodiscover` works.
"""

ITEM_KINDS: dict[str, str] = {}


def register_item_kind(code: str, label: str) -> None:
    ITEM_KINDS[code] = label


def item_kind_label(code: str) -> str:
    return ITEM_KINDS.get(code, code)
