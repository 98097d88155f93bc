"""Every upload format, encoded here with PyAV's own FFmpeg, decoded and transcribed for real; bad files refused."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest

from speech.asr import char_error_rate
from speech.audio import decode, probe
from speech.errors import AudioTooLong, EmptyAudio, NoAudioTrack, UnreadableAudio
from speech.pipeline import TranscriptionPipeline
from tests.speech.conftest import PADDLE, PADDLE_TEXT, samples, write_wav

# name: (container format, codec, sample rate, layout, sample format)
FORMATS = {
    "mp3": ("mp3", "mp3", 16000, "mono", "fltp"),
    "m4a": ("ipod", "aac", 16000, "mono", "fltp"),
    "amr": ("amr", "libopencore_amrnb", 8000, "mono", "s16"),  # WeChat voice
    "ogg": ("ogg", "libopus", 48000, "mono", "s16"),  # opus in ogg (WhatsApp/Telegram voice, browsers)
    "webm": ("webm", "libopus", 48000, "mono", "s16"),  # the browser's MediaRecorder
    "flac": ("flac", "flac", 16000, "mono", "s16"),
}


def encode(
    audio: np.ndarray, path: Path, fmt: str, codec: str, rate: int, layout: str, sample_fmt: str
) -> Path:
    pcm = (np.clip(audio, -1, 1) * 32767).astype(np.int16).reshape(1, -1)
    with av.open(str(path), "w", format=fmt) as out:
        stream = out.add_stream(codec, rate=rate, layout=layout)
        frame = av.AudioFrame.from_ndarray(pcm, format="s16", layout="mono")
        frame.sample_rate = 16000
        resampler = av.AudioResampler(format=sample_fmt, layout=layout, rate=rate)
        for f in resampler.resample(frame):
            for packet in stream.encode(f):
                out.mux(packet)
        for f in resampler.resample(None):
            for packet in stream.encode(f):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return path


def encode_video(audio: np.ndarray | None, path: Path, seconds: float) -> Path:
    """An H.264 mp4 (a body-camera clip) with the audio as AAC, or without a sound track."""
    with av.open(str(path), "w", format="mp4") as out:
        video = out.add_stream("h264", rate=10)
        video.width, video.height, video.pix_fmt = 64, 48, "yuv420p"
        sound = out.add_stream("aac", rate=16000, layout="mono") if audio is not None else None
        for i in range(int(seconds * 10)):
            img = np.full((48, 64, 3), (i * 7) % 255, dtype=np.uint8)
            frame = av.VideoFrame.from_ndarray(img, format="rgb24")
            frame.pts, frame.time_base = i, Fraction(1, 10)
            for packet in video.encode(frame):
                out.mux(packet)
        for packet in video.encode(None):
            out.mux(packet)
        if sound is not None and audio is not None:
            pcm = (np.clip(audio, -1, 1) * 32767).astype(np.int16).reshape(1, -1)
            frame = av.AudioFrame.from_ndarray(pcm, format="s16", layout="mono")
            frame.sample_rate = 16000
            resampler = av.AudioResampler(format="fltp", layout="mono", rate=16000)
            for f in [*resampler.resample(frame), *resampler.resample(None)]:
                for packet in sound.encode(f):
                    out.mux(packet)
            for packet in sound.encode(None):
                out.mux(packet)
    return path


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_each_audio_format_is_decoded_and_transcribed(
    name: str, tmp_path: Path, pipeline: TranscriptionPipeline
) -> None:
    path = encode(samples(PADDLE), tmp_path / f"clip.{name}", *FORMATS[name])
    audio = decode(path, max_seconds=60)
    assert audio.duration == pytest.approx(5.0, abs=0.15)
    result = pipeline.run(path)
    assert char_error_rate(result.text, PADDLE_TEXT) <= 0.1, (name, result.text)


def test_video_sound_track_is_transcribed(tmp_path: Path, pipeline: TranscriptionPipeline) -> None:
    path = encode_video(samples(PADDLE), tmp_path / "bodycam.mp4", seconds=5)
    result = pipeline.run(path)
    assert result.container.startswith("mov,mp4") and result.codec == "aac"
    assert char_error_rate(result.text, PADDLE_TEXT) <= 0.1, result.text


def test_video_without_sound_is_refused(tmp_path: Path) -> None:
    path = encode_video(None, tmp_path / "silent-film.mp4", seconds=1)
    with pytest.raises(NoAudioTrack, match="该视频没有声音"):
        probe(path, max_seconds=60)
    with pytest.raises(NoAudioTrack):
        decode(path, max_seconds=60)


def test_zero_byte_corrupt_and_wrong_format_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.m4a"
    empty.write_bytes(b"")
    with pytest.raises(EmptyAudio, match="0 字节"):
        probe(empty, max_seconds=60)
    noise = tmp_path / "corrupt.mp3"
    noise.write_bytes(np.random.default_rng(1).bytes(20_000))
    with pytest.raises(UnreadableAudio, match="支持"):
        decode(noise, max_seconds=60)
    text = tmp_path / "notes.wav"
    text.write_text("这不是录音" * 100, encoding="utf-8")
    with pytest.raises(UnreadableAudio) as info:
        probe(text, max_seconds=60)
    assert info.value.http_status == 415


def test_truncated_recording_keeps_what_is_there(tmp_path: Path) -> None:
    full = write_wav(tmp_path / "full.wav", samples(PADDLE))
    cut = tmp_path / "cut.mp3"
    encode(samples(PADDLE), tmp_path / "whole.mp3", *FORMATS["mp3"])
    data = (tmp_path / "whole.mp3").read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    audio = decode(cut, max_seconds=60)
    assert 1.5 < audio.duration < decode(full, max_seconds=60).duration


def test_too_long_is_refused_before_decoding(tmp_path: Path) -> None:
    path = write_wav(tmp_path / "long.wav", np.zeros(16000 * 20, dtype=np.float32))
    with pytest.raises(AudioTooLong, match="超过上限") as info:
        probe(path, max_seconds=10)
    assert info.value.http_status == 413
    with pytest.raises(AudioTooLong):
        decode(path, max_seconds=10)


def test_silence_is_an_empty_result_not_an_error(tmp_path: Path, pipeline: TranscriptionPipeline) -> None:
    path = write_wav(tmp_path / "silence.wav", np.zeros(16000 * 3, dtype=np.float32))
    result = pipeline.run(path)
    assert result.text == "" and result.segments == []
    assert result.notice and "静音" in result.notice
