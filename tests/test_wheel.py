"""The wheel works on its own: built, installed in a fresh virtualenv, run outside the checkout.

The wheel is built from a copy of this checkout (so no ``build/`` folder is left here, and no
stale one is reused), installed with its dependencies (from PyPI, through pip's cache) into a
new virtualenv in a temporary folder, and run there with the working directory, ``HOME`` and
the XDG folders all in that temporary folder: strikemap must find its data, Leaflet and its
version through the installed package alone. The gazetteer index is built from the shipped
sources, as on a user's first ``geocode``.

About 40-50 s on the 2-core machine with pip's cache warm (``pytest -m wheel --durations=0``:
~15 s to build and install, ~25 s for the first ``geocode``, which builds the index); the
first run on a machine also downloads the dependencies. Deselect with ``-m "not wheel"``.
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from geo.maps.render import find_remote_references  # the checkout's checker, run on the page
from tests.payloads import strike_rows

pytestmark = pytest.mark.wheel

ROOT = Path(__file__).resolve().parent.parent
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]
DEFAULT = json.loads((ROOT / "data" / "default" / "libya_2019.json").read_text("utf-8"))
_NOT_COPIED = shutil.ignore_patterns(
    "__pycache__", "*.egg-info", "node_modules", ".git", ".*_cache", ".hypothesis"
)
_NOT_COPIED_AT_TOP = {".venv", ".cache", "build", "dist", "test-artifacts"}


def _not_copied(folder: str, names: list[str]) -> set[str]:
    """What ``copytree`` leaves out: caches anywhere, build and tool folders at the top."""
    top = _NOT_COPIED_AT_TOP if Path(folder) == ROOT else set()
    return set(_NOT_COPIED(folder, names)) | (top & set(names))


REPORT = """\
Outlet: Strikemap Test Wire
Published: 2019-10-03
Title: Two strikes in eastern and southern Libya

BENGHAZI, Libya - An air strike on a farm outside Derna killed four fighters on Tuesday, a \
local official said.

