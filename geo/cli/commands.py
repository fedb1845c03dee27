"""The ``strikemap`` command line.

Errors caused by input print one line, ``strikemap: error: ...``, on stderr and exit with a
non-zero code (2 for a malformed command line, 1 otherwise); never a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import click
import typer

if TYPE_CHECKING:
    from gazetteer.search import Gazetteer
    from geo.store.database import IncidentStore, StoredIncident
    from geo.store.ingest import ReportOutcome
from gazetteer.errors import StrikemapError
from gazetteer.untrusted import internal_error, printable, printable_json, short_repr

__all__ = ["app", "main"]

app = typer.Typer(
    name="strikemap",
    help="Offline geospatial workbench for mapping strikes from news reports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _utf8_text(value: str | None) -> str | None:
    """Refuse option text that is not UTF-8 (Python reads such bytes as lone surrogates)."""
    if value is not None and any("\ud800" <= ch <= "\udfff" for ch in value):
        raise typer.BadParameter(f"not valid UTF-8 text: {short_repr(value)}")
    return value


def _version(value: bool) -> None:
    if value:
        from geo import __version__

        typer.echo(f"strikemap {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Offline geospatial workbench for mapping strikes from news reports."""


# Filters shared by `map` and `export` (geo.model.filters.IncidentFilter).
SinceOption = Annotated[
    str | None,
    typer.Option(
        "--since", help="Only incidents on or after this date (YYYY-MM-DD, YYYY-MM, YYYY)."
    ),
]
UntilOption = Annotated[
    str | None,
    typer.Option(
        "--until", help="Only incidents on or before this date (YYYY-MM-DD, YYYY-MM, YYYY)."
    ),
]
CountryFilter = Annotated[
    list[str] | None,
    typer.Option("--country", help="Only incidents in this country (ISO code); repeatable."),
]
ActorFilter = Annotated[
    list[str] | None,
    typer.Option(
        "--actor",
        help="Only incidents whose actor or target contains this text; repeatable.",
        callback=lambda value: [_utf8_text(x) for x in value] if value else value,
    ),
]
EventTypeFilter = Annotated[
    list[str] | None,
    typer.Option(
        "--event-type", help="Only this event type or family (strike, raid ...); repeatable."
    ),
]
StatusFilter = Annotated[
    list[str] | None,
    typer.Option(
        "--status", help="Only single-source, corroborated or contested incidents; repeatable."
    ),
]
DivisionFilter = Annotated[
    list[str] | None,
    typer.Option(
        "--division",
        help="Only incidents placed in this first-level division (province, state: Murzuq), "
        "to a district or better; repeatable.",
        callback=lambda value: [_utf8_text(x) for x in value] if value else value,
    ),
]


def _incident_filter(since, until, country, actor, event_type, status, division=None):  # noqa: ANN001, ANN202
    from geo.model.filters import IncidentFilter

    return IncidentFilter.from_options(
        since=since,
        until=until,
        countries=country or (),
        actors=actor or (),
        event_types=event_type or (),
        statuses=status or (),
        divisions=division or (),
    )


