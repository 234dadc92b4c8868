"""Masking of petitioners' personal data (docs/domain.md "Petition rules").

Only the petition office sees it unmasked; everyone else sees these forms.
The audit trail stores these fields masked (registered in `apps.py`).
"""


def mask_id_number(value: str) -> str:
    """620302********1234: first 6 and last 4 characters."""
    if not value:
        return ""
    if len(value) <= 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value: str) -> str:
    """138****1234: first 3 and last 4 digits."""
    if not value:
        return ""
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_name(value: str) -> str:
    """张**: the surname only."""
    if not value:
        return ""
    return value[0] + "*" * max(2, len(value) - 1)


def mask_address(value: str) -> str:
    """The first 6 characters (county and township), the rest hidden."""
    if not value:
        return ""
    return value[:6] + "****" if len(value) > 6 else "****"


def mask_content(value: str) -> str:
    """The first 12 characters of the petition, enough to know its subject."""
    if not value:
        return ""
    return value[:12] + "……（仅信访部门可见全文）" if len(value) > 12 else value


# What the data-change trail stores masked (security/trail.py).
TRAIL_MASKED = {
    "petitioner": ["name", "id_number", "phone", "address"],
    "petitioncase": ["content"],
}
