"""How long building and rendering a map takes, and how big the page is.

Run: .venv/bin/python benchmarks/map_render.py
Prints one run's figures; the ratio column compares each case with the default dataset.
"""

import datetime as dt
import random
import time
from dataclasses import replace

from geo import load_default_dataset
from geo.maps.render import build_incident_map, render_map_html


def synthetic(dataset, n):
    rng = random.Random(7)
    base = dataset.incident("ly-2019-09-19-murzuq")
    return replace(
        dataset,
        incidents=tuple(
            replace(
                base,
                id=f"syn-{k}",
                lat=rng.uniform(20, 31),
                lon=rng.uniform(10, 24),
                date_start=dt.date(2019, 1, 1),
                date_end=dt.date(2019, 1, 1),
            )
            for k in range(n)
        ),
    )


def measure(dataset, offline):
    start = time.perf_counter()
    page = render_map_html(build_incident_map(dataset, offline=offline), offline=offline)
    return time.perf_counter() - start, len(page.encode())


def main():
    default = load_default_dataset()
    measure(default, True)  # warm caches (asset encoding, basemap parse)
    cases = [
        ("default, offline", default, True),
        ("default, online", default, False),
        ("500 strikes, offline", synthetic(default, 500), True),
        ("2000 strikes, offline (clustered)", synthetic(default, 2000), True),
    ]
    base_time = None
    print(f"{'case':36} {'seconds':>8} {'ratio':>6} {'page MB':>8}")
    for name, data, offline in cases:
        seconds, size = measure(data, offline)
        base_time = base_time or seconds
        print(f"{name:36} {seconds:8.3f} {seconds / base_time:6.1f} {size / 1e6:8.2f}")


if __name__ == "__main__":
    main()
