"""The Wanzhou gazetteer (streets and landmarks with coordinates) shipped with the demo district, and the grids."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from case_api.demo import data as demo_data


@dataclass(frozen=True)
class Place:
    name: str
    aliases: tuple[str, ...]
    kind: str
    lat: float
    lon: float
    grid: str  # grid code

    def as_dict(self) -> dict[str, object]:
        return {"name": self.name, "kind": self.kind, "lat": self.lat, "lon": self.lon, "grid": self.grid}


@lru_cache(maxsize=1)
def gazetteer() -> tuple[Place, ...]:
    raw = json.loads(resources.files("case_api.demo").joinpath("gazetteer.json").read_text(encoding="utf-8"))
    return tuple(
        Place(p["name"], tuple(p.get("aliases", ())), p["kind"], float(p["lat"]), float(p["lon"]), p["grid"])
        for p in raw["places"]
    )


def find_place(text: str) -> Place | None:
    """The place the text names: the longest name or alias found in it (万州火车站 before 火车站)."""
    best: tuple[int, Place] | None = None
    for place in gazetteer():
        for word in (place.name, *place.aliases):
            if word and word in text and (best is None or len(word) > best[0]):
                best = (len(word), place)
    return best[1] if best else None


GRID_NAMES = {g.code: g.name for g in demo_data.GRIDS}


def grid_stems(names: list[str]) -> dict[str, str]:
    """Short forms of grid names (五桥 → 五桥片区, 江南 → 江南新区)."""
    out: dict[str, str] = {}
    for name in names:
        stem = name.removesuffix("片区").removesuffix("新区").removesuffix("网格")
        if len(stem) >= 2:
            out[stem] = name
        out[name] = name
    return out


def find_grid_name(text: str, known: list[str] | None = None) -> str | None:
    """A grid the text names — by its name, its stem (五桥), or a place inside it (万达广场 → 高笋塘片区)."""
    names = known if known is not None else list(GRID_NAMES.values())
    stems = grid_stems(names)
    hits = [(len(k), v) for k, v in stems.items() if k in text and v in names]
    if hits:
        return max(hits)[1]
    place = find_place(text)
    if place is not None:
        name = GRID_NAMES.get(place.grid)
        if name in names:
            return name
    return None
