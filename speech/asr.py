"""Speech recognition: the :class:`ASRBackend` interface, :class:`Transcript`, a registry and :func:`build_asr`.

The built-in ``faster_whisper`` backend lives in :mod:`speech.whisper_backend` and registers on import of this
module's builder, exactly like an outside backend would.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from core.registry import Registry
from core.settings import Settings

AudioInput = str | Path | np.ndarray  # a file (any format PyAV reads) or float32 mono samples at 16 kHz

SAMPLES_DIR = Path(__file__).with_name("samples")
SAMPLE_CLIP = SAMPLES_DIR / "zh_wenet_aishell_BAC009S0724W0121.wav"
SAMPLE_TEXT = "广州市房地产中介协会分析"  # AISHELL-1 label of SAMPLE_CLIP


@dataclass(frozen=True)
class Word:
    start: float
    end: float
    word: str
    probability: float = 1.0


@dataclass(frozen=True)
class Segment:
    start: float
    end: float
    text: str
    words: tuple[Word, ...] = ()


@dataclass(frozen=True)
class Decoding:
    """A transcription in progress: the language and duration known up front, the segments as they come."""

    language: str
    duration: float
    segments: Iterator[Segment]


@dataclass(frozen=True)
class Transcript:
    text: str
    language: str
    duration: float
    segments: list[Segment] = field(default_factory=list)


@runtime_checkable
class ASRBackend(Protocol):
    name: str

    def transcribe(
        self,
        audio: AudioInput,
        *,
        language: str | None = "zh",
        initial_prompt: str | None = None,
        hotwords: Sequence[str] | None = None,
    ) -> Transcript: ...

    def stream(
        self,
        audio: AudioInput,
        *,
        language: str | None = "zh",
        initial_prompt: str | None = None,
        hotwords: Sequence[str] | None = None,
        word_timestamps: bool = False,
    ) -> Decoding:
        """Decode lazily: each segment is produced as the model reaches it (progress, cancel, partial text).
        ``initial_prompt=None`` means no prompt at all (``transcribe`` uses the configured default instead)."""
        ...


ASR_BACKENDS: Registry[ASRBackend] = Registry("语音识别 ASR")


def build_asr(settings: Settings) -> ASRBackend:
    """A new instance of the configured ASR backend. The process's one instance is its components container's
    (``channels.components``): call this only from a composition root."""
    from speech import whisper_backend  # noqa: F401 - registers the built-in backend

    return ASR_BACKENDS.create(settings.asr.backend, settings)


def char_error_rate(hypothesis: str, reference: str) -> float:
    """Levenshtein distance over characters (punctuation and spaces ignored) divided by the reference length."""
    keep = lambda s: [c for c in s if c.isalnum()]  # noqa: E731
    hyp, ref = keep(hypothesis), keep(reference)
    if not ref:
        return float(bool(hyp))
    prev = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        cur = [i]
        for j, h in enumerate(hyp, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (r != h)))
        prev = cur
    return prev[-1] / len(ref)
