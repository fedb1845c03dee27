import itertools

import numpy as np
import pytest
import shapely
from pyproj import Geod

from geo.maps.areas import (
    WkbColumn,
    geodesic_lines,
    geodesic_lines_wkb,
    points_wkb,
    uncertainty_areas,
    uncertainty_areas_wkb,
)

GEOD = Geod(ellps="WGS84")


def parts(geom):
    return list(getattr(geom, "geoms", [geom]))


def geodesic_area_km2(geom):
    return sum(abs(GEOD.geometry_area_perimeter(p)[0]) for p in parts(geom)) / 1e6


def assert_rfc7946(geom):
    """Valid, within -180..180, exterior rings counterclockwise and holes clockwise."""
    assert geom.is_valid
    west, south, east, north = geom.bounds
    assert -180.0 <= west <= east <= 180.0 and -90.0 <= south <= north <= 90.0
    for polygon in parts(geom):
        assert shapely.is_ccw(polygon.exterior)
        assert not any(shapely.is_ccw(hole) for hole in polygon.interiors)


def test_a_circle_is_geodesic_around_its_point():
    (area,) = uncertainty_areas([25.91552], [13.91839], [25.0])
    assert area.geom_type == "Polygon"
    assert_rfc7946(area)
    lon, lat = np.array(area.exterior.coords).T
    _, _, metres = GEOD.inv(np.full(len(lon), 13.91839), np.full(len(lon), 25.91552), lon, lat)
    assert np.allclose(metres / 1000.0, 25.0, atol=1e-6)
    assert len(lon) == 65  # 64 vertices and the closing one
    assert geodesic_area_km2(area) == pytest.approx(np.pi * 25.0**2, rel=0.005)


def test_a_circle_across_the_antimeridian_is_cut_there():
    (area,) = uncertainty_areas([-17.8], [179.9], [100.0])
    assert area.geom_type == "MultiPolygon"
    assert len(area.geoms) == 2
    assert_rfc7946(area)
    west, east = sorted(area.geoms, key=lambda p: p.bounds[0])
    assert west.bounds[0] == -180.0 and east.bounds[2] == 180.0
    # the two parts meet along the antimeridian over the same latitudes
    edge_west = sorted(y for x, y in west.exterior.coords if x == -180.0)
    edge_east = sorted(y for x, y in east.exterior.coords if x == 180.0)
    assert edge_west[0] == pytest.approx(edge_east[0]) and edge_west[-1] == pytest.approx(
        edge_east[-1]
    )
    # and make up the whole circle
    assert geodesic_area_km2(area) == pytest.approx(np.pi * 100.0**2, rel=0.005)
    assert area.contains(shapely.Point(179.95, -17.8))
    assert area.contains(shapely.Point(-179.9, -17.8))
    assert not area.contains(shapely.Point(0.0, -17.8))


@pytest.mark.parametrize(("lat", "pole"), [(89.0, 90.0), (-89.0, -90.0)])
def test_a_circle_around_a_pole_reaches_it(lat, pole):
    (area,) = uncertainty_areas([lat], [30.0], [300.0])
    assert area.geom_type == "Polygon"
    assert_rfc7946(area)
    assert area.bounds[0] == -180.0 and area.bounds[2] == 180.0
    assert pole in (area.bounds[1], area.bounds[3])
    assert area.covers(shapely.Point(-150.0, pole * 0.999))  # across the pole from the centre
    assert geodesic_area_km2(area) == pytest.approx(np.pi * 300.0**2, rel=0.01)


def test_a_circle_around_both_poles_is_the_world_less_a_hole_at_the_antipode():
    (area,) = uncertainty_areas([10.0], [100.0], [15_000.0])
    assert area.geom_type == "Polygon"
    assert_rfc7946(area)
    assert len(area.interiors) == 1
    assert area.contains(shapely.Point(100.0, 10.0))  # the centre
    assert not area.contains(shapely.Point(-80.0, -10.0))  # the antipode
    assert area.contains(shapely.Point(0.0, 89.9)) and area.contains(shapely.Point(0.0, -89.9))
    # the hole is the cap around the antipode left uncovered (about 5,004 km across)
    hole = shapely.Polygon(area.interiors[0])
    radius = 6371.0088  # km, the mean Earth radius: a spherical cap's area, to 1 %
    cap = 2 * np.pi * radius**2 * (1 - np.cos((20_003.93 - 15_000.0) / radius))
    assert geodesic_area_km2(hole) == pytest.approx(cap, rel=0.01)
    # a hole across the antimeridian is cut there too: the polygon reaches round it
    (cut,) = uncertainty_areas([10.0], [20.0], [15_000.0])
    assert_rfc7946(cut)
    assert not cut.contains(shapely.Point(-160.0, -10.0))  # the antipode
    assert cut.contains(shapely.Point(20.0, 10.0))


