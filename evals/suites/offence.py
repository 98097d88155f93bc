"""offence: an officer's description of a situation → the offence, its 违则 and 罚则, the fine range, the band.

Drives the chat (``mode="offence"`` by default: the offence advisor; ``--mode auto`` also measures the router) and
reads the ``offence`` events (ranked cards) and ``citation`` events. A card's catalogue id gives its provisions.
Dataset format: ``offence_dev.jsonl`` of the shared dev sets (see evals/README.md).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any, ClassVar

from assistant.events import OffenceCard
from evals.checks import check_answer
from evals.metrics import band_name, band_steps, fine_range, mean, percentile, primary, ratio, same_ref
from evals.suite import ItemResult, Metric, Suite, register_suite
from evals.targets import Target
from knowledge.catalogue import load_catalogue

LAW_SHORT = {
    "重庆市市容环境卫生管理条例": "重庆市容条例",
    "城市市容和环境卫生管理条例": "国家市容条例",
}


def law_short(law: str) -> str:
    return LAW_SHORT.get(law, law.replace("中华人民共和国", ""))


_SHOWN_ITEM = re.compile(r"(（[一二三四五六七八九十]+）)$")


def card_refs(card: OffenceCard) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """The primary 违则 and 罚则 of an offence card, from the catalogue entry it names — with the 项 the card
    shows where the entry's 违则 is a list and the card names the item the scenario describes."""
    try:
        offence = load_catalogue().get(card.id)
    except (KeyError, ValueError):
        return None
    violated = offence.primary_violated.model_dump()
    shown = card.violated.split("；")[0]
    base = offence.primary_violated.label
    if (
        violated.get("item") is None
        and shown.startswith(base)
        and (m := _SHOWN_ITEM.search(shown[len(base) :]))
    ):
        violated["item"] = m.group(1)
    return violated, offence.primary_penalty.model_dump()


def also_is(also: str | dict[str, Any], card: OffenceCard) -> bool:
    """Is ``card`` the record's other offence: a catalogue id (offence_unseen), its provisions (offence_unseen2:
    ``violated`` and ``penalty``), or one provision of it (offence_unseen9: ``law``, ``article``, ``item`` — the
    card's 违则 or 罚则)?"""
    if isinstance(also, str):
        return card.id == also
    refs = card_refs(card)
    if not refs:
        return False
    if "violated" not in also:
        return any(same_ref(also, ref, item="both") for ref in refs)
    return same_ref(primary(also["violated"]), refs[0], item="equal") and same_ref(
        primary(also.get("penalty") or also["violated"]), refs[1]
    )


def catalogue_name(violated: dict[str, Any], penalty: dict[str, Any]) -> str | None:
    """The catalogue's name for the offence with these primary provisions (rows of the confusion matrix share
    the columns' vocabulary)."""
    for o in load_catalogue().offences:
        if same_ref(violated, o.primary_violated.model_dump(), item="equal") and same_ref(
            penalty, o.primary_penalty.model_dump()
        ):
            return o.name
    return None