In a separate raid on Wednesday, a drone strike on a house in Sabha killed two people, \
residents said.
"""


def _run(args: list[str], **kwargs) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(args, capture_output=True, text=True, check=False, **kwargs)
    assert result.returncode == 0, f"{args} failed:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """``(wheel, venv, env, cwd)``: the wheel, installed alone in a fresh virtualenv."""
    staged = ROOT / "data" / "frontend" / "leaflet" / "package.json"
    assert staged.is_file(), "the Leaflet files are not staged in data/frontend: `make assets`"
    top = tmp_path_factory.mktemp("wheel")
    assert not top.resolve().is_relative_to(ROOT)
    source, dist, venv = top / "source", top / "dist", top / "venv"
    shutil.copytree(ROOT, source, ignore=_not_copied)
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("STRIKEMAP_", "PYTHON", "PIP_TARGET", "PIP_PREFIX"))
        and k != "VIRTUAL_ENV"
    }
    _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(source)],
        env=clean,
    )
    (wheel,) = dist.glob("strikemap-*.whl")
    # This pip installs into the new environment (--python): no pip bootstrap there, and no
    # byte-compiling of ~900 MB of dependencies (together about 25 s less).
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], env=clean)
    _run(
        [sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python")]
        + ["install", "-q", "--no-compile", str(wheel)],
        env=clean,
    )
    home = top / "home"
    cwd = top / "work"
    cwd.mkdir()
    env = {
        **clean,
        "HOME": str(home),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_STATE_HOME": str(home / "state"),
    }
    yield wheel, venv, env, cwd
    shutil.rmtree(venv, ignore_errors=True)  # about 900 MB: not kept among pytest's tmp dirs


def test_wheel_ships_every_data_file_and_the_leaflet_licences(installed):
    wheel, *_ = installed
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    data = ROOT / "data"
    expected = {
        "strikemap_data/" + path.relative_to(data).as_posix()
        for path in data.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and not path.name.startswith(".")
    }
    assert {n for n in names if n.startswith("strikemap_data/")} == expected
    for licence in (
        "leaflet/LICENSE",
        "jquery/LICENSE.txt",
        "leaflet.markercluster/MIT-LICENCE.txt",
    ):
        assert f"strikemap_data/frontend/{licence}" in names
    assert {n.split("/")[0] for n in names} == {
        "geo",
        "gazetteer",
        "strikemap_data",
        f"strikemap-{VERSION}.dist-info",
    }


def test_the_package_comes_from_the_wheel_and_knows_its_version(installed):
    _, venv, env, cwd = installed
    probe = (
        "import json, importlib.metadata, geo, gazetteer, strikemap_data\n"
        "from gazetteer.resources import data_path\n"
        "print(json.dumps({'geo': geo.__file__, 'gazetteer': gazetteer.__file__,"
        " 'data': str(data_path()), 'version': geo.__version__,"
        " 'metadata': importlib.metadata.version('strikemap')}))"
    )
    found = json.loads(_run([str(venv / "bin" / "python"), "-c", probe], env=env, cwd=cwd).stdout)
    for key in ("geo", "gazetteer", "data"):
        assert Path(found[key]).resolve().is_relative_to(venv.resolve()), found
    assert found["version"] == found["metadata"] == VERSION
    shown = _run([str(venv / "bin" / "strikemap"), "--version"], env=env, cwd=cwd).stdout
    assert shown == f"strikemap {VERSION}\n"


def test_offline_map_inlines_leaflet_and_shows_the_founding_strikes(installed):
    _, venv, env, cwd = installed
    result = _run(
        [str(venv / "bin" / "strikemap"), "map", "--offline", "-o", "out.html"], env=env, cwd=cwd
    )
    assert result.stdout == "wrote out.html (5 strikes, 6 sites, offline)\n"
    page = (cwd / "out.html").read_text("utf-8")
    scripts = [
        base64.b64decode(uri)
        for uri in re.findall(r"data:text/javascript;charset=utf-8;base64,([A-Za-z0-9+/=]+)", page)
    ]
    assert scripts[0].startswith(b"/* @preserve\n * Leaflet 1.9.4,")
    assert scripts[1].startswith(b"/*! jQuery v3.7.1 |")
    assert find_remote_references(page) == []
    drawn = sorted(row["id"] for row in strike_rows(page))  # the strikes' data in the page
    assert drawn == sorted(incident["id"] for incident in DEFAULT["incidents"])
    assert len(drawn) == 5


def test_geocode_builds_the_gazetteer_from_the_shipped_sources(installed):
    _, venv, env, cwd = installed
    result = _run(
        [str(venv / "bin" / "strikemap"), "geocode", "Derna", "--json", "--limit", "1"],
        env=env,
        cwd=cwd,
    )
    (best,) = json.loads(result.stdout)
    assert (best["name"], best["country_code"], best["id"]) == ("Darnah", "LY", "geonames:87205")
    assert best["lat"] == pytest.approx(32.767, abs=0.01)
    assert best["lon"] == pytest.approx(22.637, abs=0.01)
    (index,) = (Path(env["XDG_CACHE_HOME"]) / "strikemap").glob("gazetteer-v*.sqlite")
    assert index.stat().st_size > 50_000_000
    assert "building the gazetteer index at " in result.stderr


def test_ingest_stores_the_incidents_of_a_report(installed):
    _, venv, env, cwd = installed
    (cwd / "report.txt").write_text(REPORT, encoding="utf-8")
    strikemap = str(venv / "bin" / "strikemap")
    result = _run(
        [strikemap, "ingest", "report.txt", "--db", "db.sqlite", "--json"], env=env, cwd=cwd
    )
    summary = json.loads(result.stdout)["summary"]
    assert (summary["added"], summary["failed"], summary["incidents_new"]) == (1, 0, 2)
    listed = _run([strikemap, "incidents", "--db", "db.sqlite", "--json"], env=env, cwd=cwd)
    incidents = json.loads(listed.stdout)["incidents"]
    assert [(i["id"], i["place"]["name"], i["fatalities"]) for i in incidents] == [
        ("ly-2019-10-01-darnah", "Darnah", {"low": 4, "best": 4, "high": 4}),
        ("ly-2019-10-02-sabha", "Sabha", {"low": 2, "best": 2, "high": 2}),
    ]
