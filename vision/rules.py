"""Zone rules over tracks: pure functions of what was seen when — no model, no I/O (like ``case_api/cases/rules.py``).

::

    per analysed frame:  observations (tracked boxes + stationary blobs) ──▶ ZoneWatch.step(t, local time, frame)
                              │ in the zone? (the box's ground point — bottom centre — inside the polygon)
                              │ the zone's schedule active now?
                              ▼
    no_parking   one Dwell per vehicle track: starts when it stops in the zone, restarts when it moves more than
                 half its width from where it stopped (traffic, a car manoeuvring), offence once it has stood
                 ``min_seconds``; a new track id on the same spot (the tracker lost it behind a bus) continues it
    shopfront    one Dwell per zone: goods (a stationary blob) or people in the zone, continuously
    vending      one Dwell per zone: a person and a stationary object in the zone at the same time
                              │ gone for more than ``GRACE_S`` (or the schedule ends, or the video does)
                              ▼
                 Offence: one per parked car / per episode, start = when it began to stand, end = last seen,
                 key frames (first, at the threshold, last) with the boxes that made it

Times are seconds from the start of the source (``t``); the wall-clock time is only for the schedule and the record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import cv2
import numpy as np

from vision.camera import OFFENCE_KIND, Rule, Zone
from vision.labels import PERSON, is_vehicle

GRACE_S = 3.0  # a subject unseen this long has left (occlusion shorter than this is bridged)
MOVE_FRACTION = 0.5  # moving more than this share of its box width from its resting point: not standing
SAME_SPOT_IOU = 0.5  # a new track here continues the offence of a lost one
SETTLE_S = GRACE_S * 4  # an offence ended this long ago can no longer be continued by a re-identified car

Box = tuple[float, float, float, float]
STATIONARY = "object"  # label of a blob from the background model


@dataclass(frozen=True)
class Observation:
    key: str  # "t12" (track 12) or "s3" (stationary blob 3)
    label: str
    confidence: float
    box: Box
    since: float | None = None  # first seen before this frame (a stationary object: when it appeared)


@dataclass
class KeyFrame:
    t: float
    local: datetime
    frame: np.ndarray
    boxes: list[Observation]
    note: str


@dataclass
class Offence:
    rule: Rule
    zone: Zone
    start_t: float
    end_t: float
    start_local: datetime
    end_local: datetime
    subjects: list[str]  # labels, e.g. ["car"] or ["person", "object"]
    track_keys: list[str]
    confidence: float
    key_frames: list[KeyFrame]
    clip: list[tuple[float, np.ndarray]] = field(
        default_factory=list
    )  # (t, frame) up to the moment it triggered

    @property
    def kind(self) -> str:
        return OFFENCE_KIND[self.rule]

    @property
    def seconds(self) -> float:
        return self.end_t - self.start_t


@dataclass
class _Dwell:
    keys: set[str]
    labels: set[str]
    start_t: float
    start_local: datetime
    last_t: float
    last_local: datetime
    anchor: Box
    last_box: Box
    confidences: list[float] = field(default_factory=list)
    frames: list[KeyFrame] = field(default_factory=list)
    triggered: bool = False
    clip: list[tuple[float, np.ndarray]] = field(default_factory=list)


def rule_uses_since(zone: Zone) -> bool:
    return zone.rule == Rule.shopfront


def ground_point(box: Box) -> tuple[float, float]:
    return (box[0] + box[2]) / 2, box[3]


def inside(point: tuple[float, float], polygon: list[tuple[float, float]]) -> bool:
    """A point on the edge counts as inside."""
    contour = np.array(polygon, dtype=np.float32).reshape(-1, 1, 2)
    return bool(cv2.pointPolygonTest(contour, (float(point[0]), float(point[1])), False) >= 0)


def iou(a: Box, b: Box) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    if w <= 0 or h <= 0:
        return 0.0
    inter = w * h
    return inter / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter)


def _moved(anchor: Box, box: Box) -> bool:
    ax, ay = (anchor[0] + anchor[2]) / 2, (anchor[1] + anchor[3]) / 2
    bx, by = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    limit = MOVE_FRACTION * max(anchor[2] - anchor[0], 1.0)
    return bool(np.hypot(ax - bx, ay - by) > limit)


def _union(boxes: list[Box]) -> Box:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


class ZoneWatch:
    """The state of one zone's rule over a run: ``step`` per analysed frame, ``finish`` at the end of the source."""

    def __init__(self, zone: Zone, width: int, height: int) -> None:
        self.zone = zone
        self.polygon = zone.pixels(width, height)
        self._dwells: dict[str, _Dwell] = {}
        self._recent: list[_Dwell] = []  # ended offences of the last seconds (a re-identified car continues)
        self.offences: list[Offence] = []
        self.just_triggered: list[_Dwell] = []  # the caller may attach a clip to these (emptied by each step)

    # which observations count for this rule, and under which dwell key
    def _groups(self, present: list[Observation]) -> dict[str, list[Observation]]:
        rule = self.zone.rule
        if rule == Rule.no_parking:
            return {o.key: [o] for o in present if is_vehicle(o.label)}
        if rule == Rule.shopfront:
            found = [o for o in present if o.label in (PERSON, STATIONARY)]
            return {"zone": found} if found else {}
        people = [o for o in present if o.label == PERSON]
        goods = [o for o in present if o.label == STATIONARY]
        return {"zone": people + goods} if people and goods else {}

    def step(self, t: float, local: datetime, frame: np.ndarray, observations: list[Observation]) -> None:
        self.just_triggered = []
        if not self.zone.active_at(local):
            self._end_all()
            return
        present = [o for o in observations if inside(ground_point(o.box), self.polygon)]
        for key, group in self._groups(present).items():
            box = _union([o.box for o in group])
            dwell = self._dwells.get(key) or self._adopt(key, box)
            if dwell is None or (self.zone.rule == Rule.no_parking and _moved(dwell.anchor, box)):
                if dwell is not None:
                    self._end(key)
                # goods out on the pavement: from when they appeared; vending: from when both are there (now)
                since = (
                    min((o.since for o in group if o.since is not None), default=t)
                    if rule_uses_since(self.zone)
                    else t
                )
                start_local = local - timedelta(seconds=t - since)
                dwell = _Dwell(set(), set(), since, start_local, t, local, box, box)
                self._dwells[key] = dwell
            dwell.last_t, dwell.last_local, dwell.last_box = t, local, box
            dwell.labels.update(o.label for o in group)
            dwell.keys.update(o.key for o in group)
            dwell.confidences.append(max(o.confidence for o in group))
            if not dwell.frames:
                dwell.frames.append(KeyFrame(t, local, frame, group, "开始"))
            elif not dwell.triggered and t - dwell.start_t >= self.zone.min_seconds:
                dwell.triggered = True
                self.just_triggered.append(dwell)
                dwell.frames.append(KeyFrame(t, local, frame, group, f"持续 {t - dwell.start_t:.0f} 秒"))
            elif dwell.triggered:
                last = KeyFrame(t, local, frame, group, "最后")
                dwell.frames = [*dwell.frames[:2], last]
        for key in [k for k, d in self._dwells.items() if t - d.last_t > GRACE_S]:
            self._end(key)

    def _adopt(self, key: str, box: Box) -> _Dwell | None:
        """A new track on the spot of a dwell that just lost its track: the same parked car."""
        if self.zone.rule != Rule.no_parking:
            return None
        for other_key, dwell in list(self._dwells.items()):
            if other_key != key and dwell.last_box and iou(dwell.last_box, box) >= SAME_SPOT_IOU:
                del self._dwells[other_key]
                self._dwells[key] = dwell
                return dwell
        for dwell in self._recent:
            if iou(dwell.last_box, box) >= SAME_SPOT_IOU:
                self._recent.remove(dwell)
                if dwell.triggered:
                    self.offences = [o for o in self.offences if o.start_t != dwell.start_t]
                self._dwells[key] = dwell
                return dwell
        return None

    def _end(self, key: str) -> None:
        dwell = self._dwells.pop(key)
        if dwell.triggered:
            self.offences.append(self._offence(dwell))
        if self.zone.rule == Rule.no_parking:
            self._recent = [d for d in self._recent if dwell.last_t - d.last_t <= GRACE_S * 4] + [dwell]

    def _end_all(self) -> None:
        for key in list(self._dwells):
            self._end(key)
        self._recent.clear()

    def settled(self, t: float) -> list[Offence]:
        """Offences that ended more than ``SETTLE_S`` before ``t``: final (no re-identified track can continue them
        any more), handed out once and forgotten — a stream posts them while it runs."""
        done = [o for o in self.offences if t - o.end_t > SETTLE_S]
        if done:
            starts = {o.start_t for o in done}
            self.offences = [o for o in self.offences if o.start_t not in starts]
            self._recent = [d for d in self._recent if d.start_t not in starts]
        return done

    def finish(self) -> list[Offence]:
        self._end_all()
        return sorted(self.offences, key=lambda o: o.start_t)

    def _offence(self, dwell: _Dwell) -> Offence:
        return Offence(
            rule=self.zone.rule,
            zone=self.zone,
            start_t=dwell.start_t,
            end_t=dwell.last_t,
            start_local=dwell.start_local,
            end_local=dwell.last_local,
            subjects=sorted(dwell.labels),
            track_keys=sorted(dwell.keys),
            confidence=float(np.median(dwell.confidences)) if dwell.confidences else 0.0,
            key_frames=list(dwell.frames),
            clip=dwell.clip,
        )
