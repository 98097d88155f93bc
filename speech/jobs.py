"""Transcription jobs: one API whether they run in the server's process or on an RQ queue with `zhifa worker`.

::

    SpeechJobs.submit(upload)  spool the file (data_dir/speech/jobs/<id>/), probe it (bad input is refused at once),
                               store the job (queued), hand it to the runner
      InProcessRunner          one daemon thread, one job at a time (2 cores: a second Whisper would only halve both)
      RQRunner                 ``Queue.enqueue(func, id, settings)`` with ``Retry(max=1)``; `zhifa worker` runs
                               it in a forked work horse
    execute(store, id, pipe)   queued → running → done | failed | cancelled; progress % and partial text per segment;
                               cancel is asked between segments
    SpeechJobs.get(id)         the job as stored, reconciled with the queue's own view (a crashed horse, a retry)

Why RQ (not arq, Dramatiq or Celery): the work is synchronous and CPU-bound (Whisper), which is what RQ's fork-per-job
model is for — a native crash in a work horse leaves the worker alive, and RQ re-queues the job itself (``Retry``),
also for a horse killed by a signal; a job abandoned by a dead worker is retried or failed by RQ's registry
clean-up. arq is asyncio-first (our job would block its loop), Dramatiq and Celery bring brokers, result backends and
configuration we do not need for one queue. RQ needs only Redis and one dependency.

Job state lives in a store of its own (a dict in process; a Redis hash per job, one field per attribute so the
worker's progress and the API's cancel request never overwrite each other), never in RQ's job object: the API reads
the same record in both modes. A worker needs the server's ``data_dir`` (spool) on a shared disk.
"""

from __future__ import annotations

import json
import logging
import os
import queue
import shutil
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol

from core.settings import Settings
from speech.audio import probe
from speech.errors import EmptyAudio, JobConflict, JobNotFound, SpeechError
from speech.pipeline import Cancelled, TranscriptionPipeline

log = logging.getLogger(__name__)
KEY = "zhifa:speech:job:"


class JobState(StrEnum):
    queued = "queued"
    running = "running"
    done = "done"
    failed = "failed"
    cancelled = "cancelled"


FINAL = frozenset({JobState.done, JobState.failed, JobState.cancelled})
STATE_LABELS = {
    JobState.queued: "排队中",
    JobState.running: "转写中",
    JobState.done: "已完成",
    JobState.failed: "失败",
    JobState.cancelled: "已取消",
}


@dataclass
class SpeechJob:
    id: str
    owner_id: int
    filename: str
    audio_path: str
    state: JobState = JobState.queued
    progress: float = 0.0
    partial_text: str = ""
    result: dict[str, Any] | None = None
    error: dict[str, str] | None = None
    attempts: int = 0
    cancel_requested: bool = False
    context: list[str] = field(default_factory=list)
    created_at: float = field(default_factory=time.time)
    started_at: float | None = None
    finished_at: float | None = None
    pid: int | None = None  # the process running it (a crash test kills it)

    def public(self) -> dict[str, Any]:
        data = asdict(self)
        for hidden in ("audio_path", "pid", "cancel_requested", "owner_id"):
            data.pop(hidden)
        data["state_label"] = STATE_LABELS[self.state]
        data["progress"] = round(self.progress, 1)
        return data


# -- stores -------------------------------------------------------------------------------------------------
class JobStore(Protocol):
    def put(self, job: SpeechJob) -> None: ...
    def get(self, job_id: str) -> SpeechJob | None: ...
    def update(self, job_id: str, **changes: Any) -> None: ...


class MemoryJobStore:
    def __init__(self) -> None:
        self._jobs: dict[str, SpeechJob] = {}
        self._lock = threading.Lock()

    def put(self, job: SpeechJob) -> None:
        with self._lock:
            self._jobs[job.id] = job

    def get(self, job_id: str) -> SpeechJob | None:
        with self._lock:
            job = self._jobs.get(job_id)
            return None if job is None else SpeechJob(**asdict(job))

    def forget(self, job_id: str) -> None:
        with self._lock:
            self._jobs.pop(job_id, None)

    def update(self, job_id: str, **changes: Any) -> None:
        with self._lock:
            job = self._jobs.get(job_id)
            if job is not None:
                for key, value in changes.items():
                    setattr(job, key, value)


