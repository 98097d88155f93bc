"""Vision fixtures: the real COCO SSD (OpenCV DNN) loaded once per session with the network blocked, the scripted
camera clip and its zones (tests/vision/media, made from real photos by make_clips.py), and a migrated SQLite."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from channels.components import Components
from tests.models.conftest import NetworkGuard
from vision.camera import Camera, load_camera
from vision.detector import Detector

pytestmark = pytest.mark.models

MEDIA = Path(__file__).with_name("media")
CLIP = (
    MEDIA / "parked_street.mp4"
)  # 12 s, 5 fps, 640×360: a parked white car in "kerb", a car passing in "lane"
CAMERA_YAML = MEDIA / "parked_street.yaml"
ROAD = MEDIA / "cn_road_ppvehicle_001.jpeg"  # PaddleDetection ppvehicle demo: ~25 cars, a bus, 0 people
TZ = ZoneInfo("Asia/Shanghai")
MORNING = datetime(2025, 6, 2, 9, 0, tzinfo=TZ)  # a Monday, inside 07:00-22:00


@pytest.fixture(scope="session")
def guard() -> NetworkGuard:
    return NetworkGuard()


@pytest.fixture(autouse=True)
def _offline(guard: NetworkGuard) -> Iterator[None]:
    with guard.blocking():
        yield


@pytest.fixture(scope="session")
def ssd(components: Components, guard: NetworkGuard) -> Detector:
    with guard.blocking():
        return components.camera_detector()


@pytest.fixture(scope="session")
def ssd_tiled(components: Components, guard: NetworkGuard) -> Detector:
    with guard.blocking():
        return components.camera_detector(tiles=True)


@pytest.fixture
def camera() -> Camera:
    return load_camera(CAMERA_YAML)
