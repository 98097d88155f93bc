"""What gets indexed: statute articles (long ones also by 款), catalogue offences and past cases.

Cases come from the caller as plain dicts or dataclasses — knowledge never imports the case system.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

from knowledge.citations import resolve_reference
from knowledge.citations.extract import extract_citations
from knowledge.citations.resolve import resolve
from knowledge.statutes.model import Article, Law
from knowledge.statutes.store import StatuteStore

Kind = Literal["article", "offence", "case"]
LONG_ARTICLE_CHARS = 300  # longer articles are also indexed 款 by 款, each chunk pointing at the article
MAX_PASSAGE_CHARS = 480  # what the embedder reads of a doc: multilingual-e5-small stops at 512 tokens
# Everyday questions each article answers (``<law title>.yaml``: ``law``, ``questions: {第X条: [...]}``), written
# from the statute text alone: users ask 东西被扣了好久能拿回来, the article says 查封、扣押的期限不得超过三十日. Each
# article's questions are indexed as one small doc pointing at it (doc2query), so the keyword and the dense search
# meet the user's words; what is shown and quoted is always the article itself.
QUESTIONS_DIR = Path(__file__).resolve().parents[1] / "data" / "article_questions"


@dataclass
class Doc:
    id: str  # unique per chunk: ``xingzhengchufafa:58`` or ``xingzhengchufafa:58#2``
    ref: str  # what a hit points at: the article id, ``offence:<id>``, ``case:<id>``
    kind: Kind
    title: str  # 《行政处罚法》第五十八条 / offence name / case title
    text: str  # the text embedded and tokenized
    law_id: str = ""
    level: str = ""
    region: str = ""
    effective: str = ""  # ISO dates; empty when unknown
    repealed: str = ""
    tokens: list[str] = field(default_factory=list)
    links: list[str] = field(
        default_factory=list
    )  # article ids a hit on this doc leads to (罚则, catalogue refs)

    @property
    def hash(self) -> str:
        return hashlib.sha256(f"{self.kind}\x00{self.title}\x00{self.text}".encode()).hexdigest()[:24]

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Doc:
        return cls(**{f.name: data[f.name] for f in dataclasses.fields(cls) if f.name in data})


def _law_doc(law: Law, ident: str, ref: str, title: str, text: str) -> Doc:
    meta = law.meta
    start = meta.effective or meta.revised
    return Doc(
        ident,
        ref,
        "article",
        title,
        text,
        law_id=law.id,
        level=law.level,
        region=law.region,
        effective=start.isoformat() if start else "",
        repealed=meta.repealed.isoformat() if meta.repealed else "",
    )


def _heading(law: Law, article: Article) -> str:
    where = " ".join(x for x in (article.chapter, article.section) if x)
    return f"《{law.short_title}》{article.label}" + (f"（{where}）" if where else "")


MAX_LINKS = 4


def cited_by(store: StatuteStore) -> dict[str, list[str]]:
    """Article id → the articles that cite it (``违反本条例第四十五条…的，处…罚款`` cites 第四十五条): the way from
    a prohibition to its penalty."""
    out: dict[str, list[str]] = {}
    for law in store.laws.values():
        for article in law.articles:
            for cit in extract_citations(article.text, store, context_law=law.id):
                res = resolve(cit, store)
                if not res.found or res.id is None:
                    continue
                target = ":".join(res.id.split(":")[:2])
                if target != article.id and article.id not in out.setdefault(target, []):
                    out[target].append(article.id)
    return out


def is_question_doc(doc_id: str) -> bool:
    """A doc that holds an article's everyday questions (``xingzhengchufafa:33#q``)."""
    return doc_id.endswith("#q")


def article_questions(directory: Path = QUESTIONS_DIR) -> dict[str, dict[str, list[str]]]:
    """Law title → article label → the everyday questions that article answers (empty without the data)."""
    out: dict[str, dict[str, list[str]]] = {}
    for path in sorted(directory.glob("*.yaml")) if directory.is_dir() else []:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        questions = data.get("questions") or {}
        out[str(data.get("law") or path.stem)] = {
            str(label): [str(q) for q in qs or []] for label, qs in questions.items()
        }
    return out


