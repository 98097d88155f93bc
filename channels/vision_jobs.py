"""Video analysis as jobs on the speech job queue (``speech/jobs.py``): in the server's process by default, on RQ with
``zhifa vision worker`` when ``ZHIFA_REDIS_URL`` is set — so several cameras' videos spread over workers.

A job carries the camera (its YAML as JSON), the start time and the uploader in ``context``; the work
(:class:`VideoWork`) runs :class:`vision.pipeline.CameraPipeline`, records each offence as a candidate camera event
(through case_api's service, the uploader as reporter) and leaves a summary as the job's result. Vision errors fail
the job with their Chinese message.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

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
    SpeechJobs,
    execute,
)
from speech.pipeline import Cancelled as JobCancelled
from vision.camera import Camera
from vision.detector import Detector, load_detector
from vision.errors import EmptyMedia, VisionError
from vision.pipeline import CameraPipeline, Cancelled
from vision.plates import PlateReader
from vision.video import open_source

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


def job_context(camera: Camera, start: datetime, owner_id: int) -> list[str]:
    return [camera.model_dump_json(), start.isoformat(), str(owner_id)]


class VideoWork:
    """What :func:`speech.jobs.execute` runs for a video job (its ``pipeline``)."""

    def __init__(
        self,
        settings: Settings,
        detector: Callable[[], Detector],
        plates: Callable[[], PlateReader | None],
        *,
        record: bool = True,
    ) -> None:
        self.settings = settings
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
        try:
            result = pipeline.run(path, start=start, on_progress=on_progress, cancelled=cancelled)
        except Cancelled as exc:
            raise JobCancelled from exc
        except VisionError as exc:  # the job fails with the Chinese message, as a speech job would
            raise SpeechError(exc.message, code=exc.code) from exc
        summaries = [e.summary() for e in result.events]
        if self.record and result.events:
            from case_api import db
            from case_api.models_registry import load_all_models
            from case_api.storage import BlobStore
            from channels.vision_record import post_events

            load_all_models()  # a work horse has imported only the camera models (foreign keys need the rest)

            with db.session_for(self.settings) as session:
                store = BlobStore(self.settings.evidence_dir)
                recorded = post_events(session, store=store, drafts=result.events, actor_id=owner_id)
                session.commit()
                for summary, event in zip(summaries, recorded, strict=True):
                    summary["event_id"] = event.id
        kinds = "、".join(f"{e.kind}（{e.zone_name}）" for e in result.events) or "无违法事件"
        text = f"{len(result.events)} 个事件：{kinds}"
        return VideoResult(text, summaries, result.stats.to_dict())


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
    """The RQ job function (runs in a `zhifa vision worker` work horse)."""
    from redis import Redis

    from vision.plates import load_plate_reader

    settings = Settings(_env_file=None, **json.loads(settings_json))
    assert settings.redis_url is not None
    store = RedisJobStore(Redis.from_url(settings.redis_url), ttl=settings.speech.job_ttl_s, prefix=KEY)
    try:
        detector = load_detector(settings, settings.vision.detector)
        plates = load_plate_reader(settings)
    except Exception as exc:
        message = getattr(exc, "message", None) or type(exc).__name__
        store.update(
            job_id,
            state=JobState.failed,
            error={"code": "model_unavailable", "message": f"检测模型不可用：{message}"},
            finished_at=time.time(),
        )
        return
    execute(store, job_id, VideoWork(settings, lambda: detector, lambda: plates))  # type: ignore[arg-type]


def build_video_jobs(settings: Settings, work: Callable[[], VideoWork]) -> SpeechJobs:
    """Video jobs on the speech job machinery: its own spool, key space, queue and upload check."""
    store: JobStore
    runner: JobRunner
    if settings.redis_url:
        from redis import Redis

        redis_store = RedisJobStore(
            Redis.from_url(settings.redis_url), ttl=settings.speech.job_ttl_s, prefix=KEY
        )
        runner = RQRunner(
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
        store, runner = memory, InProcessRunner(memory, work)  # type: ignore[arg-type]
    return SpeechJobs(
        store,
        runner,
        spool=settings.data_path / "vision" / "jobs",
        max_seconds=settings.speech.max_seconds,
        max_bytes=settings.vision.max_video_mb * 2**20,
        ttl=settings.speech.job_ttl_s,
        check=check_video(max_seconds=4 * 3600),
    )
