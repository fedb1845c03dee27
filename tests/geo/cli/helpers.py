"""What the command-line tests share."""

from __future__ import annotations

from typing import Any

from geo.cli import main


def fails_with(argv: list[str], message: str, capsys: Any) -> None:
    """``strikemap ARGV`` exits 1 with ``strikemap: error: MESSAGE`` alone on stderr, no output."""
    assert main(argv) == 1
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", f"strikemap: error: {message}\n")
