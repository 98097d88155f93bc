"""The speech job function a `zhifa worker` runs (RQ, in a forked work horse): the composition root of a job.

The horse builds the components container for the settings the server sent and hands the job the pipeline around
its ASR (:func:`speech.jobs.run_job`); speech itself never imports a loader. The model is built in the horse, not
the worker: CTranslate2's thread pool does not survive a fork.
"""

from __future__ import annotations

from redis import Redis

from channels.components import build_components
from speech.jobs import RedisJobStore, run_job, worker_settings


def rq_transcribe(job_id: str, settings_json: str) -> None:
    """The RQ job function for a transcription job (enqueued by :class:`speech.jobs.RQRunner`)."""
    from speech.pipeline import build_pipeline

    settings = worker_settings(settings_json)
    assert settings.redis_url is not None
    components = build_components(settings)
    store = RedisJobStore(Redis.from_url(settings.redis_url), ttl=settings.speech.job_ttl_s)
    run_job(store, job_id, lambda: build_pipeline(settings, components.asr()))
