"""When the best offences are close, the model chooses among them with the facts: a constrained choice (one letter)
is what a 1.5B model on two cores does fast and reliably. It never adds an offence, a provision or a number: it only
reorders the matcher's candidates; the card, the provisions and the band are still the deterministic layers'.
Without a model (or when its answer is not one of the letters) the caller asks the officer the separating question.

Measured with the bundled Qwen2.5-Coder-1.5B on two busy cores (choose_first=True, close = within 0.15): 12–28 s a
choice; top-1 on the sets the matcher was tuned on rose (offence_unseen 0.875 → 0.896, dev 1.00 kept) but on the
clean offence_unseen2 it fell (0.851 → 0.809: two right cards moved down, none fixed). So the chat does not pass a
model; the mechanism stays for a stronger model (an OpenAI-compatible backend), to be measured again on a clean set.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from assistant.llm.base import LLMBackend, Message
from knowledge.catalogue.matcher import OffenceHit

log = logging.getLogger(__name__)

LETTERS = "ABC"
SYSTEM = (
    "你是城市管理综合执法的助手。根据执法人员描述的现场情况，从候选违法行为中选出与描述的事实最相符的一项。"
    "只看描述中实际发生的行为，不要猜测。只回答一个选项字母。"
)


def close_candidates(hits: Sequence[OffenceHit], margin: float) -> list[OffenceHit]:
    """The top hit and those within ``margin`` of it (at most three)."""
    if not hits:
        return []
    best = hits[0].score
    return [hits[0], *(h for h in hits[1 : len(LETTERS)] if best - h.score < margin)]


def choice_messages(description: str, candidates: Sequence[OffenceHit]) -> list[Message]:
    options = "\n".join(
        f"{LETTERS[i]}. {h.offence.name}（构成要件：{'；'.join(h.offence.facts)}）"
        for i, h in enumerate(candidates)
    )
    user = f"现场描述：{description}\n\n候选违法行为：\n{options}\n\n最相符的一项是（只回答字母）："
    return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": user}]


def parse_choice(answer: str, n: int) -> int | None:
    """The index of the letter the model answered (the first A/B/C in its reply), None if it named none."""
    for ch in answer.strip().upper():
        if ch in LETTERS[:n]:
            return LETTERS.index(ch)
        if ch.isalpha() and ch.isascii():
            return None
    return None


def choose(llm: LLMBackend, description: str, candidates: Sequence[OffenceHit]) -> int | None:
    """The model's choice among ``candidates`` (an index), or None (no usable answer, or the model failed)."""
    if len(candidates) < 2:
        return None
    try:
        reply = llm.complete(choice_messages(description, candidates), max_tokens=2, temperature=0.0)
    except Exception as exc:  # the model is optional here: the separating question still works
        log.warning("offence choice: model unavailable (%s)", type(exc).__name__)
        return None
    return parse_choice(reply, len(candidates))


def choice_notice(candidates: Sequence[OffenceHit], chosen: int) -> str:
    """What the officer reads about the model's choice among the close candidates (in the cards' order)."""
    name = candidates[chosen].offence.name
    if chosen == 0:
        return f"候选得分接近；模型依据描述的事实认为“{name}”最相符（仅供参考，请核实现场事实）。"
    return f"候选得分接近；模型依据描述的事实认为第{chosen + 1}项“{name}”更相符（仅供参考，请核实现场事实后改选）。"
