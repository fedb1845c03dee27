"""Where offline maps find Leaflet: the shipped data/frontend, or the folders named."""

from __future__ import annotations

from pathlib import Path

import platformdirs
import pytest

import geo.maps.assets
from gazetteer.errors import AssetsMissingError
from gazetteer.resources import data_path
from geo.maps.assets import FETCH_HINT, assets_dir, css_references


def test_assets_are_found_in_the_shipped_data(monkeypatch):
    monkeypatch.delenv("STRIKEMAP_ASSETS_DIR", raising=False)
    assert assets_dir() == data_path("frontend")


def test_missing_shipped_assets_name_every_folder_searched(tmp_path, monkeypatch):
    monkeypatch.delenv("STRIKEMAP_ASSETS_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(
        geo.maps.assets, "data_path", lambda *parts: tmp_path.joinpath("data", *parts)
    )
    with pytest.raises(AssetsMissingError) as info:
        assets_dir()
    cache = Path(platformdirs.user_cache_dir("strikemap")) / "frontend" / "node_modules"
    assert cache.is_relative_to(tmp_path)
    assert str(info.value) == (
        f"offline map assets (Leaflet) not found in {tmp_path / 'data' / 'frontend'}, {cache}; "
        "run `make assets` in a strikemap checkout (it needs npm and the npm registry), "
        "or install a strikemap wheel built after it"
    )
    assert FETCH_HINT in str(info.value)


def test_css_references_are_the_local_files():
    css = (
        ".a{background:url(images/a.png)} .b{background:url( 'img/b.png?v=2#x' )} "
        '.c{behavior:url(#default#VML)} .d{background:url("data:image/png;base64,AA==")} '
        ".e{background:url(https://example.org/e.png)} .f{background:url(//cdn.example/f.png)}"
    )
    assert css_references(css) == ["images/a.png", "img/b.png"]
