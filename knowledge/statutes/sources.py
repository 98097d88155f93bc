"""Metadata of the bundled corpus: the tables of SOURCES.md and the ``> 来源`` line of each file."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


@dataclass(frozen=True)
class SourceRow:
    file: str
    title: str
    level: str
    region: str
    revised: date | None
    effective: date | None
    article_count: int
    source: str
    note: str


def parse_date(text: str) -> date | None:
    m = _DATE.search(text or "")
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None
    except ValueError:
        return None


def split_level(category: str) -> tuple[str, str]:
    """``地方性法规(重庆)`` → (``地方性法规``, ``重庆``); ``法律`` → (``法律``, ``全国``)."""
    m = re.match(r"^\s*([^(（]+?)\s*[(（]([^)）]+)[)）]\s*$", category)
    if m:
        return m.group(1), m.group(2)
    return category.strip(), "全国"


def read_sources(path: Path) -> dict[str, SourceRow]:
    """Every table row of SOURCES.md whose first cell names a ``.md`` file, by file name."""
    rows: dict[str, SourceRow] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 9 or not cells[0].endswith(".md"):
            continue
        level, region = split_level(cells[1])
        rows[cells[0]] = SourceRow(
            file=cells[0],
            title=cells[0].removesuffix(".md"),
            level=level,
            region=region,
            revised=parse_date(cells[2]),
            effective=parse_date(cells[3]),
            article_count=int(cells[4]),
            source=f"{cells[6]} {cells[7].strip('`')}".strip(),
            note=cells[8],
        )
    return rows


def parse_source_line(line: str) -> dict[str, str]:
    """``最新修订/修正日期: 2021-01-22；施行日期: 2021-07-15。 类别: 法律。`` → named fields."""
    out: dict[str, str] = {}
    for key, pattern in (
        ("revised", r"最新修[订正]/(?:修正|公布)日期[:：]\s*(\d{4}-\d{2}-\d{2})"),
        ("effective", r"施行日期[:：]\s*(\d{4}-\d{2}-\d{2})"),
        ("category", r"类别[:：]\s*([^。；;\s]+)"),
    ):
        m = re.search(pattern, line)
        if m:
            out[key] = m.group(1)
    return out
