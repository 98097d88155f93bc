"""asr, transcript (speech → text) and vision (photo → detections per class).

* ``asr``: the ASR backend as ``zhifa doctor`` runs it (``ASRBackend.transcribe``); ``transcript``: the
  transcription pipeline as speech jobs run it (punctuation, homophone correction), or ``POST /api/speech/jobs``.
  Both: CER per clip, micro-CER (errors over reference characters, punctuation and spaces ignored), RTF
  (processing seconds over audio seconds). Dataset: ``speech.jsonl`` — ``{"id", "audio", "reference",
  "language"}``.
* ``vision``: the camera pipeline's detector, as ``POST /api/vision/images`` runs it. Detection counts per class,
  and whether each count falls in the record's expected range. Dataset: ``vision.jsonl`` — ``{"id", "image",
  "expected": {"person": [min, max], …}}``.

Media paths: see :func:`evals.suite.media_path` (``$ZHIFA_SHARED_DIR/…`` for the large shared files).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any, ClassVar

from evals.metrics import mean, percentile, ratio
from evals.suite import ItemResult, Metric, Suite, media_path, register_suite
from evals.targets import Target
from speech.asr import char_error_rate

_NUMBER_WORDS = dict(
    zip(
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"],
        map(str, range(11)),
        strict=True,
    )
)


def english_words(text: str) -> list[str]:
    """Lower-case words, number words as digits ("one two three" and "1, 2, 3" are the same words)."""
    return [_NUMBER_WORDS.get(w, w) for w in re.findall(r"[a-z0-9']+", text.lower())]


def _chars(text: str) -> int:
    return sum(c.isalnum() for c in text)


class _SpeechSuite(Suite):
    dataset = "speech.jsonl"
    needs = ("asr",)
    pipeline = False
    metrics: ClassVar[dict[str, Metric]] = {
        "micro_cer": Metric("字错误率 CER（微平均）", "lower"),
        "mean_cer": Metric("字错误率 CER（逐段平均）", "lower"),
        "rtf": Metric("实时率 RTF", "lower"),
        "latency_p50_s": Metric("每段处理时长 p50（秒）", "lower"),
        "latency_p95_s": Metric("每段处理时长 p95（秒）", "lower"),
    }

    def warm_up(self, target: Target, records: list[dict[str, Any]]) -> None:
        for r in records:
            path = media_path(r, r["audio"])
            if path.is_file():
                target.transcribe(path, pipeline=self.pipeline)
                return

    def run_item(self, record: dict[str, Any], target: Target) -> ItemResult:
        path = media_path(record, record["audio"])
        if not path.is_file():
            raise FileNotFoundError(f"找不到录音 {record['audio']}（{path}）")
        ref = str(record["reference"])
        language = str(record.get("language", "zh"))
        out = target.transcribe(path, pipeline=self.pipeline, language=language)
        zh = language == "zh"
        cer = char_error_rate(out.text, ref) if zh else None
        words = english_words(ref)
        said = set(english_words(out.text))
        found = ratio(sum(w in said for w in words), len(words)) if not zh else None
        return ItemResult(
            suite=self.name,
            id=record["id"],
            ok=(cer is not None and cer <= float(record.get("max_cer", 0.3)))
            or (found is not None and found >= 0.6),
            category=str(record.get("category") or record.get("language", "zh")),
            scores={
                "cer": None if cer is None else round(cer, 4),
                "errors": None if cer is None else cer * _chars(ref),
                "ref_chars": _chars(ref) if zh else 0,
                "words_found": found,
                "audio_s": round(out.duration_s, 3),
                "seconds": round(out.seconds, 4),
            },
            detail={"input": str(record["audio"]), "expected": ref, "answer": out.text},
            latency_s=round(out.seconds, 4),
        )

    def summarise(self, results: list[ItemResult]) -> dict[str, Any]:
        s = [r.scores for r in results if r.error is None]
        zh = [x for x in s if x["cer"] is not None]
        audio = sum(x["audio_s"] for x in s)
        return {
            "items": len(results),
            "errors": sum(r.error is not None for r in results),
            "micro_cer": ratio(round(sum(x["errors"] for x in zh)), sum(x["ref_chars"] for x in zh))
            if zh
            else None,
            "mean_cer": mean(x["cer"] for x in zh),
            "english_words_found": mean(x["words_found"] for x in s),
            "rtf": round(sum(x["seconds"] for x in s) / audio, 4) if audio else None,
            "audio_seconds": round(audio, 2),
            "latency_p50_s": percentile((r.latency_s for r in results), 50),
            "latency_p95_s": percentile((r.latency_s for r in results), 95),
        }


@register_suite
class ASRSuite(_SpeechSuite):
    name = "asr"
    remote = False
    title = "语音识别（模型本身）"
    pipeline = False


@register_suite
class TranscriptSuite(_SpeechSuite):
    name = "transcript"
    title = "转写流水线（标点、同音纠错）"
    pipeline = True


@register_suite
class VisionSuite(Suite):
    name = "vision"
    title = "图像检测（每类计数）"
    dataset = "vision.jsonl"
    needs = ("detector",)
    metrics: ClassVar[dict[str, Metric]] = {
        "counts_in_range": Metric("计数落在期望范围的比例（类×图）"),
        "images_all_in_range": Metric("所有类计数都在范围内的图片比例"),
        "latency_p50_s": Metric("每张耗时 p50（秒）", "lower"),
        "latency_p95_s": Metric("每张耗时 p95（秒）", "lower"),
    }

    def warm_up(self, target: Target, records: list[dict[str, Any]]) -> None:
        for r in records:
            path = media_path(r, r["image"])
            if path.is_file():
                target.detect(path)
                return

    def run_item(self, record: dict[str, Any], target: Target) -> ItemResult:
        import time

        path = media_path(record, record["image"])
        if not path.is_file():
            raise FileNotFoundError(f"找不到图片 {record['image']}（{path}）")
        t0 = time.perf_counter()
        found = target.detect(path)
        elapsed = time.perf_counter() - t0
        counts = Counter(d["label"] for d in found)
        checks = {}
        for label, (lo, hi) in record.get("expected", {}).items():
            n = counts.get(label, 0)
            checks[label] = (lo is None or n >= lo) and (hi is None or n <= hi)
        return ItemResult(
            suite=self.name,
            id=record["id"],
            ok=all(checks.values()),
            category=str(record.get("category", "")),
            scores={"counts": dict(counts), "in_range": checks},
            detail={
                "input": str(record["image"]),
                "expected": record.get("expected", {}),
                "answer": "，".join(f"{k} {v}" for k, v in counts.most_common()) or "（无检测）",
            },
            latency_s=round(elapsed, 4),
        )

    def summarise(self, results: list[ItemResult]) -> dict[str, Any]:
        s = [r.scores for r in results if r.error is None]
        totals: Counter[str] = Counter()
        for x in s:
            totals.update(x["counts"])
        checks = [v for x in s for v in x["in_range"].values()]
        per_class: dict[str, list[bool]] = {}
        for x in s:
            for label, v in x["in_range"].items():
                per_class.setdefault(label, []).append(v)
        return {
            "items": len(results),
            "errors": sum(r.error is not None for r in results),
            "detections_per_class": dict(totals.most_common()),
            "counts_in_range": ratio(sum(checks), len(checks)),
            "in_range_per_class": {k: ratio(sum(v), len(v)) for k, v in sorted(per_class.items())},
            "images_all_in_range": mean(all(x["in_range"].values()) for x in s),
            "latency_p50_s": percentile((r.latency_s for r in results), 50),
            "latency_p95_s": percentile((r.latency_s for r in results), 95),
        }
