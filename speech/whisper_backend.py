"""The ``faster_whisper`` ASR backend: Whisper (CTranslate2, int8) with VAD and simplified-Chinese output."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from core.assets import bundled_whisper, force_offline
from core.errors import ConfigError, ModelError
from core.settings import Settings
from speech.asr import ASR_BACKENDS, ASRBackend, AudioInput, Decoding, Segment, Transcript, Word


class FasterWhisperBackend:
    name = "faster_whisper"

    def __init__(
        self,
        model_dir: Path,
        *,
        compute_type: str = "int8",
        cpu_threads: int = 2,
        default_prompt: str | None = None,
        beam_size: int = 5,
    ) -> None:
        if not (model_dir / "model.bin").is_file():
            raise ConfigError(
                f"找不到 Whisper 模型 {model_dir}：请运行 zhifa models assemble 或检查 ZHIFA_ASR__MODEL_PATH。"
                f" / no CTranslate2 Whisper model in {model_dir}"
            )
        force_offline()
        from faster_whisper import WhisperModel
        from opencc import OpenCC

        try:
            self._model = WhisperModel(
                str(model_dir), device="cpu", compute_type=compute_type, cpu_threads=cpu_threads
            )
        except (RuntimeError, ValueError) as exc:
            raise ModelError(
                f"Whisper 模型加载失败：{exc} / failed to load Whisper from {model_dir}"
            ) from exc
        self._t2s = OpenCC("t2s")
        self.default_prompt = default_prompt
        self.beam_size = beam_size

    def transcribe(
        self,
        audio: AudioInput,
        *,
        language: str | None = "zh",
        initial_prompt: str | None = None,
        hotwords: Sequence[str] | None = None,
    ) -> Transcript:
        source: Any = str(audio) if isinstance(audio, Path) else audio
        prompt = (
            initial_prompt
            if initial_prompt is not None
            else (self.default_prompt if language == "zh" else None)
        )
        segments, info = self._model.transcribe(
            source,
            language=language,
            initial_prompt=prompt,
            hotwords=" ".join(hotwords) if hotwords else None,
            vad_filter=True,
            beam_size=self.beam_size,
        )
        zh = info.language == "zh"
        out = [
            Segment(s.start, s.end, self._t2s.convert(s.text).strip() if zh else s.text.strip())
            for s in segments
        ]
        joiner = "" if zh else " "
        return Transcript(
            text=joiner.join(s.text for s in out).strip(),
            language=info.language,
            duration=float(info.duration),
            segments=out,
        )

    def stream(
        self,
        audio: AudioInput,
        *,
        language: str | None = "zh",
        initial_prompt: str | None = None,
        hotwords: Sequence[str] | None = None,
        word_timestamps: bool = False,
    ) -> Decoding:
        source: Any = str(audio) if isinstance(audio, Path) else audio
        segments, info = self._model.transcribe(
            source,
            language=language,
            initial_prompt=initial_prompt or None,
            hotwords=" ".join(hotwords) if hotwords else None,
            vad_filter=True,
            beam_size=self.beam_size,
            word_timestamps=word_timestamps,
        )
        convert = self._t2s.convert if info.language == "zh" else (lambda t: t)

        def produce() -> Iterator[Segment]:
            for s in segments:
                words = tuple(
                    Word(w.start, w.end, convert(w.word), float(w.probability)) for w in (s.words or ())
                )
                yield Segment(s.start, s.end, convert(s.text).strip(), words)

        return Decoding(language=info.language, duration=float(info.duration), segments=produce())


@ASR_BACKENDS.register("faster_whisper")
def _build(settings: Settings) -> ASRBackend:
    cfg = settings.asr
    model_dir = cfg.model_path or bundled_whisper(settings.model_cache_dir).path
    return FasterWhisperBackend(
        Path(model_dir),
        compute_type=cfg.compute_type,
        cpu_threads=cfg.cpu_threads,
        default_prompt=cfg.initial_prompt,
    )
