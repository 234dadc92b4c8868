"""Which way imports run, checked by import-linter (contracts in pyproject.toml).

The core (ui, org, tracking, security, ledgers, demo) names no pillar; pillars
are independent of one another and of reports and supervision; reports read
pillars only through their selectors.
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


def test_the_dependency_contracts_are_kept():
    result = lint_imports()
    assert result.returncode == 0, result.stdout + result.stderr
    assert " 0 broken" in result.stdout


def test_a_broken_contract_fails_the_check(tmp_path):
    """The check can fail: a contract today's code breaks (tracking reads the
    org tree) is reported as broken."""
    config = tmp_path / "contracts.toml"
    config.write_text(
        """
[tool.importlinter]
root_packages = ["org", "tracking"]

[[tool.importlinter.contracts]]
name = "probe"
type = "forbidden"
source_modules = ["tracking"]
forbidden_modules = ["org"]
"""
    )
    result = lint_imports("--config", str(config))
    assert result.returncode != 0
    assert "probe BROKEN" in result.stdout
