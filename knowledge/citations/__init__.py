"""Citation resolver and verifier: every answer's provisions are checked against the statute text.

Every function takes the statute store to check against (``store=``, the knowledge base's: the bundled laws and the
bureau's additions); there is no default corpus.

>>> from knowledge.citations import verify_text, resolve_reference
>>> report = verify_text("依据《中华人民共和国行政处罚法》第五十一条，可以当场处罚。", store=kb.store)
>>> report.citations[0].id
'xingzhengchufafa:51'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from knowledge.citations.extract import Citation, extract_citations
from knowledge.citations.resolve import Resolution, check_quote, normalise, quote_in, resolve
from knowledge.statutes.store import StatuteStore

__all__ = [
    "Citation",
    "Resolution",
    "VerifyReport",
    "extract_citations",
    "normalise",
    "parse_id",
    "quote_in",
    "resolve",
    "resolve_id",
    "resolve_reference",
    "verify_quote",
    "verify_text",
]

ID_RE = re.compile(r"^([A-Za-z0-9_\-]+|[\u4e00-\u9fff\w]+):(\d+)(?:-(\d+))?(?::(\d+))?(?::(\d+))?$")


@dataclass
class VerifyReport:
    citations: list[Resolution] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.citations)

    @property
    def counts(self) -> dict[str, int]:
        out = {
            "total": len(self.citations),
            "found": 0,
            "not_found": 0,
            "quote_verified": 0,
            "quote_mismatch": 0,
        }
        for r in self.citations:
            out["found" if r.found else "not_found"] += 1
            if r.quote_status == "verified":
                out["quote_verified"] += 1
            elif r.quote_status is not None:
                out["quote_mismatch"] += 1
        return out

    def as_dict(self) -> dict[str, object]:
        return {"ok": self.ok, "counts": self.counts, "citations": [r.as_dict() for r in self.citations]}


def verify_text(text: str, *, store: StatuteStore, context_law: str | None = None) -> VerifyReport:
    """Find every citation in ``text``, resolve it, and check any quoted words against the cited provision."""
    st = store
    ctx = _context_id(context_law, st)
    return VerifyReport(
        [check_quote(resolve(c, st), st) for c in extract_citations(text, st, context_law=ctx)]
    )


def parse_id(ident: str) -> Citation | None:
    """``xingzhengchufafa:32:1:2`` → a Citation (law, article, 款, 项); None when it is not an id."""
    m = ID_RE.match(ident.strip())
    if not m:
        return None
    law, art, sub, para, item = m.groups()
    return Citation(
        raw=ident,
        start=0,
        end=len(ident),
        law_written=law,
        law_ids=(law,),
        law_source="explicit",
        article=int(art),
        sub=int(sub or 0),
        paragraph=int(para) if para else None,
        item=int(item) if item else None,
    )


def resolve_id(ident: str, *, store: StatuteStore) -> Resolution | None:
    st = store
    c = parse_id(ident)
    if c is None:
        return None
    if c.law_ids[0] not in st.laws:
        found = st.find_law(c.law_ids[0])
        c.law_ids = found.law_ids if found else ()
    return resolve(c, st)


def resolve_reference(
    reference: str, *, store: StatuteStore, context_law: str | None = None
) -> list[Resolution]:
    """A reference as people write it (or a canonical id) → one Resolution per cited provision."""
    st = store
    by_id = resolve_id(reference, store=st)
    if by_id is not None:
        return [by_id]
    return verify_text(reference, context_law=context_law, store=st).citations


def verify_quote(
    reference: str, quote: str, *, store: StatuteStore, context_law: str | None = None
) -> list[Resolution]:
    """Is ``quote`` really in the provision ``reference`` names?"""
    st = store
    out = []
    for res in resolve_reference(reference, context_law=context_law, store=st):
        res.citation.quote = quote
        out.append(check_quote(res, st))
    return out


def _context_id(context_law: str | None, store: StatuteStore) -> str | None:
    if not context_law:
        return None
    found = store.find_law(context_law)
    return found.law_ids[0] if found and not found.ambiguous else None
