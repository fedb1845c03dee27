"""Writing output files safely: a reader sees the old file or the new one, never half of one.

Every file strikemap writes for a user (maps, exports) goes through :func:`write_atomic`
(or, for a file GDAL writes itself, :func:`atomic_target`): the data goes to a temporary file
in the same folder, is flushed to disk, and only then renamed over the target. A full disk,
a kill or any other failure part-way leaves the previous file as it was and no temporary
file behind.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path

from gazetteer.errors import DataError

__all__ = ["atomic_target", "read_input", "write_atomic"]


def read_input(path: Path, label: str, *, folder_hint: str = "", unreadable: str = "") -> bytes:
    """The bytes of an input file, or a ``DataError`` that says why they cannot be read.

    ``label`` names the file in the messages ("dataset file 'x.json' does not exist"),
    ``folder_hint`` follows "is a folder", and ``unreadable`` names the file in "cannot read
    ..." (default: ``label``).
    """
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise DataError(f"{label} does not exist") from None
    except IsADirectoryError:
        raise DataError(f"{label} is a folder{folder_hint}") from None
    except OSError as exc:
        raise DataError(f"cannot read {unreadable or label}: {exc.strerror or exc}") from None


def write_atomic(path: str | os.PathLike[str], data: str | bytes) -> Path:
    """Write ``data`` to ``path`` atomically; return the path written.

    Parameters
    ----------
    path
        The file to create or replace. Its folder must exist.
    data
        The whole content: ``str`` is written as UTF-8, ``bytes`` as they are.

    Returns
    -------
    Path
        ``path`` as a :class:`~pathlib.Path`.

    Raises
    ------
    OSError
        The folder is missing or not writable, the disk is full, ... The previous file at
        ``path`` (if any) is left untouched and no temporary file remains.

    Notes
    -----
    A new file gets the usual permissions (``0o666`` less the umask); a replaced file keeps
    its own. The temporary file is named ``.<name>.<random>.tmp`` beside the target, so the
    final :func:`os.replace` is a rename within one filesystem.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> write_atomic(folder / "map.html", "<p>new</p>").read_text(encoding="utf-8")
    '<p>new</p>'
    >>> sorted(p.name for p in folder.iterdir())
    ['map.html']
    """
    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    with _replacing(tmp, target):
        try:
            if hasattr(os, "fchmod"):  # a replaced file keeps its permissions
                with contextlib.suppress(FileNotFoundError):
                    os.fchmod(fd, stat.S_IMODE(os.stat(target).st_mode))
            view = memoryview(payload)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
    return target


@contextlib.contextmanager
def atomic_target(path: str | os.PathLike[str]) -> Iterator[Path]:
    """A temporary path beside ``path`` for a writer that makes its own file (GDAL).

    The ``with`` block writes the whole file at the path it is given; on leaving the block the
    file is flushed to disk and renamed over ``path`` (a replaced file keeps its
    permissions). If the block fails, or writes nothing, the previous file at ``path`` is
    left as it was and no temporary file remains. The temporary name keeps the ending
    (``.<stem>.<random>.tmp.gpkg``), for writers that look at it.

    Raises
    ------
    OSError
        The folder is missing or not writable (before the block runs), the disk is full ...

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> with atomic_target(folder / "out.gpkg") as tmp:
    ...     _ = tmp.write_bytes(b"SQLite format 3")
    >>> sorted(p.name for p in folder.iterdir()), (folder / "out.gpkg").read_bytes()
    (['out.gpkg'], b'SQLite format 3')
    """
    target = Path(path)
    tmp = target.with_name(f".{target.stem}.{secrets.token_hex(6)}.tmp{target.suffix}")
    # make and remove the name first: a missing or read-only folder is a plain OSError here
    os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    os.unlink(tmp)
    with _replacing(tmp, target):
        yield tmp
        fd = os.open(tmp, os.O_RDONLY)  # FileNotFoundError if the block wrote nothing
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        with contextlib.suppress(FileNotFoundError):
            os.chmod(tmp, stat.S_IMODE(os.stat(target).st_mode))


@contextlib.contextmanager
def _replacing(tmp: Path, target: Path) -> Iterator[None]:
    """Rename ``tmp`` over ``target`` when the block is done, then flush the folder.

    If the block (or the rename) fails, ``tmp`` is removed and ``target`` left as it was.
    """
    try:
        yield
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _sync_folder(target.parent)


def _sync_folder(folder: Path) -> None:
    """Flush a folder's entry list, so the rename itself survives a power cut (POSIX)."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
