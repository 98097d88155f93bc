"""Second stage over the fused candidates: question type × article features, and curated related provisions.

Two general signals, neither tied to any particular question:

* **question type → article features.** A deadline question (多长时间、几天、期限…) leans towards articles that set a
  time limit (…日内、之日起); a question about where a regulation applies (适用、参照执行) towards the scope and
  definition articles (适用于、所称、参照) of the law it names.
* **related provisions** (``data/related_provisions.yaml``): provisions that legally qualify others — a definition
  of the days a deadline counts (行政处罚法第八十五条), who may take a coercive measure and how (行政强制法第十七、十八条),
  one act one fine (行政处罚法第二十九条). A hit on a source pulls its targets in just below it, when the question is
  of the type the link needs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from knowledge.citations import resolve_reference
from knowledge.retrieval.tokenize import HOW_LONG_DIALECT
from knowledge.statutes.store import StatuteStore

RELATED_FILE = Path(__file__).resolve().parent.parent / "data" / "related_provisions.yaml"

# question types, from the question's wording
QUESTION_TYPES: dict[str, re.Pattern[str]] = {
    "deadline": re.compile(
        r"多长时间|多久|几天|多少天|几日|期限|时限|时效|什么时候|啥时候|何时|提前几|多少日|"
        + HOW_LONG_DIALECT
    ),
    "amount": re.compile(r"罚多少|多少钱|罚款|怎么罚|怎么处罚|如何处罚|处罚|上限|数额"),
    "coercive": re.compile(r"扣押|暂扣|扣车|扣物|查封|强制措施|扣留|去扣|能扣"),
    "referral": re.compile(r"移送|涉嫌犯罪|刑事责任"),
    "scope": re.compile(r"适用|参照|施行|管辖范围|适不适用"),
}
# article features the types lean towards
_NUM = r"[〇零一二三四五六七八九十百千两\d]+"
DEADLINE_TEXT = re.compile(rf"{_NUM}(?:个)?(?:日|天|个月|月|年|小时)(?:内|以内|前|后)|之日起|{_NUM}日")
SCOPE_TEXT = re.compile(r"适用于|所称|参照本|参照执行|施行|适用范围")
FEATURE_BOOST = 0.25 / 61  # about a quarter of a first rank in one list: a tie-breaker among close candidates


def question_types(text: str) -> set[str]:
    return {name for name, pattern in QUESTION_TYPES.items() if pattern.search(text)}


@dataclass
class Rule:
    target: str
    sources: set[str] = field(default_factory=set)
    when: str | None = None
    why: str = ""


def _article_id(reference: str, store: StatuteStore) -> str | None:
    for res in resolve_reference(reference, store=store):
        if res.found and res.id:
            return ":".join(res.id.split(":")[:2])
    return None


def _law_id(name: str, store: StatuteStore) -> str | None:
    found = store.find_law(name)
    return found.law_ids[0] if found is not None and not found.ambiguous else None


def load_rules(store: StatuteStore, path: Path = RELATED_FILE) -> list[Rule]:
    """The curated rules, resolved against ``store``; an entry whose law or article is missing is skipped."""
    data: list[dict[str, Any]] = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    rules = []
    for entry in data:
        target = _article_id(str(entry["target"]), store)
        if target is None:
            continue
        spec = entry.get("sources") or {}
        rule = Rule(target, when=entry.get("when"), why=str(entry.get("why", "")))
        for ref in spec.get("articles") or []:
            art = _article_id(str(ref), store)
            if art is not None:
                rule.sources.add(art)
        if spec.get("law") or spec.get("pattern"):
            law = _law_id(str(spec["law"]), store) if spec.get("law") else None
            if spec.get("law") and law is None:
                continue
            pattern = re.compile(str(spec["pattern"])) if spec.get("pattern") else None
            laws = [store.laws[law]] if law else list(store.laws.values())
            for lw in laws:
                for article in lw.articles:
                    if pattern is None or pattern.search(article.text):
                        rule.sources.add(article.id)
        rule.sources.discard(target)
        rules.append(rule)
    return rules


class Reranker:
    def __init__(self, store: StatuteStore) -> None:
        self.related: dict[str, list[tuple[str, str | None]]] = {}
        for rule in load_rules(store):
            for src in sorted(rule.sources):
                self.related.setdefault(src, []).append((rule.target, rule.when))
        self.deadline: set[str] = set()
        self.scope: set[str] = set()
        self.fines: set[str] = set()
        for law in store.laws.values():
            for article in law.articles:
                if DEADLINE_TEXT.search(article.text):
                    self.deadline.add(article.id)
                if SCOPE_TEXT.search(article.text):
                    self.scope.add(article.id)
                if "罚款" in article.text:
                    self.fines.add(article.id)

    def features(
        self, scores: dict[str, float], law_of: dict[str, str], types: set[str], laws: list[str]
    ) -> None:
        """Lean towards the articles whose features match the question type (in place)."""
        for ref in scores:
            if "deadline" in types and ref in self.deadline:
                scores[ref] += FEATURE_BOOST
            if "scope" in types and ref in self.scope and law_of.get(ref) in laws:
                scores[ref] += FEATURE_BOOST

    def links(self, ref: str, types: set[str], concurrent: bool) -> list[str]:
        out = []
        for target, when in self.related.get(ref, ()):
            active = when is None or when in types or (when == "concurrent" and concurrent)
            if active and target not in out:
                out.append(target)
        return out

    def concurrent(self, ranked: list[str], law_of: dict[str, str], types: set[str]) -> bool:
        """A penalty question whose best candidates hold fines of two or more laws (法条竞合)."""
        if "amount" not in types:
            return False
        return len({law_of[r] for r in ranked if r in self.fines}) >= 2
