"""Pure geometry for duty grids: GeoJSON polygons (lon, lat order, WGS-84) and great-circle distances."""

from __future__ import annotations

import json
import math
from functools import lru_cache
from typing import Any

from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity

EARTH_RADIUS_M = 6_371_008.8  # mean Earth radius (IUGG)


class InvalidGeometry(ValueError):
    """The GeoJSON is not a valid Polygon/MultiPolygon; the message says why."""


def parse_polygon(geojson: str | dict[str, Any]) -> BaseGeometry:
    """Parse a GeoJSON Polygon or MultiPolygon (geometry or Feature) and check it is valid."""
    try:
        data = json.loads(geojson) if isinstance(geojson, str) else geojson
    except json.JSONDecodeError as exc:
        raise InvalidGeometry(f"GeoJSON 无法解析：{exc.msg}") from exc
    if not isinstance(data, dict):
        raise InvalidGeometry("GeoJSON 必须是对象")
    if data.get("type") == "Feature":
        data = data.get("geometry") or {}
    if data.get("type") not in ("Polygon", "MultiPolygon"):
        raise InvalidGeometry("网格边界必须是 GeoJSON Polygon 或 MultiPolygon")
    try:
        geom = shape(data)
    except (KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:
        raise InvalidGeometry(f"GeoJSON 坐标无效：{exc}") from exc
    if geom.is_empty or not geom.is_valid:
        raise InvalidGeometry(f"多边形无效：{explain_validity(geom)}")
    minx, miny, maxx, maxy = geom.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise InvalidGeometry("坐标超出经纬度范围（GeoJSON 顺序为 [经度, 纬度]）")
    return geom


@lru_cache(maxsize=256)
def _cached(geojson: str) -> BaseGeometry:
    return parse_polygon(geojson)


def contains(geojson: str, *, lat: float, lon: float) -> bool:
    """True when the point lies inside the polygon or on its boundary."""
    return bool(_cached(geojson).covers(Point(lon, lat)))


def centroid(geojson: str) -> tuple[float, float]:
    """(lat, lon) of the polygon's centroid."""
    c = _cached(geojson).centroid
    return (c.y, c.x)


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres between two WGS-84 points."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))
