"""Masking of petitioners' personal data (docs/domain.md "Petition rules").

Only the petition office sees it unmasked; everyone else sees these forms.
Free text about a case (its content, reply, reasons, progress notes) shows
with the case's petitioners' names, mobile numbers and ID numbers masked
(`mask_text`), on pages, in exports and in the audit trail, which stores
these fields masked (registered in `apps.py`).
"""

import re
from collections.abc import Iterable

# A mainland mobile number and an 18-character ID number inside free text.
MOBILE_IN_TEXT = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
ID_NUMBER_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")


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


def mask_text(text: str, names: Iterable[str] = ()) -> str:
    """Free text as anyone but the petition office reads it: ID numbers
    (620302********1234), mobile numbers (138****1234) and the given names
    of the case's petitioners (张**) masked wherever they appear."""
    if not text:
        return ""
    text = ID_NUMBER_IN_TEXT.sub(lambda m: mask_id_number(m.group()), text)
    text = MOBILE_IN_TEXT.sub(lambda m: mask_phone(m.group()), text)
    # Longest first, so 张建国 is masked whole before a petitioner named 张建.
    names = {n.strip() for n in names if len(n.strip()) > 1}
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, mask_name(name))
    return text


def mask_content(value: str, names: Iterable[str] = ()) -> str:
    """The first 12 characters of the petition, enough to know its subject,
    with personal data masked before it is cut (a number cut in two would no
    longer be recognised)."""
    if not value:
        return ""
    value = mask_text(value, names)
    return value[:12] + "……（仅信访部门可见全文）" if len(value) > 12 else value


def case_text_mask(case, *, unmasked: bool):
    """How this case's free text shows to a viewer: whole to the petition
    office (`unmasked`), else through `mask_text` with its petitioners'
    names."""
    if unmasked:
        return lambda text: text or ""
    names = [p.name for p in case.petitioners.all()]
    return lambda text: mask_text(text, names)


# What the data-change trail stores masked (security/trail.py): fields whole,
# and free text through `mask_text` with the case's petitioners' names.
TRAIL_MASKED = {
    "petitioner": ["name", "id_number", "phone", "address"],
    "petitioncase": ["content"],
}
TRAIL_TEXT = {
    "petitioncase": ["reply", "not_accepted_reason", "extension_reason"],
    "caseevent": ["note"],
    "backlogcase": ["team", "plan", "resolution"],
    "backlognote": ["text"],
}
