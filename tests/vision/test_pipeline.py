"""The scripted scene end to end on the real SSD and tracker: exactly one event for the parked car, none for the car
driving through, none outside the schedule; bad sources are clear Chinese errors; events land in the record."""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path

import cv2
import numpy as np
import pytest
from typer.testing import CliRunner

from channels.components import Components
from core.settings import Settings
from tests.vision.conftest import CAMERA_YAML, CLIP, MORNING, TZ
from vision.camera import Camera
from vision.detector import Detector
from vision.errors import BadMedia, EmptyMedia, SourceUnavailable
from vision.pipeline import CameraPipeline, RunResult

_RUNS: dict[str, RunResult] = {}


def run_clip(settings: Settings, camera: Camera, ssd: Detector, start: datetime) -> RunResult:
    key = start.isoformat()
    if key not in _RUNS:  # the clip takes ≈8 s on 2 cores: run each start once per session
        _RUNS[key] = CameraPipeline(settings, camera, ssd).run(CLIP, start=start)
    return _RUNS[key]


def test_the_parked_car_is_exactly_one_event_and_passing_traffic_none(
    settings: Settings, camera: Camera, ssd: Detector, tmp_path: Path
) -> None:
    result = run_clip(settings, camera, ssd, MORNING)
    [event] = result.events
    assert (event.kind, event.zone_id, event.rule, event.camera_id) == (
        "违章停车",
        "kerb",
        "no_parking",
        "test-cam-01",
    )
    assert event.occurred_at == MORNING and 11 <= event.seconds <= 12  # stands for the whole 12 s clip
    assert event.location == camera.location and 0.3 <= event.confidence <= 1
    assert len(event.files) == 4 and "停留" in event.detail and "短视频 1 段" in event.detail
    for f in event.files:
        assert f.sha256 == hashlib.sha256(f.data).hexdigest()
    *stills, clip = event.files
    for f in stills:
        assert f.content_type == "image/jpeg"
        image = cv2.imdecode(np.frombuffer(f.data, np.uint8), cv2.IMREAD_COLOR)
        assert image.shape == (360, 640, 3)
        assert (image[:, :, 2] > 200).sum() > 200  # the zone is drawn in red
    assert clip.content_type == "video/mp4" and clip.filename.endswith(".mp4")
    path = tmp_path / clip.filename
    path.write_bytes(clip.data)
    video = cv2.VideoCapture(str(path))
    assert (
        int(video.get(cv2.CAP_PROP_FRAME_COUNT)) == 26
    )  # 0 s … 5 s at 5 fps: the car standing until it counts
    video.release()
    assert result.stats.frames == 60 and result.stats.stage_s["detect"] > 0


def test_outside_the_schedule_there_is_no_event(settings: Settings, camera: Camera, ssd: Detector) -> None:
    night = datetime(2025, 6, 2, 23, 0, tzinfo=TZ)
    assert run_clip(settings, camera, ssd, night).events == []


def test_progress_and_cancel(settings: Settings, camera: Camera, ssd: Detector) -> None:
    from vision.pipeline import Cancelled

    seen: list[float] = []
    with pytest.raises(Cancelled):
        CameraPipeline(settings, camera, ssd).run(
            CLIP, start=MORNING, on_progress=lambda p, _m: seen.append(p), cancelled=lambda: len(seen) > 0
        )


def test_corrupt_empty_and_frameless_videos_and_a_dead_stream(
    settings: Settings, camera: Camera, ssd: Detector, tmp_path: Path
) -> None:
    pipeline = CameraPipeline(settings, camera, ssd)
    corrupt = tmp_path / "corrupt.mp4"
    corrupt.write_bytes(b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 40)
    with pytest.raises(BadMedia, match="不是视频文件或文件已损坏"):
        pipeline.run(corrupt, start=MORNING)
    empty = tmp_path / "empty.mp4"
    empty.write_bytes(b"")
    with pytest.raises(EmptyMedia, match="0 字节"):
        pipeline.run(empty, start=MORNING)
    frameless = tmp_path / "frameless.avi"
    writer = cv2.VideoWriter(str(frameless), cv2.VideoWriter_fourcc(*"MJPG"), 5, (64, 64))
    writer.release()
    with pytest.raises((EmptyMedia, BadMedia), match=r"画面|视频"):
        pipeline.run(frameless, start=MORNING)
    with pytest.raises(SourceUnavailable, match=r"无法连接视频流 rtsp://\*\*\*@127\.0\.0\.1"):
        pipeline.run("rtsp://admin:secret@127.0.0.1:9/stream1", start=MORNING)
    # and the pipeline still works afterwards
    assert len(run_clip(settings, camera, ssd, MORNING).events) == 1


