"""Check the catalogue against a statute store (the caller's: the knowledge base's, or the bundled corpus the
catalogue is written against): every reference resolves, every fine is in its 罚则."""

from __future__ import annotations

import re

from knowledge.catalogue.amounts import amounts
from knowledge.catalogue.schema import Catalogue, LawRef, Offence
from knowledge.citations import Resolution, resolve_reference
from knowledge.statutes.numerals import cn_to_int
from knowledge.statutes.store import StatuteStore


def reference_text(ref: LawRef) -> str:
    """The way a person writes it, for the citation resolver: 《法》第X条第N款第（N）项."""
    item = f"第{ref.item}项" if ref.item else ""
    return f"《{ref.law}》{ref.article}{ref.paragraph or ''}{item}"


def resolve_ref(ref: LawRef, *, store: StatuteStore) -> Resolution:
    found = resolve_reference(reference_text(ref), store=store)
    if len(found) != 1:
        raise ValueError(f"{reference_text(ref)}: 解析出 {len(found)} 条引用")
    return found[0]


# a list of alternative acts or places (禁止下列行为, 不得有下列行为, 下列区域或者场所), not a list of steps or duties
# that all apply at once (并按以下规定办理：（一）申请…（二）核发…) nor the conditions all to be met for a licence
# (从事燃气经营活动的企业，应当具备下列条件：…)
ALTERNATIVES = re.compile(r"禁止|不得|下列(?!条件)")


def alternative_items(ref: LawRef, *, store: StatuteStore) -> list[tuple[str, str]]:
    """The items (（一）, text) of the paragraph ``ref`` points to (its first when it names none) where its lead
    sentence lists alternatives (see ``ALTERNATIVES``), else []."""
    res = resolve_ref(ref, store=store)
    article = store.article(":".join(res.id.split(":")[:2])) if res.found and res.id else None
    para = article.paragraph(cn_to_int(ref.paragraph[1:-1]) if ref.paragraph else 1) if article else None
    if para is None or not ALTERNATIVES.search(para.text[:80]):
        return []
    return [(it.label, it.text) for it in para.items]


def offence_problems(offence: Offence, *, store: StatuteStore) -> list[str]:
    """Every reference must resolve; every fine amount must be named in the primary 罚则 article,
    and every non-amount ``basis`` must be verbatim text of it."""
    problems: list[str] = []
    for key in ("violated", "penalty", "related"):
        for ref in getattr(offence, key):
            res = resolve_ref(ref, store=store)
            if not res.found:
                problems.append(f"{offence.id}.{key}: {reference_text(ref)} {res.status}: {res.message}")
    res = resolve_ref(offence.primary_penalty, store=store)
    text = re.sub(r"\s+", "", res.article_text or "")
    named = amounts(text)
    for tier in offence.fines:
        for party in ("individual", "organisation"):
            fine = tier.individual if party == "individual" else tier.organisation
            if fine is None:
                continue
            for value in (fine.min, fine.max):
                if value is not None and value not in named:
                    problems.append(
                        f"{offence.id}: {tier.tier}/{party} 罚款 {value} 元不在罚则条文中 {sorted(named)}"
                    )
            if fine.basis and fine.basis not in text:
                problems.append(f"{offence.id}: {tier.tier}/{party} 计罚依据“{fine.basis}”不是罚则原文")
    return problems


def catalogue_problems(catalogue: Catalogue, *, store: StatuteStore) -> list[str]:
    out: list[str] = []
    for offence in catalogue.offences:
        out.extend(offence_problems(offence, store=store))
    return out
