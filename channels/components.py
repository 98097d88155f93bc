"""The process's components, owned by one typed container built once by the server's lifespan and by the CLI.

>>> components = build_components(settings)      # registers the builders; nothing is loaded yet
>>> components.llm().complete([...])             # the one LLM of this process, built on first use
>>> components.knowledge.verify("依据《…》第三条")  # the statute store with the bureau's additions

Every heavy part (database check, LLM, ASR, embedder, detectors, OCR, plate reader, knowledge base) is built here
and nowhere else: the model modules only offer plain builders (``build_llm``, ``build_asr`` …) and keep no cache.
The reported components (/readyz, ``zhifa doctor``) are the :class:`channels.runtime.Runtime` ones; the plate
reader and the tiled camera detector are built on first use and not reported (as before).

Tests and a process that holds several containers (one per settings, e.g. a data dir per test) share the models of
a parent container with ``build_components(settings, models=parent)``: a model is shared only where its
configuration is the same, so each real model is still loaded once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from channels.runtime import Component, Runtime
from core.registry import load_plugins
from core.settings import Settings

if TYPE_CHECKING:
    from assistant.llm import LLMBackend
    from case_api.db import Database
    from knowledge.base import KnowledgeBase
    from knowledge.embedding import Embedder
    from speech.asr import ASRBackend
    from vision.detector import Detector
    from vision.ocr import OCRBackend
    from vision.plates import PlateReader

MODELS = ("llm", "asr", "embedder", "detector", "ocr", "camera_detector")
_EXTRAS = ("plates", "camera_detector_tiled")  # built on first use, not reported


def _model_key(settings: Settings, name: str) -> str:
    """What a model's instance depends on: two containers whose keys are equal may share the instance."""
    cache = str(settings.model_cache_dir.resolve())
    camera = settings.vision.detector
    keys = {
        "llm": settings.llm.model_dump_json() + cache,
        "asr": settings.asr.model_dump_json() + cache,
        "embedder": settings.embedder.model_dump_json(),
        "detector": settings.detector.model_dump_json() + cache,
        "ocr": settings.ocr.model_dump_json(),
        "camera_detector": camera.model_dump_json(),
        "camera_detector_tiled": camera.model_copy(update={"tiles": True}).model_dump_json(),
        "plates": settings.vision.plate_backend + settings.ocr.model_dump_json(),
    }
    return keys[name]


class Components(Runtime):
    """The settings and every component of one process, with typed accessors; each is built once, on first use
    or by :meth:`load_all` (the server's start-up), and reports its readiness (:meth:`report`)."""

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings
        self.extras: dict[str, Component] = {}
        self._knowledge: KnowledgeBase | None = None

    # -- typed accessors ------------------------------------------------------------------------------------------
    def llm(self) -> LLMBackend:
        return self.get("llm")

    def asr(self) -> ASRBackend:
        return self.get("asr")

    def embedder(self) -> Embedder:
        return self.get("embedder")

    def detector(self) -> Detector:
        """The bundled person detector (``settings.detector``)."""
        return self.get("detector")

    def camera_detector(self, *, tiles: bool | None = None) -> Detector:
        """The camera pipeline's detector (``settings.vision.detector``); ``tiles=True`` its 2×2-tiled variant
        where the configured one does not tile."""
        if tiles and not self.settings.vision.detector.tiles:
            return self.extras["camera_detector_tiled"].load()
        return self.get("camera_detector")

    def ocr(self) -> OCRBackend:
        return self.get("ocr")

    def plates(self) -> PlateReader:
        return self.extras["plates"].load()

    @property
    def database(self) -> Database:
        """The settings' database: its engine, sessions, writer lock, reader pools, read memo and snapshots of
        callers (the process's one :class:`~case_api.db.Database` for the URL); the ``database`` component
        (/readyz, the server's start-up) is its schema check."""
        from case_api.db import database_for

        return database_for(self.settings.sqlalchemy_url)

    @property
    def knowledge(self) -> KnowledgeBase:
        """The statute store with the bureau's additions, its searcher, the offence matcher, the citation checks.
        Its parts are read on first use (``zhifa kb cite`` parses only the store); the ``knowledge`` component
        (/readyz, the server's start-up) is this knowledge base warmed."""
        assert self._knowledge is not None, "registered by build_components"
        return self._knowledge


def build_components(settings: Settings, *, models: Components | None = None) -> Components:
    """Register every component for ``settings``; nothing is loaded here. ``models``: a container whose model
    components are shared where they are configured the same (tests, one container per data dir)."""
    from assistant.llm import build_llm
    from case_api.db import check_database
    from knowledge.base import KnowledgeBase
    from knowledge.embedding import build_embedder
    from speech.asr import build_asr
    from vision.detector import build_detector
    from vision.ocr import build_ocr
    from vision.plates import build_plate_reader

    load_plugins(settings.plugins)
    c = Components(settings)
    camera = settings.vision.detector  # the camera pipeline's own (COCO SSD), the one /api/vision uses

    def add(name: str, loader: Callable[[], Any], *, required: bool, own_lane: bool = False) -> None:
        shared = _shared(models, settings, name)
        if shared is not None:
            c.components[name] = shared
        else:
            c.add(name, loader, required=required, own_lane=own_lane)

    def extra(name: str, loader: Callable[[], Any]) -> None:
        shared = _shared(models, settings, name)
        c.extras[name] = shared or Component(name=name, loader=loader, required=False)

    c.add("database", lambda: check_database(c.database), required=True)
    # the LLM loads in its own lane: its load is mostly waiting for the model's child process to come up
    add("llm", lambda: build_llm(settings), required=settings.llm.required, own_lane=True)
    add("asr", lambda: build_asr(settings), required=settings.asr.required)
    add("embedder", lambda: build_embedder(settings), required=settings.embedder.required)
    add("detector", lambda: build_detector(settings, settings.detector), required=settings.detector.required)
    add("ocr", lambda: build_ocr(settings), required=settings.ocr.required)
    add("camera_detector", lambda: build_detector(settings, camera), required=camera.required)
    # one statute store with the bureau's additions, its searcher, the offence matcher, the citation checks
    kb = c._knowledge = KnowledgeBase(settings, embedder=c.embedder)
    c.add("knowledge", kb.warm, required=True)
    extra("plates", lambda: build_plate_reader(settings, c.ocr))
    extra(
        "camera_detector_tiled", lambda: build_detector(settings, camera.model_copy(update={"tiles": True}))
    )
    return c


def _shared(models: Components | None, settings: Settings, name: str) -> Component | None:
    if models is None or _model_key(models.settings, name) != _model_key(settings, name):
        return None
    return models.components.get(name) or models.extras.get(name)


build_runtime = build_components  # the name the server, the CLI and the tests have used
