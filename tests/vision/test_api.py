"""/api/vision: cameras, image detection and a clip analysed as a job whose events land in /api/camera/events."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi import FastAPI
from fastapi.testclient import TestClient

from case_api import db
from case_api.users import security
from case_api.users import service as users_service
from case_api.users.models import Role, User, UserCreate
from channels.components import Components
from core.settings import Settings
from tests.case_api.conftest import PASSWORD, USER_SPECS
from tests.speech.conftest import api_settings
from tests.vision.conftest import CAMERA_YAML, CLIP, ROAD
from vision.detector import SAMPLE_PEOPLE_IMAGE, Detector

Auth = Callable[[User], dict[str, str]]


@pytest.fixture(scope="session")
def vision_template(tmp_path_factory: pytest.TempPathFactory, settings: Settings) -> Path:
    path = tmp_path_factory.mktemp("vision-template") / "template.db"
    db.upgrade(api_settings(settings, f"sqlite:///{path}", path.parent))
    db.dispose_engine(f"sqlite:///{path}")
    return path


@pytest.fixture
def app_settings(settings: Settings, vision_template: Path, tmp_path: Path) -> Iterator[Settings]:
    path = tmp_path / "zhifa.db"
    shutil.copyfile(vision_template, path)
    url = f"sqlite:///{path}"
    yield api_settings(settings, url, tmp_path / "var")
    db.dispose_engine(url)


@pytest.fixture
def users(app_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> dict[str, User]:
    monkeypatch.setattr(security, "BCRYPT_ROUNDS", 4)
    created = {}
    with db.session_for(app_settings) as session:
        for username, spec in USER_SPECS.items():
            data = UserCreate(username=username, password=PASSWORD, **spec)  # type: ignore[arg-type]
            created[username] = users_service.create(session, data=data)
        session.commit()
        for user in created.values():
            session.refresh(user)
            session.expunge(user)
    return created


@pytest.fixture
def auth(app_settings: Settings) -> Auth:
    def headers(user: User) -> dict[str, str]:
        assert user.id is not None
        token = security.create_access_token(app_settings, user_id=user.id, role=Role(user.role))
        return {"Authorization": f"Bearer {token}"}

    return headers


@pytest.fixture
def client(app_settings: Settings, components: Components, ssd: Detector) -> Iterator[TestClient]:
    """case_api and the vision routes on a container of the test's settings, sharing the session's models."""
    from case_api.api import mount as mount_case_api
    from case_api.errors import install
    from channels.components import build_components
    from channels.vision_api import mount as mount_vision

    app = FastAPI()
    app.state.settings = app_settings
    app.state.components = app.state.runtime = build_components(app_settings, models=components)
    install(app)
    mount_case_api(app, app_settings)
    mount_vision(app, app_settings, app.state.components)
    with TestClient(app) as c:
        yield c


def wait(client: TestClient, job_id: str, headers: dict[str, str], timeout: float = 120) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        body: dict[str, Any] = client.get(f"/api/vision/jobs/{job_id}", headers=headers).json()
        if body["state"] in ("done", "failed", "cancelled") or time.monotonic() > deadline:
            return body
        time.sleep(0.2)


def upload(client: TestClient, headers: dict[str, str], path: Path, **form: str) -> Any:
    with path.open("rb") as fh:
        return client.post("/api/vision/jobs", headers=headers, files={"file": (path.name, fh)}, data=form)


def test_clip_job_records_one_candidate_event(client: TestClient, users: dict[str, User], auth: Auth) -> None:
    officer = auth(users["officer"])
    r = upload(client, officer, CLIP, camera=CAMERA_YAML.read_text(), start="2025-06-02T09:00:00+08:00")
    assert r.status_code == 202, r.text
    done = wait(client, r.json()["id"], officer)
    assert done["state"] == "done", done
    [event] = done["result"]["events"]
    assert event["kind"] == "违章停车" and event["zone"] == "kerb" and event["event_id"]
    recorded = client.get(f"/api/camera/events/{event['event_id']}", headers=officer).json()
    assert recorded["status"] == "candidate" and recorded["camera_id"] == "test-cam-01"
    assert [f["sha256"] for f in recorded["frames"]] == event["frames"]
    assert recorded["occurred_at"].startswith("2025-06-02T01:00:00")  # 09:00 in Chongqing, stored in UTC
    other = client.get(f"/api/vision/jobs/{done['id']}", headers=auth(users["officer2"]))
    assert (
        other.status_code == 404
        and other.json()["code"] == "job_not_found"
        and "视频分析任务" in other.json()["message"]
    )


def test_registered_camera_and_roles(client: TestClient, users: dict[str, User], auth: Auth) -> None:
    data = yaml.safe_load(CAMERA_YAML.read_text())
    assert client.put("/api/vision/cameras/test-cam-01", json=data).status_code == 401
    assert (
        client.put("/api/vision/cameras/test-cam-01", json=data, headers=auth(users["officer"])).status_code
        == 403
    )
    r = client.put("/api/vision/cameras/test-cam-01", json=data, headers=auth(users["commander"]))
    assert r.status_code == 200 and r.json()["zones"][0]["rule"] == "no_parking"
    listed = client.get("/api/vision/cameras", headers=auth(users["officer"])).json()
    assert [c["id"] for c in listed] == ["test-cam-01"]
    bad = dict(data, zones=[dict(data["zones"][0], polygon=[[0, 0], [3, 0], [1, 1]])])
    r = client.put("/api/vision/cameras/x", json=bad, headers=auth(users["admin"]))
    assert (
        r.status_code == 422 and r.json()["code"] == "camera_config_invalid" and "0–1" in r.json()["message"]
    )
    assert upload(client, auth(users["citizen"]), CLIP, camera_id="test-cam-01").status_code == 403
    r = upload(
        client, auth(users["officer"]), CLIP, camera_id="test-cam-01", start="2025-06-02T23:00:00+08:00"
    )
    done = wait(client, r.json()["id"], auth(users["officer"]))
    assert done["state"] == "done" and done["result"]["events"] == []  # outside 07:00-22:00


def test_bad_uploads_are_clear_errors(
    client: TestClient, users: dict[str, User], auth: Auth, tmp_path: Path
) -> None:
    officer = auth(users["officer"])
    corrupt = tmp_path / "bad.mp4"
    corrupt.write_bytes(b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 10)
    r = upload(client, officer, corrupt, camera=CAMERA_YAML.read_text())
    assert r.status_code == 415 and r.json()["code"] == "bad_media" and "损坏" in r.json()["message"]
    empty = tmp_path / "empty.mp4"
    empty.write_bytes(b"")
    r = upload(client, officer, empty, camera=CAMERA_YAML.read_text())
    assert r.status_code == 422 and "为空" in r.json()["message"]
    r = upload(client, officer, CLIP)
    assert r.status_code == 422 and r.json()["code"] == "camera_required"
    r = upload(client, officer, CLIP, camera_id="nowhere")
    assert r.status_code == 422 and "未登记" in r.json()["message"]
    assert client.get("/healthz").status_code in (200, 404)  # the app still answers


def test_image_detection(client: TestClient, users: dict[str, User], auth: Auth) -> None:
    officer = auth(users["officer"])
    with SAMPLE_PEOPLE_IMAGE.open("rb") as fh:
        r = client.post("/api/vision/images", headers=officer, files={"file": ("bus.jpg", fh)})
    assert r.status_code == 200 and r.json()["counts"] == {"person": 3, "bus": 1}
    with ROAD.open("rb") as fh:
        r = client.post("/api/vision/images?tiles=true", headers=officer, files={"file": ("road.jpg", fh)})
    assert r.json()["counts"]["car"] >= 15 and "tiles" in r.json()["detector"]
    r = client.post("/api/vision/images", headers=officer, files={"file": ("x.jpg", b"junk")})
    assert r.status_code == 415 and r.json()["code"] == "bad_media"
    assert client.post("/api/vision/images", files={"file": ("x.jpg", b"junk")}).status_code == 401
