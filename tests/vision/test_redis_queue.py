"""Video jobs on RQ against the Redis at 127.0.0.1:6379: two `zhifa vision worker` processes share two cameras'
clips, each job's events recorded as candidates in the (shared) database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from redis import Redis

from case_api import db
from case_api.camera import service as camera_service
from case_api.users import service as users_service
from case_api.users.models import UserCreate
from channels.vision_jobs import KEY, build_video_jobs, job_context, submit_stream
from core.settings import Settings
from speech.jobs import JobState, SpeechJob, SpeechJobs
from tests.case_api.conftest import PASSWORD, USER_SPECS
from tests.vision.conftest import CAMERA_YAML, CLIP, MORNING
from vision.camera import parse_camera

pytestmark = pytest.mark.redis
REDIS_URL = "redis://127.0.0.1:6379/0"
ZHIFA = Path(sys.executable).with_name("zhifa")


@pytest.fixture
def queue_settings(settings: Settings, tmp_path: Path) -> Iterator[Settings]:
    name = f"zhifa-vision-test-{uuid.uuid4().hex[:8]}"
    data = tmp_path / "var"
    data.mkdir()
    (data / "models").symlink_to(settings.model_cache_dir.resolve(), target_is_directory=True)
    s = Settings(
        _env_file=None,
        environment="test",
        data_dir=data,
        database_url=f"sqlite:///{data / 'zhifa.db'}",
        redis_url=REDIS_URL,
        load_models_on_start=False,
        vision={"job_queue_name": name},  # type: ignore[arg-type]
    )
    db.upgrade(s)
    with db.session_for(s) as session:  # the uploader, user 1
        users_service.create(
            session, data=UserCreate(username="officer", password=PASSWORD, **USER_SPECS["officer"])
        )  # type: ignore[arg-type]
        session.commit()
    yield s
    db.dispose_engine(s.database_url or "")
    redis = Redis.from_url(REDIS_URL)
    for key in redis.scan_iter(f"rq:*{name}*"):
        redis.delete(key)


@pytest.fixture
def workers(queue_settings: Settings) -> Iterator[list[subprocess.Popen[bytes]]]:
    env = {
        **os.environ,
        "ZHIFA_REDIS_URL": REDIS_URL,
        "ZHIFA_DATA_DIR": str(queue_settings.data_dir),
        "ZHIFA_DATABASE_URL": queue_settings.database_url or "",
        "ZHIFA_VISION__JOB_QUEUE_NAME": queue_settings.vision.job_queue_name,
    }
    procs = [
        subprocess.Popen(
            [str(ZHIFA), "vision", "worker"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        for _ in range(2)
    ]
    yield procs
    for proc in procs:
        proc.send_signal(signal.SIGINT)
    for proc in procs:
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def wait_done(jobs: SpeechJobs, job_id: str, timeout: float = 180) -> SpeechJob:
    deadline = time.monotonic() + timeout
    while True:
        job = jobs.get(job_id)
        if job.state in (JobState.done, JobState.failed, JobState.cancelled):
            return job
        assert time.monotonic() < deadline, job
        time.sleep(0.2)


def test_two_workers_share_two_cameras(
    queue_settings: Settings, workers: list[subprocess.Popen[bytes]]
) -> None:
    jobs = build_video_jobs(queue_settings, lambda: pytest.fail("the server runs no video in queue mode"))
    submitted = []
    for n in (1, 2):
        data = yaml.safe_load(CAMERA_YAML.read_text())
        camera = parse_camera(dict(data, id=f"queue-cam-{n}"))
        submitted.append(
            jobs.submit(
                owner_id=1,
                filename=CLIP.name,
                chunks=iter([CLIP.read_bytes()]),
                context=job_context(camera, MORNING, 1),
            )
        )
    done = [wait_done(jobs, j.id) for j in submitted]
    assert [d.state for d in done] == [JobState.done, JobState.done], [d.error for d in done]
    assert all(d.result and len(d.result["events"]) == 1 for d in done)
    assert Redis.from_url(REDIS_URL).ttl(KEY + done[0].id) > 0
    with db.session_for(queue_settings) as session:
        events = camera_service.list_events(session)
    assert sorted(e.camera_id for e in events) == ["queue-cam-1", "queue-cam-2"]
    assert all(e.status == "candidate" and e.reported_by == 1 for e in events)


def test_two_cameras_streams_spread_over_two_workers(
    queue_settings: Settings, workers: list[subprocess.Popen[bytes]]
) -> None:
    """Each camera's stream (the committed clip as a file:// recording) is one job on the same queue; the two run on
    different workers, their events recorded as they become final."""
    from rq.job import Job

    jobs = build_video_jobs(queue_settings, lambda: pytest.fail("the server runs no video in queue mode"))
    data = yaml.safe_load(CAMERA_YAML.read_text())
    submitted = [
        submit_stream(
            jobs,
            owner_id=1,
            camera=parse_camera(dict(data, id=f"stream-cam-{n}", source=CLIP.resolve().as_uri())),
            source=CLIP.resolve().as_uri(),
            start=MORNING,
            duration_s=None,
        )
        for n in (1, 2)
    ]
    done = [wait_done(jobs, j.id) for j in submitted]
    assert [d.state for d in done] == [JobState.done, JobState.done], [d.error for d in done]
    assert all(d.result and len(d.result["events"]) == 1 and d.result["events"][0]["event_id"] for d in done)
    redis = Redis.from_url(REDIS_URL)
    names = {Job.fetch(j.id, connection=redis).worker_name for j in submitted}
    assert len(names) == 2 and None not in names, names  # two workers, one camera each
    with db.session_for(queue_settings) as session:
        events = camera_service.list_events(session)
    assert sorted(e.camera_id for e in events) == ["stream-cam-1", "stream-cam-2"]
