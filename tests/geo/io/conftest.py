"""Fixtures shared by the export and import tests."""

import pytest

from tests.geo.io.helpers import rich_db


@pytest.fixture(scope="module")
def rich(tmp_path_factory):
    """The database of :func:`~tests.geo.io.helpers.rich_db`, one per test module."""
    store = rich_db(tmp_path_factory.mktemp("rich") / "rich.sqlite")
    yield store
    store.close()
