"""Signals of the ledger engine.

`saved_in_bulk` is sent after an import has written records in bulk
(`bulk_create` / `bulk_update` send no model signals): sender is the model,
`records` the records written, `created` whether they are new. Whatever
keeps figures derived from those tables (the dashboards' cache) listens."""

from django.dispatch import Signal

saved_in_bulk = Signal()