class RedisJobStore:
    """One hash per job, one JSON-encoded field per attribute, expiring ``ttl`` seconds after the last write."""

    def __init__(self, redis: Any, *, ttl: int, prefix: str = KEY) -> None:
        self.redis = redis
        self.ttl = ttl
        self.prefix = prefix  # another kind of job (video analysis) keeps its own key space

    def put(self, job: SpeechJob) -> None:
        self.update(job.id, **asdict(job))

    def get(self, job_id: str) -> SpeechJob | None:
        raw = self.redis.hgetall(self.prefix + job_id)
        if not raw:
            return None
        data = {k.decode(): json.loads(v) for k, v in raw.items()}
        data["state"] = JobState(data["state"])
        return SpeechJob(**data)

    def update(self, job_id: str, **changes: Any) -> None:
        mapping = {k: json.dumps(v, ensure_ascii=False) for k, v in changes.items()}
        with self.redis.pipeline() as pipe:
            pipe.hset(self.prefix + job_id, mapping=mapping)
            pipe.expire(self.prefix + job_id, self.ttl)
            pipe.execute()


# -- the work -----------------------------------------------------------------------------------------------
def execute(store: JobStore, job_id: str, pipeline: TranscriptionPipeline) -> None:
    """Run one job to a final state. A user-facing problem (unreadable audio …) fails the job with its message;
    only a crash of the process itself leaves it ``running`` for the queue to retry."""
    job = store.get(job_id)
    if job is None or job.state in FINAL:
        return
    if job.cancel_requested:
        store.update(job_id, state=JobState.cancelled, finished_at=time.time())
        return
    store.update(
        job_id, state=JobState.running, attempts=job.attempts + 1, started_at=time.time(), pid=os.getpid()
    )

    def progress(percent: float, partial: str) -> None:
        store.update(job_id, progress=percent, partial_text=partial)

    def cancelled() -> bool:
        current = store.get(job_id)
        return current is None or current.cancel_requested

    try:
        result = pipeline.run(
            Path(job.audio_path), context=job.context, on_progress=progress, cancelled=cancelled
        )
    except Cancelled:
        store.update(job_id, state=JobState.cancelled, finished_at=time.time())
    except SpeechError as exc:
        store.update(
            job_id,
            state=JobState.failed,
            error={"code": exc.code, "message": exc.message},
            finished_at=time.time(),
        )
    except Exception as exc:  # a bug or a model failure: the job fails with a reason, the server stays up
        log.exception("speech job %s failed", job_id)
        store.update(
            job_id,
            state=JobState.failed,
            error={
                "code": "transcription_error",
                "message": f"转写出错（{type(exc).__name__}），请重试或联系管理员。",
            },
            finished_at=time.time(),
        )
    else:
        store.update(
            job_id,
            state=JobState.done,
            progress=100.0,
            partial_text=result.text,
            result=result.to_dict(),
            finished_at=time.time(),
        )


# -- runners ------------------------------------------------------------------------------------------------
class JobRunner(Protocol):
    def submit(self, job: SpeechJob) -> None: ...
    def withdraw(self, job: SpeechJob) -> None: ...
    def reconcile(self, job: SpeechJob) -> SpeechJob: ...


class InProcessRunner:
    """A daemon thread working through the jobs in order; the pipeline is asked for when the first job runs."""

    def __init__(self, store: JobStore, pipeline: Callable[[], TranscriptionPipeline]) -> None:
        self.store = store
        self._pipeline = pipeline
        self._queue: queue.Queue[str] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def submit(self, job: SpeechJob) -> None:
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._work, name="zhifa-speech-jobs", daemon=True)
                self._thread.start()
        self._queue.put(job.id)

    def _work(self) -> None:
        while True:
            job_id = self._queue.get()
            try:
                execute(self.store, job_id, self._pipeline())
            except Exception as exc:  # the pipeline could not even be built (model missing)
                log.exception("speech job %s could not start", job_id)
                message = getattr(exc, "message", None) or f"语音模型不可用（{type(exc).__name__}）"
                self.store.update(
                    job_id,
                    state=JobState.failed,
                    error={"code": "model_unavailable", "message": f"{message}。请稍后重试。"},
                    finished_at=time.time(),
                )

    def withdraw(self, job: SpeechJob) -> None:
        """A queued job is skipped by ``execute`` once its cancel flag is set: nothing to take out."""

    def reconcile(self, job: SpeechJob) -> SpeechJob:
        return job


WORKER_SETTINGS = ("data_dir", "redis_url", "asr", "speech")  # what a worker needs of the server's settings


