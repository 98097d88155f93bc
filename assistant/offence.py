"""Offence advice: description → top offences with 违则, 罚则, fine range, discretion band and quoted provisions.

Deterministic: the catalogue and the discretion rules decide; every provision shown is quoted from the corpus.
The answer names 违则 and 罚则, the range for the party type, the band and the facts that chose it, the facts
still missing, whether 简易程序 applies (行政处罚法第五十一条) and 首违不罚 (第三十三条) where the facts point
to it. When the best candidates are close, the chat model (where one is loaded) chooses among them with the facts
(:mod:`assistant.offence_choice`, one letter) and a ``notice`` says so; without a model a ``clarify`` event asks the
one question that separates the two best (from the catalogue's constituent facts). Each offence item carries ``draft``: a body for ``POST /api/cases``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Literal, cast

from assistant.dialect import normalise
from assistant.events import (
    CitationEvent,
    ClarifyEvent,
    DeltaEvent,
    Event,
    NoticeEvent,
    OffenceCard,
    OffenceEvent,
)
from assistant.grounding import QuotedProvision
from assistant.llm.base import LLMBackend
from assistant.numbers import find_quantities, quantity_keys
from assistant.offence_choice import choice_notice, choose, close_candidates
from core.settings import Settings
from knowledge.base import KnowledgeBase
from knowledge.catalogue.discretion import CaseFacts
from knowledge.catalogue.facts import ReadFacts, read_facts
from knowledge.catalogue.matcher import OffenceHit
from knowledge.catalogue.schema import PARTY_LABELS, LawRef, Offence
from knowledge.citations import resolve_reference
from knowledge.statutes.store import StatuteStore

log = logging.getLogger(__name__)

PartyType = Literal["individual", "organisation"]

PENALTY_LAW = "中华人民共和国行政处罚法"
# 行政处罚法第五十一条: 当场处罚 for a fine up to these amounts (or a warning)
SIMPLE_LIMIT: dict[str, int] = {"individual": 200, "organisation": 3000}
SIMPLE_LIMIT_WORDS: dict[str, str] = {
    "individual": "对公民二百元以下",
    "organisation": "对法人或者其他组织三千元以下",
}
# below this score gap between the first and second candidate, the officer is asked the separating question;
# calibrated on offence_dev (its closest pair, 排水许可 vs 按许可排放, is 0.09 apart; the next 0.23)
CLARIFY_MARGIN = 0.15


def quote(ref: LawRef, store: StatuteStore) -> QuotedProvision | None:
    """The provision a catalogue entry names, quoted from ``store`` (None if it does not resolve)."""
    found = [r for r in resolve_reference(ref.label, store=store) if r.found and r.id and r.text]
    if not found:
        return None
    res = found[0]
    label = (res.label or ref.label).split("》")[-1]
    return QuotedProvision(res.id or "", res.law_title or ref.law, label, res.text or "", True)


def _quote_article(law: str, article: str, store: StatuteStore) -> QuotedProvision | None:
    return quote(LawRef(law=law, article=article), store)


def penalty_quote(hit: OffenceHit, store: StatuteStore) -> QuotedProvision | None:
    """The 罚则 as cited; the whole article where the cited item does not itself state the fine (固废法第一百一十一条
    lists the acts in items and sets the amounts in its next paragraph): the range shown must be in the quote."""
    ref = hit.offence.primary_penalty
    cited = quote(ref, store)
    fine = hit.fine.label() if hit.fine else ""
    if cited is not None and not grounded(fine, [cited.text])[1]:
        return cited
    return _quote_article(ref.law, ref.article, store) or cited


def simple_procedure(hit: OffenceHit) -> tuple[bool | None, str]:
    """Whether 简易程序 (当场处罚, 行政处罚法第五十一条) can apply: (True/False/None = depends, the sentence)."""
    band = hit.band
    party = hit.party
    limit = SIMPLE_LIMIT[party]
    words = SIMPLE_LIMIT_WORDS[party]
    base = f"《{PENALTY_LAW}》第五十一条：{words}罚款或者警告的，可以当场作出行政处罚决定"
    if band.level == "免罚":
        return None, "拟不予处罚，不作出处罚决定（应当对当事人进行教育）。"
    fine = hit.fine
    # the 罚则 fines the other party type only (对单位处…罚款)
    if fine is None and "罚款" in hit.offence.penalty_kinds:
        return False, f"该条对{PARTY_LABELS[party]}未设罚款，不适用当场罚款决定；其他处理应依法定程序作出。"
    if hit.offence.not_city_management:
        # another authority's penalty (公安机关的拘留、罚款): no on-the-spot decision of the bureau's to weigh
        return False, (
            f"此事项由{hit.offence.competent_authority}依法处理，城管不作出处罚决定；发现后应当制止、固定证据并移交。"
        )
    if fine is None:
        measures = "、".join(hit.offence.measures) or "责令改正"
        return False, f"该条不设罚款（{measures}），不适用当场处罚决定；撤销许可等处理应依法定程序作出。"
    if not fine.has_amount:
        return False, f"{base}；本案罚款没有固定金额，须依法计算，不适用当场处罚，应适用普通程序。"
    if fine.per:
        return False, f"{base}；本案罚款须按计罚基数计算，不适用当场处罚，应适用普通程序。"
    low = band.fine_min if band.fine_min is not None else (fine.min or 0)
    high = band.fine_max if band.fine_max is not None else (fine.max or low)
    if high <= limit:
        return True, f"{base}；建议罚款在该限额内，可适用简易程序（当场处罚）。"
    if low <= limit:
        return None, f"{base}；罚款不超过{limit}元的可适用简易程序，超过的应适用普通程序。"
    return False, f"{base}；建议罚款超过{limit}元，应适用普通程序。"


def first_offence_note(facts: CaseFacts, hit: OffenceHit) -> str:
    """首违不罚 (行政处罚法第三十三条第一款), as the facts point to it."""
    if hit.band.name == "不予处罚":
        # the basis the band rests on (discretion's exemption always names one): 第三十条 (under 14), 第三十三条
        # (轻微/首违/无过错), or the 罚则 itself (its fine presupposes a refusal the party never made); the education
        # duty is named with its law — a bare 第三十三条 would be read as the 罚则's law's
        basis = hit.band.legal_basis[0]
        return (
            f"不予处罚：依{basis}，{hit.band.reasons[0]}；"
            f"应当对当事人进行教育（《{PENALTY_LAW}》第三十三条第三款）。"
        )
    if facts.first_offence and facts.corrected:
        return "初次违法并已及时改正：如危害后果轻微，可依行政处罚法第三十三条第一款不予处罚（首违不罚）。"
    if facts.first_offence:
        return "初次违法：如及时改正且危害后果轻微，可依行政处罚法第三十三条第一款不予处罚（首违不罚）。"
    return ""


def missing_facts(read: ReadFacts, hit: OffenceHit, party_given: bool) -> list[str]:
    """What the officer still needs to establish for the band (and, where the fine depends on it, the fine)."""
    f = read.facts
    out: list[str] = []
    if hit.band.level == "免罚":
        return out  # no penalty is suggested: nothing left to find out for a band or a fine
    if not party_given and not read.party_detected:
        out.append("当事人是个人还是单位（罚款幅度不同）")
    cond = hit.offence.fine_condition
    if cond and not f.refused and not f.serious_harm:
        out.append(f"是否“{cond}”（罚款的前提）")
    if f.first_offence is None and not f.repeat_within_year and not f.prior_warning:
        out.append("是否初次违法（此前有无同类违法被处罚或劝导）")
    if not f.corrected and not f.refused:
        out.append("是否已及时改正")
    if not (f.slight_harm or f.serious_harm or f.person_fell or f.large_scale or f.no_harm):
        out.append("危害后果（面积、数量、持续时间、影响）")
    return out


def _most_distinct(facts: list[str], other: Offence) -> str:
    """The fact that shares the fewest character pairs with the other offence's name, aliases and facts."""
    text = other.search_text()

    def shared(fact: str) -> float:
        pairs = {fact[i : i + 2] for i in range(len(fact) - 1)}
        return sum(1 for p in pairs if p in text) / max(len(pairs), 1)

    return min(facts, key=shared)


