"""Object detection: the :class:`Detector` interface, :class:`Detection`, a registry and :func:`build_detector`.

Built-in backends (registered the same way a bureau's own would be, through :data:`DETECTORS`):

- ``ssd`` (:mod:`vision.ssd`): TensorFlow's SSD-MobileNet-v2 COCO through OpenCV DNN, people and vehicles, with
  optional 2×2 tiling; the default of the camera pipeline (``ZHIFA_VISION__DETECTOR__BACKEND``);
- ``ultralytics``: the bundled YOLOv8 person detector (classes ``Normal``/``Fall``, both people) or any configured
  ultralytics ``.pt`` a bureau supplies (COCO ``person``/``car`` … map onto the same vocabulary).

Every backend's :attr:`Detection.label` is a name of :data:`vision.labels.VOCABULARY` where the class maps onto it
(``Fall`` → ``person``, ``motorbike`` → ``motorcycle``), else the model's own name.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from core.assets import bundled_detector_weights, force_offline
from core.errors import ConfigError, ModelError
from core.registry import Registry
from core.settings import DetectorSettings, Settings
from vision.labels import PERSON, canonical

ImageInput = np.ndarray | str | Path  # BGR array (OpenCV order) or an image file

SAMPLES_DIR = Path(__file__).with_name("samples")
SAMPLE_PEOPLE_IMAGE = SAMPLES_DIR / "street_bus_people_bus.jpg"
SAMPLE_PEOPLE_COUNT = 4  # the bundled YOLOv8 person detector sees all four
SAMPLE_SSD_COUNTS = {"person": 3, "bus": 1}  # the COCO SSD (the fourth person is cut off at the left edge)


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
            name = str(result.names[cid])
            is_person = cid in self._person_ids or canonical(name) == PERSON
            label = PERSON if is_person else canonical(name) or name
            out.append(Detection(label, float(conf), box, is_person))
        return out


@DETECTORS.register("ultralytics")
def _ultralytics(settings: Settings, cfg: DetectorSettings | None = None) -> Detector:
    cfg = cfg or settings.detector
    # ultralytics writes a settings file on first use: keep it in the model cache, not in the user's home
    os.environ.setdefault("YOLO_CONFIG_DIR", str(settings.model_cache_dir / "ultralytics"))
    return UltralyticsDetector(
        Path(cfg.weights) if cfg.weights else bundled_detector_weights(),
        person_classes=cfg.person_classes,
        confidence=cfg.confidence,
        image_size=cfg.image_size,
    )


@DETECTORS.register("ssd")
def _ssd(settings: Settings, cfg: DetectorSettings | None = None) -> Detector:
    from vision.ssd import SSDDetector

    return SSDDetector(cfg or settings.vision.detector)


def read_image(image: ImageInput) -> np.ndarray:
    """A BGR array from an array or an image file; an unreadable file is a :class:`vision.errors.BadMedia`."""
    if isinstance(image, np.ndarray):
        return image
    import cv2

    from vision.errors import BadMedia

    data = np.fromfile(str(image), dtype=np.uint8) if Path(image).is_file() else np.empty(0, np.uint8)
    frame = cv2.imdecode(data, cv2.IMREAD_COLOR) if data.size else None
    if frame is None:
        raise BadMedia(f"无法读取图片 {Path(image).name}：文件不存在、为空或不是图片。请检查文件。")
    return frame


def build_detector(settings: Settings, cfg: DetectorSettings) -> Detector:
    """A new instance of the detector ``cfg`` configures (``settings.detector``, the bundled person detector, or
    the camera pipeline's ``settings.vision.detector``); the process's instances are its components container's."""
    return DETECTORS.create(cfg.backend, settings, cfg)


def count_people(detections: list[Detection]) -> int:
    return sum(d.is_person for d in detections)
