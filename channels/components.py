"""The composition of heavy components: which loaders the runtime holds for these settings."""

from __future__ import annotations

from channels.runtime import Runtime
from core.registry import load_plugins
from core.settings import Settings


def build_runtime(settings: Settings) -> Runtime:
    """Register every component; nothing is loaded here."""
    from assistant.llm import load_llm
    from case_api.db import check_database
    from knowledge.base import KnowledgeBase
    from knowledge.embedding import load_embedder
    from speech.asr import load_asr
    from vision.detector import load_detector
    from vision.ocr import load_ocr

    load_plugins(settings.plugins)
    rt = Runtime()
    rt.add("database", lambda: check_database(settings), required=True)
    # the LLM loads in its own lane: its load is mostly waiting for the model's child process to come up
    rt.add("llm", lambda: load_llm(settings), required=settings.llm.required, own_lane=True)
    rt.add("asr", lambda: load_asr(settings), required=settings.asr.required)
    rt.add("embedder", lambda: load_embedder(settings), required=settings.embedder.required)
    rt.add("detector", lambda: load_detector(settings), required=settings.detector.required)
    rt.add("ocr", lambda: load_ocr(settings), required=settings.ocr.required)
    camera = settings.vision.detector  # the camera pipeline's own (COCO SSD), the one /api/vision uses
    rt.add("camera_detector", lambda: load_detector(settings, camera), required=camera.required)
    # one statute store with the bureau's additions, its searcher, the offence matcher, the citation checks
    rt.add("knowledge", lambda: KnowledgeBase(settings).warm(), required=True)
    return rt
