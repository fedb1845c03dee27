"""A package's public names, imported when first used: quick to import, typed for mypy.

A package ``__init__`` lists its public names once, as imports under ``if TYPE_CHECKING:``
(so mypy and editors see each name's real type), and lets :func:`lazy_exports` import them
when a name is first looked up (PEP 562 module ``__getattr__``). ``import geo.cli`` then does
not load geopandas, folium or matplotlib for a command that needs none of them, and
``strikemap --help`` starts in a fraction of the time.

Examples
--------
In ``pkg/__init__.py``::

    from typing import TYPE_CHECKING

    from gazetteer.exports import lazy_exports

    if TYPE_CHECKING:
        from pkg.heavy import Thing

    __all__ = ["Thing"]
    __getattr__, __dir__ = lazy_exports(__name__, __file__, __all__)
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(
    package: str, source_file: str, names: Sequence[str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """A module ``__getattr__`` and ``__dir__`` that import the public names on first use.

    Parameters
    ----------
    package : str
        The package's ``__name__``.
    source_file : str
        Its ``__file__``: the ``from module import name`` statements inside its top-level
        ``if TYPE_CHECKING:`` block say where each name lives.
    names : sequence of str
        Its ``__all__``. Each name must be imported in that block (or be defined in the
        package itself).

    Returns
    -------
    tuple
        ``(__getattr__, __dir__)`` for the package. A name, once imported, is stored in the
        package's namespace, so later lookups are plain attribute reads.

    Raises
    ------
    ImportError
        If a name of `names` that the package does not define is imported nowhere in the
        block (checked at once, so a stale ``__all__`` fails at import time).
    """
    where = _typing_imports(Path(source_file))
    namespace = vars(sys.modules[package])
    missing = [n for n in names if n not in where and n not in namespace]
    if missing:
        raise ImportError(
            f"{package}.__all__ names {missing!r}, which its `if TYPE_CHECKING:` block does not "
            "import; import them there"
        )

    def __getattr__(name: str) -> Any:  # noqa: N807 - the PEP 562 hook's name
        found = where.get(name)
        if found is None:
            # a submodule not imported yet (``gazetteer.lexicon`` after ``import gazetteer``)
            if not name.startswith("_") and importlib.util.find_spec(f"{package}.{name}"):
                return importlib.import_module(f"{package}.{name}")
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module, original = found
        value = getattr(importlib.import_module(module), original)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:  # noqa: N807 - the PEP 562 hook's name
        return sorted({*namespace, *names})

    return __getattr__, __dir__


def _typing_imports(path: Path) -> dict[str, tuple[str, str]]:
    """Where each name imported in the top-level ``if TYPE_CHECKING:`` block comes from.

    ``{name: (module, name in module)}`` for each ``from module import name [as name]``.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    out: dict[str, tuple[str, str]] = {}
    for node in tree.body:
        if not (isinstance(node, ast.If) and _is_type_checking(node.test)):
            continue
        for statement in node.body:
            if isinstance(statement, ast.ImportFrom) and statement.module and not statement.level:
                for alias in statement.names:
                    out[alias.asname or alias.name] = (statement.module, alias.name)
    return out


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )
