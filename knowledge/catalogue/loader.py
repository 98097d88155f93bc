"""Load and validate the YAML offence catalogue shipped in ``knowledge/catalogue/data``."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from knowledge.catalogue.schema import Catalogue, Offence

DATA_DIR = Path(__file__).with_name("data")


class CatalogueError(ValueError):
    """The catalogue data is malformed (duplicate id, bad reference format …)."""


def _read(path: Path) -> list[Offence]:
    raw: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(raw, dict) or not isinstance(raw.get("offences"), list):
        raise CatalogueError(f"{path.name}: 顶层须为 {{domain, offences: [...]}}")
    domain = str(raw.get("domain", ""))
    out: list[Offence] = []
    for entry in raw["offences"]:
        data = dict(entry)
        data.setdefault("domain", domain)
        try:
            out.append(Offence.model_validate(data))
        except ValueError as exc:
            raise CatalogueError(f"{path.name}: {data.get('id', '?')}: {exc}") from exc
    return out


def read_catalogue(data_dir: Path = DATA_DIR) -> Catalogue:
    """Read every ``*.yaml`` file in ``data_dir`` (sorted) into one validated catalogue."""
    offences: list[Offence] = []
    for path in sorted(data_dir.glob("*.yaml")):
        offences.extend(_read(path))
    seen: set[str] = set()
    for o in offences:
        if o.id in seen:
            raise CatalogueError(f"重复的违法行为编号: {o.id}")
        seen.add(o.id)
    return Catalogue(offences=tuple(offences))


@lru_cache(maxsize=1)
def load_catalogue() -> Catalogue:
    """The bundled catalogue, read once per process."""
    return read_catalogue()
