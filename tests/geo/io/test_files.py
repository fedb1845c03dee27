"""Atomic output files: a failed write leaves the previous file as it was, and no debris."""

import errno
import os
import resource
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

import geo.io.files
from geo.cli import main
from geo.io.files import write_atomic

OLD = "<p>the map written yesterday</p>"


def _disk_full(*args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_write_atomic_creates_and_replaces(tmp_path):
    target = tmp_path / "map.html"
    assert write_atomic(target, "first ¦ text") == target
    assert target.read_text("utf-8") == "first ¦ text"
    assert write_atomic(str(target), b"\x00second") == target
    assert target.read_bytes() == b"\x00second"
    assert os.listdir(tmp_path) == ["map.html"]


def test_write_atomic_keeps_the_mode_of_a_replaced_file(tmp_path):
    target = tmp_path / "map.html"
    target.write_text(OLD, encoding="utf-8")
    target.chmod(0o640)
    write_atomic(target, "new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    fresh = write_atomic(tmp_path / "fresh.html", "new")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~umask


@pytest.mark.parametrize("step", ["write", "fsync", "replace"])
def test_failed_write_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch, step):
    target = tmp_path / "map.html"
    target.write_text(OLD, encoding="utf-8")
    monkeypatch.setattr(geo.io.files.os, step, _disk_full)
    with pytest.raises(OSError, match="No space left on device") as info:
        write_atomic(target, "x" * 100_000)
    assert info.value.errno == errno.ENOSPC
    monkeypatch.undo()
    assert target.read_text("utf-8") == OLD
    assert os.listdir(tmp_path) == ["map.html"]


def test_failed_write_of_a_new_file_leaves_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(geo.io.files.os, "write", _disk_full)
    with pytest.raises(OSError):
        write_atomic(tmp_path / "map.html", "data")
    monkeypatch.undo()
    assert os.listdir(tmp_path) == []


def test_map_on_a_full_disk_keeps_the_previous_map(tmp_path, monkeypatch, capsys):
    out = tmp_path / "m.html"
    out.write_text(OLD, encoding="utf-8")
    monkeypatch.setattr(geo.io.files.os, "write", _disk_full)
    assert main(["map", "-o", str(out), "--offline"]) == 1
    monkeypatch.undo()
    captured = capsys.readouterr()
    assert captured.err == f"strikemap: error: cannot write {str(out)!r}: No space left on device\n"
    assert captured.out == ""
    assert out.read_text("utf-8") == OLD
    assert os.listdir(tmp_path) == ["m.html"]


def _limit_file_size():  # runs in the child, before exec
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, resource.RLIM_INFINITY))


def test_map_past_a_real_file_size_limit_keeps_the_previous_map(tmp_path):
    """The kernel refuses the write part-way (as on a full disk): no half-written map."""
    out = tmp_path / "m.html"
    out.write_text(OLD, encoding="utf-8")
    exe = Path(sys.executable).parent / "strikemap"
    result = subprocess.run(
        [str(exe), "map", "-o", str(out), "--offline"],
        capture_output=True,
        text=True,
        preexec_fn=_limit_file_size,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr == f"strikemap: error: cannot write {str(out)!r}: File too large\n"
    assert out.read_text("utf-8") == OLD
    assert os.listdir(tmp_path) == ["m.html"]


def test_save_incident_map_is_atomic(dataset, tmp_path, monkeypatch):
    from geo.maps.render import save_incident_map

    out = tmp_path / "m.html"
    assert save_incident_map(dataset, out, offline=True) == out
    first = out.read_text("utf-8")
    assert first.startswith("<!DOCTYPE html>")
    monkeypatch.setattr(geo.io.files.os, "fsync", _disk_full)
    with pytest.raises(OSError, match="No space left on device"):
        save_incident_map(dataset, out, offline=True)
    monkeypatch.undo()
    assert out.read_text("utf-8") == first
    assert os.listdir(tmp_path) == ["m.html"]


# --- files GDAL writes itself (the GeoPackage export) ----------------------------------------


def test_atomic_target_replaces_and_keeps_the_mode(tmp_path):
    from geo.io.files import atomic_target

    target = tmp_path / "out.gpkg"
    target.write_bytes(b"old")
    target.chmod(0o640)
    with atomic_target(target) as tmp:
        assert tmp.parent == tmp_path and tmp.name.endswith(".tmp.gpkg")
        assert not tmp.exists()
        tmp.write_bytes(b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert os.listdir(tmp_path) == ["out.gpkg"]


@pytest.mark.parametrize("how", ["raises", "writes nothing", "fsync fails"])
def test_a_failed_atomic_target_leaves_the_old_file(how, tmp_path, monkeypatch):
    from geo.io.files import atomic_target

    target = tmp_path / "out.gpkg"
    target.write_bytes(b"old")
    with pytest.raises(OSError):
        with atomic_target(target) as tmp:
            if how == "fsync fails":
                monkeypatch.setattr(geo.io.files.os, "fsync", _disk_full)
            if how != "writes nothing":
                tmp.write_bytes(b"half")
            if how == "raises":
                raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.undo()
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["out.gpkg"]


def test_a_geopackage_export_is_written_in_place_atomically(dataset, tmp_path, monkeypatch):
    import pyogrio
    from pyogrio.errors import DataSourceError

    from gazetteer.errors import StrikemapError
    from geo.io.export import collect_from_dataset, export_incidents, render_export

    data = collect_from_dataset(dataset)
    target = tmp_path / "case.gpkg"
    result = export_incidents(data, target)
    assert target.read_bytes() == render_export(data, "gpkg")  # the same bytes as in memory
    assert result.bytes == target.stat().st_size
    before = target.read_bytes()

    def gdal_fails(*args, **kwargs):
        raise DataSourceError("sqlite3_exec(...) failed: database or disk is full")

    monkeypatch.setattr(pyogrio, "write_dataframe", gdal_fails)
    with pytest.raises(StrikemapError, match=r"^cannot write '.*case\.gpkg': sqlite3_exec"):
        export_incidents(data, target)
    monkeypatch.undo()
    assert target.read_bytes() == before
    assert os.listdir(tmp_path) == ["case.gpkg"]
    with pytest.raises(
        StrikemapError, match=r"^cannot write '.*x\.gpkg': No such file or directory$"
    ):
        export_incidents(data, tmp_path / "missing" / "x.gpkg")
