"""The COCO SSD behind the detector registry: one vocabulary, tiling finds more small cars, no full-frame boxes."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import cv2
import pytest
from typer.testing import CliRunner

from channels.components import Components
from core.settings import Settings
from tests.vision.conftest import ROAD
from vision.detector import DETECTORS, SAMPLE_PEOPLE_IMAGE, Detector, count_people
from vision.errors import BadMedia
from vision.labels import VOCABULARY, canonical
from vision.ssd import SSDDetector, nms, tile_windows


def test_bus_photo_people_and_the_bus(ssd: Detector) -> None:
    assert isinstance(ssd, Detector) and "ssd" in DETECTORS.names()
    found = ssd.detect(SAMPLE_PEOPLE_IMAGE)
    counts = Counter(d.label for d in found)
    assert counts == {"person": 3, "bus": 1}  # the fourth person is cut off at the left edge
    assert count_people(found) == 3 and all(d.label in VOCABULARY for d in found)
    h, w = cv2.imread(str(SAMPLE_PEOPLE_IMAGE)).shape[:2]
    for d in found:
        x1, y1, x2, y2 = d.box
        assert 0 <= x1 < x2 <= w and 0 <= y1 < y2 <= h and d.confidence >= 0.3
        assert (x2 - x1) * (y2 - y1) <= 0.5 * w * h


def test_tiles_find_more_small_cars_on_a_chinese_road(ssd: Detector, ssd_tiled: Detector) -> None:
    plain = Counter(d.label for d in ssd.detect(ROAD))
    tiled = Counter(d.label for d in ssd_tiled.detect(ROAD))
    assert plain["person"] == 0 and tiled["person"] == 0
    assert 12 <= plain["car"] < tiled["car"] <= 26  # the reference counts about 25 cars
    assert tiled["bus"] == 1


def test_boxes_over_half_the_frame_are_dropped(settings: Settings) -> None:
    loose = SSDDetector(settings.vision.detector.model_copy(update={"max_box_fraction": 1.0}))
    image = cv2.imread(str(ROAD))
    big = [d for d in loose.detect(image) if (d.box[2] - d.box[0]) * (d.box[3] - d.box[1]) > 0.5 * 1024 * 576]
    assert big  # the model calls the whole road a car …
    strict = SSDDetector(settings.vision.detector)
    assert not [
        d for d in strict.detect(image) if (d.box[2] - d.box[0]) * (d.box[3] - d.box[1]) > 0.5 * 1024 * 576
    ]


def test_tiles_cover_the_frame_with_overlap_and_nms_merges_parts() -> None:
    windows = tile_windows(1000, 600)
    assert windows[0] == (0, 0, 1000, 600) and len(windows) == 5
    assert windows[1][2] > 500 and windows[3][0] < 500  # quadrants overlap across the seams
    boxes = [
        ("car", 0.9, (0.0, 0.0, 100.0, 50.0)),
        ("car", 0.6, (0.0, 0.0, 40.0, 50.0)),
        ("person", 0.8, (0.0, 0.0, 100.0, 50.0)),
    ]
    assert nms(boxes) == [0, 2, 1]
    assert nms(boxes, inside=0.7) == [0, 2]  # a car's half inside the whole car goes; another class stays


def test_class_names_map_onto_one_vocabulary() -> None:
    assert canonical("Fall") == canonical("Normal") == canonical("person") == "person"
    assert canonical("motorbike") == "motorcycle" and canonical("轿车") == "car" and canonical("kite") is None


def test_unreadable_image_is_a_chinese_error(ssd: Detector, tmp_path: Path) -> None:
    bad = tmp_path / "x.jpg"
    bad.write_bytes(b"not an image")
    with pytest.raises(BadMedia, match="无法读取图片"):
        ssd.detect(bad)


def test_detect_command_prints_counts_then_boxes(ssd: Detector, components: Components) -> None:
    from channels.cli.main import app

    result = CliRunner().invoke(app, ["vision", "detect", str(SAMPLE_PEOPLE_IMAGE)], obj=components)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[:2] == ["person 3", "bus 1"]
    assert len(lines) == 6 and lines[2].split("\t")[0] in ("person", "bus")
    bad = CliRunner().invoke(app, ["vision", "detect", "/nonexistent.jpg"], obj=components)
    assert bad.exit_code == 2 and "无法读取图片" in bad.stdout


def test_a_bureaus_ultralytics_weights_speak_the_same_vocabulary(settings: Settings) -> None:
    from vision.detector import build_detector

    cfg = settings.vision.detector.model_copy(
        update={"backend": "ultralytics", "image_size": 640, "confidence": 0.35}
    )
    yolo = build_detector(settings, cfg)  # the bundled YOLOv8 (Normal / Fall): both are people
    found = yolo.detect(SAMPLE_PEOPLE_IMAGE)
    assert {d.label for d in found} == {"person"} and count_people(found) == 4
