"""The error an unreadable or oversized ledger file raises, shown to the person
as it is."""


class LedgerFileError(ValueError):
    """The file cannot be read as a ledger (type, encoding, size, layout)."""