def separating_question(first: Offence, second: Offence) -> tuple[str, list[str]]:
    """The one question that tells the two candidates apart: the constituent facts one has and the other lacks."""
    own = [f for f in first.facts if f not in second.facts]
    other = [f for f in second.facts if f not in first.facts]
    a = _most_distinct(own, second) if own else first.name
    b = _most_distinct(other, first) if other else second.name
    return f"请确认现场情况：是“{a}”，还是“{b}”？（两者对应的违法行为不同）", [first.name, second.name]


def suggested_fine(hit: OffenceHit) -> int:
    """A starting figure for the draft (yuan): the middle of the band, rounded to ten; 0 where no amount."""
    band = hit.band
    if band.level == "免罚" or band.fine_min is None or band.fine_max is None or band.per:
        return 0
    mid = (band.fine_min + band.fine_max) / 2
    return int(round(mid / 10) * 10) if mid >= 10 else int(mid)


def case_draft(hit: OffenceHit, text: str, *, simple: bool | None) -> dict[str, object]:
    """A body for ``POST /api/cases`` (case_api.cases.models.CaseCreate): 登记 as a lead with the offence filled in.
    The fine is a form default the officer edits — the middle of the computed sub-range, and labelled as such."""
    o = hit.offence
    band = hit.band
    exempt = band.level == "免罚"
    discretion = band.label()
    if band.reasons:
        discretion += "。事实：" + "；".join(band.reasons)
    if amounts := band.amount_label():
        discretion += f"。建议金额区间（按默认分档方法计算的参考值，可修改，非法定数额）：{amounts}"
    return {
        "title": o.name[:200],
        "offence_code": o.id[:64],
        "offence_name": o.name[:128],
        "facts": text[:5000],
        "violated_provision": "；".join(r.label for r in hit.violated)[:500],
        "penalty_provision": "；".join(r.label for r in o.penalty)[:500],
        "discretion": discretion,
        "penalty_kind": "none" if exempt else "fine",
        "fine_fen": 0 if exempt else suggested_fine(hit) * 100,
        "procedure": "simple" if simple else "ordinary",
        "source": "patrol",
    }


