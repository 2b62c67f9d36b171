"""Distances on the earth's surface, for radius searches."""

from __future__ import annotations

import math

EARTH_RADIUS_M = 6_371_008.8  # mean radius (IUGG)


def haversine_m(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def bounding_box(lat: float, lng: float, radius_m: float) -> tuple[float, float, float, float]:
    """(lat_min, lat_max, lng_min, lng_max) enclosing the circle (haversine distance up to
    `radius_m`), a cheap index pre-filter. The circle is widest in longitude north or south of
    its centre's parallel, where its half-width is asin(sin(d) / cos(lat)) for the angular
    radius d, more than d / cos(lat): the box of that simpler width left out stations inside
    the circle, 1 mm wide at 5 km around 52 degrees north but 1.6 km at 500 km around 60
    degrees north. A circle around a pole spans every longitude, -180 to 180 (stored
    longitudes lie in that range). A circle across the antimeridian is not wrapped."""
    angle = radius_m / EARTH_RADIUS_M
    dlat = math.degrees(angle)
    widest = math.sin(min(angle, math.pi / 2)) / max(math.cos(math.radians(lat)), 1e-12)
    if widest >= 1:  # every longitude, whatever the centre's
        return lat - dlat, lat + dlat, -180.0, 180.0
    dlng = math.degrees(math.asin(widest))
    return lat - dlat, lat + dlat, lng - dlng, lng + dlng
