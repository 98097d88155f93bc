"""Model figures on this machine: load time, RSS, LLM tokens/s, Whisper RTF, embedder passages/s, detector and OCR ms.

    python -m bench.models [--json] [--only llm --only asr ...]

Uses the configured settings (``ZHIFA_*``) and the same loaders as the server. On a shared machine the figures
depend on what else runs: the load average is printed with them.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from collections.abc import Callable
from typing import Any

import psutil
from rich.console import Console
from rich.table import Table

from core.assets import force_offline
from core.settings import get_settings

PROMPT = "请用三句话说明城市管理执法中“占道经营”的处理流程。"
PASSAGE = "第二十条 在城市道路两侧和公共场地摆摊设点、占道经营的，由城市管理部门责令改正，可处以罚款。"


def _cpu_s() -> float:
    """Process CPU seconds (all threads): on a busy shared machine, cpu/threads estimates the idle wall time."""
    t = psutil.Process().cpu_times()
    return float(t.user + t.system)


def _rss_mb() -> float:
    return float(psutil.Process().memory_info().rss / 2**20)


def _timed_load(loader: Callable[[], Any]) -> tuple[Any, float, float]:
    rss0, t0 = _rss_mb(), time.perf_counter()
    instance = loader()
    return instance, time.perf_counter() - t0, _rss_mb() - rss0


def _best_ms(fn: Callable[[], object], runs: int = 5) -> float:
    fn()  # warm-up
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def bench_llm(settings: Any) -> dict[str, Any]:
    from assistant.llm import build_llm

    llm, load_s, rss = _timed_load(lambda: build_llm(settings))
    count = getattr(llm, "count_tokens", None)
    messages = [{"role": "user", "content": PROMPT}]
    t0, cpu0 = time.perf_counter(), _cpu_s()
    first: float | None = None
    pieces: list[str] = []
    for piece in llm.stream(messages, max_tokens=96, temperature=0.0):
        first = first or time.perf_counter()
        pieces.append(piece)
    end, cpu = time.perf_counter(), _cpu_s() - cpu0
    text = "".join(pieces)
    n_out = count(text) if count else len(pieces)
    gen_s = end - (first or end)
    return {
        "load_s": load_s,
        "rss_mb": rss,
        "first_token_s": (first or end) - t0,
        "gen_tokens": n_out,
        "gen_tok_per_s": (n_out - 1) / gen_s if gen_s > 0 else None,
        "cpu_s": cpu,
        "speed": (
            f"{(n_out - 1) / gen_s:.1f} tok/s 生成, 首字 {(first or end) - t0:.2f}s, CPU {cpu:.1f}s/{n_out} tok"
            if gen_s > 0
            else "—"
        ),
    }


def bench_asr(settings: Any) -> dict[str, Any]:
    from speech.asr import SAMPLES_DIR, build_asr

    asr, load_s, rss = _timed_load(lambda: build_asr(settings))
    clips = sorted(SAMPLES_DIR.glob("*.wav"))
    audio_s = busy_s = 0.0
    cpu0 = _cpu_s()
    for clip in clips:
        t0 = time.perf_counter()
        result = asr.transcribe(clip)
        busy_s += time.perf_counter() - t0
        audio_s += result.duration
    rtf, cpu_rtf = busy_s / audio_s, (_cpu_s() - cpu0) / audio_s
    speed = f"RTF {rtf:.2f} (CPU {cpu_rtf:.2f}; {audio_s:.1f}s 音频 audio)"
    return {"load_s": load_s, "rss_mb": rss, "rtf": rtf, "cpu_rtf": cpu_rtf, "speed": speed}


def bench_embedder(settings: Any) -> dict[str, Any]:
    from knowledge.embedding import build_embedder

    emb, load_s, rss = _timed_load(lambda: build_embedder(settings))
    batch = [f"{PASSAGE}（第{i}条）" for i in range(64)]
    emb.embed_passages(batch[:4])
    t0 = time.perf_counter()
    emb.embed_passages(batch)
    per_s = len(batch) / (time.perf_counter() - t0)
    query_ms = _best_ms(lambda: emb.embed_queries(["占道经营怎么罚"]))
    return {
        "load_s": load_s,
        "rss_mb": rss,
        "passages_per_s": per_s,
        "query_ms": query_ms,
        "speed": f"{per_s:.0f} passages/s, 查询 query {query_ms:.1f} ms",
    }


def bench_detector(settings: Any) -> dict[str, Any]:
    import cv2

    from vision.detector import SAMPLE_PEOPLE_IMAGE, build_detector

    det, load_s, rss = _timed_load(lambda: build_detector(settings, settings.detector))
    image = cv2.imread(str(SAMPLE_PEOPLE_IMAGE))
    ms = _best_ms(lambda: det.detect(image))
    return {"load_s": load_s, "rss_mb": rss, "ms_per_image": ms, "speed": f"{ms:.0f} ms/image (810×1080)"}


def bench_ocr(settings: Any) -> dict[str, Any]:
    import cv2

    from vision.detector import SAMPLE_PEOPLE_IMAGE
    from vision.ocr import SAMPLE_PLATE_IMAGE, build_ocr

    ocr, load_s, rss = _timed_load(lambda: build_ocr(settings))
    plate, photo = cv2.imread(str(SAMPLE_PLATE_IMAGE)), cv2.imread(str(SAMPLE_PEOPLE_IMAGE))
    assert plate is not None and photo is not None
    crop = plate[70:230, 90:550]
    crop_ms = _best_ms(lambda: ocr.read(crop))
    plate_ms = _best_ms(lambda: ocr.read(plate))
    photo_ms = _best_ms(lambda: ocr.read(photo))
    return {
        "load_s": load_s,
        "rss_mb": rss,
        "plate_crop_ms": crop_ms,
        "plate_image_ms": plate_ms,
        "photo_ms": photo_ms,
        "speed": f"车牌 crop {crop_ms:.0f} ms, 640×300 {plate_ms:.0f} ms, photo {photo_ms:.0f} ms",
    }


BENCHES: dict[str, Callable[[Any], dict[str, Any]]] = {
    "llm": bench_llm,
    "asr": bench_asr,
    "embedder": bench_embedder,
    "detector": bench_detector,
    "ocr": bench_ocr,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.models", description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--only", action="append", choices=sorted(BENCHES), help="run only these")
    args = parser.parse_args(argv)
    force_offline()
    settings = get_settings()
    load_avg = os.getloadavg()
    results = {name: fn(settings) for name, fn in BENCHES.items() if not args.only or name in args.only}
    meta = {"cpus": os.cpu_count(), "load_avg_before": load_avg, "rss_total_mb": _rss_mb()}
    if args.json:
        print(json.dumps({"meta": meta, "results": results}, ensure_ascii=False, indent=2))
        return 0
    table = Table(title="智法 ZhiFa 模型基准 / model benchmark")
    for col in ("模型 model", "加载 load", "内存 RSSΔ", "速度 speed"):
        table.add_column(col)
    for name, r in results.items():
        table.add_row(name, f"{r['load_s']:.2f}s", f"{r['rss_mb']:.0f} MB", r["speed"])
    console = Console()
    console.print(table)
    console.print(
        f"CPU {meta['cpus']}, 负载 load avg {load_avg[0]:.1f}/{load_avg[1]:.1f}, 进程内存 RSS {meta['rss_total_mb']:.0f} MB"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
