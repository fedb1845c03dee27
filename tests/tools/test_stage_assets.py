"""tools/stage_assets.py: what `make assets` copies into data/frontend (and the wheel ships)."""

from __future__ import annotations

import json

import pytest

from gazetteer.errors import AssetsMissingError
from gazetteer.resources import data_path
from geo.maps.assets import LEAFLET, MARKERCLUSTER, Asset
from tools.stage_assets import files_to_stage, stage_assets

CSS_ASSET = Asset("widget_css", "widget", "2.0.0", "dist/widget.css")
JS_ASSET = Asset("widget", "widget", "2.0.0", "dist/widget.js")


@pytest.fixture
def node_modules(tmp_path):
    """A fake npm install: one package with a script, a stylesheet, images and extras."""
    package = tmp_path / "node_modules" / "widget"
    (package / "dist" / "img").mkdir(parents=True)
    (package / "package.json").write_text(json.dumps({"name": "widget", "version": "2.0.0"}))
    (package / "LICENSE.md").write_text("licence text")
    (package / "README.md").write_text("not shipped")
    (package / "dist" / "widget.js").write_text("js")
    (package / "dist" / "widget.src.js").write_text("not shipped")
    (package / "dist" / "widget.css").write_text(
        ".a{background:url(img/a.png)} .b{background:url('img/b.png?v=1')} "
        ".c{behavior:url(#default#VML)} .d{background:url(data:image/png;base64,AA==)}"
    )
    (package / "dist" / "img" / "a.png").write_bytes(b"a")
    (package / "dist" / "img" / "b.png").write_bytes(b"b")
    (package / "dist" / "img" / "unused.png").write_bytes(b"u")
    return tmp_path / "node_modules"


def test_stage_copies_only_what_maps_need(node_modules, tmp_path):
    out = tmp_path / "frontend"
    (out / "widget").mkdir(parents=True)
    (out / "widget" / "stale.js").write_text("from an older version")
    (out / "other.txt").write_text("kept")
    files = stage_assets(node_modules, out, (JS_ASSET, CSS_ASSET))
    expected = [
        "widget/LICENSE.md",
        "widget/dist/img/a.png",
        "widget/dist/img/b.png",
        "widget/dist/widget.css",
        "widget/dist/widget.js",
        "widget/package.json",
    ]
    assert [f.as_posix() for f in files] == expected
    on_disk = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert on_disk == sorted([*expected, "other.txt"])
    assert (out / "widget" / "dist" / "img" / "b.png").read_bytes() == b"b"


def test_stage_refuses_another_version(node_modules, tmp_path):
    (node_modules / "widget" / "package.json").write_text('{"version": "1.0.0"}')
    with pytest.raises(AssetsMissingError) as info:
        stage_assets(node_modules, tmp_path / "frontend", (JS_ASSET,))
    assert str(info.value) == (
        f"npm package widget 2.0.0 is needed, found '1.0.0' in "
        f"{str(node_modules / 'widget')!r}; run `make assets`"
    )
    assert not (tmp_path / "frontend").exists()


def test_stage_refuses_a_package_without_a_licence(node_modules, tmp_path):
    (node_modules / "widget" / "LICENSE.md").unlink()
    with pytest.raises(AssetsMissingError, match=r"^npm package '.*widget' has no licence file$"):
        stage_assets(node_modules, tmp_path / "frontend", (JS_ASSET,))


def test_stage_refuses_a_missing_image(node_modules, tmp_path):
    (node_modules / "widget" / "dist" / "img" / "b.png").unlink()
    missing = (node_modules / "widget" / "dist" / "img" / "b.png").resolve()
    with pytest.raises(AssetsMissingError) as info:
        files_to_stage(node_modules, (CSS_ASSET,))
    assert str(info.value) == f"front-end file {str(missing)!r} is missing; run `make assets`"


def test_staged_assets_are_what_the_code_pins():
    staged = data_path("frontend")
    expected = sorted(f.as_posix() for f in files_to_stage(staged, LEAFLET + MARKERCLUSTER))
    on_disk = sorted(
        p.relative_to(staged).as_posix()
        for p in staged.rglob("*")
        if p.is_file() and not p.name.startswith(".")
    )
    assert on_disk == expected
    assert "leaflet/LICENSE" in expected
