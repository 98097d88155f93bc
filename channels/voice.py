"""Voice questions: a short recording is transcribed while the caller waits, then answered as text by the same
chat service as ``/api/chat`` (the web chat's streaming and its 503 for a model that cannot load)."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from itertools import chain
from pathlib import Path
from typing import BinaryIO

from fastapi.responses import JSONResponse, Response, StreamingResponse

from assistant.chat import ChatService, Mode
from assistant.events import Event, TranscriptEvent
from channels.components import Components
from channels.web import ndjson, raising, start
from core.errors import AssetError, ConfigError, ModelError
from core.settings import Settings
from speech.audio import probe
from speech.errors import AudioTooLong, EmptyAudio, SpeechError
from speech.pipeline import TranscriptionPipeline

MAX_BYTES = 20 * 2**20  # a minute of speech is well under 1 MB in any format we take


def _unavailable(what: str, exc: Exception) -> JSONResponse:
    return JSONResponse(
        {
            "code": "model_unavailable",
            "message": f"{what}暂不可用。请稍后重试；持续出现请联系管理员检查 /readyz。",
            "detail": getattr(exc, "message", None) or type(exc).__name__,
        },
        status_code=503,
    )


def _spool(fh: BinaryIO, folder: Path, suffix: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=folder, suffix=suffix, delete=False) as out:
        size = 0
        while chunk := fh.read(1 << 20):
            size += len(chunk)
            if size > MAX_BYTES:
                out.close()
                Path(out.name).unlink(missing_ok=True)
                raise AudioTooLong("语音文件太大：语音提问请不超过一分钟。", code="file_too_large")
            out.write(chunk)
    path = Path(out.name)
    if not size:
        path.unlink(missing_ok=True)
        raise EmptyAudio("语音为空（0 字节）：请按住说话后再发送。")
    return path


def transcribe_question(
    settings: Settings, pipeline: Callable[[], TranscriptionPipeline], fh: BinaryIO, filename: str
) -> TranscriptEvent:
    suffix = Path(filename).suffix.lower()[:8] if Path(filename).suffix.isascii() else ""
    path = _spool(fh, settings.data_path / "speech" / "ask", suffix)
    try:
        limit = settings.speech.ask_max_seconds
        probe(path, max_seconds=limit)
        result = pipeline().run(path, max_seconds=limit)
    finally:
        path.unlink(missing_ok=True)
    if not result.text:
        raise SpeechError("没有听清（未检测到语音）：请靠近麦克风再说一遍。", code="no_speech")
    return TranscriptEvent(text=result.text, duration=result.duration)


def answer_voice(
    runtime: Components,
    settings: Settings,
    pipeline: Callable[[], TranscriptionPipeline],
    fh: BinaryIO,
    filename: str,
    *,
    mode: Mode,
    party_type: str,
) -> Response:
    try:
        transcript = transcribe_question(settings, pipeline, fh, filename)
    except (ModelError, AssetError, ConfigError) as exc:
        return _unavailable("语音识别模型", exc)
    service = ChatService.from_runtime(settings, runtime.get, knowledge=runtime.knowledge, peek=runtime.peek)
    events = service.respond(transcript.text, mode=mode, party_type=party_type)
    head: list[Event] = [transcript]
    try:
        start(events, head)
    except (ModelError, AssetError, ConfigError) as exc:
        return _unavailable("本地大模型", exc)
    except Exception as exc:  # as the web chat: reported in the stream
        events = raising(exc)
    return StreamingResponse(ndjson(chain(head, events)), media_type="application/x-ndjson")
