"""Multi-object tracking: ultralytics' ByteTrack / BoT-SORT fed by any backend's detections, stable ids per camera.

Ultralytics' trackers take a "results-like" object (``conf``, ``cls``, ``xywh``, boolean indexing); :class:`_Dets`
is that, built from :class:`vision.detector.Detection`, so the SSD, a bureau's YOLO or any plugin detector share one
tracker. Class ids are indices into the tracker's own label list, kept per :class:`Tracker`.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import numpy as np

from core.errors import ConfigError
from vision.detector import Detection

Box = tuple[float, float, float, float]

# ultralytics' defaults (cfg/trackers/*.yaml), with the buffer in seconds instead of frames
_COMMON = {
    "track_high_thresh": 0.3,
    "track_low_thresh": 0.1,
    "new_track_thresh": 0.35,
    "match_thresh": 0.8,
    "fuse_score": True,
}
_BOTSORT = {
    "gmc_method": "none",  # fixed cameras: no global motion to compensate
    "proximity_thresh": 0.5,
    "appearance_thresh": 0.8,
    "with_reid": False,
    "model": "auto",
}


@dataclass(frozen=True)
class TrackedBox:
    track_id: int
    label: str
    confidence: float
    box: Box


class _Dets:
    """The minimal results-like view ultralytics' trackers read."""

    def __init__(self, xyxy: np.ndarray, conf: np.ndarray, cls: np.ndarray) -> None:
        self.xyxy, self.conf, self.cls = xyxy, conf, cls

    @property
    def xywh(self) -> np.ndarray:
        out = self.xyxy.copy()
        out[:, 2:] = self.xyxy[:, 2:] - self.xyxy[:, :2]
        out[:, :2] = self.xyxy[:, :2] + out[:, 2:] / 2
        return out

    def __len__(self) -> int:
        return len(self.conf)

    def __getitem__(self, index: Any) -> _Dets:
        return _Dets(self.xyxy[index], self.conf[index], self.cls[index])


class Tracker:
    """``update(detections, frame)`` → the boxes tracked in this frame, each with an id stable across frames."""

    def __init__(self, kind: str = "bytetrack", *, fps: float = 5.0, buffer_s: float = 6.0) -> None:
        from ultralytics.trackers.bot_sort import BOTSORT
        from ultralytics.trackers.byte_tracker import BYTETracker

        buffer = max(1, round(buffer_s * fps))
        if kind == "bytetrack":
            self._tracker: Any = BYTETracker(SimpleNamespace(**_COMMON, track_buffer=buffer))
        elif kind == "botsort":
            self._tracker = BOTSORT(SimpleNamespace(**_COMMON, **_BOTSORT, track_buffer=buffer))
        else:
            raise ConfigError(f"未知的跟踪器 {kind!r}（可选：bytetrack、botsort） / unknown tracker {kind!r}")
        self.kind = kind
        self._labels: list[str] = []

    def _class_id(self, label: str) -> int:
        if label not in self._labels:
            self._labels.append(label)
        return self._labels.index(label)

    def update(self, detections: list[Detection], frame: np.ndarray | None = None) -> list[TrackedBox]:
        xyxy = np.array([d.box for d in detections], dtype=np.float32).reshape(-1, 4)
        conf = np.array([d.confidence for d in detections], dtype=np.float32)
        cls = np.array([self._class_id(d.label) for d in detections], dtype=np.float32)
        rows = self._tracker.update(_Dets(xyxy, conf, cls), frame)
        out = []
        for row in np.asarray(rows).reshape(-1, 8):
            x1, y1, x2, y2, track_id, score, cid, _idx = row.tolist()
            out.append(TrackedBox(int(track_id), self._labels[int(cid)], float(score), (x1, y1, x2, y2)))
        return out
