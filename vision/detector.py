"""Object detection: the :class:`Detector` interface, :class:`Detection`, a registry and :func:`load_detector`.

The built-in ``ultralytics`` backend runs the bundled YOLOv8 person detector (classes ``Normal``/``Fall``, both
people) or any configured ultralytics ``.pt`` (COCO ``person`` counts as a person too).
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from core.assets import ModelCache, bundled_detector_weights, force_offline
from core.errors import ConfigError, ModelError
from core.registry import Registry
from core.settings import Settings

ImageInput = np.ndarray | str | Path  # BGR array (OpenCV order) or an image file

SAMPLES_DIR = Path(__file__).with_name("samples")
SAMPLE_PEOPLE_IMAGE = SAMPLES_DIR / "street_bus_people_bus.jpg"
SAMPLE_PEOPLE_COUNT = 4


@dataclass(frozen=True)
class Detection:
    label: str
    confidence: float
    box: tuple[float, float, float, float]  # x1, y1, x2, y2 in pixels
    is_person: bool


@runtime_checkable
class Detector(Protocol):
    name: str
    labels: list[str]

    def detect(self, image: ImageInput) -> list[Detection]: ...


DETECTORS: Registry[Detector] = Registry("目标检测 detector")
_CACHE: ModelCache[Detector] = ModelCache()


class UltralyticsDetector:
    def __init__(
        self, weights: Path, *, person_classes: list[str], confidence: float = 0.35, image_size: int = 640
    ) -> None:
        if not weights.is_file():
            raise ConfigError(
                f"找不到检测模型权重 {weights}：请检查 ZHIFA_DETECTOR__WEIGHTS。 / no weights at {weights}"
            )
        force_offline()
        from ultralytics import YOLO

        try:
            self._model: Any = YOLO(str(weights), task="detect")
        except Exception as exc:  # ultralytics raises many kinds on a bad file
            raise ModelError(f"检测模型加载失败：{exc} / failed to load detector weights {weights}") from exc
        names: dict[int, str] = dict(self._model.names)
        self.labels = [names[i] for i in sorted(names)]
        self._person_ids = {i for i, n in names.items() if n in set(person_classes)}
        self.name = f"ultralytics/{weights.stem}"
        self.confidence = confidence
        self.image_size = image_size
        self._lock = threading.Lock()

    def detect(self, image: ImageInput) -> list[Detection]:
        source = str(image) if isinstance(image, Path) else image
        with self._lock:
            result = self._model.predict(
                source, conf=self.confidence, imgsz=self.image_size, device="cpu", verbose=False
            )[0]
        boxes = result.boxes
        out = []
        for cls_id, conf, xyxy in zip(
            boxes.cls.tolist(), boxes.conf.tolist(), boxes.xyxy.tolist(), strict=True
        ):
            cid = int(cls_id)
            box = (float(xyxy[0]), float(xyxy[1]), float(xyxy[2]), float(xyxy[3]))
            out.append(Detection(result.names[cid], float(conf), box, cid in self._person_ids))
        return out


@DETECTORS.register("ultralytics")
def _ultralytics(settings: Settings) -> Detector:
    cfg = settings.detector
    # ultralytics writes a settings file on first use: keep it in the model cache, not in the user's home
    os.environ.setdefault("YOLO_CONFIG_DIR", str(settings.model_cache_dir / "ultralytics"))
    return UltralyticsDetector(
        Path(cfg.weights) if cfg.weights else bundled_detector_weights(),
        person_classes=cfg.person_classes,
        confidence=cfg.confidence,
        image_size=cfg.image_size,
    )


def load_detector(settings: Settings) -> Detector:
    """The configured detector, built once per process for these settings."""
    return _CACHE.get(
        settings.detector.model_dump_json(), lambda: DETECTORS.create(settings.detector.backend, settings)
    )


def count_people(detections: list[Detection]) -> int:
    return sum(d.is_person for d in detections)
