"""The ``strikemap`` command line.

Errors caused by input print one line, ``strikemap: error: ...``, on stderr and exit with a
non-zero code (2 for a malformed command line, 1 otherwise); never a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import click
import typer

from geo import __version__
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


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; return the exit code instead of printing a traceback for bad input."""
    try:
        app(args=argv, prog_name="strikemap", standalone_mode=False)
    except _EXIT as exc:
        return int(getattr(exc, "exit_code", 0) or 0)
    except _ABORT:
        _fail("aborted")
        return 130
    except _USAGE as exc:
        _fail(exc.format_message() if hasattr(exc, "format_message") else str(exc))
        return 2
    except StrikemapError as exc:
        _fail(str(exc))
        return 1
    return 0


# Typer >= 0.22 carries its own copy of click; older versions raise click's exceptions.
_EXIT = (typer.Exit, click.exceptions.Exit)
_ABORT = (typer.Abort, click.exceptions.Abort)
_USAGE = (getattr(typer, "TyperException", click.ClickException), click.ClickException)


def _fail(message: str) -> None:
    print(f"strikemap: error: {' '.join(message.split())}", file=sys.stderr)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