def test_many_circles_in_one_call_match_one_by_one():
    lats, lons, radii = [25.9, -17.8, 0.0, 60.0], [13.9, 179.9, -179.95, 100.0], [5.0, 100, 50, 600]
    together = uncertainty_areas(lats, lons, radii)
    alone = [uncertainty_areas([a], [b], [r])[0] for a, b, r in zip(lats, lons, radii, strict=True)]
    assert [g.wkt for g in together] == [g.wkt for g in alone]
    assert [g.geom_type for g in together] == ["Polygon", "MultiPolygon", "MultiPolygon", "Polygon"]
    assert uncertainty_areas([], [], []) == []


def test_a_line_across_the_antimeridian_is_cut_there():
    (line,) = geodesic_lines([(-17.8, 178.0)], [(-14.3, -170.7)])
    assert line.geom_type == "MultiLineString"
    first, second = line.geoms
    assert first.coords[0] == (178.0, -17.8)  # the start's side first
    assert second.coords[-1] == pytest.approx((-170.7, -14.3))
    assert first.coords[-1][0] == 180.0 and second.coords[0][0] == -180.0
    assert first.coords[-1][1] == pytest.approx(second.coords[0][1])
    length = sum(GEOD.geometry_length(g) for g in line.geoms) / 1000.0
    expected = GEOD.inv(178.0, -17.8, -170.7, -14.3)[2] / 1000.0
    assert length == pytest.approx(expected, rel=0.001)


def test_a_line_is_the_geodesic():
    (line,) = geodesic_lines([(25.91552, 13.91839)], [(13.48, 2.17)], segments=16)
    assert line.geom_type == "LineString"
    assert len(line.coords) == 17
    assert line.coords[0] == (13.91839, 25.91552) and line.coords[-1] == (2.17, 13.48)
    lon, lat = np.array(line.coords).T
    # every vertex lies on the geodesic: the distances via it add up
    total = GEOD.inv(13.91839, 25.91552, 2.17, 13.48)[2]
    for x, y in zip(lon[1:-1], lat[1:-1], strict=True):
        via = GEOD.inv(13.91839, 25.91552, x, y)[2] + GEOD.inv(x, y, 2.17, 13.48)[2]
        assert via == pytest.approx(total, abs=1.0)


def test_mirrored_circles_are_pyprojs_own_vertices():
    # half of each ring is computed, the other half mirrored across the centre's meridian,
    # once per latitude and radius: every vertex must still be the direct geodesic
    # problem's answer, anywhere on the globe
    from geo.maps.areas import CIRCLE_VERTICES, _circle_rings

    rng = np.random.default_rng(13)
    n = 2_000
    lat = np.concatenate([rng.uniform(-89.99, 89.99, n), [0.0, 89.5, -89.5, 10.0]])
    lon = np.concatenate([rng.uniform(-180.0, 180.0, n), [179.99, -180.0, 180.0, -179.9]])
    radius_m = np.concatenate([rng.uniform(0.0, 19e6, n), [600e3, 300e3, 300e3, 50e3]])
    # places that repeat (computed once) and circles of one latitude and radius elsewhere
    lat = np.concatenate([lat, lat[:50], lat[:50]])
    lon = np.concatenate([lon, lon[:50], (lon[:50] + 97.0 + 180.0) % 360.0 - 180.0])
    radius_m = np.concatenate([radius_m, radius_m[:50], radius_m[:50]])
    # and a set where most circles repeat one of a few latitudes and radii (computed once)
    many = np.arange(600) % 20
    repeated = (lat[many], rng.uniform(-180.0, 180.0, 600), radius_m[many])
    for (lats, lons, radii), vertices in itertools.product(
        [(lat, lon, radius_m), repeated], (CIRCLE_VERTICES, 7)
    ):
        ring_lon, ring_lat = _circle_rings(lats, lons, radii, vertices)
        azimuths = np.linspace(360.0, 0.0, vertices, endpoint=False)
        count = len(lats)
        lon2, lat2, _ = GEOD.fwd(
            np.repeat(lons, vertices),
            np.repeat(lats, vertices),
            np.tile(azimuths, count),
            np.repeat(radii, vertices),
        )
        lon2 = np.asarray(lon2).reshape(count, vertices)
        lat2 = np.asarray(lat2).reshape(count, vertices)
        assert np.all(np.abs(ring_lon) <= 180.0)
        assert np.max(np.abs((ring_lon - lon2 + 180.0) % 360.0 - 180.0)) < 1e-9
        assert np.max(np.abs(ring_lat - lat2)) < 1e-9


