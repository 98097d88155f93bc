"""Stationary objects on a fixed camera (MOG2): a board put out on the pavement is one 出店经营 event; people standing
without goods are no 无照游商."""

from __future__ import annotations

from datetime import timedelta

from core.settings import Settings
from tests.vision.conftest import MEDIA, MORNING
from vision.camera import load_camera
from vision.detector import Detector
from vision.pipeline import CameraPipeline
from vision.stationary import StationaryObjects

PAVEMENT = (
    MEDIA / "pavement.mp4"
)  # 12 s: people stand; at 2 s a "SALE" board is put out on the right and stays


def test_a_board_put_out_on_the_pavement_is_one_shopfront_event(settings: Settings, ssd: Detector) -> None:
    s = settings.model_copy(update={"vision": settings.vision.model_copy(update={"stationary_s": 4})})
    camera = load_camera(MEDIA / "pavement.yaml")
    result = CameraPipeline(s, camera, ssd).run(PAVEMENT, start=MORNING)
    [event] = result.events
    assert (event.kind, event.zone_id, event.rule) == ("出店经营", "shop-right", "shopfront")
    assert event.occurred_at == MORNING + timedelta(
        seconds=2
    )  # put out at 2 s (stationary, so counted, from 6 s)
    assert 9.5 <= event.seconds <= 10 and event.track_keys == ["s1"]
    assert result.stats.stage_s["stationary"] > 0


def test_the_background_model_reports_the_board_where_it_stands() -> None:
    import cv2

    cap = cv2.VideoCapture(str(PAVEMENT))
    model = StationaryObjects(fps=5, stay_s=4)
    seen = []
    for i in range(60):
        ok, frame = cap.read()
        assert ok
        seen.append(model.update(i / 5, frame, known=[]))
    assert all(not s for s in seen[:30])  # out at 2 s, stationary only from 6 s
    last = seen[-1]
    assert len(last) == 1 and last[0].label == "object"
    x1, y1, x2, y2 = last[0].box
    assert abs(x1 - 420) <= 6 and abs(y1 - 300) <= 6 and abs(x2 - 510) <= 6 and abs(y2 - 425) <= 6