@app.command("map")
def map_command(
    output: Annotated[
        Path,
        typer.Option(
            "-o",
            "--output",
            help="File to write; its ending picks the kind of map: .html (interactive page), "
            ".png, .svg or .pdf (a static A4 map for reports).",
        ),
    ],
    offline: Annotated[
        bool,
        typer.Option(
            "--offline",
            help="HTML: inline Leaflet and use the shipped country outlines: the page makes "
            "no network request (static maps never use the network).",
        ),
    ] = False,
    embed: Annotated[
        bool,
        typer.Option(
            "--embed",
            help="HTML: write a fragment to paste into a web page (a <div> with a sandboxed "
            "frame that fills its container) instead of a whole page.",
        ),
    ] = False,
    bbox: Annotated[
        str | None,
        typer.Option(
            "--bbox",
            help="Static maps: show this area, W,S,E,N in degrees (default: fitted to the "
            "strikes and the launch sites near them).",
        ),
    ] = None,
    title: Annotated[
        str | None,
        typer.Option(
            "--title",
            help="Static maps: the title (default: the dataset's).",
            callback=_utf8_text,
        ),
    ] = None,
    portrait: Annotated[
        bool, typer.Option("--portrait", help="Static maps: an upright A4 page.")
    ] = False,
    dpi: Annotated[
        int, typer.Option("--dpi", help="PNG: pixels per inch (300: 3508 x 2480 pixels).")
    ] = 300,
    dataset: Annotated[
        Path | None,
        typer.Option(
            "--dataset", help="Dataset JSON file (default: the embedded 2019 Libya case)."
        ),
    ] = None,
    db: Annotated[
        Path | None,
        typer.Option(
            "--db",
            help="Map the incidents of this incident database instead (with the curated bases).",
        ),
    ] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    country: CountryFilter = None,
    actor: ActorFilter = None,
    event_type: EventTypeFilter = None,
    status: StatusFilter = None,
    division: DivisionFilter = None,
) -> None:
    """Draw the strike map (strikes, bases, distances, uncertainty) to HTML, PNG, SVG or PDF.

    The ending of --output picks the map: .html is the interactive page (--embed for a
    fragment to paste into a web page), .png, .svg and .pdf a static A4 map for reports.
    """
    from geo.io.dataset import load_dataset, load_default_dataset
    from geo.io.files import write_atomic
    from geo.maps.static import StaticFormat

    static = StaticFormat.from_path(output)
    if static is None and output.suffix.lower() not in {".html", ".htm"}:
        raise StrikemapError(f"--output must end in .html, .png, .svg or .pdf, got {str(output)!r}")
    if static is not None and embed:
        raise StrikemapError(f"--embed makes an HTML fragment; --output is {str(output)!r}")
    if static is None:
        given = [
            name
            for name, value in (
                ("--bbox", bbox),
                ("--title", title),
                ("--portrait", portrait or None),
                ("--dpi", None if dpi == 300 else dpi),
            )
            if value is not None
        ]
        if given:
            raise StrikemapError(
                f"{', '.join(given)} {'applies' if len(given) == 1 else 'apply'} only to "
                "static maps: end --output in .png, .svg or .pdf"
            )
    chosen = _incident_filter(since, until, country, actor, event_type, status, division)
    if db is not None and dataset is not None:
        raise StrikemapError("give --dataset or --db, not both")
    if db is not None:
        from geo.store.database import IncidentStore

        if not db.exists():
            raise StrikemapError(f"no incident database at {db}")
        bases = load_default_dataset()  # the curated bases, and the sources they cite
        with IncidentStore.open(db, readonly=True) as store:
            export = store.as_dataset(sites=bases.sites, sources=bases.sources)
            checks = tuple(check for _, check in store.distance_checks())
        data, left_out = export.dataset, export.left_out
        for item in left_out:
            print(printable(f"strikemap: warning: left out of the map: {item}"), file=sys.stderr)
    else:
        data = load_default_dataset() if dataset is None else load_dataset(dataset)
        left_out = ()
        checks = ()
    shown = chosen.apply(data.incidents)
    if static is not None:
        from geo.maps.static import BoundingBox, draw_static_map, render_static_map

        figure = draw_static_map(
            data,
            incidents=shown,
            bbox=None if bbox is None else BoundingBox.parse(bbox),
            title=title,
            subtitle=None if chosen.is_empty else f"filter: {chosen.describe()}",
            orientation="portrait" if portrait else "landscape",
            dpi=dpi,
        )
        content: str | bytes = render_static_map(figure, static)
        kind = f"{static.value}, A4 {'portrait' if portrait else 'landscape'}"
        if static is StaticFormat.PNG:
            width, height = figure.canvas.get_width_height()
            kind += f", {width} x {height} px"
    else:
        from geo.maps.embed import embed_fragment
        from geo.maps.render import build_incident_map, render_map_html

        fmap = build_incident_map(data, offline=offline, incidents=shown, distance_checks=checks)
        content = render_map_html(fmap, offline=offline)
        if embed:
            content = embed_fragment(content, title=data.title)
        kind = ", ".join(
            word for word, on in (("embeddable fragment", embed), ("offline", offline)) if on
        )
    try:
        write_atomic(output, content)  # a failed write leaves any previous file as it was
    except OSError as exc:
        raise StrikemapError(f"cannot write {str(output)!r}: {exc.strerror or exc}") from None
    missing = f", {len(left_out)} record(s) left out (see above)" if left_out else ""
    strikes = f"{len(shown)}" if chosen.is_empty else f"{len(shown)} of {len(data.incidents)}"
    typer.echo(
        f"wrote {printable(output)} ({strikes} strikes, {len(data.sites)} sites"
        f"{', ' + kind if kind else ''}{missing})"
    )


@app.command("export")
def export_command(
    output: Annotated[Path, typer.Option("-o", "--output", help="File to write.")],
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="geojson, csv, gpkg or kml (default: from the file name's ending).",
        ),
    ] = None,
    db: Annotated[
        Path | None,
        typer.Option(
            "--db",
            help="Export this incident database (default: $STRIKEMAP_DB or the user data "
            "folder's).",
        ),
    ] = None,
    dataset: Annotated[
        Path | None, typer.Option("--dataset", help="Export a dataset JSON file instead.")
    ] = None,
    areas: Annotated[
        bool,
        typer.Option(
            "--areas",
            help="GeoJSON: add each imprecise incident's uncertainty area as a polygon "
            "(GeoPackage and KML always have them).",
        ),
    ] = False,
    aggregates: Annotated[
        bool,
        typer.Option(
            "--aggregates",
            help="GeoJSON: add the aggregate statements ('43 killed in four strikes') as "
            "features without geometry (GeoPackage and KML always have them; CSV, one row per "
            "incident, never).",
        ),
    ] = False,
    sites: Annotated[
        Path | None,
        typer.Option(
            "--sites",
            help="Measure the nearest launch site against the sites in this file (a GeoJSON "
            "FeatureCollection of points with a 'name' each, or a dataset file) instead of the "
            "curated Libya bases (--db) or the dataset's own sites (--dataset).",
        ),
    ] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    country: CountryFilter = None,
    actor: ActorFilter = None,
    event_type: EventTypeFilter = None,
    status: StatusFilter = None,
    division: DivisionFilter = None,
) -> None:
    """Export incidents, bases and headquarters to GeoJSON, CSV, GeoPackage or KML."""
    from geo.io.export import (
        ExportFormat,
        collect_from_dataset,
        collect_from_store,
        export_incidents,
    )

    chosen_format = ExportFormat.parse(fmt, output)
    chosen = _incident_filter(since, until, country, actor, event_type, status, division)
    if db is not None and dataset is not None:
        raise StrikemapError("give --dataset or --db, not both")
    site_list = None
    if sites is not None:
        from geo.io.sites import load_sites

        site_list = load_sites(sites)
    given_sites = None if site_list is None else site_list.sites
    given_sources = None if site_list is None else site_list.sources
    if dataset is not None:
        from geo.io.dataset import load_dataset

        data = collect_from_dataset(
            load_dataset(dataset),
            sites=given_sites,
            site_sources=given_sources,
            incident_filter=chosen,
        )
    else:
        if db is not None and not db.exists():
            raise StrikemapError(f"no incident database at {db}")
        with _open_store(db, False, readonly=True) as store:
            data = collect_from_store(
                store, sites=given_sites, site_sources=given_sources, incident_filter=chosen
            )
    for item in data.left_out:
        print(printable(f"strikemap: warning: left out of the export: {item}"), file=sys.stderr)
    result = export_incidents(data, output, chosen_format, areas=areas, aggregates=aggregates)
    typer.echo(printable(result.summary()))


