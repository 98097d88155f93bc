"""Grid geometry and 脱岗 excursions as pure functions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from case_api.roster import geo
from case_api.roster.offduty import Fix, excursions

SQUARE = '{"type":"Polygon","coordinates":[[[108.40,30.80],[108.41,30.80],[108.41,30.81],[108.40,30.81],[108.40,30.80]]]}'
T0 = datetime(2025, 6, 1, 8, 0, tzinfo=UTC)


def test_contains_inside_outside_and_boundary() -> None:
    assert geo.contains(SQUARE, lat=30.805, lon=108.405)
    assert not geo.contains(SQUARE, lat=30.805, lon=108.42)
    assert geo.contains(SQUARE, lat=30.80, lon=108.405)  # on the edge counts as inside


def test_feature_and_multipolygon_are_accepted() -> None:
    feature = {
        "type": "Feature",
        "properties": {},
        "geometry": {
            "type": "Polygon",
            "coordinates": [[[108.4, 30.8], [108.41, 30.8], [108.41, 30.81], [108.4, 30.8]]],
        },
    }
    assert geo.parse_polygon(feature).area > 0
    multi = {"type": "MultiPolygon", "coordinates": [[[[0, 0], [1, 0], [1, 1], [0, 0]]]]}
    assert geo.parse_polygon(multi).area > 0


@pytest.mark.parametrize(
    "bad",
    [
        "not json",
        "[]",
        '{"type":"Point","coordinates":[108.4,30.8]}',
        '{"type":"Polygon","coordinates":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]}',  # self-intersecting bow-tie
        '{"type":"Polygon","coordinates":[[[200,0],[201,0],[201,1],[200,0]]]}',
        '{"type":"Polygon","coordinates":"x"}',
    ],
)
def test_invalid_polygons_are_refused_with_a_reason(bad: str) -> None:
    with pytest.raises(geo.InvalidGeometry) as err:
        geo.parse_polygon(bad)
    assert str(err.value)


def test_haversine_known_distances() -> None:
    assert geo.haversine_m(30.8, 108.4, 30.8, 108.4) == 0
    # one degree of latitude ≈ 111.2 km
    assert geo.haversine_m(30.0, 108.4, 31.0, 108.4) == pytest.approx(111_195, rel=1e-3)
    # Wanzhou → Chongqing city centre (29.563°N 106.551°E) ≈ 228 km great-circle
    assert geo.haversine_m(30.807, 108.408, 29.563, 106.551) == pytest.approx(228_000, rel=0.02)


def test_centroid_is_lat_lon() -> None:
    lat, lon = geo.centroid(SQUARE)
    assert lat == pytest.approx(30.805) and lon == pytest.approx(108.405)


def _fixes(*spec: tuple[int, bool]) -> list[Fix]:
    return [Fix(T0 + timedelta(minutes=m), inside) for m, inside in spec]


def test_short_excursion_raises_nothing_and_exact_threshold_is_not_longer() -> None:
    fixes = _fixes((0, True), (5, False), (20, True))
    assert excursions(fixes, timedelta(minutes=15)) == []


def test_long_excursion_closed_by_return() -> None:
    fixes = _fixes((0, True), (5, False), (10, False), (21, False), (22, True), (30, False))
    [exc] = excursions(fixes, timedelta(minutes=15))
    assert exc.started_at == T0 + timedelta(minutes=5)
    assert exc.ended_at == T0 + timedelta(minutes=22)
    assert exc.minutes == 17 and not exc.open


def test_open_excursion_measured_to_last_report_not_the_clock() -> None:
    fixes = _fixes((1, False), (10, False), (17, False))
    [exc] = excursions(list(reversed(fixes)), timedelta(minutes=15))  # order of arrival does not matter
    assert exc.open and exc.minutes == 16 and exc.last_outside_at == T0 + timedelta(minutes=17)
    assert excursions(fixes[:2], timedelta(minutes=15)) == []


def test_two_excursions_are_two_alerts() -> None:
    fixes = _fixes((0, False), (16, False), (17, True), (30, False), (50, True))
    assert [e.minutes for e in excursions(fixes, timedelta(minutes=15))] == [17, 20]
