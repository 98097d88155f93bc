"""``Annotated`` dependencies onto the app's components container (``app.state.components``, built once by the
server's composition root and loaded by its lifespan): routes take the component they need as an argument.

>>> @router.post("/x")
... def route(detector: CameraDetectorDep) -> …
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from channels.components import Components
from knowledge.base import KnowledgeBase
from speech.asr import ASRBackend
from vision.detector import Detector
from vision.plates import PlateReader


def get_components(request: Request) -> Components:
    components: Components = request.app.state.components
    return components


ComponentsDep = Annotated[Components, Depends(get_components)]


def get_knowledge(components: ComponentsDep) -> KnowledgeBase:
    return components.knowledge


def get_asr(components: ComponentsDep) -> ASRBackend:
    return components.asr()


def get_camera_detector(components: ComponentsDep, tiles: bool = False) -> Detector:
    """The camera pipeline's detector; ``?tiles=true`` its 2×2-tiled variant (small, far objects)."""
    return components.camera_detector(tiles=tiles)


def get_plates(components: ComponentsDep) -> PlateReader:
    return components.plates()


KnowledgeDep = Annotated[KnowledgeBase, Depends(get_knowledge)]
ASRDep = Annotated[ASRBackend, Depends(get_asr)]
CameraDetectorDep = Annotated[Detector, Depends(get_camera_detector)]
PlatesDep = Annotated[PlateReader, Depends(get_plates)]
