"""ByteTrack / BoT-SORT (ultralytics) fed by plain detections: ids stay with their objects across frames."""

from __future__ import annotations

import pytest

from core.errors import ConfigError
from vision.detector import Detection
from vision.tracking import Tracker


def car(x: float, y: float = 100, conf: float = 0.8, label: str = "car") -> Detection:
    return Detection(label, conf, (x, y, x + 60, y + 40), label == "person")


@pytest.mark.parametrize("kind", ["bytetrack", "botsort"])
def test_ids_are_stable_across_frames(kind: str) -> None:
    tracker = Tracker(kind, fps=5)
    ids: list[set[int]] = []
    for i in range(20):  # a car driving right, a person standing, one frame where the detector misses the car
        dets = [car(10 + 8 * i), car(400, 50, 0.7, "person")] if i != 10 else [car(400, 50, 0.7, "person")]
        tracked = tracker.update(dets)
        ids.append({t.track_id for t in tracked if t.label == "car"})
        assert all(t.label in ("car", "person") for t in tracked)
    car_ids = set().union(*ids[2:])
    assert len(car_ids) == 1  # one car, one id — the missed frame bridged
    people = {t.track_id for t in tracker.update([car(400, 50, 0.7, "person")]) if t.label == "person"}
    assert len(people) == 1 and not people & car_ids


def test_unknown_tracker_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="bytetrack"):
        Tracker("sort")
