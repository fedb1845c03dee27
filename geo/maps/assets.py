"""Leaflet and plugin files for maps: CDN links online, inlined data URIs offline.

The files come from the npm registry at set-up time: ``make assets`` installs the versions
pinned in ``frontend/package.json`` and stages the files a map needs, with their licences,
into ``data/frontend/`` (not committed), which ships in the wheel as package data. They are
never downloaded at run time. An offline map carries every script, stylesheet and image as a
``data:`` URI, so the page makes no network request at all.

The folder is ``$STRIKEMAP_ASSETS_DIR`` when that is set; otherwise the shipped
``data/frontend`` (found by :func:`gazetteer.resources.data_path`), then the user cache
folder (``platformdirs``). Each holds one folder per npm package, as ``node_modules`` does.
"""

from __future__ import annotations

import base64
import functools
import json
import mimetypes
import os
import re
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from gazetteer.errors import AssetsMissingError
from gazetteer.resources import data_path

__all__ = [
    "LEAFLET",
    "MARKERCLUSTER",
    "Asset",
    "asset_links",
    "assets_dir",
    "css_references",
    "package_version",
]

CDN = "https://cdn.jsdelivr.net/npm"
FETCH_HINT = (
    "run `make assets` in a strikemap checkout (it needs npm and the npm registry), "
    "or install a strikemap wheel built after it"
)


@dataclass(frozen=True, slots=True)
class Asset:
    """One file of an npm package that a map needs."""

    key: str
    package: str
    version: str
    path: str

    @property
    def is_css(self) -> bool:
        """Whether this is a stylesheet (otherwise a script)."""
        return self.path.endswith(".css")

    @property
    def cdn_url(self) -> str:
        """Where the same file is served online."""
        return f"{CDN}/{self.package}@{self.version}/{self.path}"


# jQuery is there because folium's popups are built with it.
LEAFLET = (
    Asset("leaflet", "leaflet", "1.9.4", "dist/leaflet.js"),
    Asset("jquery", "jquery", "3.7.1", "dist/jquery.min.js"),
    Asset("leaflet_css", "leaflet", "1.9.4", "dist/leaflet.css"),
)
MARKERCLUSTER = (
    Asset("markercluster", "leaflet.markercluster", "1.5.3", "dist/leaflet.markercluster.js"),
    Asset("markercluster_css", "leaflet.markercluster", "1.5.3", "dist/MarkerCluster.css"),
    Asset(
        "markercluster_default_css",
        "leaflet.markercluster",
        "1.5.3",
        "dist/MarkerCluster.Default.css",
    ),
)


def assets_dir() -> Path:
    """The folder holding the front-end packages, one folder each as in ``node_modules``.

    Raises
    ------
    AssetsMissingError
        If no candidate folder holds Leaflet.
    """
    if env := os.environ.get("STRIKEMAP_ASSETS_DIR"):
        candidates = [Path(env)]
    else:
        candidates = [
            data_path("frontend"),
            Path(platformdirs.user_cache_dir("strikemap")) / "frontend" / "node_modules",
        ]
    for folder in candidates:
        if (folder / "leaflet" / "package.json").is_file():
            return folder
    searched = ", ".join(str(c) for c in candidates)
    raise AssetsMissingError(f"offline map assets (Leaflet) not found in {searched}; {FETCH_HINT}")


def asset_links(
    assets: tuple[Asset, ...], *, offline: bool
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """``(default_js, default_css)`` lists in folium's ``(name, url)`` form.

    Online the URLs point at a public CDN; offline they are ``data:`` URIs of the local files,
    with every ``url(...)`` inside a stylesheet inlined too.
    """
    js: list[tuple[str, str]] = []
    css: list[tuple[str, str]] = []
    for asset in assets:
        url = _data_uri(asset) if offline else asset.cdn_url
        (css if asset.is_css else js).append((asset.key, url))
    return js, css


def package_version(folder: Path) -> str | None:
    """The version in an npm package folder's ``package.json``; None if it cannot be read."""
    try:
        return json.loads((folder / "package.json").read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError):
        return None


def _asset_file(asset: Asset) -> Path:
    package_dir = assets_dir() / asset.package
    found = package_version(package_dir)
    if found != asset.version:
        raise AssetsMissingError(
            f"offline map assets: {asset.package} {asset.version} is needed, "
            f"found {found!r} in {package_dir}; {FETCH_HINT}"
        )
    path = package_dir / asset.path
    if not path.is_file():
        raise AssetsMissingError(f"offline map assets: {path} is missing; {FETCH_HINT}")
    return path


def _data_uri(asset: Asset) -> str:
    path = _asset_file(asset)
    return _encode(asset, path, path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=16)
def _encode(asset: Asset, path: Path, mtime_ns: int) -> str:  # mtime_ns keys the cache
    if asset.is_css:
        text = _inline_css_urls(path.read_text(encoding="utf-8"), path.parent)
        payload, mime = text.encode("utf-8"), "text/css"
    else:
        payload, mime = path.read_bytes(), "text/javascript"
    return f"data:{mime};charset=utf-8;base64,{base64.b64encode(payload).decode('ascii')}"


_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")


def css_references(css: str) -> list[str]:
    """The local files a stylesheet's ``url(...)`` references name, relative to it.

    Data URIs, fragments and remote URLs are left out; query strings and fragments are cut.

    Examples
    --------
    >>> css_references('a{background:url(images/x.png?v=2)} b{behavior:url(#default#VML)}')
    ['images/x.png']
    """
    return [
        target.split("?")[0].split("#")[0]
        for match in _CSS_URL.finditer(css)
        if not (target := match.group(2)).startswith(("data:", "#")) and "//" not in target
    ]


def _inline_css_urls(css: str, base: Path) -> str:
    """Replace relative ``url(...)`` references in a stylesheet by data URIs."""

    def replace(match: re.Match[str]) -> str:
        target = match.group(2)
        if target.startswith(("data:", "#")):
            return match.group(0)
        if "//" in target:
            raise AssetsMissingError(f"stylesheet in {base} refers to a remote file {target!r}")
        path = (base / target.split("?")[0].split("#")[0]).resolve()
        if not path.is_file():
            raise AssetsMissingError(f"stylesheet in {base} refers to missing file {target!r}")
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        return f'url("data:{mime};base64,{data}")'

    return _CSS_URL.sub(replace, css)
