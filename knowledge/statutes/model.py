"""What a statute is made of: Law → Article (条) → Paragraph (款) → Item (项)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from knowledge.statutes.numerals import article_label, item_label

Level = Literal["法律", "行政法规", "地方性法规", "部门规章", "地方政府规章", "规范性文件"]
LEVELS: tuple[str, ...] = ("法律", "行政法规", "地方性法规", "部门规章", "地方政府规章", "规范性文件")


@dataclass(frozen=True)
class Item:
    """One 项: ``（三）…`` (printed ``(三)`` in some national regulations)."""

    number: int
    text: str

    @property
    def label(self) -> str:
        return item_label(self.number)


@dataclass(frozen=True)
class Paragraph:
    """One 款: a lead sentence and the 项 it introduces."""

    number: int
    text: str
    items: tuple[Item, ...] = ()

    def item(self, number: int) -> Item | None:
        return next((it for it in self.items if it.number == number), None)

    @property
    def full_text(self) -> str:
        return "\n".join([self.text, *(it.text for it in self.items)])


@dataclass(frozen=True)
class Article:
    law_id: str
    number: int
    sub: int  # 之一 → 1; 0 for an ordinary article
    paragraphs: tuple[Paragraph, ...]
    chapter: str = ""
    section: str = ""

    @property
    def key(self) -> str:
        return f"{self.number}-{self.sub}" if self.sub else str(self.number)

    @property
    def id(self) -> str:
        return f"{self.law_id}:{self.key}"

    @property
    def label(self) -> str:
        return article_label(self.number, self.sub)

    @property
    def text(self) -> str:
        """The article as printed, without its ``第X条`` label."""
        return "\n".join(p.full_text for p in self.paragraphs)

    def paragraph(self, number: int) -> Paragraph | None:
        return self.paragraphs[number - 1] if 1 <= number <= len(self.paragraphs) else None


@dataclass(frozen=True)
class LawMeta:
    """What is known about a law besides its text (from SOURCES.md, laws.yaml or ``zhifa kb add`` flags)."""

    title: str
    level: str = "地方性法规"
    region: str = "全国"
    revised: date | None = None
    effective: date | None = None
    repealed: date | None = None
    source: str = ""
    note: str = ""
    law_id: str = ""
    aliases: tuple[str, ...] = ()
    origin: Literal["bundled", "user"] = "bundled"


@dataclass
class Law:
    id: str
    title: str
    meta: LawMeta
    articles: list[Article] = field(default_factory=list)
    history: list[str] = field(default_factory=list)  # 制定及修订沿革 lines
    path: str = ""
    _key_cache: dict[tuple[int, int], Article] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    @property
    def level(self) -> str:
        return self.meta.level

    @property
    def region(self) -> str:
        return self.meta.region

    @property
    def short_title(self) -> str:
        return self.title.removeprefix("中华人民共和国")

    def in_force(self, on: date) -> bool:
        start = self.meta.effective or self.meta.revised
        if start and on < start:
            return False
        return not (self.meta.repealed and on >= self.meta.repealed)

    def article(self, number: int, sub: int = 0) -> Article | None:
        return self._by_key().get((number, sub))

    def _by_key(self) -> dict[tuple[int, int], Article]:
        cache = self._key_cache
        if cache is None or len(cache) != len(self.articles):
            cache = {(a.number, a.sub): a for a in self.articles}
            self._key_cache = cache
        return cache

    @property
    def last_article(self) -> int:
        return max((a.number for a in self.articles), default=0)
