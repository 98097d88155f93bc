"""The statute store: every law of the bundled corpus and of the bureau's own additions, parsed to the article.

>>> store = load_store()
>>> store.article("xingzhengchufafa:51").label
'第五十一条'
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from knowledge.statutes.aliases import NameIndex, NameMatch
from knowledge.statutes.model import Article, Law, LawMeta
from knowledge.statutes.parser import parse_statute
from knowledge.statutes.sources import parse_date, parse_source_line, read_sources, split_level

BUNDLED_DIR = Path(__file__).resolve().parent.parent / "data" / "statutes"
USER_LAWS_SUBDIR = "laws"


def law_from_text(text: str, meta: LawMeta, *, path: str = "") -> Law:
    """The one parser path for bundled and added laws."""
    parsed = parse_statute(text, title=meta.title or None, law_id=meta.law_id)
    law = Law(id=meta.law_id, title=meta.title or parsed.title, meta=meta, path=path)
    law.articles = parsed.articles
    law.history = parsed.history
    return law


def _bundled_meta(path: Path, sources: dict[str, Any], curated: dict[str, Any]) -> LawMeta:
    title = path.stem
    row = sources.get(path.name)
    info = curated.get(title) or {}
    if row is not None:
        return LawMeta(
            title=title,
            level=row.level,
            region=row.region,
            revised=row.revised,
            effective=row.effective,
            source=row.source,
            note=row.note,
            law_id=str(info.get("id") or title),
            aliases=tuple(info.get("aliases") or ()),
        )
    head = path.read_text(encoding="utf-8")[:2000]
    fields = parse_source_line(next((ln for ln in head.splitlines() if ln.startswith(">")), ""))
    level, region = split_level(fields.get("category", "地方性法规"))
    return LawMeta(
        title=title,
        level=level,
        region=region,
        revised=parse_date(fields.get("revised", "")),
        effective=parse_date(fields.get("effective", "")),
        law_id=str(info.get("id") or title),
        aliases=tuple(info.get("aliases") or ()),
    )


def meta_from_record(record: dict[str, Any]) -> LawMeta:
    return LawMeta(
        title=record["title"],
        level=record.get("level", "规范性文件"),
        region=record.get("region", "全国"),
        revised=parse_date(record.get("revised") or ""),
        effective=parse_date(record.get("effective") or ""),
        repealed=parse_date(record.get("repealed") or ""),
        source=record.get("source", ""),
        note=record.get("note", ""),
        law_id=record["id"],
        aliases=tuple(record.get("aliases") or ()),
        origin="user",
    )


class StatuteStore:
    def __init__(self, laws: list[Law]) -> None:
        self.laws: dict[str, Law] = {}
        self.names = NameIndex()
        for law in laws:
            self.add(law)

    def add(self, law: Law) -> None:
        self.laws[law.id] = law
        self.names.add(law.id, law.title, law.meta.aliases)

    # lookups -------------------------------------------------------------
    def law(self, law_id: str) -> Law | None:
        return self.laws.get(law_id)

    def find_law(self, name_or_id: str) -> NameMatch | None:
        if name_or_id in self.laws:
            return NameMatch(name_or_id, (name_or_id,))
        return self.names.lookup(name_or_id)

    def article(self, article_id: str) -> Article | None:
        """``xingzhengchufafa:51`` (or ``…:10-1`` for 第十条之一); paragraph/item suffixes are ignored here."""
        law_id, _, rest = article_id.partition(":")
        law = self.laws.get(law_id)
        if law is None or not rest:
            return None
        key = rest.split(":")[0]
        number, _, sub = key.partition("-")
        if not number.isdigit() or (sub and not sub.isdigit()):
            return None
        return law.article(int(number), int(sub or 0))

    def articles(self) -> Iterator[Article]:
        for law in self.laws.values():
            yield from law.articles

    def filtered_laws(
        self,
        *,
        law: str | None = None,
        level: str | None = None,
        region: str | None = None,
        on: date | None = None,
    ) -> list[Law]:
        out = []
        for item in self.laws.values():
            if law and item.id != law:
                continue
            if level and item.level != level:
                continue
            if region and item.region != region:
                continue
            if on and not item.in_force(on):
                continue
            out.append(item)
        return out


def load_bundled(directory: Path = BUNDLED_DIR) -> list[Law]:
    sources = read_sources(directory / "SOURCES.md") if (directory / "SOURCES.md").exists() else {}
    curated_file = directory / "laws.yaml"
    curated = (
        (yaml.safe_load(curated_file.read_text(encoding="utf-8")) or {}).get("laws", {})
        if curated_file.exists()
        else {}
    )
    laws = []
    for path in sorted(directory.glob("*.md")):
        if path.name == "SOURCES.md":
            continue
        meta = _bundled_meta(path, sources, curated)
        laws.append(law_from_text(path.read_text(encoding="utf-8"), meta, path=str(path)))
    return laws


def load_user(kb_user_dir: Path) -> list[Law]:
    """Laws added with ``zhifa kb add``: ``<kb>/laws/<id>.md`` plus the source record ``<id>.json``."""
    laws = []
    folder = kb_user_dir / USER_LAWS_SUBDIR
    for record_path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        record = json.loads(record_path.read_text(encoding="utf-8"))
        text_path = record_path.with_suffix(".md")
        if not text_path.exists():
            continue
        laws.append(
            law_from_text(
                text_path.read_text(encoding="utf-8"), meta_from_record(record), path=str(text_path)
            )
        )
    return laws


def load_store(kb_user_dir: Path | None = None) -> StatuteStore:
    """A store of the bundled corpus plus the bureau's additions under ``kb_user_dir``, parsed now (a process keeps
    one in its :class:`knowledge.base.KnowledgeBase`)."""
    laws = load_bundled()
    if kb_user_dir is not None:
        bundled_ids = {law.id for law in laws}
        laws += [law for law in load_user(kb_user_dir) if law.id not in bundled_ids]
    return StatuteStore(laws)


def with_meta(law: Law, **changes: Any) -> Law:
    return Law(
        id=law.id, title=law.title, meta=replace(law.meta, **changes), articles=law.articles, path=law.path
    )
