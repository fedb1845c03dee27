"""gazetteer.resources: every shipped file is found through importlib.resources."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

import gazetteer.resources
from gazetteer.errors import DataError
from gazetteer.resources import data_path

ROOT = Path(__file__).resolve().parents[2]


def test_data_path_finds_the_shipped_files():
    assert data_path() == ROOT / "data"  # the editable install maps strikemap_data to data/
    assert data_path("default", "libya_2019.json").is_file()
    assert data_path("basemap", "countries.geojson").is_file()
    assert data_path("gazetteer", "populated_places.tsv").is_file()
    assert (
        data_path("gazetteer", "no-such-file.tsv")
        == ROOT / "data" / "gazetteer" / "no-such-file.tsv"
    )


def test_data_path_when_the_data_package_is_not_installed(monkeypatch):
    monkeypatch.setattr(gazetteer.resources, "DATA_PACKAGE", "strikemap_data_absent")
    with pytest.raises(DataError) as info:
        data_path("default")
    assert str(info.value) == (
        "strikemap's data package 'strikemap_data_absent' is not installed; install strikemap "
        "(`make install`, or `pip install` a strikemap wheel)"
    )


def test_data_path_refuses_a_zipped_data_package(tmp_path, monkeypatch):
    archive = tmp_path / "strikemap.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("strikemap_data/__init__.py", "")
    zipped = zipfile.Path(archive, "strikemap_data/")
    monkeypatch.setattr(gazetteer.resources.importlib.resources, "files", lambda _: zipped)
    with pytest.raises(DataError) as info:
        data_path("default")
    assert str(info.value) == (
        f"strikemap's data package 'strikemap_data' is at {str(zipped)!r}, not a folder; "
        "install strikemap from its wheel or source (not as a zip archive)"
    )


def test_runtime_modules_do_not_find_data_next_to_their_source():
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("geo", "gazetteer")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if re.search(r"Path\(__file__\)", path.read_text("utf-8"))
    ]
    assert offenders == []
