"""A camera run: source → frames (scaled) → detector → tracker → [stationary objects] → zone rules → event drafts.

::

    CameraPipeline(settings, camera, detector, plates=…).run(source, start=…, on_progress=…, cancelled=…)
        decode     OpenCV, sampled at ``vision.fps`` (frames in between are grabbed, not decoded)
        detect     on the frame scaled to ``vision.frame_width``; boxes scaled back to the source's pixels
        track      ByteTrack / BoT-SORT ids (``vision.tracker``)
        stationary MOG2 blobs that stay (only when a zone's rule needs goods: shopfront, vending)
        rules      one :class:`vision.rules.ZoneWatch` per zone
        evidence   key frames drawn and hashed, the plate read (best of N crops) — once per offence
    → RunResult(events, stats: seconds per stage, frames, fps)

Wall-clock time of a frame = ``start`` + its offset; the schedule is checked in the camera's timezone.
"""

from __future__ import annotations

import logging
import os
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import cv2
import numpy as np

from core.settings import Settings
from vision.camera import Camera, Rule
from vision.detector import Detector
from vision.errors import SourceUnavailable
from vision.evidence import EventDraft, build_draft
from vision.labels import is_vehicle
from vision.plates import PlateRead, PlateReader, best_plate, mask_plate
from vision.rules import Observation, Offence, ZoneWatch
from vision.stationary import StationaryObjects
from vision.tracking import Tracker
from vision.video import mask_url, open_source

log = logging.getLogger(__name__)
Progress = Callable[[float, str], None]
CLIP_S = 8.0  # seconds of video before the moment an offence is established, kept as its clip
STAGES = ("decode", "detect", "track", "stationary", "rules", "evidence")


class Cancelled(Exception):
    pass


@dataclass
class RunStats:
    frames: int = 0
    video_seconds: float = 0.0
    stage_s: dict[str, float] = field(default_factory=lambda: dict.fromkeys(STAGES, 0.0))

    @property
    def wall_s(self) -> float:
        return sum(self.stage_s.values())

    @property
    def fps(self) -> float:
        return self.frames / self.wall_s if self.wall_s else 0.0

    def stage_fps(self) -> dict[str, float]:
        return {k: (self.frames / v if v else float("inf")) for k, v in self.stage_s.items()}

    def to_dict(self) -> dict[str, object]:
        return {
            "frames": self.frames,
            "video_seconds": round(self.video_seconds, 2),
            "wall_seconds": round(self.wall_s, 3),
            "fps": round(self.fps, 2),
            "stage_seconds": {k: round(v, 3) for k, v in self.stage_s.items()},
        }


@dataclass
class RunResult:
    camera_id: str
    source: str
    events: list[EventDraft]
    stats: RunStats


