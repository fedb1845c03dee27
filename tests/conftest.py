import json
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from geo import load_default_dataset

# Property-based tests (tests/test_properties.py): `make test` runs the bounded "strikemap"
# profile; `make fuzz` selects "fuzz" (10,000 documents per test, 50,000 in all).
_SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]
settings.register_profile(
    "strikemap",
    max_examples=120,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=_SLOW_OK,
)
settings.register_profile(
    "fuzz",
    max_examples=10_000,
    deadline=None,
    database=None,
    print_blob=True,
    report_multiple_bugs=True,
    suppress_health_check=_SLOW_OK,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "strikemap"))

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def dataset():
    return load_default_dataset()


@pytest.fixture
def raw_dataset():
    """The default dataset as a JSON-like dict, to be altered by a test."""
    return json.loads((ROOT / "data" / "default" / "libya_2019.json").read_text("utf-8"))


@pytest.fixture
def write_dataset(tmp_path):
    def write(raw, name="dataset.json"):
        path = tmp_path / name
        path.write_text(json.dumps(raw), encoding="utf-8")
        return path

    return write


@pytest.fixture
def no_assets(tmp_path, monkeypatch):
    """Point the asset lookup at an empty folder."""
    empty = tmp_path / "no-assets"
    empty.mkdir()
    monkeypatch.setenv("STRIKEMAP_ASSETS_DIR", str(empty))
    return empty


@pytest.fixture
def copied_assets(tmp_path, monkeypatch):
    """A private copy of the installed assets that a test may damage."""
    from geo.maps.assets import assets_dir

    copy = tmp_path / "node_modules"
    shutil.copytree(assets_dir(), copy)
    monkeypatch.setenv("STRIKEMAP_ASSETS_DIR", str(copy))
    return copy


@pytest.fixture(scope="session")
def gazetteer_index(tmp_path_factory):
    """One real index for the whole session, built from the shipped sources (~1 minute)."""
    import os
    import warnings

    from gazetteer.index import IndexState, build_index, inspect_index

    reuse = os.environ.get("STRIKEMAP_TEST_GAZETTEER")  # developers: skip the rebuild
    if reuse and inspect_index(reuse).state is not IndexState.CURRENT:
        # built from older shipped data (or schema): the tests would see stale places
        warnings.warn(
            f"STRIKEMAP_TEST_GAZETTEER={reuse} is outdated; building a new index", stacklevel=2
        )
        reuse = None
    if reuse:
        path = Path(reuse)
    else:
        path = tmp_path_factory.mktemp("gazetteer") / "gazetteer.sqlite"
        build_index(path)
    previous = os.environ.get("STRIKEMAP_GAZETTEER")
    os.environ["STRIKEMAP_GAZETTEER"] = str(path)
    yield path
    if previous is None:
        os.environ.pop("STRIKEMAP_GAZETTEER", None)
    else:
        os.environ["STRIKEMAP_GAZETTEER"] = previous


@pytest.fixture(scope="session")
def gaz(gazetteer_index):
    from gazetteer.search import Gazetteer

    with Gazetteer(gazetteer_index) as opened:
        yield opened


@pytest.fixture(scope="session", autouse=True)
def _private_incident_db(tmp_path_factory):
    """Tests never touch the user's own incident database."""
    import os

    previous = os.environ.get("STRIKEMAP_DB")
    os.environ["STRIKEMAP_DB"] = str(tmp_path_factory.mktemp("db") / "incidents.sqlite")
    yield
    if previous is None:
        os.environ.pop("STRIKEMAP_DB", None)
    else:
        os.environ["STRIKEMAP_DB"] = previous