@app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="The file to import.")],
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="geojson or csv (strikemap's own exports) or acled (an ACLED CSV export); "
            "default: from the file name and, for CSV, its header.",
        ),
    ] = None,
    db: Annotated[
        Path | None,
        typer.Option(
            "--db", help="Incident database (default: $STRIKEMAP_DB or the user data folder's)."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a line.")] = False,
) -> None:
    """Import incidents: strikemap's GeoJSON or CSV exports, or an ACLED CSV export.

    The whole file is read first; a malformed feature or line stops the import with one
    error naming it, and nothing is written. The same file imported twice adds nothing.
    """
    from geo.io.imports import import_batch, read_import_file

    batch = read_import_file(file, fmt=fmt)
    with _open_store(db, False) as store:
        report = import_batch(batch, store, path=file)
    for warning in report.warnings:
        print(printable(f"strikemap: warning: {warning}"), file=sys.stderr)
    if as_json:
        payload = {
            "file": str(file),
            "format": batch.format,
            **report.result.as_dict(),
            "superseded": list(report.superseded),
            "warnings": list(report.warnings),
        }
        typer.echo(printable_json(payload, indent=2))
    else:
        typer.echo(printable(report.summary()))


gazetteer_app = typer.Typer(
    help="Build or inspect the offline gazetteer index.", no_args_is_help=True
)
app.add_typer(gazetteer_app, name="gazetteer")

IndexOption = Annotated[
    Path | None,
    typer.Option(
        "--index",
        help="Gazetteer index file (default: $STRIKEMAP_GAZETTEER or the user cache folder).",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def _progress(message: str) -> None:
    print(printable(f"strikemap: {message}"), file=sys.stderr)


def _open_gazetteer(index: Path | None):  # noqa: ANN202 - lazy import keeps start-up fast
    from gazetteer.search import Gazetteer

    return Gazetteer.open(index, progress=_progress)


def _parse_point(text: str, option: str) -> tuple[float, float]:
    from gazetteer.errors import InvalidQueryError
    from gazetteer.geodesy import validate_lat_lon

    parts = text.replace(";", ",").split(",")
    try:
        lat, lon = (float(p) for p in parts)
    except ValueError:
        raise InvalidQueryError(
            f"{option} must be LAT,LON such as 25.9,13.9, got {text!r}"
        ) from None
    return validate_lat_lon(lat, lon, what=option)


@app.command("geocode")
def geocode_command(
    name: Annotated[str, typer.Argument(help="Place name, in any spelling.")],
    country: Annotated[
        list[str] | None, typer.Option("--country", help="ISO country code; repeatable.")
    ] = None,
    near: Annotated[
        str | None, typer.Option("--near", help="LAT,LON: prefer places near this point.")
    ] = None,
    kind: Annotated[
        list[str] | None,
        typer.Option("--kind", help="Only this kind (city, country, admin1, air base ...)."),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", help="At most this many candidates.")] = 5,
    as_json: JsonOption = False,
    index: IndexOption = None,
) -> None:
    """Look a place name up in the offline gazetteer: ranked candidates with reasons."""
    point = _parse_point(near, "--near") if near else None
    gaz = _open_gazetteer(index)
    found = gaz.search(name, country=country or None, near=point, kinds=kind or None, limit=limit)
    if as_json:
        typer.echo(printable_json([c.as_dict() for c in found], indent=2))
    elif not found:
        typer.echo(f"no place found for {short_repr(name)}")
    else:
        for rank, c in enumerate(found, start=1):
            p = c.place
            where = ", ".join(x for x in (p.admin1, p.country_code) if x)
            typer.echo(
                printable(
                    f"{rank}. {p.name} ({where}) {p.kind.value} {p.lat:.4f},{p.lon:.4f} "
                    f"score {c.score:.3f} [{p.id}]"
                )
                + f"\n   {printable(c.reason)}"
            )
    if not found:
        raise typer.Exit(3)


@app.command(
    "reverse", context_settings={"ignore_unknown_options": True, "allow_extra_args": False}
)
def reverse_command(
    lat: Annotated[str, typer.Argument(help="Latitude, decimal degrees.")],
    lon: Annotated[str, typer.Argument(help="Longitude, decimal degrees.")],
    as_json: JsonOption = False,
    index: IndexOption = None,
) -> None:
    """What lies at a point: country, first-level division and the nearest town."""
    from gazetteer.errors import InvalidQueryError
    from gazetteer.geodesy import validate_lat_lon

    try:
        point = validate_lat_lon(float(lat), float(lon), what="point")
    except ValueError as exc:
        if isinstance(exc, InvalidQueryError | StrikemapError):
            raise
        raise InvalidQueryError(
            f"LAT and LON must be decimal degrees such as 25.9 13.9, got {lat!r} {lon!r}"
        ) from None
    result = _open_gazetteer(index).reverse(*point)
    if as_json:
        typer.echo(printable_json(result.as_dict(), indent=2))
    else:
        typer.echo(printable(result.description))


def _read_text(source: str) -> str:
    from gazetteer.errors import InvalidQueryError, decode_utf8

    try:
        data = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    except OSError as exc:
        raise InvalidQueryError(f"cannot read {source!r}: {exc.strerror or exc}") from None
    where = "standard input" if source == "-" else repr(source)
    return decode_utf8(data, where, error=InvalidQueryError)


@app.command("toponyms")
def toponyms_command(
    source: Annotated[
        str | None, typer.Argument(help="Text file to geoparse, or - for standard input.")
    ] = None,
    jsonl: Annotated[
        Path | None,
        typer.Option(
            "--jsonl",
            help='Batch mode: lines {"id", "text", "spans"?}; writes one JSON line per input line.',
        ),
    ] = None,
    country: Annotated[
        str | None, typer.Option("--country", help="Publication country (ISO code), a weak prior.")
    ] = None,
    as_json: JsonOption = False,
    index: IndexOption = None,
) -> None:
    """Find and resolve the place names in an article (or a batch of them)."""
    from gazetteer.errors import InvalidQueryError
    from gazetteer.geoparse.toponyms import check_publication_country, find_toponyms

    if (source is None) == (jsonl is None):
        raise InvalidQueryError("give one text FILE (or -), or --jsonl FILE for a batch")
    gaz = _open_gazetteer(index)
    country = check_publication_country(country, gaz)  # once, not on every line of a batch
    if jsonl is not None:
        failed = _toponyms_batch(jsonl, gaz, country)
        if failed:
            raise typer.Exit(1)
        return
    assert source is not None
    matches = find_toponyms(_read_text(source), gazetteer=gaz, publication_country=country)
    if as_json:
        typer.echo(printable_json([m.as_dict() for m in matches], indent=2))
        return
    lines = []
    for m in matches:
        where = "unresolved"
        if m.place is not None:
            p = m.place
            where = f"{p.name}, {p.country_code} ({p.kind.value}) {p.lat:.4f},{p.lon:.4f}"
        fields = (m.text, where, f"{m.confidence:.2f}", m.reason)
        lines.append("\t".join([f"{m.start}-{m.end}", *(printable(f) for f in fields)]))
    if lines:  # one write: a list of 60,000 names took a second of line-by-line flushes
        typer.echo("\n".join(lines))


def _toponyms_batch(path: Path, gaz: Gazetteer, country: str | None) -> int:
    """Geoparse a JSON-lines file; report bad lines by number; return how many failed.

    A line that fails, for bad input or for a bug, is reported on stderr (one line naming the
    file and the line number) and the batch goes on with the next line.
    """
    from gazetteer.errors import InvalidQueryError

    try:
        handle = path.open("rb")
    except OSError as exc:
        raise InvalidQueryError(f"cannot read {str(path)!r}: {exc.strerror or exc}") from None
    failed = done = 0
    with handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                out = _toponyms_line(raw, gaz, country)
            except (StrikemapError, ValueError) as exc:
                message = " ".join(str(exc).split())
            except Exception as exc:  # a bug: say so, and go on with the next line
                if _debugging():
                    raise
                message = internal_error(exc)
            else:
                typer.echo(out)
                done += 1
                if done % 500 == 0:
                    print(f"strikemap: {done:,} documents geoparsed", file=sys.stderr)
                continue
            failed += 1
            print(printable(f"strikemap: error: {path.name}:{number}: {message}"), file=sys.stderr)
    if done >= 500 or failed:
        print(f"strikemap: {done:,} documents geoparsed, {failed:,} failed", file=sys.stderr)
    return failed


def _toponyms_line(raw: bytes, gaz: Gazetteer, country: str | None) -> str:
    """The JSON output line for one input line of a ``toponyms --jsonl`` batch."""
    import math

    from gazetteer.errors import InvalidQueryError, decode_utf8
    from gazetteer.geoparse.toponyms import find_toponyms, resolve_toponyms
    from gazetteer.untrusted import load_json, short_repr

    item = load_json(decode_utf8(raw, "the line", error=InvalidQueryError), error=InvalidQueryError)
    if not isinstance(item, dict) or not isinstance(item.get("text"), str):
        raise InvalidQueryError('expected an object with a "text" string')
    ident = item.get("id")
    if not (
        ident is None
        or isinstance(ident, str)
        or (isinstance(ident, int) and not isinstance(ident, bool))
        or (isinstance(ident, float) and math.isfinite(ident))
    ):
        raise InvalidQueryError(f'"id" must be a string or a number, got {short_repr(ident)}')
    spans = item.get("spans")
    if spans is None:
        found = find_toponyms(item["text"], gazetteer=gaz, publication_country=country)
    else:
        if not isinstance(spans, list):
            raise InvalidQueryError(
                f'"spans" must be a list of [start, end] pairs, got {short_repr(spans)}'
            )
        found = resolve_toponyms(item["text"], spans, gazetteer=gaz, publication_country=country)
    return printable_json({"id": ident, "toponyms": [m.as_dict() for m in found]})


@gazetteer_app.command("build")
def gazetteer_build_command(
    geonames: Annotated[
        list[Path] | None,
        typer.Option(
            "--geonames",
            help="A GeoNames dump to import too (LY.txt, allCountries.txt); repeatable.",
        ),
    ] = None,
    index: IndexOption = None,
) -> None:
    """Build the gazetteer index from the shipped sources (and any GeoNames dumps)."""
    from gazetteer.index import build_index

    report = build_index(index, geonames_files=geonames or (), progress=_progress)
    by_source = ", ".join(f"{k} {v:,}" for k, v in report.places_by_source.items())
    typer.echo(
        f"built {printable(report.path)} in {report.seconds:.0f} s: {report.places:,} places "
        f"({by_source}), {report.names:,} name keys"
    )


DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        help="Incident database (default: $STRIKEMAP_DB or the user data folder, seeded with "
        "the curated dataset on first use).",
    ),
]
SeedOption = Annotated[
    bool,
    typer.Option("--seed", help="Seed a new database named with --db with the curated dataset."),
]


def _open_store(  # noqa: ANN202
    db: Path | None, seed: bool, *, readonly: bool = False, create: bool = True
):
    """The incident database; with ``create=False`` a --db that names no file is an error."""
    from geo.store.database import IncidentStore

    return IncidentStore.open(
        db, seed=True if seed else None, readonly=readonly, create=create or seed
    )


@app.command("ingest")
def ingest_command(
    files: Annotated[
        list[Path], typer.Argument(help="Report files (UTF-8 text); - for standard input.")
    ],
    published: Annotated[
        str | None,
        typer.Option(
            "--published",
            help="Publication date YYYY-MM-DD (else each file's 'Published:' header line).",
        ),
    ] = None,
    outlet: Annotated[
        str | None, typer.Option("--outlet", help="Outlet name.", callback=_utf8_text)
    ] = None,
    url: Annotated[
        str | None, typer.Option("--url", help="The report's address.", callback=_utf8_text)
    ] = None,
    title: Annotated[
        str | None, typer.Option("--title", help="The report's title.", callback=_utf8_text)
    ] = None,
    db: DbOption = None,
    seed: SeedOption = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON summary.")] = False,
    index: IndexOption = None,
) -> None:
    """Extract incidents from reports and link them into the incident database.

    Each file is ingested in its own transaction: a file that fails is reported (one line on
    stderr) and the others are still ingested; the same article twice adds nothing.
    """
    from geo.io.reports import parse_published
    from geo.store.ingest import ingest_reports, report_file

    date = parse_published(published) if published is not None else None
    store = _open_store(db, seed)
    # A gazetteer named with --index is checked before any file is read; the default one
    # is opened when the first new article needs it (see geo.store.ingest).
    try:
        gaz = _open_gazetteer(index) if index is not None else None
    except BaseException:
        store.close()
        raise
    reports = [
        report_file(path, published=date, outlet=outlet, url=url, title=title) for path in files
    ]
    progress = _ingest_progress(len(files))

    def show(outcome: ReportOutcome) -> None:
        if outcome.error:
            progress.pause()
            print(printable(f"strikemap: error: {outcome.path}: {outcome.error}"), file=sys.stderr)
            progress.resume()
        progress.advance()

    try:
        batch = ingest_reports(
            store,
            reports,
            gazetteer=gaz if gaz is not None else (lambda: _open_gazetteer(index)),
            reraise_bugs=_debugging(),
            on_outcome=show,
        )
    finally:
        progress.close()
        store.close()
    summary = {**batch.summary(), "db": str(store.path)}
    if as_json:
        rows = [o.as_dict() for o in batch.outcomes]
        typer.echo(printable_json({"summary": summary, "files": rows}, indent=2))
    else:
        typer.echo(
            f"{summary['added']} article(s) added, {summary['known']} already stored, "
            f"{summary['failed']} failed; {summary['claims']} claim(s), {summary['aggregates']} "
            f"aggregate(s); incidents: {summary['incidents_new']} new, "
            f"{summary['incidents_updated']} updated"
            + (f", {summary['incidents_merged']} merged" if summary["incidents_merged"] else "")
            + f" ({printable(store.path)})"
        )
    if batch.failed:
        raise typer.Exit(1)


class _ingest_progress:  # noqa: N801 - used like a function
    """A progress bar on stderr for ten files or more (silent when stderr is not a terminal)."""

    def __init__(self, total: int) -> None:
        self._bar = None
        if total >= 10 and sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import Progress

            self._bar = Progress(console=Console(stderr=True), transient=True)
            self._task = self._bar.add_task("ingesting", total=total)
            self._bar.start()

    def advance(self) -> None:
        if self._bar is not None:
            self._bar.advance(self._task)

    def pause(self) -> None:
        if self._bar is not None:
            self._bar.stop()

    def resume(self) -> None:
        if self._bar is not None:
            self._bar.start()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()


@app.command("batch")
def batch_command(
    source: Annotated[
        Path,
        typer.Argument(
            help="A folder of .txt/.json articles, a .jsonl file or a .parquet file of articles "
            "(id, text, published, outlet, url)."
        ),
    ],
    db: DbOption = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Output folder: claims as GeoParquet by month, failures.jsonl and the state "
            "that lets a killed batch resume (default: DB-batch/ beside the database).",
        ),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="Address of a running Dask scheduler (tcp://host:8786); default: a local "
            "cluster of one worker process per core.",
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option("--workers", min=1, help="Worker processes of the local cluster."),
    ] = None,
    retry_failed: Annotated[
        bool,
        typer.Option(
            "--retry-failed",
            help="Process again the articles an earlier run of this batch recorded as failed "
            "(default: pass them over).",
        ),
    ] = False,
    seed: SeedOption = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON summary.")] = False,
    index: IndexOption = None,
) -> None:
    """Geoparse and extract an archive of articles in parallel on Dask, then link them.

    The claims of all articles are linked in one pass at the end into the incident
    database (the incidents `strikemap ingest` gives the same articles in the same order).
    Articles are keyed by content hash: run the same command again after a kill and it
    resumes; a failing article goes to OUT/failures.jsonl and the rest go on (a resumed
    batch passes the failed ones over unless --retry-failed).
    """
    from geo.batch import run_batch

    if scheduler is not None and workers is not None:
        raise typer.BadParameter("--workers sizes the local cluster; not with --scheduler")
    store = _open_store(db, seed)
    bar = _BatchProgress()
    try:
        result = run_batch(
            source,
            store,
            out=out,
            index=index,
            scheduler=scheduler,
            workers=workers,
            retry_failed=retry_failed,
            on_progress=bar.update,
        )
    finally:
        bar.close()
        store.close()
    failures_file = Path(result.out) / "failures.jsonl"
    if result.skipped_failed:
        print(
            printable(
                f"strikemap: {result.skipped_failed} article(s) that failed in an earlier run "
                f"were skipped (see {failures_file}); --retry-failed processes them again"
            ),
            file=sys.stderr,
        )
    if result.unprocessed:
        print(
            printable(
                f"strikemap: {result.unprocessed} article(s) were not processed "
                f"({result.unprocessed_reason}); run the same command again to process them"
            ),
            file=sys.stderr,
        )
    summary = {**result.as_dict(), "db": str(store.path)}
    del summary["processed"]
    if as_json:
        typer.echo(printable_json(summary, indent=2))
    else:
        rate = result.extracted / result.extract_s if result.extract_s else 0.0
        typer.echo(
            printable(
                f"{result.articles} article(s): {result.extracted} extracted on "
                f"{result.workers} worker(s) in {result.extract_s:.1f} s ({rate:.1f}/s), "
                f"{result.resumed} done by an earlier run, {result.failures} failed "
                f"(see {failures_file}); {result.added} added to the "
                f"database, {result.known} already stored; {result.claims} claim(s); "
                f"incidents: {result.incidents_new} new, {result.incidents_updated} updated"
                + (f", {result.incidents_merged} merged" if result.incidents_merged else "")
                + f" (linked in {result.link_s:.1f} s); "
                f"{result.claims_written} claim(s) in "
                f"{result.months} month(s) of GeoParquet in {Path(result.out) / 'claims'} "
                f"({store.path})"
            )
        )
    if result.failures or result.unprocessed:
        raise typer.Exit(1)


