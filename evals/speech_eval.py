"""Speech eval: CER per clip and micro-CER, raw model vs the full pipeline, in one run; real-time factor of each.

    python -m evals.speech_eval [--data DIR] [--json report.json] [--with-hotwords]

``DIR`` holds ``transcripts.tsv`` (file, language, reference_text) and the clips; default ``../shared/data/speech``
beside the checkout, else the two clips in ``speech/samples``. *raw* is the ASR backend as ``zhifa doctor`` runs it
(``ASRBackend.transcribe``: VAD, the configured prompt ``以下是普通话的句子。``, simplified); *pipeline* is
:class:`speech.pipeline.TranscriptionPipeline` as jobs run it (no style prompt, word timestamps, punctuation,
homophone correction); ``--with-hotwords`` adds a third run with the catalogue/gazetteer decoder hotwords.
CER ignores punctuation and spaces. English clips are a sanity check (words found), not part of the micro-CER.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.settings import Settings
from speech.asr import SAMPLES_DIR, ASRBackend, build_asr, char_error_rate
from speech.audio import decode
from speech.pipeline import TranscriptionPipeline, build_pipeline

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = (REPO.parent / "shared" / "data" / "speech", SAMPLES_DIR)
ASCII_PUNCT = re.compile(r"[,.?!;:]")


@dataclass
class Run:
    name: str
    errors: float = 0.0
    ref_chars: int = 0
    seconds: float = 0.0
    audio_seconds: float = 0.0
    clips: list[dict[str, Any]] = field(default_factory=list)

    @property
    def micro_cer(self) -> float:
        return self.errors / max(self.ref_chars, 1)

    @property
    def rtf(self) -> float:
        return self.seconds / max(self.audio_seconds, 1e-9)


def read_rows(data: Path) -> list[dict[str, str]]:
    with (data / "transcripts.tsv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def _chars(text: str) -> int:
    return sum(c.isalnum() for c in text)


def evaluate(
    asr: ASRBackend, pipeline: TranscriptionPipeline, data: Path, *, with_hotwords: bool = False
) -> dict[str, Any]:
    rows = read_rows(data)
    zh = [r for r in rows if r["language"] == "zh"]
    runs = [Run("raw"), Run("pipeline")]
    variants: dict[str, TranscriptionPipeline] = {"pipeline": pipeline}
    if with_hotwords:
        runs.append(Run("pipeline+hotwords"))
        variants["pipeline+hotwords"] = replace_pipeline(pipeline, decoder_hotwords=True)
    asr.transcribe(data / zh[0]["file"])  # warm-up: first-call costs belong to neither side
    for row in zh:
        path, ref = data / row["file"], row["reference_text"]
        duration = decode(path, max_seconds=7200).duration
        for run in runs:
            t0 = time.perf_counter()
            text = asr.transcribe(path).text if run.name == "raw" else variants[run.name].run(path).text
            run.seconds += time.perf_counter() - t0
            run.audio_seconds += duration
            cer = char_error_rate(text, ref)
            run.errors += cer * _chars(ref)
            run.ref_chars += _chars(ref)
            run.clips.append({"file": row["file"], "cer": round(cer, 4), "text": text})
    english = []
    for row in (r for r in rows if r["language"] == "en"):
        text = pipeline.run(data / row["file"], language="en").text
        words = re.findall(r"[a-z]+", row["reference_text"].lower())
        found = sum(w in text.lower() for w in words) / max(len(words), 1)
        english.append({"file": row["file"], "words_found": round(found, 3), "text": text})
    piped = next(r for r in runs if r.name == "pipeline")
    return {
        "data": str(data),
        "clips": len(zh),
        "runs": {
            r.name: {
                "micro_cer": round(r.micro_cer, 4),
                "rtf": round(r.rtf, 3),
                "seconds": round(r.seconds, 2),
                "audio_seconds": round(r.audio_seconds, 2),
                "clips": r.clips,
            }
            for r in runs
        },
        "rtf_ratio_pipeline_vs_raw": round(piped.rtf / max(runs[0].rtf, 1e-9), 3),
        "pipeline_ascii_punctuation": sum(bool(ASCII_PUNCT.search(c["text"])) for c in piped.clips),
        "english": english,
    }


def replace_pipeline(pipeline: TranscriptionPipeline, **changes: Any) -> TranscriptionPipeline:
    clone = TranscriptionPipeline(
        pipeline.asr,
        pipeline.vocabulary,
        max_seconds=pipeline.max_seconds,
        language=pipeline.language,
        decoder_hotwords=pipeline.decoder_hotwords,
        word_timestamps=pipeline.word_timestamps,
    )
    for key, value in changes.items():
        setattr(clone, key, value)
    return clone


def print_report(report: dict[str, Any]) -> None:
    print(f"数据 {report['data']}：普通话 {report['clips']} 段")
    names = list(report["runs"])
    print("clip".ljust(58) + "".join(n.rjust(20) for n in names))
    for i, clip in enumerate(report["runs"][names[0]]["clips"]):
        cells = "".join(f"{report['runs'][n]['clips'][i]['cer']:.3f}".rjust(20) for n in names)
        print(clip["file"][:57].ljust(58) + cells)
    for name, run in report["runs"].items():
        print(f"{name:>20}: micro-CER {run['micro_cer']:.1%}  RTF {run['rtf']:.3f}")
    print(f"pipeline RTF / raw RTF = {report['rtf_ratio_pipeline_vs_raw']:.2f}; "
          f"pipeline outputs with ASCII punctuation: {report['pipeline_ascii_punctuation']}")  # fmt: skip
    for clip in report["runs"]["pipeline"]["clips"]:
        print(f"  {clip['text']}")
    for en in report["english"]:
        print(f"  en {en['file']}: {en['words_found']:.0%} of the words — {en['text']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=next((d for d in DEFAULT_DATA if d.is_dir()), None))
    parser.add_argument("--json", type=Path)
    parser.add_argument("--with-hotwords", action="store_true")
    args = parser.parse_args(argv)
    settings = Settings()
    asr = build_asr(settings)  # this script is its process's composition root: the one ASR it uses
    report = evaluate(asr, build_pipeline(settings, asr), args.data, with_hotwords=args.with_hotwords)
    print_report(report)
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
