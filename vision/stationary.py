"""Stationary objects for fixed cameras where no detector knows the thing (goods, stalls, awnings, an A-frame sign).

OpenCV's background subtractor (MOG2, or KNN) learns the empty scene slowly; a foreground blob that stays at one
place for ``stay_s`` seconds is a stationary object (label ``object``, key ``s<n>``). Blobs that are mostly a detected
person or vehicle are left to the detector and tracker. The background learns slowly enough (``history_s``) that an
object is reported long before it fades into the background.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from vision.rules import STATIONARY, Observation, iou

Box = tuple[float, float, float, float]


@dataclass
class _Blob:
    id: int
    box: Box
    first_t: float
    last_t: float


class StationaryObjects:
    def __init__(
        self,
        *,
        fps: float,
        method: str = "mog2",
        stay_s: float = 10.0,
        history_s: float = 120.0,
        min_area: float = 0.002,  # share of the frame
        warmup_s: float = 1.0,
    ) -> None:
        history = max(10, round(history_s * fps))
        self._model: cv2.BackgroundSubtractor
        if method == "knn":
            self._model = cv2.createBackgroundSubtractorKNN(history=history, detectShadows=True)
        else:
            self._model = cv2.createBackgroundSubtractorMOG2(history=history, detectShadows=True)
        self.stay_s, self.min_area, self.warmup_s = stay_s, min_area, warmup_s
        self._rate = 1.0 / history
        self._kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (5, 5))
        self._blobs: list[_Blob] = []
        self._next = 1

    def update(self, t: float, frame: np.ndarray, known: list[Box]) -> list[Observation]:
        # learn the empty scene quickly during the warm-up, then slowly (OpenCV's automatic rate is 1/frames-seen,
        # which would absorb a board put out in the first minute within seconds)
        mask = self._model.apply(frame, learningRate=0.2 if t < self.warmup_s else self._rate)
        mask = np.where(mask == 255, 255, 0).astype(np.uint8)  # 127 = shadow
        mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, self._kernel)
        mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, self._kernel, iterations=2)
        if t < self.warmup_s:
            return []
        h, w = mask.shape[:2]
        contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        boxes: list[Box] = []
        for contour in contours:
            x, y, bw, bh = cv2.boundingRect(contour)
            if bw * bh < self.min_area * w * h:
                continue
            box = (float(x), float(y), float(x + bw), float(y + bh))
            if any(iou(box, k) > 0.3 for k in known):
                continue
            boxes.append(box)
        seen: list[_Blob] = []
        for box in boxes:
            match = max(self._blobs, key=lambda b: iou(b.box, box), default=None)
            if match is not None and iou(match.box, box) >= 0.5 and match not in seen:
                match.box, match.last_t = box, t
            else:
                match = _Blob(self._next, box, t, t)
                self._next += 1
                self._blobs.append(match)
            seen.append(match)
        self._blobs = [b for b in self._blobs if t - b.last_t <= 2.0]
        return [
            Observation(f"s{b.id}", STATIONARY, 0.5, b.box, since=b.first_t)
            for b in seen
            if t - b.first_t >= self.stay_s
        ]