def test_line_vertices_are_equally_spaced_on_the_geodesic():
    rng = np.random.default_rng(7)
    n = 500
    start = np.column_stack([rng.uniform(-80.0, 80.0, n), rng.uniform(-180.0, 180.0, n)])
    end = np.column_stack([rng.uniform(-80.0, 80.0, n), rng.uniform(-180.0, 180.0, n)])
    lines = geodesic_lines(start, end, segments=8)
    azimuth, _, metres = GEOD.inv(start[:, 1], start[:, 0], end[:, 1], end[:, 0])
    for k in range(n):
        if lines[k].geom_type != "LineString":
            continue  # cut at the antimeridian: its pieces are tested above
        lon, lat = np.array(lines[k].coords).T
        want_lon, want_lat, _ = GEOD.fwd(
            np.full(9, start[k, 1]),
            np.full(9, start[k, 0]),
            np.full(9, azimuth[k]),
            np.linspace(0.0, metres[k], 9),
        )
        assert np.max(np.abs(lon - want_lon)) < 1e-9
        assert np.max(np.abs(lat - want_lat)) < 1e-9
    (same,) = geodesic_lines([(25.0, 13.0)], [(25.0, 13.0)])
    assert set(same.coords) == {(13.0, 25.0)}


def test_circles_and_lines_made_in_chunks_are_those_made_at_once(monkeypatch):
    import geo.maps.areas as areas

    rng = np.random.default_rng(5)
    n = 300
    lat, lon = rng.uniform(-89.0, 89.0, n), rng.uniform(-180.0, 180.0, n)
    radius_km = rng.uniform(1.0, 3000.0, n)
    ends = np.column_stack([rng.uniform(-80.0, 80.0, n), rng.uniform(-180.0, 180.0, n)])
    whole = areas.uncertainty_areas(lat, lon, radius_km)
    whole_lines = areas.geodesic_lines(np.column_stack([lat, lon]), ends)
    monkeypatch.setattr(areas, "_CHUNK", 64)
    chunked = areas.uncertainty_areas(lat, lon, radius_km)
    chunked_lines = areas.geodesic_lines(np.column_stack([lat, lon]), ends)
    assert len(chunked) == len(chunked_lines) == n
    assert all(a.equals_exact(b, 0.0) for a, b in zip(whole, chunked, strict=True))
    assert all(a.equals_exact(b, 0.0) for a, b in zip(whole_lines, chunked_lines, strict=True))


def multi_wkb(shapes):
    """What the GeoPackage export wrote before: each shape made Multi- by shapely, as WKB."""
    out = []
    for shape in shapes:
        if shape.geom_type == "Polygon":
            shape = shapely.multipolygons([shape])
        elif shape.geom_type == "LineString":
            shape = shapely.multilinestrings([shape])
        out.append(shapely.to_wkb(shape, byte_order=1))
    return out


