"""Video analysis as jobs on the speech job queue (``speech/jobs.py``): in the server's process by default, on RQ with
``zhifa vision worker`` when ``ZHIFA_REDIS_URL`` is set — so several cameras' videos spread over workers.

A job carries the camera (its YAML as JSON), the start time and the uploader in ``context``; the work
(:class:`VideoWork`) runs :class:`vision.pipeline.CameraPipeline`, records each offence as a candidate camera event
(through case_api's service, the uploader as reporter) and leaves a summary as the job's result. Vision errors fail
the job with their Chinese message.

A **stream job** (:func:`submit_stream`) reads a camera's live source (RTSP …, or a ``file://`` recording) instead of
an upload, for ``duration_s`` seconds or until cancelled: each event is recorded as soon as it is final and the
progress says how many frames were analysed and events recorded; a cancel or a stream that dies keeps what was
recorded. In process each stream runs on a thread of its own (a clip never waits behind a stream); on RQ it is one
more job on the same queue (no time-out when it runs until cancelled), so several cameras spread over workers — one
worker per live stream, plus one for clips. The source (with its password) travels only in the job's hidden
``context``; what is shown is masked.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.settings import Settings
from speech.errors import SpeechError
from speech.jobs import (
    InProcessRunner,
    JobRunner,
    JobState,
    JobStore,
    MemoryJobStore,
    RedisJobStore,
    RQRunner,
    SpeechJob,
    SpeechJobs,
    execute,
    run_job,
    worker_settings,
)
from speech.pipeline import Cancelled as JobCancelled
from vision.camera import Camera
from vision.detector import Detector
from vision.errors import EmptyMedia, VisionError
from vision.evidence import EventDraft
from vision.pipeline import CameraPipeline, Cancelled
from vision.plates import PlateReader
from vision.video import mask_url, open_source

if TYPE_CHECKING:
    from case_api.db import Database

log = logging.getLogger(__name__)

KEY = "zhifa:vision:job:"
# no database_url: a worker reads its own ZHIFA_DATABASE_URL (no credentials travel through Redis)
WORKER_SETTINGS = ("data_dir", "redis_url", "timezone", "vision", "ocr", "speech")


@dataclass
class VideoResult:
    text: str
    events: list[dict[str, Any]] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"summary": self.text, "events": self.events, "stats": self.stats}


STREAM = "stream"


def job_context(camera: Camera, start: datetime, owner_id: int) -> list[str]:
    return [camera.model_dump_json(), start.isoformat(), str(owner_id)]


def stream_context(
    camera: Camera, start: datetime, owner_id: int, source: str, duration_s: float | None
) -> list[str]:
    return [*job_context(camera, start, owner_id), STREAM, source, str(duration_s or 0)]


def is_stream_job(job: SpeechJob) -> bool:
    return len(job.context) > 3 and job.context[3] == STREAM


def stream_limit(job: SpeechJob) -> float | None:
    """The stream job's duration in seconds (None: until cancelled)."""
    return (float(job.context[5]) or None) if is_stream_job(job) else None


