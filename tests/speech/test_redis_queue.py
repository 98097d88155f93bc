"""The RQ path against the Redis at 127.0.0.1:6379 with real `zhifa worker` processes: a job is done by a worker;
a work horse killed mid-job is re-queued once, and killed again the job fails with a reason."""

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
from redis import Redis

from channels.speech_worker import rq_transcribe
from core.settings import Settings
from speech.asr import char_error_rate
from speech.jobs import KEY, JobState, SpeechJob, SpeechJobs, build_jobs
from tests.speech.conftest import PADDLE, PADDLE_TEXT, interview_audio, write_wav

pytestmark = pytest.mark.redis
REDIS_URL = "redis://127.0.0.1:6379/0"
ZHIFA = Path(sys.executable).with_name("zhifa")


@pytest.fixture
def queue_settings(settings: Settings, tmp_path: Path) -> Iterator[Settings]:
    name = f"zhifa-speech-test-{uuid.uuid4().hex[:8]}"
    data = tmp_path / "var"
    data.mkdir()
    (data / "models").symlink_to(settings.model_cache_dir.resolve(), target_is_directory=True)
    s = Settings(
        _env_file=None,
        environment="test",
        data_dir=data,
        redis_url=REDIS_URL,
        load_models_on_start=False,
        speech={"queue_name": name},  # type: ignore[arg-type]
    )
    yield s
    redis = Redis.from_url(REDIS_URL)
    for key in redis.scan_iter(f"rq:*{name}*"):
        redis.delete(key)


@pytest.fixture
def jobs(queue_settings: Settings) -> SpeechJobs:
    return build_jobs(
        queue_settings,
        lambda: pytest.fail("the server builds no pipeline in queue mode"),
        rq_func=rq_transcribe,
    )


def start_worker(s: Settings) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "ZHIFA_REDIS_URL": REDIS_URL,
        "ZHIFA_DATA_DIR": str(s.data_dir),
        "ZHIFA_SPEECH__QUEUE_NAME": s.speech.queue_name,
    }
    return subprocess.Popen([str(ZHIFA), "worker"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


@pytest.fixture
def worker(queue_settings: Settings) -> Iterator[subprocess.Popen[bytes]]:
    proc = start_worker(queue_settings)
    yield proc
    proc.send_signal(signal.SIGINT)  # RQ: warm shut-down
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def submit(jobs: SpeechJobs, path: Path) -> SpeechJob:
    with path.open("rb") as fh:
        return jobs.submit(owner_id=1, filename=path.name, chunks=iter([fh.read()]))


def wait_for(jobs: SpeechJobs, job_id: str, check, timeout: float = 120) -> SpeechJob:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while True:
        job = jobs.get(job_id)
        if check(job):
            return job
        assert time.monotonic() < deadline, job
        time.sleep(0.1)


def test_a_worker_does_the_job(jobs: SpeechJobs, worker: subprocess.Popen[bytes]) -> None:
    job = submit(jobs, PADDLE)
    assert jobs.get(job.id).state == JobState.queued
    done = wait_for(jobs, job.id, lambda j: j.state in (JobState.done, JobState.failed))
    assert done.state == JobState.done, done.error
    assert done.result is not None and char_error_rate(done.result["text"], PADDLE_TEXT) <= 0.05
    assert done.attempts == 1 and done.pid != worker.pid  # in a forked work horse
    assert Redis.from_url(REDIS_URL).ttl(KEY + job.id) > 0  # state expires


def test_a_crashed_work_horse_is_retried_once_then_failed_with_a_reason(
    jobs: SpeechJobs, worker: subprocess.Popen[bytes], tmp_path: Path
) -> None:
    long = write_wav(tmp_path / "long.wav", interview_audio(repeat=6))
    job = submit(jobs, long)
    first = wait_for(jobs, job.id, lambda j: j.state == JobState.running and j.pid)
    assert first.pid is not None
    os.kill(first.pid, signal.SIGKILL)
    second = wait_for(
        jobs, job.id, lambda j: j.attempts == 2 and j.state == JobState.running and j.pid != first.pid
    )
    assert second.pid is not None
    os.kill(second.pid, signal.SIGKILL)
    failed = wait_for(jobs, job.id, lambda j: j.state == JobState.failed)
    assert failed.error is not None and failed.error["code"] == "worker_crashed"
    assert "已自动重试 1 次仍失败" in failed.error["message"] and "signal 9" in failed.error["message"]
    assert worker.poll() is None  # the worker itself lives on
    ok = wait_for(jobs, submit(jobs, PADDLE).id, lambda j: j.state in (JobState.done, JobState.failed))
    assert ok.state == JobState.done


def test_cancel_a_queued_job_takes_it_off_the_queue(jobs: SpeechJobs) -> None:
    job = submit(jobs, PADDLE)  # no worker running
    assert jobs.cancel(job.id).state == JobState.cancelled
    from rq.job import Job

    assert Job.fetch(job.id, connection=Redis.from_url(REDIS_URL)).get_status() == "canceled"