def test_events_go_into_the_record_as_candidates(
    settings: Settings, camera: Camera, ssd: Detector, tmp_path: Path
) -> None:
    from case_api import db
    from case_api.camera import service as camera_service
    from case_api.storage import BlobStore
    from channels.vision_record import post_events

    app_settings = Settings(_env_file=None, data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'z.db'}")
    db.upgrade(app_settings)
    result = run_clip(settings, camera, ssd, MORNING)
    store = BlobStore(app_settings.evidence_dir)
    with db.session_for(app_settings) as session:
        [event] = post_events(session, store=store, drafts=result.events, actor_id=None)
        session.commit()
        public = camera_service.to_public(session, event)
    db.dispose_engine(app_settings.database_url or "")
    assert public.status == "candidate" and public.kind == "违章停车" and public.camera_id == "test-cam-01"
    assert public.occurred_at == MORNING and [f.sha256 for f in public.frames] == [
        f.sha256 for f in result.events[0].files
    ]
    assert all(store.exists(f.sha256) for f in public.frames)


def test_run_command_prints_one_line_per_event(ssd: Detector, components: Components) -> None:
    from channels.cli.main import app

    args = ["vision", "run", "--camera", str(CAMERA_YAML), str(CLIP), "--start", "2025-06-02T09:00:00+08:00"]
    result = CliRunner().invoke(app, args, obj=components)  # the session's detector and plate reader
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert lines[-1] == "事件 1" and lines[-2].startswith("违章停车\tkerb\t2025-06-02 09:00:00–09:00:11")
    missing = CliRunner().invoke(
        app, ["vision", "run", "--camera", str(CAMERA_YAML), "/nonexistent.mp4"], obj=components
    )
    assert missing.exit_code == 2 and "找不到视频文件" in missing.stdout


def test_the_plate_on_the_parked_vehicle_is_read_into_the_event(
    settings: Settings, camera: Camera, ssd: Detector, components: Components
) -> None:
    from vision.ocr import SAMPLE_PLATE_IMAGE
    from vision.rules import KeyFrame, Observation, Offence

    plate = cv2.imread(str(SAMPLE_PLATE_IMAGE))
    frame = np.full((720, 1280, 3), 90, np.uint8)
    h, w = plate.shape[:2]
    frame[400 : 400 + h, 500 : 500 + w] = plate  # the rear of a car at the kerb, close to the camera
    car = Observation("t1", "car", 0.9, (450.0, 300.0, 500.0 + w + 50, 400.0 + h + 40))
    keys = [
        KeyFrame(t, MORNING, frame, [car], note) for t, note in ((0, "开始"), (5, "持续 5 秒"), (9, "最后"))
    ]
    offence = Offence(
        rule=camera.zones[0].rule, zone=camera.zones[0], start_t=0, end_t=9, start_local=MORNING,
        end_local=MORNING, subjects=["car"], track_keys=["t1"], confidence=0.9, key_frames=keys,
    )  # fmt: skip
    pipeline = CameraPipeline(settings, camera, ssd, plates=components.plates())
    draft = pipeline._draft(offence, MORNING)
    assert draft.plate == "渝F·12345" and draft.plate_confidence and draft.plate_confidence > 0.8
    assert "渝F·12345" in draft.detail and "3 帧一致" in draft.detail
    assert draft.summary()["plate"] == "渝F·1***5"


def test_run_post_records_candidates_the_audit_chain_verifies(
    ssd: Detector, components: Components, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from case_api import db
    from channels.cli.main import app
    from channels.components import build_components
    from core.settings import get_settings

    monkeypatch.setenv("ZHIFA_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.delenv("ZHIFA_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    try:
        runner = CliRunner()
        assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
        args = [
            "vision",
            "run",
            "--camera",
            str(CAMERA_YAML),
            str(CLIP),
            "--start",
            "2025-06-02T09:00:00+08:00",
        ]
        mine = build_components(get_settings(), models=components)  # this data dir, the session's models
        result = runner.invoke(app, [*args, "--post", "--out", str(tmp_path / "frames")], obj=mine)
        assert result.exit_code == 0, result.output
        assert "→ 视频事件 #1（待审核）" in result.stdout
        assert len(list((tmp_path / "frames").iterdir())) == 4
        verify = runner.invoke(app, ["audit", "verify"])
        assert verify.exit_code == 0 and "审计链完整" in verify.stdout
    finally:
        db.dispose_engine(get_settings().sqlalchemy_url)
        get_settings.cache_clear()
