"""Speech figures: raw model vs pipeline (RTF, CPU, peak RSS) in one run; a long recording as an in-process job with
progress; N `zhifa worker` processes on Redis draining a batch of clips.

    python -m bench.speech [--minutes 10] [--clips 20] [--workers 2] [--skip-long] [--skip-queue] [--json]

The clips are the Mandarin ones of ``../shared/data/speech`` (else ``speech/samples``). The long recording is those
clips back to back with one-second pauses, repeated to the length asked. The queue part needs Redis at
``ZHIFA_REDIS_URL`` (default here ``redis://127.0.0.1:6379/0``). On a shared machine the load average is printed with
the figures: RTF moves with it.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import wave
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import psutil

from channels.speech_worker import rq_transcribe
from core.settings import Settings
from evals.speech_eval import DEFAULT_DATA, read_rows
from speech.asr import build_asr
from speech.audio import decode
from speech.jobs import FINAL, JobState, build_jobs
from speech.pipeline import build_pipeline


@contextmanager
def peak_rss() -> Iterator[dict[str, float]]:
    """Sample this process's RSS every 5 ms; ``out["peak_delta_mb"]`` is the peak above the start."""
    proc, out, stop = psutil.Process(), {"peak_delta_mb": 0.0}, threading.Event()
    start = proc.memory_info().rss

    def sample() -> None:
        peak = start
        while not stop.is_set():
            peak = max(peak, proc.memory_info().rss)
            time.sleep(0.005)
        out["peak_delta_mb"] = round((peak - start) / 2**20, 1)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield out
    finally:
        stop.set()
        thread.join()


def _cpu() -> float:
    t = psutil.Process().cpu_times()
    return float(t.user + t.system)


def clips(data: Path) -> list[Path]:
    return [data / r["file"] for r in read_rows(data) if r["language"] == "zh"]


def raw_vs_pipeline(settings: Settings, paths: list[Path]) -> dict[str, Any]:
    asr = build_asr(settings)
    pipeline = build_pipeline(settings, asr)
    audio_s = sum(decode(p, max_seconds=7200).duration for p in paths)
    asr.transcribe(paths[0])
    pipeline.run(paths[0])  # warm-up both
    out: dict[str, Any] = {"audio_seconds": round(audio_s, 1)}
    runs: dict[str, Callable[[Path], object]] = {"raw": asr.transcribe, "pipeline": pipeline.run}
    for _ in range(2):  # alternate, twice: host noise falls on both sides
        for name, run in runs.items():
            with peak_rss() as mem:
                t0, c0 = time.perf_counter(), _cpu()
                for p in paths:
                    run(p)
                wall, cpu = time.perf_counter() - t0, _cpu() - c0
            best = out.setdefault(name, {"rtf": 1e9, "cpu_rtf": 1e9, "peak_rss_delta_mb": 0.0})
            best["rtf"] = round(min(best["rtf"], wall / audio_s), 3)
            best["cpu_rtf"] = round(min(best["cpu_rtf"], cpu / audio_s), 3)
            best["peak_rss_delta_mb"] = max(best["peak_rss_delta_mb"], mem["peak_delta_mb"])
    out["rtf_ratio"] = round(out["pipeline"]["rtf"] / out["raw"]["rtf"], 3)
    out["cpu_ratio"] = round(out["pipeline"]["cpu_rtf"] / out["raw"]["cpu_rtf"], 3)
    return out


def long_recording(paths: list[Path], minutes: float, folder: Path) -> Path:
    gap = np.zeros(16000, dtype=np.float32)
    parts = [np.concatenate([decode(p, max_seconds=600).samples, gap]) for p in paths]
    one = np.concatenate(parts)
    audio = np.tile(one, int(np.ceil(minutes * 60 * 16000 / len(one))))[: int(minutes * 60 * 16000)]
    path = folder / f"long-{minutes:g}min.wav"
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes((audio * 32767).astype("<i2").tobytes())
    return path


