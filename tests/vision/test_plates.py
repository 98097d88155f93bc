"""Plate readers behind one interface (rapidocr, agentclpr), the plate pattern, best of N, masked in every log."""

from __future__ import annotations

import logging

import cv2
import numpy as np
import pytest

from channels import logmask
from channels.components import Components, build_components
from core.settings import Settings
from vision.ocr import SAMPLE_PLATE_IMAGE
from vision.plates import PLATE_READERS, PlateRead, PlateReader, best_plate, mask_plate


@pytest.fixture(scope="module", params=["rapidocr", "agentclpr"])
def reader(request: pytest.FixtureRequest, settings: Settings, components: Components) -> PlateReader:
    s = settings.model_copy(
        update={"vision": settings.vision.model_copy(update={"plate_backend": request.param})}
    )
    return build_components(s, models=components).plates()  # the session's OCR, shared


def test_each_backend_reads_the_rendered_plate(reader: PlateReader) -> None:
    assert isinstance(reader, PlateReader) and reader.name in PLATE_READERS.names()
    image = cv2.imread(str(SAMPLE_PLATE_IMAGE))
    [read] = reader.read(image)
    assert read.text == "渝F·12345" and read.confidence > 0.8


def test_no_plate_on_a_blank_crop(reader: PlateReader) -> None:
    assert reader.read(np.full((120, 300, 3), 255, np.uint8)) == []


class _Scripted:
    """A reader that answers from a list (the vote, not the model, is under test)."""

    name = "scripted"

    def __init__(self, answers: list[list[PlateRead]]) -> None:
        self.answers = answers

    def read(self, crop: np.ndarray) -> list[PlateRead]:
        return self.answers.pop(0)


def test_best_of_n_frames_votes() -> None:
    crop = np.zeros((40, 120, 3), np.uint8)
    reads = [[PlateRead("渝F·12345", 0.7)], [PlateRead("渝F·12346", 0.99)], [], [PlateRead("渝F·12345", 0.8)]]
    assert best_plate(_Scripted(reads), [crop] * 4) == PlateRead("渝F·12345", 0.8, 2)
    assert best_plate(_Scripted([]), []) is None
    assert best_plate(_Scripted([]), [np.zeros((4, 4, 3), np.uint8)]) is None  # too small to read


def test_plates_are_masked_in_every_log_line(caplog: pytest.LogCaptureFixture) -> None:
    assert mask_plate("渝F·12345") == "渝F·1***5" and mask_plate(None) == "—"
    logmask.install()
    with caplog.at_level(logging.INFO):
        logging.getLogger("vision.test").info("parked: %s at kerb, also 川A 12345D", "渝F·12345")
    assert "12345" not in caplog.text and "渝F·1***5" in caplog.text and "川A·1***D" in caplog.text
