"""Errors of the speech package: what the user sent cannot be transcribed, or a job is not where they think.

::

    core.errors.UserError
    └── SpeechError              code + Chinese message + http_status
        ├── EmptyAudio           422  zero bytes
        ├── UnreadableAudio      415  not audio, corrupt, or a format the bundled decoder lacks
        ├── NoAudioTrack         422  a video (or container) without sound
        ├── AudioTooLong         413  longer than ``speech.max_seconds``
        ├── JobNotFound          404  no such job (or not the caller's)
        └── JobConflict          409  the job is not in a state for this (cancel a finished job, draft an
                                      unfinished one)

The one error handler (``case_api.errors.install``) renders them as ``{"code", "message"}`` with the status.
"""

from __future__ import annotations

from typing import ClassVar

from core.errors import UserError

FORMATS = "wav、mp3、m4a/aac、amr（微信语音）、ogg/opus、flac 以及 mp4/mov 等视频的音轨"


class SpeechError(UserError):
    code = "speech_error"
    http_status: ClassVar[int] = 422


class EmptyAudio(SpeechError):
    code = "empty_audio"


class UnreadableAudio(SpeechError):
    code = "unreadable_audio"
    http_status = 415


class NoAudioTrack(SpeechError):
    code = "no_audio_track"


class AudioTooLong(SpeechError):
    code = "audio_too_long"
    http_status = 413


class JobNotFound(SpeechError):
    code = "job_not_found"
    http_status = 404


class JobConflict(SpeechError):
    code = "job_conflict"
    http_status = 409


__all__ = [
    "FORMATS",
    "AudioTooLong",
    "EmptyAudio",
    "JobConflict",
    "JobNotFound",
    "NoAudioTrack",
    "SpeechError",
    "UnreadableAudio",
]