def offence_item(
    rank: int, hit: OffenceHit, *, text: str = "", simple: bool | None = None
) -> dict[str, object]:
    o = hit.offence
    authority = o.competent_authority if o.not_city_management or o.competence != "city_management" else ""
    item: dict[str, object] = {
        "rank": rank,
        "id": o.id,
        "name": o.name,
        "violated": "；".join(r.label for r in hit.violated),
        "penalty": "；".join(r.label for r in o.penalty),
        "fine": hit.fine.label() if hit.fine else "（不罚款或无固定金额）",
        "party": hit.party,
        "band": hit.band.label(),
        "band_reasons": hit.band.reasons,
        "measures": "、".join(o.measures),
        "authority": authority,
        "not_city_management": o.not_city_management,
        "score": round(hit.score, 4),
    }
    if text:
        item["draft"] = case_draft(hit, text, simple=simple)
    return item


def grounded(text: str, quotes: list[str]) -> tuple[str, list[str]]:
    """The lines of ``text`` whose every amount and time limit is in ``quotes`` (the provisions shown), and the
    lines withheld — the last check before the user sees the answer."""
    support = quantity_keys(quotes)
    kept: list[str] = []
    dropped: list[str] = []
    for line in text.splitlines():
        (kept if all(q.key in support for q in find_quantities(line)) else dropped).append(line)
    return "\n".join(kept), dropped


def basis_articles(hit: OffenceHit) -> list[str]:
    """The 行政处罚法 articles the band's reasons rest on (第三十条 age, 第三十二条 mitigation), to be quoted."""
    words = "".join([*hit.band.reasons, *hit.band.legal_basis])
    return [a for a in ("第三十条", "第三十二条") if a in words]


def answer_text(hit: OffenceHit, read: ReadFacts, missing: list[str], simple_line: str) -> str:
    o = hit.offence
    who = PARTY_LABELS[hit.party]
    lines = [
        f"最可能的违法行为：{o.name}。",
        f"违则：{hit.primary_violated.label}；罚则：{o.primary_penalty.label}。",
    ]
    fine = f"罚款幅度（{who}）：{hit.fine.label() if hit.fine else '该条对' + who + '未设罚款'}"
    if o.fine_condition:
        fine += f"（以“{o.fine_condition}”为前提）"
    lines.append(fine + "。")
    if hit.fine and hit.fine.left_to_other_law:
        # the statute leaves the amount to other law (固体废物污染环境防治法第一百一十一条第三款: 对个人依法处以罚款):
        # say that no amount can be given from the corpus, never one guessed
        lines.append(
            f"具体数额：{o.primary_penalty.label}对{who}只规定“依法处以罚款”，没有规定具体数额；"
            "具体数额由地方性法规规定，法规库中没有收录，不能给出金额。"
        )
    if o.not_city_management:
        lines.append(f"注意：此事项不属于城管职责，应移交{o.competent_authority}。")
    elif o.competence == "designated":
        lines.append(f"注意：罚则由“{o.competent_authority}”实施，须核实本地指定。")
    band = f"裁量建议：{hit.band.label()}"
    if hit.band.reasons:
        band += "；依据的事实：" + "；".join(hit.band.reasons)
    lines.append(band + "。")
    if missing:
        lines.append("尚需查明：" + "；".join(missing) + "。")
    lines.append("程序：" + simple_line)
    note = first_offence_note(read.facts, hit)
    if note and hit.band.name != "不予处罚":
        lines.append("首违不罚：" + note)
    elif note:
        lines.append(note)
    if o.measures:
        lines.append("其他措施：" + "、".join(o.measures) + "。")
    return "\n".join(lines)