class _BatchProgress:
    """A progress bar on stderr with the rate and the time left (when stderr is a terminal)."""

    def __init__(self) -> None:
        from typing import Any

        self._bar: Any = None
        self._task: Any = None
        self._started = 0.0
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TaskProgressColumn,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            self._bar = Progress(
                TextColumn("extracting"),
                BarColumn(),
                MofNCompleteColumn(),
                TaskProgressColumn(),
                TextColumn("{task.fields[rate]} articles/s"),
                TimeElapsedColumn(),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=True,
            )

    def update(self, done: int, total: int) -> None:
        if self._bar is None:
            return
        import time

        if self._task is None:
            self._bar.start()
            self._task = self._bar.add_task("extracting", total=total, rate="-")
            self._started = time.monotonic()
        elapsed = time.monotonic() - self._started
        rate = f"{done / elapsed:.1f}" if done and elapsed > 0 else "-"
        self._bar.update(self._task, completed=done, rate=rate)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()


@app.command("incidents")
def incidents_command(
    db: DbOption = None,
    seed: SeedOption = False,
    as_json: JsonOption = False,
    candidates: Annotated[
        bool,
        typer.Option(
            "--candidates",
            help="Only the candidates (confidence below the threshold), to review them.",
        ),
    ] = False,
) -> None:
    """List the incidents in the database with the claims that back them, and the aggregates."""
    store = _open_store(db, seed, readonly=True, create=False)
    try:
        incidents = store.incidents()
        if candidates:
            incidents = [i for i in incidents if i.status.value == "candidate"]
        aggregates = store.aggregates()
        distances = store.distance_checks()
    finally:
        store.close()
    if as_json:
        payload = {
            "incidents": [i.as_dict() for i in incidents],
            "aggregates": [a.as_dict() for a in aggregates],
            "distance_checks": [{**d.as_dict(), "article": a.as_dict()} for a, d in distances],
        }
        typer.echo(printable_json(payload, indent=2))
        return
    if not incidents and not aggregates:
        typer.echo(f"no incidents in {printable(store.path)}")
        return
    for inc in incidents:
        where = "place unknown"
        if inc.place is not None:
            where = f"{inc.place.name}, {inc.place.country_code} ({inc.place.precision.label})"
        deaths = "toll not given" if inc.fatalities is None else f"{inc.fatalities} killed"
        date = inc.date_start.isoformat()
        if inc.date_end != inc.date_start:
            date += f" to {inc.date_end.isoformat()}"
        kind, status = inc.event_type.value, inc.status.value
        if inc.status.value == "candidate":
            status += f", confidence {inc.confidence:.2f}"
        typer.echo(printable(f"{inc.id}  {date}  {kind}  {where}  {deaths}  [{status}]"))
        for c in inc.claims:
            figure = c.claim.fatalities_point
            said = "" if figure is None else f" ({figure} killed)"
            typer.echo(
                printable(
                    f"    claim {c.id}: {c.article.outlet}, {c.article.published}{said}: "
                    f"{_shorten(c.claim.sentence)}"
                )
            )
    if aggregates:
        typer.echo("aggregates (not incidents):")
        for a in aggregates:
            typer.echo(printable(f"    {a.article.outlet}: {_shorten(a.aggregate.sentence.text)}"))
            typer.echo(printable(f"        check: {a.check}"))
    if distances:
        typer.echo("distances stated in reports:")
        for article, d in distances:
            typer.echo(printable(f"    {article.outlet}: {d.place_name}, {d.text}: {d.verdict}"))


