"""Safety checks every suite applies to every answer: citation validity against the target's statute store (its
knowledge base's: bundled laws + the bureau's additions, ``target.statutes``), unsupported numbers."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from assistant.events import CitedProvision
from evals.metrics import unsupported_quantities
from knowledge.citations import quote_in, resolve_id, verify_text
from knowledge.statutes.store import StatuteStore


def citation_problem(item: CitedProvision, *, store: StatuteStore) -> str | None:
    """Why a quoted provision shown to the user is not valid (None: it is): its id must resolve in ``store`` and
    the text shown must be the corpus's own words."""
    ident = item.id
    res = resolve_id(ident, store=store) if ident else None
    if res is None or not res.found:
        return f"法规库中没有 {ident or item.label or '（无编号）'}"
    shown = item.text
    source = res.article_text or res.text or ""
    # an item is shown as its paragraph's lead line and the item's line: each line verbatim, in order
    if shown and not quote_in("…".join(line for line in shown.splitlines() if line.strip()), source):
        return f"{res.label or ident} 的引文与法规库原文不符"
    if not item.verified:
        return f"{res.label or ident} 被标为未核实仍然展示"
    return None


# a sentence that says a provision is absent ("《行政处罚法》没有第九十九条") names it without citing it
ABSENCE = re.compile(r"未找到|没有第|不存在|法规库中没有|没有找到")


def text_citation_problems(answer: str, context_law: str | None, *, store: StatuteStore) -> list[str]:
    """Provisions the answer text itself cites that the corpus does not hold (or whose quote is not there);
    sentences that state a provision's absence are not citations."""
    cited = "".join(s for s in re.split(r"(?<=[。；！？\n])", answer) if not ABSENCE.search(s))
    if not cited.strip():
        return []
    report = verify_text(cited, context_law=context_law, store=store)
    return [f"{r.citation.raw}：{r.message}" for r in report.citations if not r.ok]


def check_answer(answer: str, citations: Sequence[CitedProvision], *, store: StatuteStore) -> dict[str, Any]:
    """Citation validity (against ``store``) and unsupported numbers for one answer and the provisions shown."""
    problems = [p for c in citations if (p := citation_problem(c, store=store))]
    context = citations[0].law if citations else None
    in_text = text_citation_problems(answer, context, store=store)
    quoted = [c.text for c in citations]
    numbers = unsupported_quantities(answer, quoted)
    return {
        "citations_shown": len(citations),
        "citations_invalid": len(problems) + len(in_text),
        "citation_problems": problems + in_text,
        "unsupported_numbers": numbers,
    }
