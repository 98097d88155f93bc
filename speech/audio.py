"""Decode any audio or video file to 16 kHz mono float32 with PyAV (the decoder faster-whisper itself uses), with
the checks a user upload needs: zero bytes, not audio, no sound track, too long, silence.

Every format is decoded by the FFmpeg inside PyAV's wheel, offline: wav, mp3, m4a/aac, amr-nb/wb (WeChat voice),
ogg/opus, flac, webm, and the audio track of mp4/mov/mkv video (``tests/speech/test_audio.py`` encodes each one and
decodes it back). The declared duration is checked before decoding, so a two-hour file is refused at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np

from speech.errors import FORMATS, AudioTooLong, EmptyAudio, NoAudioTrack, UnreadableAudio

SAMPLE_RATE = 16_000
SILENCE_PEAK = 0.003  # below this peak amplitude (≈ -50 dBFS) nothing can be heard


@dataclass(frozen=True)
class Audio:
    samples: np.ndarray  # float32, mono, 16 kHz, in [-1, 1]
    container: str  # the format FFmpeg recognised, e.g. "wav", "mov,mp4,m4a,3gp,3g2,mj2", "amr", "ogg"
    codec: str  # the audio codec, e.g. "pcm_s16le", "aac", "amrnb", "opus"
    truncated: bool = False  # the file broke off part-way; what came before it was kept

    @property
    def duration(self) -> float:
        return len(self.samples) / SAMPLE_RATE

    @property
    def silent(self) -> bool:
        return not len(self.samples) or float(np.max(np.abs(self.samples))) < SILENCE_PEAK


def _minutes(seconds: float) -> str:
    return f"{seconds / 60:.0f} 分钟" if seconds >= 120 else f"{seconds:.0f} 秒"


def _too_long(seconds: float, max_seconds: float) -> AudioTooLong:
    return AudioTooLong(
        f"录音时长约 {_minutes(seconds)}，超过上限 {_minutes(max_seconds)}：请分段录制或分段上传。"
    )


def decode(path: str | Path, *, max_seconds: float) -> Audio:
    """Decode ``path`` to 16 kHz mono float32; raise a :class:`speech.errors.SpeechError` the user can act on."""
    path = Path(path)
    if not path.is_file() or path.stat().st_size == 0:
        raise EmptyAudio("文件为空（0 字节）：请重新录音或重新选择文件。")
    try:
        container = av.open(str(path), metadata_errors="ignore")
    except (av.FFmpegError, UnicodeDecodeError, ValueError) as exc:
        raise UnreadableAudio(
            f"无法识别该文件的音频格式（文件可能已损坏，或不是音频）。支持：{FORMATS}。"
        ) from exc
    with container:
        if not container.streams.audio:
            what = "该视频没有声音（无音轨）" if container.streams.video else "文件中没有音频"
            raise NoAudioTrack(f"{what}，无法转写：请上传带声音的录音或视频。")
        stream = container.streams.audio[0]
        declared = container.duration / 1_000_000 if container.duration else None
        if declared is not None and declared > max_seconds + 1:
            raise _too_long(declared, max_seconds)
        resampler = av.AudioResampler(format="s16", layout="mono", rate=SAMPLE_RATE)
        chunks: list[np.ndarray] = []
        count, limit, truncated = 0, int((max_seconds + 1) * SAMPLE_RATE), False
        try:
            for frame in container.decode(stream):
                for out in resampler.resample(frame):
                    chunk = out.to_ndarray().reshape(-1)
                    chunks.append(chunk)
                    count += len(chunk)
                if count > limit:
                    raise _too_long(count / SAMPLE_RATE, max_seconds)
            for out in resampler.resample(None):
                chunks.append(out.to_ndarray().reshape(-1))
        except av.FFmpegError as exc:
            if not count:
                raise UnreadableAudio(f"音频无法解码（文件已损坏或编码不受支持）。支持：{FORMATS}。") from exc
            truncated = True  # a recording cut off mid-file: keep what is there
        codec = stream.codec_context.name
        fmt = container.format.name
    samples = np.concatenate(chunks).astype(np.float32) / 32768.0 if chunks else np.zeros(0, dtype=np.float32)
    if not len(samples):
        raise EmptyAudio("录音没有任何声音数据（时长为 0）：请重新录音。")
    return Audio(samples=samples, container=fmt, codec=codec, truncated=truncated)


def probe(path: str | Path, *, max_seconds: float) -> float | None:
    """The cheap checks at upload time (open, a sound track, the declared length, one decodable frame): bad files
    are refused before a job is queued. Returns the declared duration in seconds, if the container gives one."""
    path = Path(path)
    if not path.is_file() or path.stat().st_size == 0:
        raise EmptyAudio("文件为空（0 字节）：请重新录音或重新选择文件。")
    try:
        container = av.open(str(path), metadata_errors="ignore")
    except (av.FFmpegError, UnicodeDecodeError, ValueError) as exc:
        raise UnreadableAudio(
            f"无法识别该文件的音频格式（文件可能已损坏，或不是音频）。支持：{FORMATS}。"
        ) from exc
    with container:
        if not container.streams.audio:
            what = "该视频没有声音（无音轨）" if container.streams.video else "文件中没有音频"
            raise NoAudioTrack(f"{what}，无法转写：请上传带声音的录音或视频。")
        declared = container.duration / 1_000_000 if container.duration else None
        if declared is not None and declared > max_seconds + 1:
            raise _too_long(declared, max_seconds)
        try:
            frame = next(iter(container.decode(container.streams.audio[0])), None)
        except av.FFmpegError as exc:
            raise UnreadableAudio(f"音频无法解码（文件已损坏或编码不受支持）。支持：{FORMATS}。") from exc
        if frame is None:
            raise EmptyAudio("录音没有任何声音数据（时长为 0）：请重新录音。")
    return declared