def run_job(
    store: JobStore, job_id: str, pipeline: Callable[[], TranscriptionPipeline], *, what: str = "语音模型"
) -> None:
    """Run one queued job with the pipeline ``pipeline()`` gives (a worker's, around the ASR its components
    container built); a pipeline that cannot be built fails the job with ``model_unavailable``."""
    try:
        built = pipeline()
    except Exception as exc:
        message = getattr(exc, "message", None) or type(exc).__name__
        store.update(
            job_id,
            state=JobState.failed,
            error={"code": "model_unavailable", "message": f"{what}不可用：{message}"},
            finished_at=time.time(),
        )
        return
    execute(store, job_id, built)


def worker_settings(settings_json: str) -> Settings:
    """A worker's settings: what the server sent (``WORKER_SETTINGS``, no secrets), the rest from its own env."""
    settings = Settings(_env_file=None, **json.loads(settings_json))
    assert settings.redis_url is not None
    return settings


class RQRunner:
    """``func``: the job function a worker runs, ``func(job_id, settings_json)`` — the composition root's (speech:
    ``channels.speech_worker.rq_transcribe``; video analysis enqueues ``channels.vision_jobs.rq_execute`` on its own
    queue); ``queue_name``/``worker_settings``: speech's by default."""

    def __init__(
        self,
        store: RedisJobStore,
        settings: Settings,
        *,
        func: Callable[[str, str], None],
        queue_name: str | None = None,
        worker_settings: Iterable[str] = WORKER_SETTINGS,
        label: str = "转写",
    ) -> None:
        from rq import Queue

        self.store = store
        self.settings = settings
        self.func = func
        self.label = label
        self.queue = Queue(queue_name or settings.speech.queue_name, connection=store.redis)
        self._settings_json = settings.model_dump_json(include=set(worker_settings))

    def submit(self, job: SpeechJob) -> None:
        from rq import Retry

        self.queue.enqueue(
            self.func,
            job.id,
            self._settings_json,
            job_id=job.id,
            retry=Retry(max=1),
            job_timeout=self.settings.speech.job_timeout_s,
            result_ttl=self.settings.speech.job_ttl_s,
            failure_ttl=self.settings.speech.job_ttl_s,
            description=f"{self.label} {job.filename}",
        )

    def withdraw(self, job: SpeechJob) -> None:
        from rq.exceptions import InvalidJobOperation, NoSuchJobError
        from rq.job import Job, JobStatus

        try:
            rq_job = Job.fetch(job.id, connection=self.store.redis)
            if rq_job.get_status() == JobStatus.QUEUED:
                rq_job.cancel()
                self.store.update(job.id, state=JobState.cancelled, finished_at=time.time())
        except (NoSuchJobError, InvalidJobOperation):
            pass

    def reconcile(self, job: SpeechJob) -> SpeechJob:
        """Fold in what only the queue knows: the horse died (RQ re-queued it once, then failed it)."""
        if job.state in FINAL:
            return job
        from rq.exceptions import NoSuchJobError
        from rq.job import Job, JobStatus

        try:
            rq_job = Job.fetch(job.id, connection=self.store.redis)
            status = rq_job.get_status()
        except NoSuchJobError:
            status = None
        if status in (JobStatus.FAILED, JobStatus.STOPPED, None):
            result = rq_job.latest_result() if status is not None else None
            reason = ((result.exc_string if result else None) or "任务记录已丢失").strip().splitlines()[-1]
            retried = "，已自动重试 1 次仍失败" if job.attempts > 1 else ""
            job.state, job.finished_at = JobState.failed, time.time()
            job.error = {
                "code": "worker_crashed",
                "message": f"{self.label}进程异常退出{retried}（{reason[:200]}）。请重新上传，或联系管理员检查 worker 进程。",
            }
            self.store.update(job.id, state=job.state, error=job.error, finished_at=job.finished_at)
        elif (
            status in (JobStatus.QUEUED, JobStatus.SCHEDULED, JobStatus.DEFERRED)
            and job.state == JobState.running
        ):
            job.state = JobState.queued  # the horse died; RQ put the job back for its one retry
            self.store.update(job.id, state=job.state)
        return job


