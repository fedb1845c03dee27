"""Fixtures shared by the gazetteer tests."""

import pytest

from gazetteer.errors import DataError, StrikemapError


@pytest.fixture
def data_error(tmp_path):
    """Write a data file, read it, and return the DataError's message after "<path>: ".

    ``data_error(name, content, read)`` writes ``content`` to ``tmp_path / name``, calls
    ``read(path)`` and checks that it raises a DataError (a StrikemapError and a ValueError)
    whose message starts with the file's resolved path.
    """

    def read_bad(name, content, read):
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        with pytest.raises(DataError) as info:
            read(path)
        assert isinstance(info.value, StrikemapError) and isinstance(info.value, ValueError)
        prefix = f"{path.resolve()}: "
        assert str(info.value).startswith(prefix), str(info.value)
        return str(info.value)[len(prefix) :]

    return read_bad