@register_suite
class OffenceSuite(Suite):
    name = "offence"
    title = "违法行为研判"
    dataset = "offence_dev.jsonl"
    needs = ("chat", "knowledge")
    deterministic = True
    metrics: ClassVar[dict[str, Metric]] = {
        "top1": Metric("违法行为 top-1", gated=True, tolerance=0.01),
        "top3": Metric("违法行为 top-3", gated=True, tolerance=0.01),
        # a record that cites the penalty provision as its 违则 (第六十条第一款（一）: the writer's convention, not the
        # catalogue's obligation article 第三十三条) names the same offence: counted here, not by the strict top-1
        "top1_either_convention": Metric("违法行为 top-1（期望违则写成罚则条文的也算）", "info"),
        "top3_either_convention": Metric("违法行为 top-3（同上）", "info"),
        "violated_exact": Metric("违则完全一致（法、条、款、项）", gated=True, tolerance=0.01),
        "penalty_exact": Metric("罚则完全一致（法、条、款）", gated=True, tolerance=0.01),
        "fine_exact": Metric("罚款幅度完全一致", gated=True, tolerance=0.01),
        "band_exact": Metric("裁量档次一致", gated=True, tolerance=0.01),
        "band_within_one": Metric("裁量档次相差不超过一档", gated=True, tolerance=0.01),
        "jurisdiction_agreement": Metric("管辖判断一致（是否城管职责）", gated=True, tolerance=0.01),
        "out_of_scope_recognised": Metric("非城管事项识别率（期望移交的条目）", "info"),
        "second_offence_top3": Metric("一事多违：另一违法行为也在前三（有 also_offences 的条目）", "info"),
        "routed_to_offence": Metric("路由到违法行为研判的比例", "info"),
        "citations_invalid": Metric("无效引用条数", "lower", gated=True, tolerance=0.0),
        "citation_validity": Metric("引用有效率", gated=True, tolerance=0.0),
        "answers_with_unsupported_numbers": Metric(
            "含条文外数字/期限的回答数（回答、各卡片的罚款与档次）", "lower", gated=True, tolerance=0.0
        ),
        "latency_p50_s": Metric("延迟 p50（秒）", "lower"),
        "latency_p95_s": Metric("延迟 p95（秒）", "lower"),
        "first_content_p50_s": Metric("首个内容 p50（秒）", "lower"),
    }

    def config(self) -> dict[str, Any]:
        return {"mode": self.options.get("mode") or "offence"}

    def warm_up(self, target: Target, records: list[dict[str, Any]]) -> None:
        if records:
            target.chat(records[0]["scenario"], mode=self.config()["mode"])

    def run_item(self, record: dict[str, Any], target: Target) -> ItemResult:
        exp = record["expected"]
        party = (
            record.get("party_type") if record.get("party_type") in ("individual", "organisation") else None
        )
        run = target.chat(record["scenario"], mode=self.config()["mode"], party_type=party or "individual")
        cards = sorted(run.offences, key=lambda c: c.rank)
        # a record of lawful conduct (offence_unseen8: a stall keeping to its permit) names no provision: it is not
        # scored for the offence, only for what the answer shows (citations, numbers)
        lawful = not exp.get("violated")
        want_v = {} if lawful else primary(exp["violated"])
        want_p = {} if lawful or not exp.get("penalty") else primary(exp["penalty"])

        def first_rank(either_convention: bool) -> int | None:
            """The rank of the first card naming the expected offence (its 违则 — or, ``either_convention``, its
            罚则 cited as 违则 — and its 罚则)."""
            for i, card in enumerate([] if lawful else cards, start=1):
                refs = card_refs(card)
                if not refs or not same_ref(want_p, refs[1]):
                    continue
                if same_ref(want_v, refs[0], item="equal") or (
                    either_convention and same_ref(want_v, refs[1], item="equal")
                ):
                    return i
            return None

        rank, loose_rank = first_rank(False), first_rank(True)
        top = cards[0] if cards else None
        top_refs = card_refs(top) if top else None
        band_exp = exp.get("band_hint") or ""
        banded = band_exp not in ("", "not_applicable")
        got_band = band_name(top.band) if top else None
        steps = band_steps(band_exp, got_band) if banded else None
        got_fine = fine_range(top.fine if top else None)
        want_fine = (exp.get("fine_min"), exp.get("fine_max"))
        # what the user reads — the answer text and each card's fine and band — against the provisions quoted
        shown = "\n".join([run.answer, *(f"{c.fine}\n{c.band}" for c in cards)])
        safety = check_answer(shown, run.citations, store=target.statutes)
        scores = {
            "rank": rank,
            "top1": None if lawful else rank == 1,
            "top3": None if lawful else rank is not None and rank <= 3,
            "top1_either_convention": None if lawful else loose_rank == 1,
            "top3_either_convention": None if lawful else loose_rank is not None and loose_rank <= 3,
            "violated_exact": None
            if lawful
            else top_refs is not None and same_ref(want_v, top_refs[0], item="equal", paragraph=True),
            "penalty_exact": None
            if lawful
            else top_refs is not None and same_ref(want_p, top_refs[1], item="both", paragraph=True),
            "fine_exact": None if lawful else top is not None and tuple(got_fine) == want_fine,
            "band_exact": (steps == 0) if banded else None,
            "band_within_one": (steps is not None and steps <= 1) if banded else None,
            "out_of_scope_recognised": (top is not None and top.not_city_management)
            if exp.get("not_city_management")
            else None,
            "second_offence_top3": all(any(also_is(a, c) for c in cards[:3]) for a in exp["also_offences"])
            if exp.get("also_offences")
            else None,
            "jurisdiction_agreement": top is not None
            and top.not_city_management == bool(exp.get("not_city_management")),
            "routed_to_offence": "offence" in run.skills,
            "citations_shown": safety["citations_shown"],
            "citations_invalid": safety["citations_invalid"],
            "unsupported_numbers": len(safety["unsupported_numbers"]),
        }
        ok = bool(
            scores["top1"]
            and scores["penalty_exact"]
            and scores["fine_exact"]
            and scores["citations_invalid"] == 0
        )
        return ItemResult(
            suite=self.name,
            id=record["id"],
            ok=ok,
            category="无违法" if lawful else law_short(want_v["law"]),
            scores=scores,
            detail={
                "input": record["scenario"],
                "expected": {
                    "offence": exp["offence"],
                    "violated": want_v,
                    "penalty": want_p,
                    "fine": list(want_fine),
                    "band": band_exp,
                    "not_city_management": bool(exp.get("not_city_management")),
                },
                "got": {
                    "offences": [
                        c.model_dump(include={"rank", "id", "name", "violated", "penalty", "fine", "band"})
                        for c in cards
                    ],
                    "fine": list(got_fine),
                    "band": got_band,
                },
                "expected_label": (cards[rank - 1].name if rank else None)
                or catalogue_name(want_v, want_p)
                or exp["offence"],
                "predicted_label": top.name if top else "（无）",
                "citation_problems": safety["citation_problems"],
                "unsupported_numbers": safety["unsupported_numbers"],
                **run.brief(),
            },
            latency_s=round(run.total_s, 4),
            ttft_s=None if run.first_content_s is None else round(run.first_content_s, 4),
        )

    def summarise(self, results: list[ItemResult]) -> dict[str, Any]:
        s = [r.scores for r in results if r.error is None]
        shown = sum(int(x.get("citations_shown", 0)) for x in s)
        invalid = sum(int(x.get("citations_invalid", 0)) for x in s)
        return {
            "items": len(results),
            "errors": sum(r.error is not None for r in results),
            **{k: mean(x.get(k) for x in s) for k in ("top1", "top3", "violated_exact", "penalty_exact")},
            "top1_either_convention": mean(x.get("top1_either_convention") for x in s),
            "top3_either_convention": mean(x.get("top3_either_convention") for x in s),
            "fine_exact": mean(x.get("fine_exact") for x in s),
            "band_exact": mean(x.get("band_exact") for x in s),
            "band_within_one": mean(x.get("band_within_one") for x in s),
            "band_items": sum(x.get("band_exact") is not None for x in s),
            "jurisdiction_agreement": mean(x.get("jurisdiction_agreement") for x in s),
            "out_of_scope_recognised": mean(x.get("out_of_scope_recognised") for x in s),
            "second_offence_top3": mean(x.get("second_offence_top3") for x in s),
            "routed_to_offence": mean(x.get("routed_to_offence") for x in s),
            "citations_shown": shown,
            "citations_invalid": invalid,
            "citation_validity": ratio(shown - invalid, shown),
            "answers_with_unsupported_numbers": sum(int(x.get("unsupported_numbers", 0)) > 0 for x in s),
            "latency_p50_s": percentile((r.latency_s for r in results), 50),
            "latency_p95_s": percentile((r.latency_s for r in results), 95),
            "first_content_p50_s": percentile((r.ttft_s for r in results), 50),
            "confusion": confusion(results),
        }


def confusion(results: list[ItemResult]) -> dict[str, Any]:
    """Expected offence (rows) × the top-1 card's offence (columns), counts."""
    pairs = Counter(
        (str(r.detail.get("expected_label")), str(r.detail.get("predicted_label")))
        for r in results
        if r.error is None
    )
    rows = sorted({e for e, _ in pairs})
    cols = sorted({p for _, p in pairs})
    return {
        "rows": rows,
        "cols": cols,
        "cells": [[e, p, n] for (e, p), n in sorted(pairs.items())],
        "right": [[r.detail.get("expected_label"), r.scores.get("top1")] for r in results if r.error is None],
    }
