"""Packaging: one version source, every package listed. The wheel end to end: test_wheel.py."""

from __future__ import annotations

import importlib.metadata
import re
import tomllib
from pathlib import Path

import geo

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))


def test_one_version_source():
    version = PYPROJECT["project"]["version"]
    assert importlib.metadata.version("strikemap") == version
    assert geo.__version__ == version
    written = re.compile(r"""__version__\s*=\s*['"]""")  # a version typed by hand
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("geo", "gazetteer")
        for path in (ROOT / folder).rglob("*.py")
        if written.search(path.read_text("utf-8"))
    ]
    assert offenders == []


def test_every_package_is_in_the_wheel():
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    on_disk = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for folder in ("geo", "gazetteer")
        for init in (ROOT / folder).rglob("__init__.py")
    }
    assert listed == on_disk | {"strikemap_data"}
    assert PYPROJECT["tool"]["setuptools"]["package-dir"] == {"strikemap_data": "data"}
