"""Maintainer tooling: makes the data files under data/ from their sources. Not shipped.

Run from the repository root: ``python -m tools.derive``, ``python -m tools.basemap``.
"""
