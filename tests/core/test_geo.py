"""core/geo.py: the box a radius search asks its spatial index for must hold the whole circle."""

from __future__ import annotations

import math

import pytest

from evcharge.core.geo import EARTH_RADIUS_M, bounding_box, haversine_m


def _destination(
    lat: float, lng: float, bearing_deg: float, distance_m: float
) -> tuple[float, float]:
    """The point `distance_m` from (lat, lng) along the great circle leaving at `bearing_deg`."""
    d, p, t = distance_m / EARTH_RADIUS_M, math.radians(lat), math.radians(bearing_deg)
    p2 = math.asin(math.sin(p) * math.cos(d) + math.cos(p) * math.sin(d) * math.cos(t))
    dl = math.atan2(
        math.sin(t) * math.sin(d) * math.cos(p), math.cos(d) - math.sin(p) * math.sin(p2)
    )
    return math.degrees(p2), lng + math.degrees(dl)


def test_haversine_of_one_degree_of_latitude() -> None:
    # One degree of a great circle: 6,371,008.8 m x pi / 180 = 111,195.08 m.
    assert haversine_m(50.0, 8.0, 51.0, 8.0) == pytest.approx(111_195.08, abs=0.01)


@pytest.mark.parametrize(
    ("lat", "radius_m"), [(52.52, 5_000.0), (60.0, 500_000.0), (-33.9, 50_000.0), (70.0, 100_000.0)]
)
def test_the_box_holds_every_point_of_the_circle(lat: float, radius_m: float) -> None:
    lat_min, lat_max, lng_min, lng_max = bounding_box(lat, 10.0, radius_m)
    for tenth_degree in range(3600):
        plat, plng = _destination(lat, 10.0, tenth_degree / 10, radius_m * (1 - 1e-12))
        assert lat_min <= plat <= lat_max
        assert lng_min <= plng <= lng_max


def test_the_box_is_as_wide_as_the_circle_and_no_wider() -> None:
    # 500 km around 60 N: angular radius d = 500,000 / 6,371,008.8 = 0.0784805 rad; the
    # half-width is asin(sin d / cos 60) = asin(0.0784000 / 0.5) = asin(0.1568000) = 9.02120
    # degrees. The simpler d / cos 60 = 0.156961 rad = 8.99320 degrees left out a sliver
    # 0.0280 degrees (1.56 km at that latitude) wide on either side.
    _, lat_max, lng_min, lng_max = bounding_box(60.0, 10.0, 500_000.0)
    assert lng_max - 10.0 == pytest.approx(9.02120, abs=1e-5)
    assert 10.0 - lng_min == pytest.approx(9.02120, abs=1e-5)
    assert lat_max - 60.0 == pytest.approx(math.degrees(0.0784805), abs=1e-5)
    widest = max(_destination(60.0, 10.0, b / 100, 500_000.0)[1] for b in range(0, 18000))
    assert widest == pytest.approx(lng_max, abs=1e-6)


def test_a_circle_around_a_pole_spans_every_longitude() -> None:
    # 100 km around 89.5 N holds the pole (55.6 km away): every longitude is in it.
    # Stored longitudes lie in [-180, 180]: the box spans exactly that, whatever the centre's
    # longitude (centred on 170, a span of 170 +- 180 would miss a station at -20).
    for lng in (10.0, 170.0, -120.0):
        lat_min, lat_max, lng_min, lng_max = bounding_box(89.5, lng, 100_000.0)
        assert (lng_min, lng_max) == (-180.0, 180.0)
        assert lat_max > 90.0 > lat_min