class OffenceAdvisor:
    """``llm`` gives the chat model where one is loaded (None: not now) — it only chooses among close candidates;
    without it the officer is asked the separating question. ``knowledge``: the process's knowledge base (its offence
    matcher ranks, its store — bundled laws and the bureau's additions — is quoted)."""

    def __init__(
        self,
        knowledge: KnowledgeBase,
        *,
        k: int = 3,
        llm: Callable[[], LLMBackend | None] | None = None,
        choose_first: bool = False,
    ) -> None:
        self.knowledge = knowledge
        self.settings: Settings = knowledge.settings
        self.k = k
        self._llm = llm
        # False (the chat): the cards and the answer come first (the deterministic part within a second), the
        # model's choice follows as a notice. True (batch work, the evals): the choice reorders the cards.
        self.choose_first = choose_first

    def _model(self) -> LLMBackend | None:
        try:
            return self._llm() if self._llm is not None else None
        except Exception as exc:  # a model that failed to load leaves the deterministic answer
            log.warning("offence choice: no model (%s)", type(exc).__name__)
            return None

    def stream(self, text: str, *, party_type: str | None = None) -> Iterator[Event]:
        """Events: ``offence`` items (each with a ``draft``), ``citation`` (违则, 罚则 and the procedure articles,
        quoted), ``clarify`` when the best two are close, then the answer as ``delta``.

        ``party_type`` None (or "auto") reads the party from the text; "individual"/"organisation" is the officer's."""
        given = party_type in ("individual", "organisation")
        plain = normalise(text)
        read = read_facts(plain)
        party = cast(PartyType, party_type) if given else None
        hits = self.knowledge.matcher.match(plain, party=party, k=max(self.k, 2))
        if not hits:
            yield DeltaEvent(text="没有在违法行为目录中找到匹配的违法行为，请补充现场情况。")
            return
        close = close_candidates(hits, CLARIFY_MARGIN)
        model = self._model() if len(close) > 1 else None
        chosen: int | None = None
        if model is not None and self.choose_first:
            chosen = choose(model, plain, close)
            if chosen:  # the model preferred another close candidate: it leads, the rest keep their order
                hits = [hits[chosen], *(h for i, h in enumerate(hits) if i != chosen)]
                close = [close[chosen], *(h for i, h in enumerate(close) if i != chosen)]
                chosen = 0  # the model's choice now leads
        top = hits[0]
        simple, simple_line = simple_procedure(top)
        for rank, hit in enumerate(hits[: self.k], start=1):
            s = simple if rank == 1 else simple_procedure(hit)[0]
            yield OffenceEvent(item=OffenceCard.model_validate(offence_item(rank, hit, text=text, simple=s)))
        o = top.offence
        store = self.knowledge.store  # bundled laws + the bureau's additions
        refs: list[QuotedProvision | None] = [quote(top.primary_violated, store)]
        if o.primary_penalty.label != top.primary_violated.label:
            refs.append(penalty_quote(top, store))
        # the procedure line names its limits: quote them (not for another authority's card, whose line names who decides)
        if top.band.level != "免罚" and not o.not_city_management:
            refs.append(_quote_article(PENALTY_LAW, "第五十一条", store))
        if first_offence_note(read.facts, top):
            refs.append(_quote_article(PENALTY_LAW, "第三十三条", store))
        refs.extend(_quote_article(PENALTY_LAW, a, store) for a in basis_articles(top))
        # the other cards show their own ranges: their 罚则 are quoted too, after the top card's provisions
        refs.extend(penalty_quote(hit, store) for hit in hits[1 : self.k])
        seen: set[str] = set()
        quoted: list[str] = []
        for prov in refs:
            if prov is not None and prov.id + prov.label not in seen:
                seen.add(prov.id + prov.label)
                quoted.append(prov.text)
                yield CitationEvent(item=prov.cited())
        if len(close) > 1 and chosen is None:
            question, options = separating_question(hits[0].offence, hits[1].offence)
            yield ClarifyEvent(question=question, options=options)
        missing = missing_facts(read, top, given)
        answer, withheld = grounded(answer_text(top, read, missing, simple_line), quoted)
        if withheld:  # a number the quoted provisions do not state never reaches the user
            log.warning("offence answer: %d line(s) withheld, numbers not in the quoted text", len(withheld))
            yield NoticeEvent(text="有一行含条文外数字的内容未显示，请以所引条文为准。")
        yield DeltaEvent(text=answer)
        if model is not None and not self.choose_first:  # after the deterministic answer: seconds on a CPU
            chosen = choose(model, plain, close)
        if chosen is not None:
            yield NoticeEvent(text=choice_notice(close, chosen))
