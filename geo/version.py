"""strikemap's version, as installed: ``pyproject.toml`` is its one source.

Read from the package metadata when first asked for (``geo.__version__``), so that starting
the command line does not pay for :mod:`importlib.metadata`.
"""

from importlib.metadata import version

__all__ = ["__version__"]

__version__ = version("strikemap")
