import pytest
from geopy.distance import geodesic

from geo import InvalidCoordinatesError, geodesic_distance, geodesic_path_latlon, nearest

TRIPOLI = (32.88743, 13.18733)
MURZUQ = (25.91552, 13.91839)
NIAMEY_AB101 = (13.4815, 2.18361)


def test_murzuq_is_not_600_miles_from_tripoli():
    d = geodesic_distance(TRIPOLI, MURZUQ)
    assert d.km == pytest.approx(776, abs=1)
    assert d.miles == pytest.approx(482, abs=1)
    assert d.nautical_miles == pytest.approx(419, abs=1)
    assert 170 < d.bearing_deg < 180  # almost due south
    assert d.label() == "776 km (482 mi)"


@pytest.mark.parametrize("b", [MURZUQ, NIAMEY_AB101, (37.4017, 14.9224), (-33.9, 151.2)])
def test_agrees_with_geopy(b):
    assert geodesic_distance(TRIPOLI, b).km == pytest.approx(geodesic(TRIPOLI, b).km, rel=1e-9)


def test_path_follows_the_geodesic():
    path = geodesic_path_latlon(TRIPOLI, MURZUQ, segments=10)
    assert len(path) == 11
    assert path[0] == TRIPOLI and path[-1] == MURZUQ
    legs = sum(geodesic_distance(a, b).km for a, b in zip(path, path[1:], strict=False))
    assert legs == pytest.approx(776, abs=1)


def test_nearest():
    found = nearest(MURZUQ, [("tripoli", TRIPOLI), ("niamey", NIAMEY_AB101)])
    assert found[0] == "tripoli" and found[1].km == pytest.approx(776, abs=1)
    assert nearest(MURZUQ, []) is None


def test_bad_points():
    with pytest.raises(
        InvalidCoordinatesError,
        match=r"^second point: latitude must be between -90 and 90, got 95$",
    ):
        geodesic_distance(TRIPOLI, (95, 0))
