"""Stage the front-end files that offline maps inline into ``data/frontend/``.

``make assets`` installs the npm packages pinned in ``frontend/package.json`` into
``.cache/frontend/node_modules`` and then runs::

    python -m tools.stage_assets .cache/frontend/node_modules data/frontend

which copies, for each package in :data:`geo.maps.assets.LEAFLET` and
:data:`geo.maps.assets.MARKERCLUSTER`, only what a map needs: the listed files, the files
their stylesheets reference, the package's ``package.json`` (its version is checked at run
time) and its licence file. ``data/frontend/`` is not committed; it ships in the wheel as
package data, so an installed strikemap needs neither npm nor the network.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from gazetteer.errors import AssetsMissingError
from geo.maps.assets import LEAFLET, MARKERCLUSTER, Asset, css_references, package_version

__all__ = ["files_to_stage", "stage_assets"]


def files_to_stage(node_modules: Path, assets: tuple[Asset, ...]) -> list[Path]:
    """The files to copy, relative to ``node_modules``, sorted.

    Raises
    ------
    AssetsMissingError
        If a package is missing or at another version, or lacks a file or a licence.
    """
    wanted: set[Path] = set()
    for asset in assets:
        package = node_modules / asset.package
        found = package_version(package)
        if found != asset.version:
            raise AssetsMissingError(
                f"npm package {asset.package} {asset.version} is needed, found {found!r} in "
                f"{str(package)!r}; run `make assets`"
            )
        licences = sorted(p for p in package.iterdir() if "LICEN" in p.name.upper())
        if not licences:
            raise AssetsMissingError(f"npm package {str(package)!r} has no licence file")
        wanted.update([package / "package.json", *licences, package / asset.path])
        if asset.is_css:
            css = (package / asset.path).read_text(encoding="utf-8")
            base = (package / asset.path).parent
            wanted.update((base / target).resolve() for target in css_references(css))
    root = node_modules.resolve()
    relative = []
    for path in wanted:
        path = path.resolve()
        if not path.is_file():
            raise AssetsMissingError(f"front-end file {str(path)!r} is missing; run `make assets`")
        if not path.is_relative_to(root):
            raise AssetsMissingError(f"front-end file {str(path)!r} is outside {str(root)!r}")
        relative.append(path.relative_to(root))
    return sorted(relative)


def stage_assets(
    node_modules: str | Path, out: str | Path, assets: tuple[Asset, ...] = LEAFLET + MARKERCLUSTER
) -> list[Path]:
    """Copy the files offline maps need into ``out``; return them (relative to it).

    Each package's folder in ``out`` is replaced as a whole, so no stale file survives an
    upgrade; nothing else in ``out`` is touched.
    """
    source, target = Path(node_modules), Path(out)
    files = files_to_stage(source, assets)
    for package in sorted({asset.package for asset in assets}):
        shutil.rmtree(target / package, ignore_errors=True)
    for name in files:
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / name, target / name)
    return files


def main() -> None:  # pragma: no cover - maintenance entry point
    """Command line: ``python -m tools.stage_assets NODE_MODULES OUT``."""
    parser = argparse.ArgumentParser(prog="python -m tools.stage_assets", description=__doc__)
    parser.add_argument("node_modules", type=Path, help="npm's node_modules folder")
    parser.add_argument("out", type=Path, help="the folder to (re)create, e.g. data/frontend")
    args = parser.parse_args()
    files = stage_assets(args.node_modules, args.out)
    size = sum((args.out / name).stat().st_size for name in files)
    print(f"staged {len(files)} files ({size / 1000:.0f} kB) in {args.out}")


if __name__ == "__main__":  # pragma: no cover
    main()
