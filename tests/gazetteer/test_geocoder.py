import geopandas
import pytest
from geopy.exc import GeocoderQueryError
from geopy.extra.rate_limiter import RateLimiter
from geopy.location import Location

from gazetteer.geocoder import GazetteerGeocoder
from geo import InvalidQueryError


@pytest.fixture(scope="module")
def geocoder(gaz):
    return GazetteerGeocoder(gaz)


def test_geocode_returns_a_geopy_location(geocoder):
    loc = geocoder.geocode("Derna")
    assert isinstance(loc, Location)
    assert (loc.latitude, loc.longitude) == pytest.approx((32.767, 22.637), abs=0.05)
    assert loc.raw["country_code"] == "LY" and loc.raw["kind"] == "city"
    assert loc.raw["reason"]
    assert geocoder.geocode("Qwxzyvplk") is None


def test_geocode_many_and_country_codes(geocoder):
    many = geocoder.geocode("Tripoli", exactly_one=False, limit=3)
    assert len(many) == 3 and many[0].raw["country_code"] == "LY"
    lebanon = geocoder.geocode("Tripoli", country_codes=["lb"])
    assert lebanon.raw["country_code"] == "LB"


def test_bad_query_is_an_error_not_an_empty_result(geocoder):
    with pytest.raises(GeocoderQueryError) as info:
        geocoder.geocode("  ")
    assert isinstance(info.value, InvalidQueryError) and isinstance(info.value, ValueError)
    assert str(info.value) == "name must not be empty, got '  '"


def test_reverse(geocoder):
    loc = geocoder.reverse((25.9, 13.9))
    assert "Murzu" in loc.address and loc.address.endswith("Libya")
    assert loc.raw["country"]["country_code"] == "LY"
    assert geocoder.reverse("0, -30") is None
    with pytest.warns(UserWarning, match="Latitude normalization"):
        with pytest.raises(GeocoderQueryError, match="Latitude"):
            geocoder.reverse((95, 0))


def test_works_as_a_geopandas_provider(gazetteer_index):
    frame = geopandas.tools.geocode(
        ["Darnah", "Sirte", "Agadez, Niger"], provider=GazetteerGeocoder, index_path=gazetteer_index
    )
    assert list(frame.geometry.y.round(1)) == [32.8, 31.2, 17.0]
    assert list(frame.geometry.x.round(1)) == [22.6, 16.6, 8.0]
    assert frame.crs.to_epsg() == 4326


def test_works_under_rate_limiter(geocoder):
    limited = RateLimiter(geocoder.geocode, min_delay_seconds=0, max_retries=0)
    assert limited("Sebha").raw["country_code"] == "LY"