class VideoWork:
    """What :func:`speech.jobs.execute` runs for a video job (its ``pipeline``)."""

    def __init__(
        self,
        settings: Settings,
        database: Database,
        detector: Callable[[], Detector],
        plates: Callable[[], PlateReader | None],
        *,
        record: bool = True,
    ) -> None:
        self.settings = settings
        self.database = database  # where the events are recorded
        self._detector = detector
        self._plates = plates
        self.record = record

    def run(
        self,
        path: Path,
        *,
        context: list[str],
        on_progress: Callable[[float, str], None],
        cancelled: Callable[[], bool],
    ) -> VideoResult:
        camera = Camera.model_validate_json(context[0])
        start = datetime.fromisoformat(context[1])
        owner_id = int(context[2])
        pipeline = CameraPipeline(self.settings, camera, self._detector(), plates=self._plates())
        if len(context) > 3 and context[3] == STREAM:
            return self._stream(pipeline, context, start, owner_id, on_progress, cancelled)
        try:
            result = pipeline.run(path, start=start, on_progress=on_progress, cancelled=cancelled)
        except Cancelled as exc:
            raise JobCancelled from exc
        except VisionError as exc:  # the job fails with the Chinese message, as a speech job would
            raise SpeechError(exc.message, code=exc.code) from exc
        summaries = [e.summary() for e in result.events]
        if self.record and result.events:
            for summary, event_id in zip(summaries, self._record(result.events, owner_id), strict=True):
                summary["event_id"] = event_id
        return self._result(result.events, summaries, result.stats.to_dict())

    def _stream(
        self,
        pipeline: CameraPipeline,
        context: list[str],
        start: datetime,
        owner_id: int,
        on_progress: Callable[[float, str], None],
        cancelled: Callable[[], bool],
    ) -> VideoResult:
        """A live source: each event recorded as soon as it is final (a cancel or a dead stream keeps them)."""
        source, limit = context[4], float(context[5]) or None
        summaries: list[dict[str, Any]] = []
        last: dict[str, Any] = {"percent": 0.0, "text": ""}

        def report(percent: float, text: str) -> None:
            last.update(percent=percent, text=text)
            on_progress(percent, f"{text}，已记录 {len(summaries)} 个事件")

        def recorded(draft: EventDraft) -> None:
            summary = draft.summary()
            if self.record:
                [summary["event_id"]] = self._record([draft], owner_id)
            summaries.append(summary)
            report(last["percent"], last["text"] or f"已分析至 {draft.ended_at:%H:%M:%S}")

        try:
            result = pipeline.run(
                source,
                start=start,
                on_progress=report,
                cancelled=cancelled,
                on_event=recorded,
                max_seconds=limit,
            )
        except Cancelled as exc:
            raise JobCancelled from exc
        except VisionError as exc:
            raise SpeechError(exc.message, code=exc.code) from exc
        return self._result(result.events, summaries, result.stats.to_dict())

    def _record(self, drafts: list[EventDraft], owner_id: int) -> list[int | None]:
        from case_api.models_registry import load_all_models
        from case_api.storage import BlobStore
        from channels.vision_record import post_events

        load_all_models()  # a work horse has imported only the camera models (foreign keys need the rest)
        with self.database.session() as session:
            store = BlobStore(self.settings.evidence_dir)
            events = post_events(session, store=store, drafts=drafts, actor_id=owner_id)
            session.commit()
            return [e.id for e in events]

    @staticmethod
    def _result(
        events: list[EventDraft], summaries: list[dict[str, Any]], stats: dict[str, Any]
    ) -> VideoResult:
        kinds = "、".join(f"{e.kind}（{e.zone_name}）" for e in events) or "无违法事件"
        return VideoResult(f"{len(events)} 个事件：{kinds}", summaries, stats)


def check_video(max_seconds: float) -> Callable[[Path], None]:
    def check(path: Path) -> None:
        video = open_source(path)
        try:
            if not video._cap.grab():
                raise EmptyMedia(f"视频 {path.name} 中没有可解码的画面（0 帧或文件已损坏）。")
            if video.duration > max_seconds:
                raise VisionError(
                    f"视频长 {video.duration / 60:.0f} 分钟，超过 {max_seconds / 60:.0f} 分钟上限：请分段上传。",
                    code="video_too_long",
                )
        finally:
            video._cap.release()

    return check


def rq_execute(job_id: str, settings_json: str) -> None:
    """The RQ job function (runs in a `zhifa vision worker` work horse): the horse's components container gives the
    camera detector and the plate reader."""
    from redis import Redis

    from channels.components import build_components

    settings = worker_settings(settings_json)
    assert settings.redis_url is not None
    store = RedisJobStore(Redis.from_url(settings.redis_url), ttl=settings.speech.job_ttl_s, prefix=KEY)
    components = build_components(settings)

    def work() -> VideoWork:
        detector, plates = components.camera_detector(), components.plates()
        return VideoWork(settings, components.database, lambda: detector, lambda: plates)

    run_job(store, job_id, work, what="检测模型")  # type: ignore[arg-type]


class VideoRQRunner(RQRunner):
    """Clips as the speech queue enqueues them; a stream job with the time-out its duration needs (none when it runs
    until cancelled)."""

    def submit(self, job: SpeechJob) -> None:
        if not is_stream_job(job):
            return super().submit(job)
        from rq import Retry

        limit = stream_limit(job)
        self.queue.enqueue(
            self.func,
            job.id,
            self._settings_json,
            job_id=job.id,
            retry=Retry(max=1),
            job_timeout=int(limit) + 600 if limit else -1,
            result_ttl=self.settings.speech.job_ttl_s,
            failure_ttl=self.settings.speech.job_ttl_s,
            description=f"视频流 {job.filename}",  # the masked source
        )
        return None


