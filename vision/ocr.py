"""Text reading: the :class:`OCRBackend` interface, :class:`OCRLine`, a registry, :func:`build_ocr` and plates.

The built-in ``rapidocr`` backend runs PP-OCRv4 (ONNX models inside the rapidocr-onnxruntime wheel).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from core.registry import Registry
from core.settings import Settings

ImageInput = np.ndarray | str | Path | bytes  # BGR array, an image file or its bytes

SAMPLE_PLATE_IMAGE = Path(__file__).with_name("samples") / "plate_yu_f12345.png"
SAMPLE_PLATE_TEXT = "渝F·12345"

Point = tuple[float, float]


@dataclass(frozen=True)
class OCRLine:
    text: str
    confidence: float
    box: tuple[Point, Point, Point, Point]  # corners clockwise from top-left, pixels


@runtime_checkable
class OCRBackend(Protocol):
    name: str

    def read(self, image: ImageInput) -> list[OCRLine]: ...


OCR_BACKENDS: Registry[OCRBackend] = Registry("文字识别 OCR")


class RapidOCRBackend:
    name = "rapidocr"

    def __init__(self) -> None:
        from rapidocr_onnxruntime import RapidOCR

        self._engine: Any = RapidOCR()
        self._lock = threading.Lock()

    def read(self, image: ImageInput) -> list[OCRLine]:
        source = str(image) if isinstance(image, Path) else image
        with self._lock:
            result, _elapsed = self._engine(source)
        lines = []
        for box, text, score in result or []:
            corners = tuple((float(x), float(y)) for x, y in box)
            lines.append(OCRLine(str(text), float(score), corners))  # type: ignore[arg-type]
        return lines


@OCR_BACKENDS.register("rapidocr")
def _rapidocr(settings: Settings) -> OCRBackend:
    return RapidOCRBackend()


def build_ocr(settings: Settings) -> OCRBackend:
    """A new instance of the configured OCR backend; the process's one instance is its components container's."""
    return OCR_BACKENDS.create(settings.ocr.backend, settings)


# --- Chinese licence plates -----------------------------------------------------------------------------
PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼使领"
_PLATE = re.compile(rf"([{PROVINCES}])([A-HJ-NP-Z])([A-Z0-9]{{5,6}})([挂学警港澳]?)")
_CONFUSABLE = str.maketrans({"O": "0", "I": "1"})
_SEPARATORS = re.compile(r"[\s·•・.\-_:：。,，]")


def normalise_plate(text: str) -> str | None:
    """``渝F 12345`` / ``渝f-12345`` / ``渝F·I2345`` → ``渝F·12345``; ``None`` when no plate is in the text.

    The serial part never holds I or O (GA 36), so OCR confusions there are mapped to 1 and 0.
    """
    match = _PLATE.search(_SEPARATORS.sub("", text).upper())
    if match is None:
        return None
    province, letter, serial, suffix = match.groups()
    return f"{province}{letter}·{serial.translate(_CONFUSABLE)}{suffix}"


def read_plates(ocr: OCRBackend, image: ImageInput) -> list[tuple[str, float]]:
    """Normalised plates found in an image (a plate crop or a whole photo), best first."""
    found: dict[str, float] = {}
    for line in ocr.read(image):
        plate = normalise_plate(line.text)
        if plate:
            found[plate] = max(found.get(plate, 0.0), line.confidence)
    return sorted(found.items(), key=lambda kv: -kv[1])
