"""Stream jobs (POST /api/vision/streams): a camera's live source read by the job machinery — here an OpenCV-readable
``file://`` recording (the committed clip) and a dead RTSP address; events recorded as they become final, progress
in frames and events, cancel, the camera's password masked in every answer."""

# ruff: noqa: F811 - the clip API tests' fixtures, imported by name, are this module's test parameters

from __future__ import annotations

import time
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient

from case_api.users.models import User
from tests.vision.conftest import CAMERA_YAML, CLIP
from tests.vision.test_api import (  # noqa: F401 - the fixtures of the clip API tests
    Auth,
    app_settings,
    auth,
    client,
    users,
    vision_template,
    wait,
)
from vision.camera import CameraStore

SECRET = "s3cret-Pw"
DEAD = f"rtsp://admin:{SECRET}@127.0.0.1:9/Streaming/Channels/101"
CLIP_URL = CLIP.resolve().as_uri()  # file:///…/parked_street.mp4
MORNING = "2025-06-02T09:00:00+08:00"


def register(client: TestClient, headers: dict[str, str], **extra: Any) -> dict[str, Any]:
    data = dict(yaml.safe_load(CAMERA_YAML.read_text()), **extra)
    r = client.put("/api/vision/cameras/test-cam-01", json=data, headers=headers)
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def stream(client: TestClient, headers: dict[str, str], **body: Any) -> Any:
    return client.post("/api/vision/streams", json={"camera_id": "test-cam-01", **body}, headers=headers)


def test_a_dead_stream_fails_in_chinese_with_the_password_masked_and_the_service_goes_on(
    client: TestClient, users: dict[str, User], auth: Auth, app_settings: Any
) -> None:
    commander = auth(users["commander"])
    shown = register(client, commander, source=DEAD)
    assert shown["source"] == "rtsp://***@127.0.0.1:9/Streaming/Channels/101"
    assert SECRET not in client.get("/api/vision/cameras", headers=commander).text
    assert SECRET not in client.get("/api/vision/cameras/test-cam-01", headers=commander).text
    register(client, commander, source=shown["source"])  # sent back as shown: the password is kept
    stored = CameraStore(app_settings.data_path / "vision" / "cameras").get("test-cam-01")
    assert stored is not None and stored.source == DEAD

    assert stream(client, auth(users["officer"])).status_code == 403  # commanders and admins only
    r = stream(client, commander)
    assert r.status_code == 202, r.text
    assert r.json()["kind"] == "stream" and r.json()["filename"] == shown["source"] and SECRET not in r.text
    failed = wait(client, r.json()["id"], commander)
    assert failed["state"] == "failed", failed
    assert failed["error"]["code"] == "source_unavailable"
    assert "无法连接视频流 rtsp://***@127.0.0.1:9" in failed["error"]["message"] and SECRET not in str(failed)

    # the service keeps running: the next stream (a recording on this machine) analyses as before
    r = stream(client, commander, source=CLIP_URL, start=MORNING)
    done = wait(client, r.json()["id"], commander)
    assert done["state"] == "done", done
    [event] = done["result"]["events"]
    assert event["kind"] == "违章停车" and event["zone"] == "kerb" and event["event_id"]
    assert done["message"].startswith("1 个事件：违章停车") and done["filename"] == CLIP_URL
    recorded = client.get(f"/api/camera/events/{event['event_id']}", headers=commander).json()
    assert recorded["status"] == "candidate" and recorded["camera_id"] == "test-cam-01"
    assert done["result"]["stats"]["frames"] >= 55


def test_duration_cancel_and_bad_sources(client: TestClient, users: dict[str, User], auth: Auth) -> None:
    admin = auth(users["admin"])
    register(client, admin)  # no source in the YAML
    r = stream(client, admin)
    assert r.status_code == 422 and r.json()["code"] == "source_required" and "source" in r.json()["message"]
    r = stream(client, admin, source="ftp://10.0.0.7/cam")
    assert r.status_code == 422 and r.json()["code"] == "source_invalid" and "rtsp://" in r.json()["message"]
    r = stream(client, admin, camera_id="nowhere", source=CLIP_URL)
    assert r.status_code == 422 and "未登记" in r.json()["message"]

    # 4 s of the stream: the car has not yet stood its 5 s
    r = stream(client, admin, source=CLIP_URL, start=MORNING, duration_s=4)
    assert r.json()["duration_s"] == 4
    done = wait(client, r.json()["id"], admin)
    assert done["state"] == "done" and done["result"]["events"] == [], done
    assert 3.8 <= done["result"]["stats"]["video_seconds"] <= 4.5

    # until cancelled: cancel once frames are being analysed
    r = stream(client, admin, source=CLIP_URL, start=MORNING)
    job_id = r.json()["id"]
    deadline = time.monotonic() + 60
    while "已分析" not in (body := client.get(f"/api/vision/jobs/{job_id}", headers=admin).json())["message"]:
        assert body["state"] in ("queued", "running") and time.monotonic() < deadline, body
        time.sleep(0.05)
    assert "已记录 0 个事件" in body["message"] and body["duration_s"] is None
    second = stream(client, admin, source=CLIP_URL, start=MORNING)
    third = stream(client, admin, source=CLIP_URL, start=MORNING)  # two at a time in the server's process
    assert third.status_code == 429 and third.json()["code"] == "too_many_streams", third.text
    assert "zhifa vision worker" in third.json()["message"]
    client.post(f"/api/vision/jobs/{second.json()['id']}/cancel", headers=admin)
    cancel = client.post(f"/api/vision/jobs/{job_id}/cancel", headers=admin)
    assert cancel.status_code == 200, cancel.text
    assert wait(client, job_id, admin)["state"] == "cancelled"


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("rtsp://admin:p@ss@10.0.0.7:554/x", "rtsp://***@10.0.0.7:554/x"),
        ("http://10.0.0.7/live.m3u8", "http://10.0.0.7/live.m3u8"),
    ],
)
def test_masking(url: str, shown: str) -> None:
    from vision.camera import mask_source

    assert mask_source(url) == shown
