"""Transcription pipeline: file → 16 kHz audio → Whisper (VAD, zh, word timestamps) → simplified Chinese with
full-width punctuation and the domain's words put right.

::

    decode (speech.audio)          checks: empty, unreadable, no track, too long; silence → an empty result
      → ASRBackend.stream          VAD, language, no style prompt (it costs CER), optional decoder hotwords
      → per segment                punctuation.sentence (commas at pauses, ？ on questions), Vocabulary.correct
      → SpeechResult               text, segments with word timestamps, corrections, timings

Progress is reported per segment (``on_progress(percent, partial_text)``) and ``cancelled()`` is asked between
segments, so a job can show partial text and stop within one 30-second window.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from core.settings import Settings
from speech import punctuation
from speech.asr import ASRBackend, Word
from speech.audio import Audio, decode
from speech.vocabulary import Correction, Vocabulary

Progress = Callable[[float, str], None]
DECODED_PERCENT = 5.0  # share of the progress bar the file decoding stands for
SENTENCE_GAP = 0.6  # seconds: two segments closer than this are one sentence (Whisper cuts mid-sentence)


class Cancelled(Exception):
    """The caller asked the pipeline to stop (a cancelled job)."""


@dataclass(frozen=True)
class SpeechSegment:
    start: float
    end: float
    text: str  # punctuated and corrected
    raw: str  # as the model wrote it (simplified)
    words: tuple[Word, ...] = ()


@dataclass(frozen=True)
class SpeechResult:
    text: str
    language: str
    duration: float
    segments: list[SpeechSegment]
    corrections: list[Correction] = field(default_factory=list)
    container: str = ""
    codec: str = ""
    truncated: bool = False
    notice: str | None = None
    timings: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for seg in data["segments"]:
            seg["words"] = [
                {"start": round(w["start"], 2), "end": round(w["end"], 2), "word": w["word"]}
                for w in seg["words"]
            ]
            seg["start"], seg["end"] = round(seg["start"], 2), round(seg["end"], 2)
        return data


class TranscriptionPipeline:
    def __init__(
        self,
        asr: ASRBackend,
        vocabulary: Vocabulary,
        *,
        max_seconds: float,
        language: str = "zh",
        decoder_hotwords: bool = False,
        word_timestamps: bool = True,
    ) -> None:
        self.asr = asr
        self.vocabulary = vocabulary
        self.max_seconds = max_seconds
        self.language = language
        self.decoder_hotwords = decoder_hotwords
        self.word_timestamps = word_timestamps

    def run(
        self,
        source: str | Path,
        *,
        context: Sequence[str] = (),
        language: str | None = None,
        on_progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
        max_seconds: float | None = None,
    ) -> SpeechResult:
        """Transcribe one file; ``context`` (the case's place, offence) goes first in the decoder's hotwords;
        ``max_seconds`` lowers the length limit (a voice question)."""
        t0 = time.perf_counter()
        audio = decode(source, max_seconds=min(max_seconds or self.max_seconds, self.max_seconds))
        t_decoded = time.perf_counter()
        report = on_progress or (lambda _p, _t: None)
        stop = cancelled or (lambda: False)
        report(DECODED_PERCENT, "")
        if audio.silent:
            return self._empty(audio, "录音中没有可辨识的声音（静音），没有可转写的内容。", t0, t_decoded)
        return self._transcribe(audio, context, language or self.language, report, stop, t0, t_decoded)

    def _transcribe(
        self,
        audio: Audio,
        context: Sequence[str],
        language: str,
        report: Progress,
        stop: Callable[[], bool],
        t0: float,
        t_decoded: float,
    ) -> SpeechResult:
        zh = language == "zh"
        # decoder hotwords only: a domain initial prompt as well made Whisper base repeat the prompt (52.9 % CER)
        hot = self.vocabulary.hotwords(context) if (self.decoder_hotwords and zh) else None
        if stop():
            raise Cancelled
        decoding = self.asr.stream(
            audio.samples,
            language=language,
            initial_prompt=None,
            hotwords=hot,
            word_timestamps=self.word_timestamps,
        )
        segments: list[SpeechSegment] = []
        corrections: list[Correction] = []
        duration = max(decoding.duration, 1e-6)
        for seg in decoding.segments:
            text = punctuation.sentence(seg.text, seg.words) if zh else seg.text.strip()
            if zh and text:
                text, fixes = self.vocabulary.correct(text)
                corrections.extend(fixes)
            if text:
                if segments and seg.start - segments[-1].end < SENTENCE_GAP and segments[-1].text[-1] == "。":
                    last = segments[-1]
                    segments[-1] = SpeechSegment(
                        last.start, last.end, last.text[:-1] + "，", last.raw, last.words
                    )
                segments.append(SpeechSegment(seg.start, seg.end, text, seg.text, seg.words))
            partial = punctuation.join([s.text for s in segments])
            report(DECODED_PERCENT + (100 - DECODED_PERCENT) * min(seg.end / duration, 1.0), partial)
            if stop():
                raise Cancelled
        text = punctuation.join([s.text for s in segments])
        t_end = time.perf_counter()
        report(100.0, text)
        return SpeechResult(
            text=text,
            language=decoding.language,
            duration=round(audio.duration, 3),
            segments=segments,
            corrections=corrections,
            container=audio.container,
            codec=audio.codec,
            truncated=audio.truncated,
            notice=None if segments else "未检测到语音，没有可转写的内容。",
            timings={"decode_s": round(t_decoded - t0, 3), "asr_s": round(t_end - t_decoded, 3)},
        )

    def _empty(self, audio: Audio, notice: str, t0: float, t_decoded: float) -> SpeechResult:
        return SpeechResult(
            text="",
            language=self.language,
            duration=round(audio.duration, 3),
            segments=[],
            container=audio.container,
            codec=audio.codec,
            truncated=audio.truncated,
            notice=notice,
            timings={"decode_s": round(t_decoded - t0, 3), "asr_s": 0.0},
        )


def build_pipeline(settings: Settings, asr: ASRBackend) -> TranscriptionPipeline:
    """The pipeline these settings describe, around an ASR backend built elsewhere (the runtime's, the worker's)."""
    from knowledge.catalogue import load_catalogue

    cfg = settings.speech
    return TranscriptionPipeline(
        asr,
        Vocabulary.build(load_catalogue()),
        max_seconds=cfg.max_seconds,
        language=settings.asr.language,
        decoder_hotwords=cfg.decoder_hotwords,
        word_timestamps=cfg.word_timestamps,
    )
