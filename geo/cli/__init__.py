"""The ``strikemap`` command line (:mod:`geo.cli.commands`); ``main`` is its entry point."""

from geo.cli.commands import main

__all__ = ["main"]
