"""Resolve a citation against the statute store, and check quoted words against the article text.

Every outcome is explicit — found, or 未找到 / 不明确 / 不符 with the reason — never a nearest guess.

Canonical ids: ``<law>:<article>[:<款>[:<项>]]``, e.g. ``xingzhengchufafa:51``, ``xingzhengchufafa:32:1:2``;
an inserted article 第十条之一 is ``<law>:10-1``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from knowledge.citations.extract import Citation
from knowledge.statutes.model import Article, Law
from knowledge.statutes.numerals import article_label, int_to_cn, item_label
from knowledge.statutes.store import StatuteStore

Status = Literal[
    "found",
    "law_unknown",
    "law_ambiguous",
    "law_missing",
    "article_missing",
    "paragraph_missing",
    "item_missing",
]
QuoteStatus = Literal["verified", "elsewhere", "mismatch"]

_PUNCT_OR_SPACE = re.compile(r"[\s\u3000]+")
_ELLIPSIS = re.compile(r"……|…|\.{3,}|⋯+")


@dataclass
class Resolution:
    citation: Citation
    status: Status
    message: str  # Chinese, for the person reading the answer
    id: str | None = None
    law_id: str | None = None
    law_title: str | None = None
    label: str | None = None  # 《中华人民共和国行政处罚法》第三十二条第一款第（二）项
    text: str | None = None  # the cited span's text (article, 款 or 项)
    article_text: str | None = None
    candidates: tuple[str, ...] = ()
    quote_status: QuoteStatus | None = None
    quote_found_in: str | None = None  # another article that holds the quote, when not the cited one

    @property
    def found(self) -> bool:
        return self.status == "found"

    @property
    def ok(self) -> bool:
        return self.found and self.quote_status in (None, "verified")

    def as_dict(self) -> dict[str, object]:
        c = self.citation
        return {
            "raw": c.raw,
            "start": c.start,
            "end": c.end,
            "status": self.status,
            "ok": self.ok,
            "message": self.message,
            "id": self.id,
            "law_id": self.law_id,
            "law_title": self.law_title,
            "law_written": c.law_written,
            "law_source": c.law_source,
            "label": self.label,
            "article": c.article,
            "paragraph": c.paragraph,
            "item": c.item,
            "text": self.text,
            "candidates": list(self.candidates),
            "quote": c.quote,
            "quote_status": self.quote_status,
            "quote_found_in": self.quote_found_in,
        }


def normalise(text: str) -> str:
    """Compare texts without punctuation, spaces, width or quote differences."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if not (ch.isspace() or unicodedata.category(ch).startswith("P")))


def quote_in(quote: str, text: str) -> bool:
    """Every fragment of the quote (split at ellipses) occurs in ``text``, in order."""
    haystack = normalise(text)
    pos = 0
    fragments = [normalise(f) for f in _ELLIPSIS.split(quote)]
    fragments = [f for f in fragments if f]
    if not fragments:
        return False
    for frag in fragments:
        at = haystack.find(frag, pos)
        if at < 0:
            return False
        pos = at + len(frag)
    return True


def _written(c: Citation) -> str:
    law = c.law_written if c.law_written.startswith("本") else f"《{c.law_written}》" if c.law_written else ""
    return (
        law
        + article_label(c.article, c.sub)
        + (f"第{int_to_cn(c.paragraph)}款" if c.paragraph else "")
        + (f"第{item_label(c.item)}项" if c.item else "")
    )


def resolve(citation: Citation, store: StatuteStore) -> Resolution:
    c = citation
    if not c.law_ids:
        if c.law_source == "missing":
            return Resolution(c, "law_missing", f"未找到：{_written(c)} 没有指明是哪部法规，无法核对")
        return Resolution(c, "law_unknown", f"未找到：知识库中没有《{c.law_written}》，不能引用其条文")
    if len(c.law_ids) > 1:
        titles = "、".join(f"《{store.laws[i].title}》" for i in c.law_ids if i in store.laws)
        return Resolution(
            c, "law_ambiguous", f"不明确：“{c.law_written}”可能指{titles}，请写明全称", candidates=c.law_ids
        )
    law = store.law(c.law_ids[0])
    if law is None:
        return Resolution(c, "law_unknown", f"未找到：知识库中没有法规 {c.law_ids[0]}")
    article = law.article(c.article, c.sub)
    if article is None:
        label = article_label(c.article, c.sub)
        return Resolution(
            c,
            "article_missing",
            f"未找到：《{law.title}》没有{label}（共{law.last_article}条）",
            law_id=law.id,
            law_title=law.title,
        )
    return _resolve_parts(c, law, article)


def _resolve_parts(c: Citation, law: Law, article: Article) -> Resolution:
    ident = article.id
    label = f"《{law.title}》{article.label}"
    text = article.text
    para_no = c.paragraph
    if c.item is not None and para_no is None:
        para_no = next((p.number for p in article.paragraphs if p.item(c.item)), None)
        if para_no is None:
            return Resolution(
                c,
                "item_missing",
                f"未找到：{label}没有第{item_label(c.item)}项",
                law_id=law.id,
                law_title=law.title,
                id=ident,
                label=label,
                article_text=article.text,
            )
    if para_no is not None:
        para = article.paragraph(para_no)
        if para is None:
            return Resolution(
                c,
                "paragraph_missing",
                f"未找到：{label}没有第{int_to_cn(para_no)}款（共{len(article.paragraphs)}款）",
                law_id=law.id,
                law_title=law.title,
                id=ident,
                label=label,
                article_text=article.text,
            )
        ident += f":{para_no}"
        if c.paragraph is not None or len(article.paragraphs) > 1:
            label += f"第{int_to_cn(para_no)}款"
        text = para.full_text
        if c.item is not None:
            item = para.item(c.item)
            if item is None:
                return Resolution(
                    c,
                    "item_missing",
                    f"未找到：{label}没有第{item_label(c.item)}项",
                    law_id=law.id,
                    law_title=law.title,
                    id=ident,
                    label=label,
                    article_text=article.text,
                )
            ident += f":{c.item}"
            label += f"第{item.label}项"
            text = f"{para.text}\n{item.text}"
    return Resolution(
        c,
        "found",
        f"已找到：{label}",
        id=ident,
        law_id=law.id,
        law_title=law.title,
        label=label,
        text=text,
        article_text=article.text,
    )


def check_quote(res: Resolution, store: StatuteStore) -> Resolution:
    """Is the quoted text really in the cited provision? Says where it is instead when it is elsewhere."""
    quote = res.citation.quote
    if not quote or not res.found or res.article_text is None:
        return res
    if quote_in(quote, res.text or res.article_text):
        res.quote_status = "verified"
        res.message = f"{res.message}；引文与条文一致"
        return res
    if quote_in(quote, res.article_text):
        res.quote_status = "elsewhere"
        res.quote_found_in = ":".join(res.id.split(":")[:2]) if res.id else None
        res.message = f"{res.message}；不符：引文出自该条其他款项，而非所引的款项"
        return res
    holder = next((a for a in store.articles() if quote_in(quote, a.text)), None)
    res.quote_status = "mismatch"
    if holder is not None:
        res.quote_found_in = holder.id
        title = store.laws[holder.law_id].title
        res.message = f"{res.message}；不符：引文与该条不一致，实际出自《{title}》{holder.label}"
    else:
        res.message = f"{res.message}；不符：引文与条文不一致（知识库中找不到这段文字）"
    return res
