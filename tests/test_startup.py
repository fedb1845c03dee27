"""The CLI starts without the heavy libraries; the packages' lazy exports are the real names."""

import ast
import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gazetteer.exports import lazy_exports

ROOT = Path(__file__).resolve().parent.parent

# What a command that draws, reads or geoparses nothing must not load.
HEAVY = (
    "geopandas",
    "pandas",
    "folium",
    "matplotlib",
    "numpy",
    "shapely",
    "pyproj",
    "geopy",
    "rapidfuzz",
    "geo.extraction",
    "geo.io.dataset",
    "geo.maps.render",
    "geo.store.database",
    "gazetteer.search",
    "gazetteer.geoparse",
)


def _loaded_after(
    code: str, modules: tuple[str, ...] = HEAVY, env: dict[str, str] | None = None
) -> list[str]:
    """The ``modules`` that running ``code`` in a fresh interpreter has imported."""
    probe = (
        f"{code}\nimport json, sys\nprint(json.dumps([m for m in {modules!r} if m in sys.modules]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env=None if env is None else {**os.environ, **env},
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    "code",
    [
        "import geo.cli",
        "import geo, gazetteer",
        "import gazetteer.errors, gazetteer.untrusted",
        "from geo.cli.commands import main\nmain(['--help'])",
        "from geo.cli.commands import main\nmain(['--version'])",
        "from geo.cli.commands import main\nmain(['geocode', '--help'])",
    ],
)
def test_starting_the_cli_loads_no_heavy_library(code):
    assert _loaded_after(code) == []


_REPORT = """Outlet: example.org
Published: 2019-03-04

Drone strike kills four in southern Libya

SABHA, March 3 - A drone strike hit a farm about 40 km southwest of Sabha on Saturday, killing
four people, a local official said. Another strike in the Murzuq district killed two men.
"""


def test_ingesting_and_placing_load_no_dataframe_library(tmp_path, gazetteer_index):
    # the shipped outlines answer through shapely alone (gazetteer.shapes): the ingest, a
    # country or division of a point and a directional region load no pandas or GDAL
    report = tmp_path / "report.txt"
    report.write_text(_REPORT, encoding="utf-8")
    code = (
        "from geo.cli.commands import main\n"
        "try:\n"
        f"    main(['ingest', '--db', {str(tmp_path / 'x.db')!r}, {str(report)!r}])\n"
        "except SystemExit as done:\n"
        "    assert not done.code, done.code\n"
        "from gazetteer.search import country_code_at, division_radius_km, divisions_at\n"
        "from geo.extraction.regions import directional_region\n"
        "assert country_code_at(9.56, 44.065) == 'SO'\n"
        "assert divisions_at([25.9], [13.9]) == ['Murzuq']\n"
        "assert directional_region('LY', 'southwest').name == 'southwest LY'\n"
        "assert division_radius_km('geonames:2214602', 25.9, 13.9) > 100\n"
    )
    modules = ("pandas", "geopandas", "pyogrio", "geo.extraction", "gazetteer.shapes")
    loaded = _loaded_after(code, modules, env={"STRIKEMAP_GAZETTEER": str(gazetteer_index)})
    assert loaded == ["geo.extraction", "gazetteer.shapes"]


def test_a_command_still_loads_what_it_needs():
    assert "geo.io.dataset" in _loaded_after("import geo\ngeo.load_default_dataset")


def _typing_imports(package: str) -> dict[str, str]:
    path = ROOT / package / "__init__.py"
    tree = ast.parse(path.read_text("utf-8"))
    block = next(node for node in tree.body if isinstance(node, ast.If))
    return {
        alias.name: node.module
        for node in block.body
        if isinstance(node, ast.ImportFrom) and node.module
        for alias in node.names
    }


@pytest.mark.parametrize("package", ["geo", "gazetteer"])
def test_every_lazy_export_is_the_object_its_module_defines(package):
    module = importlib.import_module(package)
    where = _typing_imports(package)
    assert set(module.__all__) == set(where)
    for name, source in where.items():
        assert getattr(module, name) is getattr(importlib.import_module(source), name), name
    assert set(module.__all__) <= set(dir(module))


def test_a_submodule_is_reached_through_its_package():
    done = subprocess.run(
        [sys.executable, "-c", "import gazetteer; print(gazetteer.lexicon.MONTH_NAMES[0])"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert done.stdout.strip() == "january"


def test_an_unknown_name_is_an_attribute_error():
    import geo

    with pytest.raises(AttributeError, match=r"module 'geo' has no attribute 'no_such_thing'"):
        geo.no_such_thing  # noqa: B018


def _package(root: Path, name: str, typed_import: str, exported: list[str]) -> Path:
    """A package whose __init__ exports ``exported`` lazily, ``typed_import`` its one import."""
    package = root / name
    package.mkdir()
    (package / "__init__.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "from gazetteer.exports import lazy_exports\n"
        "if TYPE_CHECKING:\n"
        f"    {typed_import}\n"
        f"__all__ = {exported!r}\n"
        "__getattr__, __dir__ = lazy_exports(__name__, __file__, __all__)\n"
    )
    return package


def test_a_stale_all_fails_at_import(tmp_path, monkeypatch):
    _package(tmp_path, "stalepkg", "from json import dumps", ["dumps", "loads"])
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ImportError, match=r"stalepkg.__all__ names \['loads'\], which its"):
        importlib.import_module("stalepkg")
    monkeypatch.delitem(sys.modules, "stalepkg", raising=False)


def test_lazy_exports_import_on_first_use(tmp_path, monkeypatch):
    package = _package(tmp_path, "lazypkg", "from lazypkg.part import answer as reply", ["reply"])
    (package / "part.py").write_text("answer = 42\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    module = importlib.import_module("lazypkg")
    assert "lazypkg.part" not in sys.modules
    assert module.reply == 42
    assert "lazypkg.part" in sys.modules and vars(module)["reply"] == 42
    for name in ("lazypkg", "lazypkg.part"):
        monkeypatch.delitem(sys.modules, name, raising=False)


def test_lazy_exports_is_usable_directly():
    getattr_, dir_ = lazy_exports("gazetteer", str(ROOT / "gazetteer" / "__init__.py"), [])
    assert getattr_("fold")("Darnah") == "darnah"
    assert "fold" in dir_()