class TooManyStreams(VisionError):
    code = "too_many_streams"
    http_status = 429


MAX_LOCAL_STREAMS = 2  # in the server's process (2 cores keep up with about one camera in real time)


class VideoThreads:
    """In process: clips one at a time on the speech-style queue thread; each stream on a thread of its own (at most
    ``MAX_LOCAL_STREAMS``: more cameras need ``zhifa vision worker``s)."""

    def __init__(self, store: MemoryJobStore, work: Callable[[], VideoWork]) -> None:
        self.store = store
        self.work = work
        self.clips = InProcessRunner(store, work)  # type: ignore[arg-type]
        self._streams: set[str] = set()
        self._lock = threading.Lock()

    def reserve(self) -> None:
        """Refuse a stream beyond the limit (before anything is stored)."""
        with self._lock:
            if len(self._streams) >= MAX_LOCAL_STREAMS:
                raise TooManyStreams(
                    f"本机已有 {len(self._streams)} 路视频流在分析（上限 {MAX_LOCAL_STREAMS} 路）：请先取消一路，"
                    "或配置 ZHIFA_REDIS_URL 并启动 zhifa vision worker 分摊多路摄像头。"
                )

    def submit(self, job: SpeechJob) -> None:
        if not is_stream_job(job):
            return self.clips.submit(job)
        with self._lock:
            self._streams.add(job.id)
        name = f"zhifa-vision-stream-{job.id[:8]}"
        threading.Thread(target=self._stream, args=(job.id,), name=name, daemon=True).start()
        return None

    def _stream(self, job_id: str) -> None:
        try:
            self._run(job_id)
        finally:
            with self._lock:
                self._streams.discard(job_id)

    def _run(self, job_id: str) -> None:
        try:
            execute(self.store, job_id, self.work())  # type: ignore[arg-type]
        except Exception as exc:  # the models could not even be loaded
            log.exception("stream job %s could not start", job_id)
            message = getattr(exc, "message", None) or type(exc).__name__
            self.store.update(
                job_id,
                state=JobState.failed,
                error={"code": "model_unavailable", "message": f"检测模型不可用：{message}"},
                finished_at=time.time(),
            )

    def withdraw(self, job: SpeechJob) -> None:
        self.clips.withdraw(job)

    def reconcile(self, job: SpeechJob) -> SpeechJob:
        return job


def submit_stream(
    jobs: SpeechJobs,
    *,
    owner_id: int,
    camera: Camera,
    source: str,
    start: datetime,
    duration_s: float | None,
) -> SpeechJob:
    """Queue a stream job (nothing is spooled: the worker opens the source itself)."""
    if isinstance(jobs.runner, VideoThreads):
        jobs.runner.reserve()
    job = SpeechJob(
        id=uuid.uuid4().hex,
        owner_id=owner_id,
        filename=mask_url(source)[:200],
        audio_path="",
        context=stream_context(camera, start, owner_id, source, duration_s),
    )
    jobs.store.put(job)
    jobs.runner.submit(job)
    return job


def build_video_jobs(settings: Settings, work: Callable[[], VideoWork]) -> SpeechJobs:
    """Video jobs on the speech job machinery: its own spool, key space, queue and upload check."""
    store: JobStore
    runner: JobRunner
    if settings.redis_url:
        from redis import Redis

        redis_store = RedisJobStore(
            Redis.from_url(settings.redis_url), ttl=settings.speech.job_ttl_s, prefix=KEY
        )
        runner = VideoRQRunner(
            redis_store,
            settings,
            func=rq_execute,
            queue_name=settings.vision.job_queue_name,
            worker_settings=WORKER_SETTINGS,
            label="视频分析",
        )
        store = redis_store
    else:
        memory = MemoryJobStore()
        store, runner = memory, VideoThreads(memory, work)
    return SpeechJobs(
        store,
        runner,
        spool=settings.data_path / "vision" / "jobs",
        max_seconds=settings.speech.max_seconds,
        max_bytes=settings.vision.max_video_mb * 2**20,
        ttl=settings.speech.job_ttl_s,
        check=check_video(max_seconds=4 * 3600),
    )