def long_job(settings: Settings, path: Path) -> dict[str, Any]:
    asr = build_asr(settings)
    jobs = build_jobs(
        settings.model_copy(update={"redis_url": None}),
        lambda: build_pipeline(settings, asr),
        rq_func=rq_transcribe,
    )
    with path.open("rb") as fh:
        job = jobs.submit(owner_id=1, filename=path.name, chunks=iter(lambda: fh.read(1 << 20), b""))
    t0, samples = time.perf_counter(), []
    with peak_rss() as mem:
        while True:
            current = jobs.get(job.id)
            samples.append((round(time.perf_counter() - t0, 1), round(current.progress, 1)))
            if current.state in FINAL:
                break
            time.sleep(2)
    wall = time.perf_counter() - t0
    duration = decode(path, max_seconds=7200).duration
    return {
        "audio_seconds": round(duration, 1),
        "state": current.state,
        "wall_s": round(wall, 1),
        "rtf": round(wall / duration, 3),
        "progress_updates_seen": len({p for _, p in samples}),
        "progress_first_at_s": next((t for t, p in samples if p > 5), None),
        "peak_rss_delta_mb": mem["peak_delta_mb"],
        "chars": len((current.result or {}).get("text", "")),
    }


def _workers_only() -> Any:
    raise RuntimeError("queue mode: the workers build the pipeline")


def queue_drain(settings: Settings, paths: list[Path], n_clips: int, n_workers: int) -> dict[str, Any]:
    redis_url = settings.redis_url or "redis://127.0.0.1:6379/0"
    name = f"zhifa-speech-bench-{uuid.uuid4().hex[:6]}"
    s = settings.model_copy(
        update={"redis_url": redis_url, "speech": settings.speech.model_copy(update={"queue_name": name})}
    )
    jobs = build_jobs(s, _workers_only, rq_func=rq_transcribe)
    ids = []
    for i in range(n_clips):
        p = paths[i % len(paths)]
        with p.open("rb") as fh:
            ids.append(jobs.submit(owner_id=1, filename=p.name, chunks=iter([fh.read()])).id)
    audio_s = sum(decode(paths[i % len(paths)], max_seconds=600).duration for i in range(n_clips))
    env = {**os.environ, "ZHIFA_REDIS_URL": redis_url, "ZHIFA_DATA_DIR": str(settings.data_path),
           "ZHIFA_SPEECH__QUEUE_NAME": name}  # fmt: skip
    zhifa = Path(sys.executable).with_name("zhifa")
    t0 = time.perf_counter()
    procs = [
        subprocess.Popen(
            [str(zhifa), "worker", "--burst"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        for _ in range(n_workers)
    ]
    for proc in procs:
        proc.wait(timeout=1800)
    wall = time.perf_counter() - t0
    states = [jobs.get(i).state for i in ids]
    return {
        "workers": n_workers,
        "clips": n_clips,
        "audio_seconds": round(audio_s, 1),
        "wall_s": round(wall, 1),
        "clips_per_minute": round(n_clips / wall * 60, 1),
        "done": sum(st == JobState.done for st in states),
        "note": "each job runs in a forked work horse that loads Whisper (≈0.6 s) before decoding",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--clips", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--skip-long", action="store_true")
    parser.add_argument("--skip-queue", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    settings = Settings()
    data = next(d for d in DEFAULT_DATA if d.is_dir())
    paths = clips(data)
    report: dict[str, Any] = {"load_average": os.getloadavg(), "cpus": os.cpu_count()}
    report["raw_vs_pipeline"] = raw_vs_pipeline(settings, paths)
    print(json.dumps(report, ensure_ascii=False), flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        if not args.skip_long:
            report["long_job"] = long_job(settings, long_recording(paths, args.minutes, Path(tmp)))
            print(json.dumps(report["long_job"], ensure_ascii=False), flush=True)
    if not args.skip_queue:
        report["queue"] = queue_drain(settings, paths, args.clips, args.workers)
        print(json.dumps(report["queue"], ensure_ascii=False), flush=True)
    report["load_average_end"] = os.getloadavg()
    print(json.dumps(report, ensure_ascii=False, indent=None if not args.json else 2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
