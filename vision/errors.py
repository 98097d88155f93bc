"""Errors of the vision package: what was sent cannot be analysed, or a camera's configuration cannot work.

::

    core.errors.UserError
    └── VisionError              code + Chinese message + http_status
        ├── BadMedia             415  not an image or video, corrupt, a format the decoder lacks
        ├── EmptyMedia           422  zero bytes, or a video without a single frame
        ├── SourceUnavailable    503  a stream (RTSP) that cannot be opened or went dead
        ├── MediaTooLarge        413  over the upload limit
        ├── CameraConfigError    422  a camera YAML that is not valid (zone polygon, rule, schedule)
        └── VisionJobNotFound    404  no such video job (or not the caller's)

The one error handler (``case_api.errors.install``) renders them as ``{"code", "message"}`` with the status.
"""

from __future__ import annotations

from typing import ClassVar

from core.errors import UserError


class VisionError(UserError):
    code = "vision_error"
    http_status: ClassVar[int] = 422


class BadMedia(VisionError):
    code = "bad_media"
    http_status = 415


class EmptyMedia(VisionError):
    code = "empty_media"


class SourceUnavailable(VisionError):
    code = "source_unavailable"
    http_status = 503


class MediaTooLarge(VisionError):
    code = "media_too_large"
    http_status = 413


class CameraConfigError(VisionError):
    code = "camera_config_invalid"


class VisionJobNotFound(VisionError):
    code = "job_not_found"
    http_status = 404
