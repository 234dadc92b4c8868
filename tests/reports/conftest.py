import pytest

from reports import board


@pytest.fixture
def computed(monkeypatch):
    """The units whose dashboard blocks are computed, call by call (the real
    computation, recorded)."""
    calls: list[list[int]] = []
    real = board.unit_blocks

    def recording(user, unit_ids, window, today):
        calls.append(sorted(unit_ids))
        return real(user, unit_ids, window, today)

    monkeypatch.setattr(board, "unit_blocks", recording)
    return calls
