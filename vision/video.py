"""Video sources: a file or an RTSP/HTTP stream, read with OpenCV, sampled at the analysis rate.

Every problem a user can cause is a :class:`vision.errors.VisionError` in Chinese: a file that is not a video (or is
corrupt), a video without a frame, a stream that cannot be opened or goes dead mid-run.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from vision.camera import mask_source
from vision.errors import BadMedia, EmptyMedia, SourceUnavailable

STREAM_PREFIXES = ("rtsp://", "rtsps://", "rtmp://", "http://", "https://")
OPEN_TIMEOUT_MS = 5000
READ_TIMEOUT_MS = 5000
MAX_STREAM_FAILURES = 25  # consecutive failed reads before a stream is declared dead


def is_stream(source: str | Path) -> bool:
    return str(source).lower().startswith(STREAM_PREFIXES)


@dataclass(frozen=True)
class Frame:
    index: int  # index in the source
    t: float  # seconds from the start
    image: np.ndarray  # BGR, source resolution


@dataclass
class VideoSource:
    source: str
    fps: float
    frame_count: int  # 0 for a stream
    width: int
    height: int
    _cap: cv2.VideoCapture

    @property
    def duration(self) -> float:
        return self.frame_count / self.fps if self.frame_count and self.fps else 0.0

    def frames(self, every_s: float = 0.0) -> Generator[Frame, None, None]:
        """Frames at least ``every_s`` seconds apart (0: all). Frames in between are grabbed, not decoded."""
        stream = is_stream(self.source)
        index, failures, next_t = 0, 0, 0.0
        yielded = 0
        try:
            while True:
                t = index / self.fps
                if t + 1e-6 < next_t:
                    ok = self._cap.grab()
                    image = None
                else:
                    ok, image = self._cap.read()
                if not ok:
                    if stream and failures < MAX_STREAM_FAILURES:
                        failures += 1
                        continue
                    if stream:
                        raise SourceUnavailable(
                            f"视频流 {mask_url(self.source)} 中断（连续 {failures} 次读取失败）。"
                        )
                    break
                failures = 0
                if image is not None:
                    yield Frame(index, t, image)
                    yielded += 1
                    next_t = t + every_s
                index += 1
        finally:
            self._cap.release()
        if yielded == 0:
            raise EmptyMedia(
                f"视频 {Path(self.source).name} 中没有可解码的画面（0 帧或文件已损坏）。请检查文件。"
            )


def mask_url(url: str) -> str:
    """``rtsp://user:pass@host/…`` → ``rtsp://***@host/…`` (camera passwords never reach a log)."""
    return mask_source(url)


def local_path(source: str) -> str:
    """``file:///srv/nvr/cam1.mp4`` → ``/srv/nvr/cam1.mp4`` (a recorded feed on this machine's disk); else as is."""
    if source.lower().startswith("file://"):
        from urllib.parse import unquote, urlparse

        return unquote(urlparse(source).path)
    return source


def open_source(source: str | Path) -> VideoSource:
    text = local_path(str(source))
    if is_stream(text):
        cap = cv2.VideoCapture(
            text,
            cv2.CAP_FFMPEG,
            [
                cv2.CAP_PROP_OPEN_TIMEOUT_MSEC,
                OPEN_TIMEOUT_MS,
                cv2.CAP_PROP_READ_TIMEOUT_MSEC,
                READ_TIMEOUT_MS,
            ],
        )
        if not cap.isOpened():
            raise SourceUnavailable(
                f"无法连接视频流 {mask_url(text)}：请检查摄像头是否在线、地址与账号是否正确。"
            )
    else:
        path = Path(text)
        if not path.is_file():
            raise BadMedia(f"找不到视频文件 {path.name}。")
        if path.stat().st_size == 0:
            raise EmptyMedia(f"视频文件 {path.name} 为空（0 字节）。请重新导出或上传。")
        cap = cv2.VideoCapture(text, cv2.CAP_FFMPEG)
        if not cap.isOpened():
            raise BadMedia(
                f"无法解码 {path.name}：不是视频文件或文件已损坏。支持 mp4、mov、avi、mkv 等常见格式。"
            )
    fps = float(cap.get(cv2.CAP_PROP_FPS) or 0.0)
    if not 0.5 <= fps <= 240:
        fps = 25.0  # streams and some containers do not say
    width = int(cap.get(cv2.CAP_PROP_FRAME_WIDTH))
    height = int(cap.get(cv2.CAP_PROP_FRAME_HEIGHT))
    count = 0 if is_stream(text) else max(0, int(cap.get(cv2.CAP_PROP_FRAME_COUNT)))
    if not is_stream(text) and (width <= 0 or height <= 0):
        cap.release()
        raise BadMedia(f"无法解码 {Path(text).name}：没有视频画面。")
    return VideoSource(text, fps, count, width, height, cap)
