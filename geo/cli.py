"""The ``strikemap`` command line.

Errors caused by input print one line, ``strikemap: error: ...``, on stderr and exit with a
non-zero code (2 for a malformed command line, 1 otherwise); never a traceback.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import click
import typer

from geo import __version__

if TYPE_CHECKING:
    from gazetteer.search import Gazetteer
from geo.errors import StrikemapError

__all__ = ["app", "main"]

app = typer.Typer(
    name="strikemap",
    help="Offline geospatial workbench for mapping strikes from news reports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
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


@app.command("map")
def map_command(
    output: Annotated[Path, typer.Option("-o", "--output", help="HTML file to write.")],
    offline: Annotated[
        bool,
        typer.Option(
            "--offline",
            help="Inline Leaflet and use the shipped country outlines: the page makes no "
            "network request.",
        ),
    ] = False,
    dataset: Annotated[
        Path | None,
        typer.Option(
            "--dataset", help="Dataset JSON file (default: the embedded 2019 Libya case)."
        ),
    ] = None,
) -> None:
    """Render the strike map (strikes, bases, distances, uncertainty) to an HTML file."""
    from geo.dataset import load_dataset, load_default_dataset
    from geo.maps import build_incident_map, render_map_html

    if output.suffix.lower() not in {".html", ".htm"}:
        raise StrikemapError(f"--output must end in .html, got {str(output)!r}")
    data = load_default_dataset() if dataset is None else load_dataset(dataset)
    page = render_map_html(build_incident_map(data, offline=offline), offline=offline)
    try:
        output.write_text(page, encoding="utf-8")
    except OSError as exc:
        raise StrikemapError(f"cannot write {str(output)!r}: {exc.strerror or exc}") from None
    typer.echo(
        f"wrote {output} ({len(data.incidents)} strikes, {len(data.sites)} sites"
        f"{', offline' if offline else ''})"
    )


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
    print(f"strikemap: {message}", file=sys.stderr)


def _open_gazetteer(index: Path | None):  # noqa: ANN202 - lazy import keeps start-up fast
    from gazetteer.search import Gazetteer

    return Gazetteer.open(index, progress=_progress)


def _parse_point(text: str, option: str) -> tuple[float, float]:
    from geo.errors import InvalidQueryError
    from geo.model import validate_lat_lon

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
        typer.echo(json.dumps([c.as_dict() for c in found], ensure_ascii=False, indent=2))
    elif not found:
        typer.echo(f"no place found for {name!r}")
    else:
        for rank, c in enumerate(found, start=1):
            p = c.place
            where = ", ".join(x for x in (p.admin1, p.country_code) if x)
            typer.echo(
                f"{rank}. {p.name} ({where}) {p.kind.value} {p.lat:.4f},{p.lon:.4f} "
                f"score {c.score:.3f} [{p.id}]\n   {c.reason}"
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
    from geo.errors import InvalidQueryError
    from geo.model import validate_lat_lon

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
        typer.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        typer.echo(result.description)


def _read_text(source: str) -> str:
    from geo.errors import InvalidQueryError

    try:
        data = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    except OSError as exc:
        raise InvalidQueryError(f"cannot read {source!r}: {exc.strerror or exc}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        where = "standard input" if source == "-" else repr(source)
        raise InvalidQueryError(
            f"{where} is not valid UTF-8 (byte {exc.start}: {data[exc.start : exc.start + 1]!r}); "
            "convert it to UTF-8 first"
        ) from None


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
    from gazetteer.toponyms import find_toponyms
    from geo.errors import InvalidQueryError

    if (source is None) == (jsonl is None):
        raise InvalidQueryError("give one text FILE (or -), or --jsonl FILE for a batch")
    gaz = _open_gazetteer(index)
    if jsonl is not None:
        failed = _toponyms_batch(jsonl, gaz, country)
        if failed:
            raise typer.Exit(1)
        return
    assert source is not None
    matches = find_toponyms(_read_text(source), gazetteer=gaz, publication_country=country)
    if as_json:
        typer.echo(json.dumps([m.as_dict() for m in matches], ensure_ascii=False, indent=2))
        return
    for m in matches:
        where = "unresolved"
        if m.place is not None:
            p = m.place
            where = f"{p.name}, {p.country_code} ({p.kind.value}) {p.lat:.4f},{p.lon:.4f}"
        typer.echo(f"{m.start}-{m.end}\t{m.text}\t{where}\t{m.confidence:.2f}\t{m.reason}")


def _toponyms_batch(path: Path, gaz: Gazetteer, country: str | None) -> int:
    """Geoparse a JSON-lines file; report bad lines by number; return how many failed."""
    from gazetteer.toponyms import find_toponyms, resolve_toponyms
    from geo.errors import InvalidQueryError

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
                item = json.loads(raw.decode("utf-8"))
                if not isinstance(item, dict) or not isinstance(item.get("text"), str):
                    raise InvalidQueryError('expected an object with a "text" string')
                spans = item.get("spans")
                if spans is None:
                    found = find_toponyms(item["text"], gazetteer=gaz, publication_country=country)
                else:
                    if not isinstance(spans, list):
                        raise InvalidQueryError('"spans" must be a list of [start, end] pairs')
                    found = resolve_toponyms(
                        item["text"], spans, gazetteer=gaz, publication_country=country
                    )
            except (UnicodeDecodeError, ValueError) as exc:
                failed += 1
                message = " ".join(str(exc).split())
                print(f"strikemap: error: {path.name}:{number}: {message}", file=sys.stderr)
                continue
            out = {"id": item.get("id"), "toponyms": [m.as_dict() for m in found]}
            typer.echo(json.dumps(out, ensure_ascii=False))
            done += 1
            if done % 500 == 0:
                print(f"strikemap: {done:,} documents geoparsed", file=sys.stderr)
    if done >= 500 or failed:
        print(f"strikemap: {done:,} documents geoparsed, {failed:,} failed", file=sys.stderr)
    return failed


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
        f"built {report.path} in {report.seconds:.0f} s: {report.places:,} places "
        f"({by_source}), {report.names:,} name keys"
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
    # Without standalone mode, click returns the code of a typer.Exit instead of raising it.
    return returned if isinstance(returned, int) else 0


# Typer >= 0.22 carries its own copy of click; older versions raise click's exceptions.
_EXIT = (typer.Exit, click.exceptions.Exit)
_ABORT = (typer.Abort, click.exceptions.Abort)
_USAGE = (getattr(typer, "TyperException", click.ClickException), click.ClickException)


def _fail(message: str) -> None:
    one_line = " ".join(message.strip().splitlines())
    print(f"strikemap: error: {one_line}", file=sys.stderr)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
