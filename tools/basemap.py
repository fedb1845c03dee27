"""Make the offline basemap, ``data/basemap/countries.geojson`` (maintainer tooling).

``derive_basemap`` writes it from Natural Earth's 1:50m admin-0 countries (public domain):
simplified, coordinates rounded to 0.001°, properties cut to the name and ISO code.
:mod:`gazetteer.basemap` reads the result at run time.

Run from the repository root::

    python -m tools.basemap ../shared/data/natural_earth/ne_50m_admin_0_countries.geojson
"""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import shapely

from gazetteer.basemap import BASEMAP_PATH
from gazetteer.errors import DataError

__all__ = ["derive_basemap"]

# Natural Earth leaves ISO_A2 as -99 for a few countries whose code is not in dispute.
_ISO_FIXES = {"France": "FR", "Norway": "NO"}


def derive_basemap(
    source: str | Path, out: str | Path = BASEMAP_PATH, *, tolerance_deg: float = 0.02
) -> int:
    """Write the simplified country outlines; return the number of countries written.

    Parameters
    ----------
    source
        Natural Earth admin-0 countries as GeoJSON (e.g. ``ne_50m_admin_0_countries.geojson``).
    out
        Where to write the GeoJSON.
    tolerance_deg
        Douglas-Peucker tolerance in degrees (0.02° is about 2 km).
    """
    try:
        countries = gpd.read_file(source)
    except Exception as exc:  # pyogrio raises several types for unreadable input
        raise DataError(
            f"cannot read Natural Earth countries from {str(source)!r}: {exc}"
        ) from None
    missing = {"NAME", "ISO_A2"} - set(countries.columns)
    if missing:
        raise DataError(f"{str(source)!r} lacks the Natural Earth columns {sorted(missing)}")
    codes = [
        _ISO_FIXES.get(name, code if isinstance(code, str) and len(code) == 2 else None)
        for name, code in zip(countries["NAME"], countries["ISO_A2"], strict=True)
    ]
    geoms = shapely.set_precision(
        countries.geometry.simplify(tolerance_deg, preserve_topology=True).values, 0.001
    )
    features = [
        {
            "type": "Feature",
            "properties": {"name": name, "iso_a2": code},
            "geometry": shapely.geometry.mapping(geom),
        }
        for name, code, geom in zip(countries["NAME"], codes, geoms, strict=True)
        if geom is not None and not geom.is_empty
    ]
    collection = {
        "type": "FeatureCollection",
        "attribution": (
            "Made with Natural Earth (public domain), 1:50m admin-0 countries, simplified"
        ),
        "features": features,
    }
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps(collection, separators=(",", ":"), ensure_ascii=False) + "\n", "utf-8"
    )
    return len(features)


if __name__ == "__main__":  # pragma: no cover - maintenance entry point
    import sys

    if len(sys.argv) not in (2, 3):
        sys.exit("usage: python -m tools.basemap NE_ADMIN0_COUNTRIES.geojson [OUT.geojson]")
    count = derive_basemap(*sys.argv[1:])
    print(f"wrote {sys.argv[2] if len(sys.argv) == 3 else BASEMAP_PATH} ({count} countries)")
