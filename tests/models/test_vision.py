from __future__ import annotations

from pathlib import Path

import cv2
import pytest

from core.errors import ConfigError
from core.settings import Settings
from tests.models.conftest import SHARED_DATA
from vision.detector import SAMPLE_PEOPLE_IMAGE, Detector, build_detector, count_people
from vision.ocr import SAMPLE_PLATE_IMAGE, OCRBackend, read_plates

pytestmark = pytest.mark.models


def test_bus_photo_has_exactly_four_people(detector):
    assert isinstance(detector, Detector) and detector.labels == ["Normal", "Fall"]
    found = detector.detect(SAMPLE_PEOPLE_IMAGE)
    assert count_people(found) == 4
    image = cv2.imread(str(SAMPLE_PEOPLE_IMAGE))
    assert image is not None
    h, w = image.shape[:2]
    for d in found:
        x1, y1, x2, y2 = d.box
        assert 0 <= x1 < x2 <= w and 0 <= y1 < y2 <= h and d.confidence >= 0.35


def test_array_input_gives_the_same_answer(detector):
    image = cv2.imread(str(SAMPLE_PEOPLE_IMAGE))
    assert count_people(detector.detect(image)) == 4


def test_no_people_on_an_empty_road(detector):
    assert (SHARED_DATA / "images").is_dir(), "set ZHIFA_SHARED_DIR (make does) to the shared data"
    assert (
        count_people(detector.detect(SHARED_DATA / "images" / "street_parked_cars_bdd_0ace96c3-48481887.jpg"))
        == 0
    )


def test_missing_weights_are_a_config_error(tmp_path):
    s = Settings(_env_file=None, data_dir=tmp_path, detector={"weights": Path(tmp_path / "none.pt")})
    with pytest.raises(ConfigError, match="ZHIFA_DETECTOR__WEIGHTS"):
        build_detector(s, s.detector)


def test_rendered_plate_is_read_exactly(ocr):
    assert isinstance(ocr, OCRBackend)
    [line] = ocr.read(SAMPLE_PLATE_IMAGE)
    assert line.text == "渝F·12345" and line.confidence > 0.9
    image = cv2.imread(str(SAMPLE_PLATE_IMAGE))
    assert image is not None
    assert read_plates(ocr, image) == [("渝F·12345", pytest.approx(line.confidence))]


def test_photo_without_text_reads_no_plate(ocr):
    assert read_plates(ocr, SAMPLE_PEOPLE_IMAGE) == []
