"""The home page's panel of the ledgers an office keeps (registered in
apps.py): those the user imports into, and the user's latest exports."""

from ledgers.models import LedgerExport
from ledgers.registry import LEDGERS, may_import

RECENT = 3


def ledgers_to_keep(request) -> dict | None:
    ledgers = [
        ledger for ledger in LEDGERS.values() if may_import(request.user, ledger)
    ]
    if not ledgers:
        return None
    exports = list(LedgerExport.objects.filter(requested_by=request.user)[:RECENT])
    return {"ledgers": ledgers, "exports": exports}
