"""Names a law is cited by: full title, short title, curated abbreviations — and which names are ambiguous."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

NATIONAL_PREFIX = "中华人民共和国"
LOCAL_PREFIXES = ("重庆市",)
_STRIP = re.compile(r"[\s《》〈〉<>“”\"']")


def normalise_name(name: str) -> str:
    return _STRIP.sub("", name)


def automatic_names(title: str) -> list[str]:
    """The title, the title without 中华人民共和国, and a local law's name without its place (candidates only)."""
    names = [title]
    short = title.removeprefix(NATIONAL_PREFIX)
    if short != title:
        names.append(short)
    for prefix in LOCAL_PREFIXES:
        if title.startswith(prefix):
            rest = title.removeprefix(prefix)
            names += [rest, prefix.removesuffix("市") + rest]
    return names


@dataclass(frozen=True)
class NameMatch:
    name: str
    law_ids: tuple[str, ...]  # one: resolved; several: ambiguous

    @property
    def ambiguous(self) -> bool:
        return len(self.law_ids) > 1


class NameIndex:
    """Maps every name to the laws it may mean. Exact titles always win over derived names."""

    def __init__(self) -> None:
        self._exact: dict[str, str] = {}
        self._derived: dict[str, set[str]] = defaultdict(set)
        self._pattern: re.Pattern[str] | None = None

    def add(self, law_id: str, title: str, curated: Iterable[str] = ()) -> None:
        self._exact[normalise_name(title)] = law_id
        for name in [*automatic_names(title)[1:], *curated]:
            self._derived[normalise_name(name)].add(law_id)
        self._pattern = None

    def lookup(self, name: str) -> NameMatch | None:
        key = normalise_name(name)
        if key in self._exact:
            return NameMatch(key, (self._exact[key],))
        ids = self._derived.get(key)
        if not ids:
            return None
        return NameMatch(key, tuple(sorted(ids)))

    def names(self) -> list[str]:
        return sorted(set(self._exact) | set(self._derived), key=len, reverse=True)

    def names_of(self, law_id: str) -> list[str]:
        found = [n for n, i in self._exact.items() if i == law_id]
        found += [n for n, ids in self._derived.items() if law_id in ids and n not in self._exact]
        return found

    def pattern(self) -> re.Pattern[str]:
        """One alternation of all names, longest first, for scanning free text."""
        if self._pattern is None:
            self._pattern = re.compile("|".join(re.escape(n) for n in self.names()))
        return self._pattern