# -- the service the routes and the CLI use ---------------------------------------------------------------------
class SpeechJobs:
    def __init__(
        self,
        store: JobStore,
        runner: JobRunner,
        *,
        spool: Path,
        max_seconds: float,
        max_bytes: int,
        ttl: float = 7 * 24 * 3600,
        check: Callable[[Path], object] | None = None,
    ) -> None:
        self.store = store
        self.check = check  # how an upload is checked before it is queued (default: an audio probe)
        self.runner = runner
        self.spool = spool
        self.max_seconds = max_seconds
        self.max_bytes = max_bytes
        self.ttl = ttl

    def purge(self, now: float | None = None) -> int:
        """Delete spooled recordings older than the jobs' time to live (their state has expired with them; a
        recording a confirmed 询问笔录 used is in the evidence store by then). Returns how many went."""
        cutoff = (now or time.time()) - self.ttl
        gone = 0
        for folder in self.spool.glob("*/") if self.spool.is_dir() else []:
            if folder.stat().st_mtime < cutoff:
                shutil.rmtree(folder, ignore_errors=True)
                if isinstance(self.store, MemoryJobStore):
                    self.store.forget(folder.name)
                gone += 1
        return gone

    def submit(
        self, *, owner_id: int, filename: str, chunks: Iterable[bytes], context: Iterable[str] = ()
    ) -> SpeechJob:
        self.purge()
        job_id = uuid.uuid4().hex
        folder = self.spool / job_id
        folder.mkdir(parents=True, exist_ok=True)
        suffix = Path(filename).suffix.lower()[:8] if Path(filename).suffix.isascii() else ""
        path = folder / f"audio{suffix}"
        try:
            self._spool(chunks, path)
            if self.check is not None:
                self.check(path)
            else:
                probe(path, max_seconds=self.max_seconds)
        except BaseException:
            path.unlink(missing_ok=True)
            folder.rmdir()
            raise
        job = SpeechJob(
            id=job_id,
            owner_id=owner_id,
            filename=Path(filename).name[:200] or "audio",
            audio_path=str(path),
            context=[c for c in context if c][:8],
        )
        self.store.put(job)
        self.runner.submit(job)
        return job

    def _spool(self, chunks: Iterable[bytes], path: Path) -> None:
        size = 0
        with path.open("wb") as fh:
            for chunk in chunks:
                size += len(chunk)
                if size > self.max_bytes:
                    from speech.errors import AudioTooLong

                    raise AudioTooLong(
                        f"文件超过 {self.max_bytes // 2**20} MB 上限：请压缩或分段上传。",
                        code="file_too_large",
                    )
                fh.write(chunk)
        if not size:
            raise EmptyAudio("文件为空（0 字节）：请重新录音或重新选择文件。")

    def get(self, job_id: str, *, owner_id: int | None = None) -> SpeechJob:
        """The job (``owner_id`` given: only if it is theirs — another's job looks absent)."""
        job = self.store.get(job_id) if len(job_id) <= 64 else None
        if job is None or (owner_id is not None and job.owner_id != owner_id):
            raise JobNotFound(f"转写任务 {job_id[:64]} 不存在或已过期。")
        return self.runner.reconcile(job)

    def cancel(self, job_id: str, *, owner_id: int | None = None) -> SpeechJob:
        job = self.get(job_id, owner_id=owner_id)
        if job.state in FINAL:
            raise JobConflict(f"转写任务已{STATE_LABELS[job.state]}，不能取消。", code="job_finished")
        self.store.update(job_id, cancel_requested=True)
        if job.state == JobState.queued:
            self.store.update(job_id, state=JobState.cancelled, finished_at=time.time())
            self.runner.withdraw(job)
        return self.get(job_id)

    def wait(self, job_id: str, *, timeout: float, poll: float = 0.2) -> SpeechJob:
        """Block until the job is final (the CLI, tests)."""
        deadline = time.monotonic() + timeout
        while True:
            job = self.get(job_id)
            if job.state in FINAL or time.monotonic() > deadline:
                return job
            time.sleep(poll)


def build_jobs(
    settings: Settings,
    pipeline: Callable[[], TranscriptionPipeline],
    *,
    rq_func: Callable[[str, str], None],
) -> SpeechJobs:
    """In process by default (``pipeline()`` gives the pipeline around the process's ASR); on the RQ queue when
    ``settings.redis_url`` is set, where a worker runs ``rq_func(job_id, settings_json)``."""
    spool = settings.data_path / "speech" / "jobs"
    runner: JobRunner
    store: JobStore
    if settings.redis_url:
        from redis import Redis

        redis_store = RedisJobStore(Redis.from_url(settings.redis_url), ttl=settings.speech.job_ttl_s)
        store, runner = redis_store, RQRunner(redis_store, settings, func=rq_func)
    else:
        memory = MemoryJobStore()
        store, runner = memory, InProcessRunner(memory, pipeline)
    return SpeechJobs(
        store, runner, spool=spool, max_seconds=settings.speech.max_seconds,
        max_bytes=settings.max_upload_mb * 2**20, ttl=settings.speech.job_ttl_s,
    )  # fmt: skip