@pytest.mark.parametrize("chunk", [2048, 64])
def test_wkb_areas_and_lines_are_shapelys_bytes(chunk, monkeypatch):
    # written straight from the coordinate arrays, the simple ones; made by shapely, those
    # cut at the antimeridian or around a pole: every byte as shapely's own WKB
    import geo.maps.areas as areas

    monkeypatch.setattr(areas, "_CHUNK", chunk)
    rng = np.random.default_rng(11)
    n = 700
    lat = np.concatenate([rng.uniform(-89.9, 89.9, n), [89.0, -89.5, 0.0, -17.8, 0.0]])
    lon = np.concatenate([rng.uniform(-180.0, 180.0, n), [0.0, 10.0, 179.95, 179.9, -180.0]])
    radius_km = np.concatenate([rng.uniform(1.0, 3000.0, n), [300.0, 600.0, 50.0, 100.0, 1.0]])
    column = uncertainty_areas_wkb(lat, lon, radius_km)
    shapes = uncertainty_areas(lat, lon, radius_km)
    assert len(column) == len(shapes) == n + 5
    assert column.to_list() == multi_wkb(shapes)
    kinds = shapely.get_num_geometries(column.geometries())
    assert (kinds > 1).sum() > 20 and (kinds == 1).sum() > 300  # both kinds were written
    ends = np.column_stack([rng.uniform(-80.0, 80.0, n + 5), rng.uniform(-180.0, 180.0, n + 5)])
    starts = np.column_stack([lat, lon])
    lines = geodesic_lines_wkb(starts, ends)
    assert lines.to_list() == multi_wkb(geodesic_lines(starts, ends))
    assert (shapely.get_num_geometries(lines.geometries()) > 1).sum() > 20
    empty = uncertainty_areas_wkb([], [], [])
    assert len(empty) == 0 and empty.data == b"" and empty.offsets.tolist() == [0]
    assert len(geodesic_lines_wkb([], [])) == 0


def test_wkb_points_are_shapelys_bytes():
    lon, lat = [13.91839, -180.0, 179.71, 0.0], [25.91552, -16.5, -16.7, -0.0]
    assert points_wkb(lon, lat).to_list() == list(shapely.to_wkb(shapely.points(lon, lat)))
    with pytest.raises(ValueError, match="^3 longitudes but 2 latitudes$"):
        points_wkb([1.0, 2.0, 3.0], [1.0, 2.0])


def test_a_wkb_column_refuses_offsets_that_do_not_fit_its_data():
    with pytest.raises(ValueError, match="offsets must rise from 0 to the data's length 4"):
        WkbColumn(b"abcd", np.array([0, 3]))
    with pytest.raises(ValueError, match="offsets must rise"):
        WkbColumn(b"abcd", np.array([0, 3, 2, 4]))
    assert WkbColumn(b"abcd", np.array([0, 1, 4])).to_list() == [b"a", b"bcd"]


def test_circles_need_one_radius_a_point():
    with pytest.raises(ValueError, match="^2 latitudes, 2 longitudes and 1 radii"):
        uncertainty_areas([1.0, 2.0], [1.0, 2.0], [5.0])


def test_the_pole_bound_agrees_with_the_geodesic_to_each_pole():
    # _poles_clear spares pyproj the circles far from both poles: for every circle, even
    # those whose radius is within metres of the distance to a pole, it must say what the
    # geodesics to the poles say
    from geo.maps.areas import _poles_clear

    rng = np.random.default_rng(7)
    lats = np.concatenate([rng.uniform(-90.0, 90.0, 4000), [90.0, -90.0, 0.0, 89.999, -45.0]])
    lons = rng.uniform(-180.0, 180.0, len(lats))
    _, _, to_north = GEOD.inv(lons, lats, lons, np.full(len(lats), 90.0))
    _, _, to_south = GEOD.inv(lons, lats, lons, np.full(len(lats), -90.0))
    nearest = np.minimum(to_north, to_south)
    for radii in (
        rng.uniform(0.0, 20e6, len(lats)),
        nearest * rng.uniform(0.999, 1.001, len(lats)),  # about as far as a pole
        nearest + rng.choice([-1.0, -0.01, 0.0, 0.01, 1.0], len(lats)),  # metres from it
    ):
        expected = (to_north >= radii) & (to_south >= radii)
        assert _poles_clear(lats, lons, radii).tolist() == expected.tolist()
        assert 0 < expected.sum() < len(lats)
