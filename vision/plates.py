"""Licence plates on a tracked vehicle: the :class:`PlateReader` interface, a registry, two backends, best of N.

- ``rapidocr`` (default; bundled PP-OCRv4 through :mod:`vision.ocr`): reads any text on the vehicle's crop;
- ``agentclpr`` (``agentclpr`` + ``agentocr`` wheels, ``--no-deps``): a Chinese plate detector (``clp_det.onnx``)
  then a reader; its detector also returns junk boxes. The weights' licence is unclear upstream, so it stays an option.

Every candidate passes the plate pattern (:func:`vision.ocr.normalise_plate`, GA 36: province, letter, 5–6
characters); :func:`best_plate` votes over the crops of N frames (the text read most often, ties by confidence).
A plate is personal data: :func:`mask_plate` is what a log line may show (``渝F·1***5``).
"""

from __future__ import annotations

import logging
import sys
import threading
import types
import warnings
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

import numpy as np

from case_api import masking as case_masking
from core.errors import ModelError
from core.registry import Registry
from core.settings import Settings
from vision.ocr import OCRBackend, normalise_plate, read_plates


@dataclass(frozen=True)
class PlateRead:
    text: str  # normalised, e.g. 渝F·12345
    confidence: float
    votes: int = 1


@runtime_checkable
class PlateReader(Protocol):
    name: str

    def read(self, crop: np.ndarray) -> list[PlateRead]: ...


PLATE_READERS: Registry[PlateReader] = Registry("车牌识别 plate reader")


def mask_plate(text: str | None) -> str:
    """What a log line may show of a plate: ``渝F·1***5`` (the record's masker, which every log record passes)."""
    return case_masking.mask_plate(text) or "—"


class RapidOCRPlates:
    name = "rapidocr"

    def __init__(self, ocr: OCRBackend) -> None:
        self._ocr = (
            ocr  # the process's OCR (its components container's), shared with everything else that reads
        )

    def read(self, crop: np.ndarray) -> list[PlateRead]:
        return [PlateRead(text, conf) for text, conf in read_plates(self._ocr, crop)]


class AgentCLPRPlates:
    name = "agentclpr"

    def __init__(self) -> None:
        # agentocr imports ``wget`` (to download missing weights) and ``imghdr``: the weights ship in the wheel and
        # nothing may be downloaded at run time, so a stand-in that refuses takes wget's place
        if "wget" not in sys.modules:
            stub = types.ModuleType("wget")

            def refuse(*_args: object, **_kwargs: object) -> None:
                raise ModelError("车牌模型缺失且不允许在运行时下载。 / no downloads at run time")

            stub.download = refuse  # type: ignore[attr-defined]
            sys.modules["wget"] = stub
        # agentocr's import adds a stdout handler to the root logger and sets it to DEBUG (each read would be
        # printed, plate and all): both are put back as they were
        root = logging.getLogger()
        handlers, level = list(root.handlers), root.level
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)  # imghdr
                warnings.simplefilter("ignore", RuntimeWarning)  # numpy on its warm-up
                from agentclpr import CLPSystem

                self._system: Any = CLPSystem()
        except ImportError as exc:
            raise ModelError(
                f"车牌识别模型 agentclpr 未安装：{exc}。请安装 agentclpr==1.1.0 与 agentocr==2.0.0（--no-deps）。"
            ) from exc
        finally:
            for handler in [h for h in root.handlers if h not in handlers]:
                root.removeHandler(handler)
            root.setLevel(level)
        self._lock = threading.Lock()

    def read(self, crop: np.ndarray) -> list[PlateRead]:
        with self._lock, warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            results = self._system(np.ascontiguousarray(crop))
        found: dict[str, float] = {}
        for _points, (text, score) in results:
            plate = normalise_plate(str(text))
            if plate:
                found[plate] = max(found.get(plate, 0.0), float(score))
        return [PlateRead(t, c) for t, c in sorted(found.items(), key=lambda kv: -kv[1])]


@PLATE_READERS.register("rapidocr")
def _rapidocr(settings: Settings, ocr: Callable[[], OCRBackend]) -> PlateReader:
    return RapidOCRPlates(ocr())


@PLATE_READERS.register("agentclpr")
def _agentclpr(settings: Settings, ocr: Callable[[], OCRBackend]) -> PlateReader:
    return AgentCLPRPlates()


def build_plate_reader(settings: Settings, ocr: Callable[[], OCRBackend]) -> PlateReader:
    """A new instance of the configured plate reader (``settings.vision.plate_backend``); ``ocr`` gives the process's
    OCR backend, asked for only by a reader that uses it. The process's one reader is its components container's."""
    return PLATE_READERS.create(settings.vision.plate_backend, settings, ocr)


def best_plate(reader: PlateReader, crops: list[np.ndarray]) -> PlateRead | None:
    """The plate read most often over the crops (best of N frames), ties broken by the best confidence."""
    votes: dict[str, list[float]] = defaultdict(list)
    for crop in crops:
        if crop.size == 0 or min(crop.shape[:2]) < 8:
            continue
        reads = reader.read(crop)
        if reads:
            votes[reads[0].text].append(reads[0].confidence)
    if not votes:
        return None
    text, confs = max(votes.items(), key=lambda kv: (len(kv[1]), max(kv[1])))
    return PlateRead(text, max(confs), len(confs))