class CameraPipeline:
    def __init__(
        self,
        settings: Settings,
        camera: Camera,
        detector: Detector,
        *,
        plates: PlateReader | None = None,
        fps: float | None = None,
        frame_width: int | None = None,
    ) -> None:
        cfg = settings.vision
        # ultralytics (the trackers) writes a settings file on first use: in the model cache, not the user's home
        os.environ.setdefault("YOLO_CONFIG_DIR", str(settings.model_cache_dir / "ultralytics"))
        self.camera = camera
        self.detector = detector
        self.plates = plates
        self.fps = fps or cfg.fps
        self.frame_width = frame_width or cfg.frame_width
        self.tracker_kind = cfg.tracker
        self.background = cfg.background
        self.stationary_s = cfg.stationary_s
        self.needs_goods = any(z.rule in (Rule.shopfront, Rule.vending) for z in camera.zones)

    def run(
        self,
        source: str | Path,
        *,
        start: datetime,
        on_progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
        on_event: Callable[[EventDraft], None] | None = None,
        max_seconds: float | None = None,
    ) -> RunResult:
        """``on_event`` (a stream): each event is handed out as soon as it is final, and a cancel or a stream that
        dies still hands out what was established before it raises. ``max_seconds``: stop after that much video."""
        if start.tzinfo is None:
            start = start.replace(tzinfo=self.camera.tz)
        stats = RunStats()
        clock = time.perf_counter()
        video = open_source(source)
        stats.stage_s["decode"] += time.perf_counter() - clock
        tracker = Tracker(self.tracker_kind, fps=self.fps)
        goods = (
            StationaryObjects(fps=self.fps, method=self.background, stay_s=self.stationary_s)
            if self.needs_goods
            else None
        )
        watches = [ZoneWatch(z, video.width, video.height) for z in self.camera.zones]
        scale = min(1.0, self.frame_width / video.width)
        last_report = 0.0
        recent: deque[tuple[float, np.ndarray]] = deque(maxlen=max(1, round(CLIP_S * self.fps)))
        frames = video.frames(every_s=1.0 / self.fps)
        events: list[EventDraft] = []

        def hand_out(offences: list[Offence]) -> None:
            clock = time.perf_counter()
            for offence in sorted(offences, key=lambda o: o.start_t):
                draft = self._draft(offence, start)
                events.append(draft)
                if on_event is not None:
                    on_event(draft)
            stats.stage_s["evidence"] += time.perf_counter() - clock

        while True:
            clock = time.perf_counter()
            try:
                frame = next(frames, None)
            except SourceUnavailable:
                if on_event is not None:  # the stream died: what was established before still counts
                    hand_out([o for w in watches for o in w.finish()])
                raise
            now = time.perf_counter()
            stats.stage_s["decode"] += now - clock
            if frame is None:
                break
            small = (
                cv2.resize(frame.image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
                if scale < 1
                else frame.image
            )
            clock = now
            detections = self.detector.detect(small)
            now = time.perf_counter()
            stats.stage_s["detect"] += now - clock
            clock = now
            tracked = tracker.update(detections, small)
            observations = [
                Observation(f"t{b.track_id}", b.label, b.confidence, _unscale(b.box, scale)) for b in tracked
            ]
            now = time.perf_counter()
            stats.stage_s["track"] += now - clock
            if goods is not None:
                clock = now
                for blob in goods.update(frame.t, small, [d.box for d in detections]):
                    observations.append(
                        Observation(
                            blob.key, blob.label, blob.confidence, _unscale(blob.box, scale), blob.since
                        )
                    )
                now = time.perf_counter()
                stats.stage_s["stationary"] += now - clock
            clock = now
            local = datetime.fromtimestamp(start.timestamp() + frame.t, self.camera.tz)
            recent.append((frame.t, small))
            for watch in watches:
                watch.step(frame.t, local, frame.image, observations)
                for dwell in watch.just_triggered:  # the seconds that led up to it, as a short clip
                    dwell.clip = list(recent)
            stats.stage_s["rules"] += time.perf_counter() - clock
            stats.frames += 1
            stats.video_seconds = frame.t
            if on_event is not None:
                hand_out([o for w in watches for o in w.settled(frame.t)])
            if cancelled is not None and cancelled():
                frames.close()
                if on_event is not None:
                    hand_out([o for w in watches for o in w.finish()])
                raise Cancelled
            if on_progress is not None and time.perf_counter() - last_report > 0.5:
                last_report = time.perf_counter()
                on_progress(*self._progress(frame.t, video.duration, max_seconds, stats.frames))
            if max_seconds is not None and frame.t >= max_seconds:
                frames.close()
                break
        hand_out([o for w in watches for o in w.finish()])
        for event in events:
            log.info(
                "camera %s: %s in %s, %.0f s, plate %s",
                event.camera_id, event.kind, event.zone_id, event.seconds, mask_plate(event.plate),
            )  # fmt: skip
        if on_progress is not None:
            on_progress(100.0, f"完成：{stats.frames} 帧，{len(events)} 个事件")
        return RunResult(self.camera.id, mask_url(str(source)), events, stats)

    @staticmethod
    def _progress(t: float, duration: float, max_seconds: float | None, frames: int) -> tuple[float, str]:
        total = min(v for v in (duration, max_seconds or 0.0) if v) if duration or max_seconds else 0.0
        if total:
            return min(99.0, 100.0 * t / total), f"{t:.0f}s / {total:.0f}s，已分析 {frames} 帧"
        return 0.0, f"{t:.0f}s，已分析 {frames} 帧"  # a stream until cancelled

    def _draft(self, offence: Offence, start: datetime) -> EventDraft:
        plate: PlateRead | None = None
        if self.plates is not None and offence.rule == Rule.no_parking:
            crops = [
                _crop(k.frame, o.box) for k in offence.key_frames for o in k.boxes if is_vehicle(o.label)
            ]
            plate = best_plate(self.plates, crops)
        return build_draft(self.camera, offence, start=start, plate=plate, fps=self.fps)


def _unscale(box: tuple[float, float, float, float], scale: float) -> tuple[float, float, float, float]:
    return (box[0] / scale, box[1] / scale, box[2] / scale, box[3] / scale)


def _crop(image: np.ndarray, box: tuple[float, float, float, float]) -> np.ndarray:
    h, w = image.shape[:2]
    x1, y1, x2, y2 = (round(v) for v in box)
    return image[max(0, y1) : min(h, y2), max(0, x1) : min(w, x2)]
