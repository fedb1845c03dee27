"""The README's export and map examples: each command prints what the README says it prints."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from geo.cli import main

README = Path(__file__).resolve().parents[3] / "README.md"
# "$ .venv/bin/strikemap export -o libya.csv ..." and the "wrote ..." line under it
EXAMPLE = re.compile(r"^\$ \.venv/bin/strikemap ((?:export|map) -o \S+.*)\n(wrote .*)$", re.M)


def examples() -> list[tuple[str, str]]:
    found = EXAMPLE.findall(README.read_text("utf-8"))
    return [(command.split("#")[0].strip(), wrote) for command, wrote in found]


def test_the_readme_shows_every_export_format_and_a_static_map():
    suffixes = {Path(shlex.split(c)[2]).suffix for c, _ in examples()}
    assert suffixes >= {".csv", ".geojson", ".gpkg", ".kml", ".png"}
    picture = re.search(r"!\[[^\]]+\]\((docs/[^)]+\.png)\)", README.read_text("utf-8"))
    assert picture is not None and (README.parent / picture.group(1)).is_file()


@pytest.mark.parametrize(("command", "wrote"), examples(), ids=lambda v: v.split()[2])
def test_a_readme_example_prints_what_the_readme_shows(
    command, wrote, tmp_path, monkeypatch, capsys
):
    # the README's commands read the default database: a new one, seeded as on first use
    monkeypatch.setenv("STRIKEMAP_DB", str(tmp_path / "default.sqlite"))
    monkeypatch.chdir(tmp_path)
    assert main(shlex.split(command)) == 0
    assert capsys.readouterr().out.strip() == wrote
