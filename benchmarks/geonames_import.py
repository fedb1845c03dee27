"""Import speed and peak memory of a large GeoNames dump, streamed into the index.

Run: .venv/bin/python benchmarks/geonames_import.py [ROWS]   (default 1,000,000)

No real allCountries.txt is available offline, so the script writes a synthetic dump in the
standard 19-column format (random names and points, the feature-class mix of a real dump)
and imports it alone (``shipped=False``) in a fresh process. Memory must stay flat as the
row count grows: run it with 200000 and 1000000 and compare the peaks.
"""

import random
import string
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CLASSES = [("P", "PPL")] * 5 + [
    ("S", "AIRF"),
    ("S", "MILB"),
    ("H", "WAD"),
    ("T", "MT"),
    ("L", "RGN"),
]


def write_dump(path: Path, rows: int) -> None:
    rng = random.Random(1)
    letters = string.ascii_lowercase
    with path.open("w", encoding="utf-8") as out:
        for gid in range(1, rows + 1):
            name = "".join(rng.choice(letters) for _ in range(rng.randint(4, 12))).title()
            alts = ",".join(name + suffix for suffix in ("a", "ah", "e")[: rng.randint(0, 3)])
            fclass, fcode = rng.choice(CLASSES)
            lat, lon = rng.uniform(-60, 70), rng.uniform(-180, 180)
            pop = rng.choice([0, 0, 0, 120, 2500, 40000])
            out.write(
                f"{gid}\t{name}\t{name}\t{alts}\t{lat:.5f}\t{lon:.5f}\t{fclass}\t{fcode}\tXX\t\t01"
                f"\t\t\t\t{pop}\t\t100\tUTC\t2024-01-01\n"
            )


def child(dump: str, index: str) -> None:
    from gazetteer.index import build_index

    t = time.perf_counter()
    report = build_index(index, geonames_files=[dump], shipped=False)
    seconds = time.perf_counter() - t
    peak = next(
        int(line.split()[1]) / 1024
        for line in Path("/proc/self/status").read_text().splitlines()
        if line.startswith("VmHWM:")
    )
    print(
        f"{report.places:,} places imported in {seconds:.1f} s "
        f"({report.places / seconds:,.0f} rows/s), peak memory {peak:.0f} MB"
    )


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3])
        return
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    folder = Path(tempfile.mkdtemp())
    dump = folder / "synthetic.txt"
    write_dump(dump, rows)
    print(f"synthetic dump: {rows:,} rows, {dump.stat().st_size / 1e6:.0f} MB")
    subprocess.run(
        [sys.executable, __file__, "--child", str(dump), str(folder / "index.sqlite")], check=True
    )


if __name__ == "__main__":
    main()
