"""strikemap's shipped data, installed as the package ``strikemap_data``.

This folder is the repository's ``data/``; ``pyproject.toml`` maps it to the importable name
``strikemap_data`` so that the wheel carries its files and :mod:`gazetteer.resources` finds
them with :mod:`importlib.resources`, from a checkout and from an installed wheel alike.
What each file is, and its licence: ``README.md`` here and in ``gazetteer/``.
"""
