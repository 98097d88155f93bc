"""legal_qa (the assistant's answers, with the LLM) and retrieval (the provisions it would quote, no LLM).

Dataset format: ``legal_qa_dev.jsonl`` of the shared dev sets — question, answer_points, citations (law, article),
must_refuse (see evals/README.md).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any, ClassVar, cast

import numpy as np

from assistant.events import CitedProvision
from evals.checks import check_answer, citation_problem
from evals.metrics import mean, percentile, precision_recall, ratio, sentences, string_covered
from evals.suite import ItemResult, Metric, Suite, register_suite
from evals.suites.offence import law_short
from evals.targets import Target
from knowledge.base import KnowledgeBase
from knowledge.citations import resolve_reference
from knowledge.statutes.store import StatuteStore

# an answer that says the corpus has no answer counts as a refusal even without a ``refused`` event
REFUSAL_MARKERS = ("没有找到可以回答", "无法依据", "不能凭空给出答案", "法规库中没有")
SEMANTIC_MATCH = (
    0.88  # cosine (bundled embedder, query vs passage) at or above which a point counts as covered
)


def article_key(ident: str) -> str:
    """``xingzhengchufafa:51:1`` → ``xingzhengchufafa:51``: citations compare at article level."""
    return ":".join(str(ident).split(":")[:2])


def expected_keys(record: dict[str, Any], store: StatuteStore) -> list[str]:
    out = []
    for cit in record.get("citations", []):
        found = [
            r for r in resolve_reference(f"《{cit['law']}》{cit['article']}", store=store) if r.found and r.id
        ]
        if not found:
            raise ValueError(f"{record['id']}: 期望的引用不在法规库中：{cit}")
        out.append(article_key(found[0].id or ""))
    return list(dict.fromkeys(out))


def is_refusal(answer: str, refused_event: bool) -> bool:
    return refused_event or any(m in answer for m in REFUSAL_MARKERS)


def category(record: dict[str, Any]) -> str:
    if record.get("must_refuse"):
        return "应拒答"
    cits = record.get("citations") or [{}]
    return law_short(str(cits[0].get("law", "其他")))


class SemanticMatcher:
    """Answer-point coverage by meaning: a point is covered when some sentence of the answer is close to it."""

    def __init__(self, embedder: Any, threshold: float = SEMANTIC_MATCH) -> None:
        self.embedder = embedder
        self.threshold = threshold

    def scores(self, points: Sequence[str], answer: str) -> list[float]:
        parts = sentences(answer) or ([answer] if answer else [])
        if not points or not parts:
            return [0.0 for _ in points]
        q = np.asarray(self.embedder.embed_queries(list(points)))
        p = np.asarray(self.embedder.embed_passages(parts))
        return [round(float(x), 4) for x in (q @ p.T).max(axis=1)]


Judge = Callable[[str, str, str], bool | None]


def llm_judge(llm: Any) -> Judge:
    """A local LLM asked, for each point, whether the answer states it (是/否); None when it says neither."""

    def judge(question: str, answer: str, point: str) -> bool | None:
        reply = llm.complete(
            [
                {"role": "system", "content": "你是严格的评卷人。只回答“是”或“否”。"},
                {
                    "role": "user",
                    "content": f"问题：{question}\n回答：{answer}\n要点：{point}\n回答是否明确表达了这个要点？只回答是或否。",
                },
            ],
            max_tokens=4,
            temperature=0.0,
        ).strip()
        return True if reply.startswith("是") else False if reply.startswith("否") else None

    return judge


@register_suite
class LegalQASuite(Suite):
    name = "legal_qa"
    title = "法律问答（含大模型）"
    dataset = "legal_qa_dev.jsonl"
    needs = ("chat", "llm", "knowledge")
    metrics: ClassVar[dict[str, Metric]] = {
        "citation_validity": Metric(
            "引用有效率（每条引用都在法规库中且引文一致）", gated=True, tolerance=0.0
        ),
        "citations_invalid": Metric("无效引用条数", "lower", gated=True, tolerance=0.0),
        "answers_with_unsupported_numbers": Metric("含条文外数字/期限的回答数", "lower"),
        "citation_precision": Metric("引用准确率"),
        "citation_recall": Metric("引用召回率"),
        "first_citation_expected": Metric("首条引用即期望条文"),
        "refusal_precision": Metric("拒答准确率"),
        "refusal_recall": Metric("拒答召回率（应拒答的都拒答）"),
        "answerable_refused": Metric("可答却拒答", "lower"),
        "point_coverage_string": Metric("要点覆盖（字面）"),
        "point_coverage_semantic": Metric("要点覆盖（语义）"),
        "point_coverage_judge": Metric("要点覆盖（大模型评判）"),
        "judge_agreement_string": Metric("评判与字面一致率", "info"),
        "judge_agreement_semantic": Metric("评判与语义一致率", "info"),
        "routed_to_legal": Metric("路由到法律问答的比例", "info"),
        "ttft_p50_s": Metric("首字时间 p50（秒）", "lower"),
        "ttft_p95_s": Metric("首字时间 p95（秒）", "lower"),
        "latency_p50_s": Metric("总时长 p50（秒）", "lower"),
        "latency_p95_s": Metric("总时长 p95（秒）", "lower"),
    }

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.semantic: SemanticMatcher | None = options.get("_semantic")
        self.judge: Judge | None = options.get("_judge")

    def config(self) -> dict[str, Any]:
        return {"mode": self.options.get("mode") or "auto", "judge": self.judge is not None}

    def warm_up(self, target: Target, records: list[dict[str, Any]]) -> None:
        if records:  # loads the model and the index; the first item's clock then measures a warm server
            target.chat("简易程序适用于什么情况？", mode="legal")

    def run_item(self, record: dict[str, Any], target: Target) -> ItemResult:
        want = expected_keys(record, target.statutes)
        run = target.chat(record["question"], mode=self.config()["mode"])
        answer = run.answer
        shown = list(dict.fromkeys(article_key(c.id) for c in run.citations if c.id))
        hit = [k for k in shown if k in want]
        refused = is_refusal(answer, run.refused)
        safety = check_answer(answer, run.citations, store=target.statutes)
        points = [str(p) for p in record.get("answer_points", [])]
        must_refuse = bool(record.get("must_refuse"))
        string_hits = [string_covered(p, answer) for p in points] if not must_refuse else []
        sem_scores = (
            self.semantic.scores(points, answer) if self.semantic is not None and not must_refuse else []
        )
        sem_hits = [s >= (self.semantic.threshold if self.semantic else 1) for s in sem_scores]
        judged = (
            [self.judge(record["question"], answer, p) for p in points]
            if self.judge is not None and not must_refuse and answer
            else []
        )
        scores: dict[str, Any] = {
            "must_refuse": must_refuse,
            "refused": refused,
            "shown": len(shown),
            "shown_expected": len(hit),
            "expected": len(want) if not must_refuse else 0,
            "expected_found": len([k for k in want if k in shown]) if not must_refuse else 0,
            "first_citation_expected": (bool(shown) and shown[0] in want) if not must_refuse else None,
            "citations_shown": safety["citations_shown"],
            "citations_invalid": safety["citations_invalid"],
            "unsupported_numbers": len(safety["unsupported_numbers"]),
            "points": len(string_hits),
            "points_string": sum(string_hits),
            "points_semantic": sum(sem_hits) if sem_scores else None,
            "points_judge": sum(bool(j) for j in judged) if judged else None,
            "judge_agree_string": sum(j == s for j, s in zip(judged, string_hits, strict=False))
            if judged
            else None,
            "judge_agree_semantic": sum(j == s for j, s in zip(judged, sem_hits, strict=False))
            if judged and sem_hits
            else None,
            "routed_to_legal": "legal" in run.skills,
        }
        if must_refuse:
            ok = refused and safety["citations_invalid"] == 0
        else:
            ok = (
                not refused
                and bool(hit)
                and safety["citations_invalid"] == 0
                and not safety["unsupported_numbers"]
            )
        return ItemResult(
            suite=self.name,
            id=record["id"],
            ok=ok,
            category=category(record),
            scores=scores,
            detail={
                "input": record["question"],
                "expected": {"citations": want, "answer_points": points, "must_refuse": must_refuse},
                "shown_articles": shown,
                "points_string": string_hits,
                "points_semantic": sem_scores,
                "points_judge": judged,
                "citation_problems": safety["citation_problems"],
                "unsupported_numbers": safety["unsupported_numbers"],
                **run.brief(),
            },
            latency_s=round(run.total_s, 4),
            ttft_s=None if run.ttft_s is None else round(run.ttft_s, 4),
        )

    def summarise(self, results: list[ItemResult]) -> dict[str, Any]:
        s = [r.scores for r in results if r.error is None]
        answerable = [x for x in s if not x["must_refuse"]]
        tp = sum(x["must_refuse"] and x["refused"] for x in s)
        fp = sum(not x["must_refuse"] and x["refused"] for x in s)
        fn = sum(x["must_refuse"] and not x["refused"] for x in s)
        r_prec, r_rec = precision_recall(tp, fp, fn)
        shown = sum(x["citations_shown"] for x in s)
        invalid = sum(x["citations_invalid"] for x in s)
        points = sum(x["points"] for x in answerable)
        judged = [x for x in answerable if x["points_judge"] is not None]
        sem = [x for x in answerable if x["points_semantic"] is not None]
        return {
            "items": len(results),
            "errors": sum(r.error is not None for r in results),
            "answerable": len(answerable),
            "must_refuse": len(s) - len(answerable),
            "citations_shown": shown,
            "citations_invalid": invalid,
            "citation_validity": ratio(shown - invalid, shown),
            "answers_with_unsupported_numbers": sum(x["unsupported_numbers"] > 0 for x in s),
            "citation_precision": ratio(
                sum(x["shown_expected"] for x in answerable), sum(x["shown"] for x in answerable)
            ),
            "citation_recall": ratio(
                sum(x["expected_found"] for x in answerable), sum(x["expected"] for x in answerable)
            ),
            "first_citation_expected": mean(x["first_citation_expected"] for x in answerable),
            "refusal_precision": r_prec,
            "refusal_recall": r_rec,
            "answerable_refused": fp,
            "point_coverage_string": ratio(sum(x["points_string"] for x in answerable), points),
            "point_coverage_semantic": ratio(
                sum(x["points_semantic"] for x in sem), sum(x["points"] for x in sem)
            ),
            "point_coverage_judge": ratio(
                sum(x["points_judge"] for x in judged), sum(x["points"] for x in judged)
            ),
            "judge_agreement_string": ratio(
                sum(x["judge_agree_string"] for x in judged), sum(x["points"] for x in judged)
            ),
            "judge_agreement_semantic": ratio(
                sum(x["judge_agree_semantic"] or 0 for x in judged if x["judge_agree_semantic"] is not None),
                sum(x["points"] for x in judged if x["judge_agree_semantic"] is not None),
            ),
            "routed_to_legal": mean(x["routed_to_legal"] for x in s),
            "ttft_p50_s": percentile((r.ttft_s for r in results), 50),
            "ttft_p95_s": percentile((r.ttft_s for r in results), 95),
            "latency_p50_s": percentile((r.latency_s for r in results), 50),
            "latency_p95_s": percentile((r.latency_s for r in results), 95),
        }


@register_suite
class RetrievalSuite(Suite):
    """The deterministic half of legal Q&A: the refusal check and the provisions the skill would hand the model and
    quote (``assistant.retrieval.make_retriever``, the same retriever, k as the skill's), with no LLM."""

    name = "retrieval"
    remote = False
    title = "法条检索与引用（无大模型）"
    dataset = "legal_qa_dev.jsonl"
    needs = ("knowledge",)
    deterministic = True
    metrics: ClassVar[dict[str, Metric]] = {
        "citation_recall": Metric("期望条文召回率（前 k 条）", gated=True, tolerance=0.01),
        "citation_precision": Metric("引用准确率（前 k 条）", gated=True, tolerance=0.01),
        "first_citation_expected": Metric("首条即期望条文", gated=True, tolerance=0.01),
        "refusal_precision": Metric("拒答准确率", gated=True, tolerance=0.01),
        "refusal_recall": Metric("拒答召回率", gated=True, tolerance=0.0),
        "answerable_refused": Metric("可答却拒答", "lower", gated=True, tolerance=0.0),
        "citations_invalid": Metric("无效引用条数", "lower", gated=True, tolerance=0.0),
        "citation_validity": Metric("引用有效率", gated=True, tolerance=0.0),
        "latency_p50_s": Metric("延迟 p50（秒）", "lower"),
        "latency_p95_s": Metric("延迟 p95（秒）", "lower"),
    }

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._retriever: Callable[[str, int], Sequence[Any]] | None = None
        self._store: StatuteStore | None = None

    def config(self) -> dict[str, Any]:
        return {"k": int(self.options.get("k") or 3)}

    def store(self, target: Target) -> StatuteStore:
        """The statute store the server's refusal reads: bundled laws plus the bureau's additions."""
        if self._store is None:
            self._store = _local_knowledge(target).store
        return self._store

    def retriever(self, target: Target) -> Callable[[str, int], Sequence[Any]]:
        if self._retriever is None:
            from assistant.retrieval import make_retriever

            self._retriever = make_retriever(_local_knowledge(target))
        return self._retriever

    def warm_up(self, target: Target, records: list[dict[str, Any]]) -> None:
        self.retriever(target)("简易程序适用于什么情况？", 3)

    def run_item(self, record: dict[str, Any], target: Target) -> ItemResult:
        from assistant.legal_qa import out_of_corpus

        want = expected_keys(record, self.store(target))
        k = self.config()["k"]
        t0 = time.perf_counter()
        refusal = out_of_corpus(record["question"], self.store(target))
        provisions = [] if refusal else list(self.retriever(target)(record["question"], k))
        elapsed = time.perf_counter() - t0
        refused = refusal is not None or not provisions
        items = [
            CitedProvision(id=p.id, law=p.law, label=p.label, text=p.text, verified=True) for p in provisions
        ]
        problems = [q for it in items if (q := citation_problem(it, store=self.store(target)))]
        shown = list(dict.fromkeys(article_key(it.id) for it in items))
        must_refuse = bool(record.get("must_refuse"))
        hit = [x for x in shown if x in want]
        scores = {
            "must_refuse": must_refuse,
            "refused": refused,
            "shown": len(shown),
            "shown_expected": len(hit),
            "expected": 0 if must_refuse else len(want),
            "expected_found": 0 if must_refuse else len([w for w in want if w in shown]),
            "first_citation_expected": None if must_refuse else (bool(shown) and shown[0] in want),
            "citations_shown": len(items),
            "citations_invalid": len(problems),
        }
        ok = refused if must_refuse else (not refused and bool(hit) and not problems)
        return ItemResult(
            suite=self.name,
            id=record["id"],
            ok=ok,
            category=category(record),
            scores=scores,
            detail={
                "input": record["question"],
                "expected": {"citations": want, "must_refuse": must_refuse},
                "shown_articles": shown,
                "refused": [refusal.reason] if refusal else ([] if provisions else ["no_provision"]),
                "citations": [
                    {"id": it.id, "law": it.law, "label": it.label, "text": it.text[:240]} for it in items
                ],
                "citation_problems": problems,
            },
            latency_s=round(elapsed, 4),
        )

    def summarise(self, results: list[ItemResult]) -> dict[str, Any]:
        s = [r.scores for r in results if r.error is None]
        answerable = [x for x in s if not x["must_refuse"]]
        tp = sum(x["must_refuse"] and x["refused"] for x in s)
        fp = sum(not x["must_refuse"] and x["refused"] for x in s)
        fn = sum(x["must_refuse"] and not x["refused"] for x in s)
        r_prec, r_rec = precision_recall(tp, fp, fn)
        shown = sum(x["citations_shown"] for x in s)
        invalid = sum(x["citations_invalid"] for x in s)
        return {
            "items": len(results),
            "errors": sum(r.error is not None for r in results),
            "k": self.config()["k"],
            "citation_recall": ratio(
                sum(x["expected_found"] for x in answerable), sum(x["expected"] for x in answerable)
            ),
            "citation_precision": ratio(
                sum(x["shown_expected"] for x in answerable), sum(x["shown"] for x in answerable)
            ),
            "first_citation_expected": mean(x["first_citation_expected"] for x in answerable),
            "refusal_precision": r_prec,
            "refusal_recall": r_rec,
            "answerable_refused": fp,
            "citations_shown": shown,
            "citations_invalid": invalid,
            "citation_validity": ratio(shown - invalid, shown),
            "latency_p50_s": percentile((r.latency_s for r in results), 50),
            "latency_p95_s": percentile((r.latency_s for r in results), 95),
        }


def _local_knowledge(target: Target) -> KnowledgeBase:
    """The in-process target's knowledge base (the one its chat retrieves from)."""
    knowledge = getattr(target, "knowledge", None)
    if knowledge is None:
        raise ValueError("retrieval 套件只在本机进程内运行（不支持 --url）。")
    return cast(KnowledgeBase, knowledge)