def _shorten(text: str, width: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


correct_app = typer.Typer(
    help=(
        "Correct an incident (merge, split, re-place, re-date, accept, reject); each change "
        "is audited."
    ),
    no_args_is_help=True,
)
app.add_typer(correct_app, name="correct")
WhyOption = Annotated[
    str, typer.Option("--why", help="Why (kept in the audit trail).", callback=_utf8_text)
]
WhoOption = Annotated[
    str | None,
    typer.Option("--who", help="Who makes the change (default: $USER).", callback=_utf8_text),
]


def _correct(db: Path | None, change: Callable[[IncidentStore], StoredIncident]) -> None:
    """Make one audited ``change`` in the database at ``db`` (which must exist); show the result."""
    with _open_store(db, False, create=False) as store:
        typer.echo(printable_json(change(store).as_dict(), indent=2))


@correct_app.command("merge")
def correct_merge(
    keep: Annotated[str, typer.Argument(help="Incident to keep.")],
    other: Annotated[str, typer.Argument(help="Incident whose claims move into KEEP.")],
    why: WhyOption,
    who: WhoOption = None,
    db: DbOption = None,
) -> None:
    """Merge two incidents that are one event."""
    _correct(db, lambda store: store.merge(keep, other, why=why, who=who))


def _verdict_command(verdict: str, incident_help: str, doc: str) -> Callable[..., None]:
    """Register ``strikemap correct <verdict>``, a review verdict on one incident."""

    def command(incident: str, why: WhyOption, who: WhoOption = None, db: DbOption = None) -> None:
        _correct(db, lambda store: store.review(incident, verdict, why=why, who=who))

    # an object, not a string: typer evaluates string annotations in the module's globals
    command.__annotations__["incident"] = Annotated[str, typer.Argument(help=incident_help)]
    command.__name__ = command.__qualname__ = f"correct_{verdict}"
    command.__doc__ = doc
    return correct_app.command(verdict)(command)


correct_accept = _verdict_command(
    "accept",
    "Incident (a candidate) to accept.",
    "Accept an incident the extractor was not confident of: maps and exports show it.",
)
correct_reject = _verdict_command(
    "reject",
    "Incident to reject.",
    "Reject an incident (kept with its claims, shown only with --status rejected).",
)


@correct_app.command("split")
def correct_split(
    incident: Annotated[str, typer.Argument(help="Incident to split.")],
    claims: Annotated[list[int], typer.Argument(help="Claim ids that form the new incident.")],
    why: WhyOption,
    who: WhoOption = None,
    db: DbOption = None,
) -> None:
    """Split claims off an incident into a new incident."""
    _correct(db, lambda store: store.split(incident, claims, why=why, who=who))


@correct_app.command("place")
def correct_place(
    incident: Annotated[str, typer.Argument(help="Incident to re-place.")],
    at: Annotated[str, typer.Option("--at", help="LAT,LON of the corrected place.")],
    name: Annotated[str, typer.Option("--name", help="Name of the place.", callback=_utf8_text)],
    why: WhyOption,
    precision: Annotated[
        str,
        typer.Option(
            "--precision", help="exact_site, town, near_town, district, region or country."
        ),
    ] = "town",
    radius: Annotated[
        float | None, typer.Option("--radius", help="Uncertainty radius, km.")
    ] = None,
    country: Annotated[str, typer.Option("--country", help="ISO country code.")] = "",
    who: WhoOption = None,
    db: DbOption = None,
) -> None:
    """Set an incident's place."""
    from geo.store.corrections import PlaceLabels, analyst_place

    place = analyst_place(
        name,
        *_parse_point(at, "--at"),
        precision=precision,
        radius_km=radius,
        country=country,
        labels=PlaceLabels(
            name="--name",
            country="--country",
            precision="--precision",
            point=repr(at),
            give_country="give its country with --country",
        ),
    )
    _correct(db, lambda store: store.replace(incident, place, why=why, who=who))


@correct_app.command("date")
def correct_date(
    incident: Annotated[str, typer.Argument(help="Incident to re-date.")],
    start: Annotated[str, typer.Argument(help="First day, YYYY-MM-DD.")],
    why: WhyOption,
    end: Annotated[str | None, typer.Option("--end", help="Last day (default: START).")] = None,
    precision: Annotated[
        str, typer.Option("--precision", help="day, week, month or year.")
    ] = "day",
    who: WhoOption = None,
    db: DbOption = None,
) -> None:
    """Set an incident's date range and precision."""
    from gazetteer.errors import InvalidQueryError
    from geo.model.records import DatePrecision

    def day(text: str, what: str) -> object:
        import datetime as dt

        try:
            date = dt.date.fromisoformat(text)
        except ValueError:
            raise InvalidQueryError(
                f"{what} must be a real date YYYY-MM-DD, got {short_repr(text)}"
            ) from None
        if not dt.date(1900, 1, 1) <= date <= dt.date.today() + dt.timedelta(days=1):
            raise InvalidQueryError(
                f"{what} must be a date from 1900-01-01 to today, got {short_repr(text)}"
            )
        return date

    try:
        level = DatePrecision(precision)
    except ValueError:
        raise InvalidQueryError(
            f"--precision must be day, week, month or year; got {precision!r}"
        ) from None
    first = day(start, "START")
    last = day(end, "--end") if end else None
    _correct(db, lambda store: store.redate(incident, first, last, level, why=why, who=who))  # type: ignore[arg-type]


@app.command("rescore")
def rescore_command(
    db: DbOption = None,
    as_json: JsonOption = False,
    index: IndexOption = None,
) -> None:
    """Score every ingested claim again with the current confidence model (audited).

    For a database made before claims had a learned confidence (or after the model changed):
    claims, places, dates and tolls stay as they are; each claim's confidence is computed
    again from its report's stored text, and incidents below the threshold become candidates.
    The audit trail keeps every previous confidence.
    """
    from geo.store.rescoring import rescore

    store = _open_store(db, False, create=False)
    try:
        gaz = _open_gazetteer(index)
        result = rescore(store, gazetteer=gaz)
    finally:
        store.close()
    if as_json:
        typer.echo(printable_json({**result.as_dict(), "db": str(store.path)}, indent=2))
        return
    skipped = (
        f"; {result.without_text} article(s) without text (imported) kept their scores"
        if result.without_text
        else ""
    )
    typer.echo(
        f"rescored {result.claims} claim(s) of {result.articles} article(s): "
        f"{result.changed} changed; incidents: {len(result.now_candidates)} now candidates, "
        f"{len(result.no_longer_candidates)} no longer candidates, {result.other_changes} "
        f"other confidence changes{skipped} ({printable(store.path)})"
    )


@app.command("audit")
def audit_command(
    incident: Annotated[str | None, typer.Argument(help="Only this incident.")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show the audit trail: every correction with when, who, what, why and the previous value."""
    with _open_store(db, False, readonly=True, create=False) as store:
        entries = store.audit(incident)
    if as_json:
        typer.echo(printable_json([e.as_dict() for e in entries], indent=2))
        return
    for e in entries:
        typer.echo(
            printable(f"{e.at}  {e.who}  {e.action}  {e.incident_id or ''}  why: {e.why}")
            + f"\n    now: {printable_json(e.what)}"
            + f"\n    was: {printable_json(e.previous)}"
        )


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; return the exit code instead of printing a traceback for bad input."""
    try:
        returned = app(args=argv, prog_name="strikemap", standalone_mode=False)
    except _EXIT as exc:
        code = getattr(exc, "exit_code", None)
        if code is None:
            code = exc.args[0] if exc.args else 0
        return int(code or 0)
    except _ABORT:
        _fail("aborted")
        return 130
    except _USAGE as exc:
        _fail(exc.format_message() if hasattr(exc, "format_message") else str(exc))
        return 2
    except StrikemapError as exc:
        _fail(str(exc))
        return 1
    except Exception as exc:  # a bug: one line that says so, not a traceback
        if _debugging():
            raise
        _fail(internal_error(exc))
        return 1
    # Without standalone mode, click returns the code of a typer.Exit instead of raising it.
    return returned if isinstance(returned, int) else 0


# Typer >= 0.22 carries its own copy of click; older versions raise click's exceptions.
_EXIT = (typer.Exit, click.exceptions.Exit)
_ABORT = (typer.Abort, click.exceptions.Abort)
_USAGE = (getattr(typer, "TyperException", click.ClickException), click.ClickException)


def _fail(message: str) -> None:
    one_line = " ".join(message.strip().splitlines())
    print(printable(f"strikemap: error: {one_line}"), file=sys.stderr)


def _debugging() -> bool:
    """Whether ``STRIKEMAP_DEBUG`` asks for the traceback of an internal error."""
    import os

    return os.environ.get("STRIKEMAP_DEBUG", "") not in ("", "0")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
