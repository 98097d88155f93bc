"""Legal Q&A: retrieve provisions, let the LLM answer from them only, then ground every citation.

The flow is deterministic around the model: refusal when the question names a law or an article the corpus does
not hold, retrieval of the provisions, a constrained prompt, and a grounding check that quotes each cited provision
from the corpus and flags anything the model cited that the corpus does not hold.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from assistant import prompts
from assistant.grounding import QuotedProvision, ground_answer
from assistant.llm.base import LLMBackend, Message
from knowledge.citations import verify_text
from knowledge.citations.extract import find_mentions
from knowledge.statutes.store import get_store


@dataclass(frozen=True)
class Provision:
    """A retrieved article handed to the model as context."""

    id: str
    law: str
    label: str
    text: str


Retriever = Callable[[str, int], Sequence[Provision]]


@dataclass(frozen=True)
class Refusal:
    reason: str


def out_of_corpus(question: str) -> Refusal | None:
    """The question names a law the corpus lacks, or an article past a law's end: say so, never guess."""
    store = get_store()
    for mention in find_mentions(question, store):
        if not mention.law_ids and mention.written:
            return Refusal(f"法规库中没有《{mention.written.strip('《》')}》，无法依据它回答。")
    for res in verify_text(question).citations:
        if not res.found:
            return Refusal(res.message)
    return None


MIN_SHARED_RUN = 10  # characters an answer must repeat from a provision for it to count as the answer's basis
_CITATION = re.compile(
    r"《[^》]{1,40}》|第[零〇一二三四五六七八九十百千\d]+[条款项]|（[一二三四五六七八九十]+）"
)
_QUANTITY = re.compile(r"[零〇一二三四五六七八九十百千万两\d]+(?:个工作日|日|天|元|年|个月|小时)")


def shared_run(answer: str, text: str) -> int:
    """Length of the longest run of characters the answer repeats from ``text`` (its own citations aside)."""
    body = _CITATION.sub("|", answer)
    matcher = SequenceMatcher(None, body, text, autojunk=False)
    return matcher.find_longest_match(0, len(body), 0, len(text)).size


def quantities(text: str) -> set[str]:
    """The amounts and time limits a text states (十五天 and 十五日 count as one)."""
    return {q.replace("天", "日") for q in _QUANTITY.findall(text)}


def supports(answer: str, text: str) -> bool:
    """Does the provision carry the answer: its words, or the amounts and time limits the answer states?"""
    stated = quantities(answer)
    return shared_run(answer, text) >= MIN_SHARED_RUN or bool(stated and stated <= quantities(text))


def _context(provisions: Sequence[Provision], budget_chars: int = 2400) -> str:
    parts: list[str] = []
    used = 0
    for p in provisions:
        block = f"《{p.law}》{p.label}：{p.text}"
        if used + len(block) > budget_chars and parts:
            break
        parts.append(block[:budget_chars])
        used += len(block)
    return "\n\n".join(parts)


class LegalQA:
    def __init__(self, llm: LLMBackend, retriever: Retriever, *, k: int = 3, max_tokens: int = 384) -> None:
        self.llm = llm
        self.retriever = retriever
        self.k = k
        self.max_tokens = max_tokens

    def messages(self, question: str, provisions: Sequence[Provision]) -> list[Message]:
        return [
            {"role": "system", "content": prompts.LEGAL_QA_SYSTEM},
            {
                "role": "user",
                "content": prompts.LEGAL_QA_USER.format(context=_context(provisions), question=question),
            },
        ]

    def stream(self, question: str) -> Iterator[dict[str, object]]:
        """Events: ``delta`` (text), ``citation`` (a quoted provision), ``notice`` (grounding warnings)."""
        refusal = out_of_corpus(question)
        if refusal is not None:
            yield {"type": "delta", "text": f"{refusal.reason}\n{prompts.REFUSAL}"}
            yield {"type": "refused", "reason": refusal.reason}
            return
        provisions = list(self.retriever(question, self.k))
        if not provisions:
            yield {"type": "delta", "text": prompts.REFUSAL}
            yield {"type": "refused", "reason": "no_provision"}
            return
        answer = ""
        for piece in self.llm.stream(self.messages(question, provisions), max_tokens=self.max_tokens):
            answer += piece
            yield {"type": "delta", "text": piece}
        yield from self._grounding_events(answer, provisions)

    def _grounding_events(self, answer: str, provisions: Sequence[Provision]) -> Iterator[dict[str, object]]:
        """Quote the provisions the answer rests on: those whose words it repeats, else the best match; plus
        any provision the model named itself, checked against the corpus."""
        report = ground_answer(answer, context_law=provisions[0].law if provisions else None)
        basis = [p for p in provisions if shared_run(answer, p.text) >= MIN_SHARED_RUN] or list(
            provisions[:1]
        )
        cited = [QuotedProvision(p.id, p.law, p.label, p.text, True) for p in basis]
        for named in report.provisions:
            if all(named.id != c.id for c in cited):
                cited.append(named)
        for prov in cited:
            yield {"type": "citation", "item": prov.as_event()}
        if report.unverified:
            yield {
                "type": "notice",
                "text": "注意：以下引用在法规库中未找到，请勿采用：" + "、".join(report.unverified),
            }
