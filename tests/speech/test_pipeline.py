"""The pipeline on real clips: simplified text, full-width punctuation, word timestamps, progress, cancel; the eval
runs in one go on the clips inside the repository (and on ../shared/data/speech when it is there)."""

from __future__ import annotations

from pathlib import Path

import pytest

from evals.speech_eval import evaluate
from speech.asr import SAMPLES_DIR, ASRBackend, char_error_rate
from speech.pipeline import Cancelled, TranscriptionPipeline
from tests.speech.conftest import PADDLE, PADDLE_TEXT, interview_audio, write_wav


def test_clip_with_punctuation_and_word_timestamps(pipeline: TranscriptionPipeline) -> None:
    result = pipeline.run(PADDLE)
    assert char_error_rate(result.text, PADDLE_TEXT) <= 0.05, result.text
    assert result.text.endswith("。") and not any(c in result.text for c in ",.?!")
    assert result.language == "zh" and result.duration == pytest.approx(5.0, abs=0.05)
    words = [w for s in result.segments for w in s.words]
    assert words and all(0 <= w.start <= w.end <= 5.05 for w in words)
    assert [w.start for w in words] == sorted(w.start for w in words)
    body = result.to_dict()
    assert body["segments"][0]["words"][0].keys() == {"start", "end", "word"}


def test_progress_rises_to_100_with_partial_text(tmp_path: Path, pipeline: TranscriptionPipeline) -> None:
    path = write_wav(tmp_path / "two.wav", interview_audio())
    seen: list[tuple[float, str]] = []
    result = pipeline.run(path, on_progress=lambda p, t: seen.append((p, t)))
    percents = [p for p, _ in seen]
    assert percents == sorted(percents) and percents[-1] == 100.0 and len(seen) >= 3
    assert seen[-1][1] == result.text and len(result.segments) >= 2
    assert any(0 < len(t) < len(result.text) for _, t in seen)  # partial text on the way


def test_cancel_stops_between_segments(tmp_path: Path, pipeline: TranscriptionPipeline) -> None:
    path = write_wav(tmp_path / "two.wav", interview_audio())
    calls: list[int] = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) > 1  # after the first segment

    with pytest.raises(Cancelled):
        pipeline.run(path, cancelled=cancelled)


def test_eval_in_one_run_on_the_bundled_clips(asr: ASRBackend, pipeline: TranscriptionPipeline) -> None:
    report = evaluate(asr, pipeline, SAMPLES_DIR)
    assert report["clips"] == 2 and set(report["runs"]) == {"raw", "pipeline"}
    assert report["runs"]["pipeline"]["micro_cer"] <= report["runs"]["raw"]["micro_cer"] <= 0.15
    assert report["pipeline_ascii_punctuation"] == 0
