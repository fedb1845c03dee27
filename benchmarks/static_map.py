"""How long drawing a static map (A4, 300 dpi) takes, and how big the file is.

Run: .venv/bin/python benchmarks/static_map.py
Prints one run's figures: drawing (projection, outlines, symbols) and writing each format,
for the default dataset and for 1,000 synthetic strikes over Libya (a third of them with an
uncertainty area, all with a distance line). The ratio compares each case with the default
dataset to PNG.
"""

import datetime as dt
import random
import time
from dataclasses import replace

from geo import load_default_dataset
from geo.maps.static import StaticFormat, draw_static_map, render_static_map
from geo.model.records import Fatalities, LocationPrecision


def synthetic(dataset, n):
    rng = random.Random(7)
    base = dataset.incident("ly-2019-09-19-murzuq")
    precisions = [LocationPrecision.TOWN, LocationPrecision.NEAR_TOWN, LocationPrecision.REGION]
    incidents = []
    for k in range(n):
        precision = precisions[k % 3]
        incidents.append(
            replace(
                base,
                id=f"syn-{k}",
                lat=rng.uniform(20, 31),
                lon=rng.uniform(10, 24),
                date_start=dt.date(2019, 1, 1) + dt.timedelta(days=k % 365),
                date_end=dt.date(2019, 1, 1) + dt.timedelta(days=k % 365),
                location_precision=precision,
                uncertainty_radius_km={"town": 5.0, "near_town": 25.0}.get(precision.value, 150.0),
                fatalities=Fatalities.exactly(rng.randint(0, 30)),
            )
        )
    return replace(dataset, incidents=tuple(incidents))


def measure(dataset, fmt):
    start = time.perf_counter()
    figure = draw_static_map(dataset)
    drawn = time.perf_counter()
    data = render_static_map(figure, fmt)
    return drawn - start, time.perf_counter() - drawn, len(data)


def main():
    default = load_default_dataset()
    measure(default, StaticFormat.PNG)  # warm caches (imports, fonts, basemap parse)
    many = synthetic(default, 1000)
    cases = [
        ("default, PNG", default, StaticFormat.PNG),
        ("default, SVG", default, StaticFormat.SVG),
        ("default, PDF", default, StaticFormat.PDF),
        ("1,000 strikes, PNG", many, StaticFormat.PNG),
        ("1,000 strikes, PDF", many, StaticFormat.PDF),
    ]
    base = None
    print(f"{'case':22} {'draw s':>7} {'write s':>8} {'total s':>8} {'ratio':>6} {'file kB':>8}")
    for name, data, fmt in cases:
        draw_s, write_s, size = measure(data, fmt)
        total = draw_s + write_s
        base = base or total
        print(
            f"{name:22} {draw_s:7.2f} {write_s:8.2f} {total:8.2f} {total / base:6.1f} "
            f"{size / 1e3:8.0f}"
        )


if __name__ == "__main__":
    main()
