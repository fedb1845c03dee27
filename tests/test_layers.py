"""The import contract in pyproject.toml ([tool.importlinter]) holds: layers import one way."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def test_import_contract_is_kept():
    result = subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 3 kept, 0 broken." in result.stdout
    for contract in (
        "app_pages > geo > gazetteer KEPT",
        "geo.cli > the rest of geo KEPT",
        "geo and gazetteer never import streamlit, the app or tools/ KEPT",
    ):
        assert contract in result.stdout
