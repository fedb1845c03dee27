"""Where the files shipped with strikemap are: one accessor over :mod:`importlib.resources`.

The repository's ``data/`` folder is installed as the package ``strikemap_data`` (see
``pyproject.toml``), in the wheel and in the editable install alike. Runtime code finds every
shipped file through :func:`data_path`, never by a path relative to its own source file, so
an installed strikemap works from any working directory.
"""

from __future__ import annotations

import importlib.resources
from pathlib import Path

from gazetteer.errors import DataError

__all__ = ["DATA_PACKAGE", "data_path"]

DATA_PACKAGE = "strikemap_data"


def data_path(*parts: str) -> Path:
    """Path of a file or folder shipped in strikemap's data package.

    Parameters
    ----------
    *parts : str
        Path components below ``data/``, e.g. ``("gazetteer", "curated.csv")``. The file need
        not exist: callers check and say what is missing.

    Returns
    -------
    pathlib.Path
        An absolute path on the file system.

    Raises
    ------
    DataError
        If the data package is not installed, or is installed inside an archive rather than
        as files.

    Examples
    --------
    >>> data_path("default", "libya_2019.json").is_file()
    True
    >>> data_path("gazetteer", "curated.csv").parts[-2:]
    ('gazetteer', 'curated.csv')
    """
    try:
        root = importlib.resources.files(DATA_PACKAGE)
    except ModuleNotFoundError:
        raise DataError(
            f"strikemap's data package {DATA_PACKAGE!r} is not installed; "
            "install strikemap (`make install`, or `pip install` a strikemap wheel)"
        ) from None
    if not isinstance(root, Path):
        raise DataError(
            f"strikemap's data package {DATA_PACKAGE!r} is at {str(root)!r}, not a folder; "
            "install strikemap from its wheel or source (not as a zip archive)"
        )
    return root.joinpath(*parts)
