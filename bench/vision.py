"""Vision figures: counts per class against the references; fps per stage at 640 px with the raw detector's rate in
the same run as the ceiling, untiled and tiled; the stationary (background model) path's fps.

    python -m bench.vision [--video PATH] [--frames N] [--skip-counts] [--json]

Data: ``../shared/data/images`` (references by eye, from its README) and ``../shared/data/video`` (else the test
clips in tests/vision/media). The pipeline analyses every frame here (``vision.fps`` = the source's rate), so its fps
compares with the raw detector's directly; in service it samples ``vision.fps`` (5) frames a second.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import cv2
import numpy as np

from core.settings import Settings
from vision.camera import Camera
from vision.detector import build_detector
from vision.pipeline import CameraPipeline
from vision.stationary import StationaryObjects
from vision.video import open_source

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("ZHIFA_SHARED_DIR") or ROOT.parent / "shared") / "data"
# ../shared/data/README.md, "what is in it" (approximate, by eye): person, car (cars + vans), bus, bicycle
REFERENCE: dict[str, dict[str, int]] = {
    "cn_road_ppvehicle_001.jpeg": {"car": 26, "bus": 1, "person": 0},
    "cn_road_smrt_00362.jpg": {"car": 8, "person": 1},
    "cn_road_culane_lane00000.jpg": {"car": 12, "person": 0},
    "street_pedestrians_pphuman_001.png": {"person": 15, "car": 0},
    "street_pedestrians_sale_sign_pphuman_002.png": {"person": 15, "car": 0},
    "plaza_crowd_street.jpeg": {"person": 50, "car": 0},
    "street_bus_people_bus.jpg": {"person": 4, "bus": 1},
    "coco_skatepark_000000087038.jpg": {"person": 12, "bicycle": 1},
    "street_parked_cars_bdd_0ace96c3-48481887.jpg": {"car": 12, "person": 0},
    "street_night_bdd_9aa94005-ff1d4c9a.jpg": {"car": 6, "person": 0},
}
BENCH_CAMERA = {
    "id": "bench",
    "location": "bench",
    "zones": [
        {
            "id": "lot",
            "name": "lot",
            "rule": "no_parking",
            "polygon": [[0, 0], [1, 0], [1, 1], [0, 1]],
            "min_seconds": 60,
        }
    ],
}


def counts(settings: Settings) -> list[dict[str, Any]]:
    rows = []
    plain = build_detector(settings, settings.vision.detector)
    tiled = build_detector(settings, settings.vision.detector.model_copy(update={"tiles": True}))
    for name, ref in REFERENCE.items():
        path = SHARED / "images" / name
        if not path.is_file():
            continue
        image = cv2.imread(str(path))
        assert image is not None
        row: dict[str, Any] = {"image": name, "reference": ref}
        for key, det in (("untiled", plain), ("tiled", tiled)):
            start = time.perf_counter()
            found = Counter(d.label for d in det.detect(image))
            row[key] = {label: found.get(label, 0) for label in ref}
            row[f"{key}_ms"] = round(1000 * (time.perf_counter() - start))
        rows.append(row)
    return rows


def frames_at_640(path: Path, limit: int) -> tuple[list[np.ndarray], float, float]:
    video = open_source(path)
    fps = video.fps
    start = time.perf_counter()
    out = []
    for frame in video.frames():
        scale = 640 / frame.image.shape[1]
        out.append(cv2.resize(frame.image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA))
        if len(out) >= limit:
            break
    return out, fps, time.perf_counter() - start


def speed(settings: Settings, video: Path, limit: int, tiles: bool) -> dict[str, Any]:
    cfg = settings.vision.detector.model_copy(update={"tiles": tiles})
    detector = build_detector(settings, cfg)
    frames, fps, decode_s = frames_at_640(video, limit)
    detector.detect(frames[0])  # warm
    start = time.perf_counter()
    for frame in frames:
        detector.detect(frame)
    raw_fps = len(frames) / (time.perf_counter() - start)
    s = settings.model_copy(
        update={"vision": settings.vision.model_copy(update={"detector": cfg, "fps": fps})}
    )
    camera = Camera.model_validate(BENCH_CAMERA)
    tmp = Path(os.environ.get("TMPDIR", "/tmp")) / f"bench-vision-{os.getpid()}.mp4"
    writer = cv2.VideoWriter(str(tmp), cv2.VideoWriter.fourcc(*"mp4v"), fps, frames[0].shape[1::-1])
    for frame in frames:
        writer.write(frame)
    writer.release()
    try:
        result = CameraPipeline(s, camera, detector).run(tmp, start=datetime.now(ZoneInfo("Asia/Shanghai")))
    finally:
        tmp.unlink(missing_ok=True)
    stats = result.stats
    stage_fps = {k: round(v, 1) for k, v in stats.stage_fps().items() if v != float("inf")}
    return {
        "video": video.name,
        "tiles": tiles,
        "frames": stats.frames,
        "raw_detector_fps": round(raw_fps, 2),
        "pipeline_fps": round(stats.fps, 2),
        "ratio": round(stats.fps / raw_fps, 3),
        "decode_only_fps": round(len(frames) / decode_s, 1),
        "stage_fps": stage_fps,
        "events": len(result.events),
    }


def stationary_speed(video: Path, limit: int) -> dict[str, Any]:
    frames, fps, _ = frames_at_640(video, limit)
    out = {}
    for method in ("mog2", "knn"):
        model = StationaryObjects(fps=fps, method=method)
        start = time.perf_counter()
        for i, frame in enumerate(frames):
            model.update(i / fps, frame, known=[])
        out[method] = round(len(frames) / (time.perf_counter() - start), 1)
    return {"video": video.name, "frames": len(frames), "fps": out}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    default = SHARED / "video" / "parking_lot_cars_car-detection.mp4"
    parser.add_argument(
        "--video",
        type=Path,
        default=default if default.is_file() else ROOT / "tests/vision/media/parked_street.mp4",
    )
    parser.add_argument("--frames", type=int, default=150)
    parser.add_argument("--skip-counts", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    settings = Settings()
    report: dict[str, Any] = {
        "cores": os.cpu_count(),
        "cv2_threads": cv2.getNumThreads(),
        "load": os.getloadavg(),
    }
    if not args.skip_counts:
        report["counts"] = counts(settings)
    report["speed"] = [speed(settings, args.video, args.frames, tiles) for tiles in (False, True)]
    report["stationary"] = stationary_speed(args.video, args.frames)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    print(f"cores {report['cores']}, OpenCV threads {report['cv2_threads']}, load {report['load']}")
    for row in report.get("counts", []):
        ref = row["reference"]
        cells = "  ".join(f"{k} {ref[k]}/{row['untiled'][k]}/{row['tiled'][k]}" for k in ref)
        print(
            f"{row['image'][:34]:<34} ref/untiled/tiled  {cells}   ({row['untiled_ms']} / {row['tiled_ms']} ms)"
        )
    for s in report["speed"]:
        print(
            f"{s['video']} tiles={s['tiles']}: raw detector {s['raw_detector_fps']} fps, pipeline {s['pipeline_fps']} "
            f"fps (×{s['ratio']}), decode-only {s['decode_only_fps']} fps; per stage {s['stage_fps']}"
        )
    st = report["stationary"]
    print(f"stationary path ({st['frames']} frames at 640 px): {st['fps']} fps")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
