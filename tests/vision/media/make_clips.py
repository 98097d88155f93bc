"""Regenerate the test clips from the real photos in ../shared/data (run by hand; the clips are committed).

(Fixed cameras: the background stays put, as in a real fixed installation; only what the scene is about moves.)

``parked_street.mp4``: a fixed camera over a real street (BDD100K photo 0ace96c3-48481887, MIT, via hustvl/YOLOP):
the parked cars stay for the whole 12 s (5 fps, 640×360) while a real car (cut from the same photo) drives across the
road in front between 2 s and 8 s. Sensor noise differs per frame; the codec adds its own.

    .venv/bin/python tests/vision/media/make_clips.py
"""

from __future__ import annotations

import os
from pathlib import Path

import cv2
import numpy as np

HERE = Path(__file__).parent
SHARED = (
    Path(os.environ.get("ZHIFA_SHARED_DIR") or Path(__file__).resolve().parents[4] / "shared")
    / "data"
    / "images"
)
FPS, SECONDS, SIZE = 5, 12, (640, 360)


def parked_street() -> None:
    photo = cv2.imread(str(SHARED / "street_parked_cars_bdd_0ace96c3-48481887.jpg"))
    assert photo is not None
    scene = cv2.resize(photo, SIZE, interpolation=cv2.INTER_AREA)
    car = scene[123:207, 217:327].copy()  # the dark saloon ahead
    rng = np.random.default_rng(14)
    out = cv2.VideoWriter(str(HERE / "parked_street.mp4"), cv2.VideoWriter_fourcc(*"mp4v"), FPS, SIZE)
    for i in range(FPS * SECONDS):
        t = i / FPS
        frame = scene.copy()
        if 2 <= t < 8:
            x = int(-110 + (t - 2) / 6 * 760)
            x0, x1 = max(0, x), min(SIZE[0], x + car.shape[1])
            if x1 > x0:
                frame[190:274, x0:x1] = car[:, x0 - x : x1 - x]
        noise = rng.normal(0, 2.0, frame.shape)
        out.write(np.clip(frame + noise, 0, 255).astype(np.uint8))
    out.release()


def pavement() -> None:
    """``pavement.mp4``: a fixed camera over a real shopping street (ETH pedestrian sequence, PaddleDetection pphuman
    demo 002.png, Apache-2.0): people stand still; at 2 s the shop's A-frame "SALE" board (cut from the same photo)
    is put out on the empty pavement to the right and stays. 12 s, 5 fps, 640×480; the codec adds its noise."""
    photo = cv2.imread(str(SHARED / "street_pedestrians_sale_sign_pphuman_002.png"))
    assert photo is not None and photo.shape[:2] == (480, 640)
    board = photo[215:340, 0:90].copy()
    out = cv2.VideoWriter(str(HERE / "pavement.mp4"), cv2.VideoWriter_fourcc(*"mp4v"), FPS, (640, 480))
    for i in range(FPS * 12):
        frame = photo.copy()
        if i / FPS >= 2:
            frame[300:425, 420:510] = board
        out.write(frame)  # the codec's own noise only (keeps the clip small)
    out.release()


if __name__ == "__main__":
    parked_street()
    pavement()