def article_docs(store: StatuteStore) -> Iterator[Doc]:
    citing = cited_by(store)
    asked = article_questions()
    for law in store.laws.values():
        law_questions = asked.get(law.title, {})
        for article in law.articles:
            title = f"《{law.short_title}》{article.label}"
            head = _heading(law, article)
            body = article.text
            doc = _law_doc(law, article.id, article.id, title, f"{head}\n{body}")
            doc.links = citing.get(article.id, [])[:MAX_LINKS]
            yield doc
            if len(body) > LONG_ARTICLE_CHARS and len(article.paragraphs) > 1:
                for para in article.paragraphs:
                    text = f"{head}第{para.number}款\n{para.full_text}"
                    yield _law_doc(law, f"{article.id}#{para.number}", article.id, title, text)
            if questions := law_questions.get(article.label):
                # one doc for all of an article's questions: a single short question would win the keyword search
                # on one everyday word (城管, 罚多少) alone; together they rank the article by what it answers
                yield _law_doc(law, f"{article.id}#q", article.id, title, "\n".join(questions))


def _as_mapping(record: Any) -> Mapping[str, Any]:
    if isinstance(record, Mapping):
        return record
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        return dataclasses.asdict(record)
    dump = getattr(record, "model_dump", None)
    if callable(dump):
        result = dump()
        if isinstance(result, Mapping):
            return result
    return vars(record)


def _flatten(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        return " ".join(_flatten(v) for v in value.values())
    if isinstance(value, Iterable):
        return "、".join(_flatten(v) for v in value)
    return "" if value is None else str(value)


OFFENCE_FIELDS = ("name", "aliases", "facts", "domain", "description")
CASE_FIELDS = (
    "title",
    "offence",
    "offence_name",
    "summary",
    "facts",
    "description",
    "location",
    "decision",
    "result",
)


def _ref_ids(refs: Any, store: StatuteStore) -> list[str]:
    """Catalogue references ``{law, article, …}`` → article ids, through the citation resolver."""
    out: list[str] = []
    for ref in refs or []:
        data = _as_mapping(ref)
        found = resolve_reference(f"《{data.get('law', '')}》{data.get('article', '')}", store=store)
        for res in found:
            if res.found and res.id:
                art = ":".join(res.id.split(":")[:2])
                if art not in out:
                    out.append(art)
    return out


def offence_docs(offences: Iterable[Any], store: StatuteStore | None = None) -> Iterator[Doc]:
    """One doc per catalogue offence: its name, colloquial aliases and constituent facts; linked to its
    违则, 罚则 and related provisions."""
    for offence in offences:
        data = _as_mapping(offence)
        ident = str(data.get("id") or data.get("code") or data.get("name"))
        name = _flatten(data.get("name", ident))
        text = "\n".join(_flatten(data[k]) for k in OFFENCE_FIELDS if data.get(k))
        doc = Doc(f"offence:{ident}", f"offence:{ident}", "offence", name, text)
        if store is not None:
            links = [*_ref_ids(data.get("violated"), store), *_ref_ids(data.get("penalty"), store)]
            links += _ref_ids(data.get("related"), store)
            doc.links = list(dict.fromkeys(links))
        yield doc


def case_docs(records: Iterable[Any]) -> Iterator[Doc]:
    """Past cases given by the caller (dicts, dataclasses or pydantic models) with an ``id`` or ``case_number``."""
    for record in records:
        data = _as_mapping(record)
        ident = str(data.get("id") or data.get("case_number") or "")
        if not ident:
            continue
        text = "\n".join(_flatten(data[k]) for k in CASE_FIELDS if data.get(k))
        if not text:
            text = " ".join(v for v in data.values() if isinstance(v, str))
        title = _flatten(data.get("title") or data.get("case_number") or ident)
        yield Doc(f"case:{ident}", f"case:{ident}", "case", title, text)


def catalogue_offences() -> list[Any]:
    """The offence catalogue when it is installed; an empty list otherwise (statutes are indexed regardless)."""
    try:
        from knowledge.catalogue import load_catalogue  # type: ignore[attr-defined,unused-ignore]
    except ImportError:
        return []
    catalogue = load_catalogue()
    offences = getattr(catalogue, "offences", catalogue)
    if isinstance(offences, Mapping):
        offences = list(offences.values())
    return list(offences)
