"""The components container: typed accessors over one instance per component, readiness as before, and models
shared between containers only where they are configured the same."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from channels.components import MODELS, Components, build_components
from core.errors import ConfigError
from core.settings import Settings


def _settings(data: Path, **update: object) -> Settings:
    """A data dir whose model cache is the one beside it (as the test session links its data dirs' caches)."""
    cache = data.parent / "models"
    cache.mkdir(exist_ok=True)
    data.mkdir(exist_ok=True)
    if not (data / "models").exists():
        (data / "models").symlink_to(cache, target_is_directory=True)
    return Settings(_env_file=None, environment="test", data_dir=data, load_models_on_start=False, **update)  # type: ignore[arg-type]


def test_every_component_is_registered_and_nothing_is_loaded(tmp_path: Path) -> None:
    components = build_components(_settings(tmp_path / "data"))
    assert set(components.report()) == {"database", *MODELS, "knowledge"}  # what /readyz lists, as before
    assert {c["status"] for c in components.report().values()} == {"pending"}
    assert components.components["llm"].own_lane and not components.components["asr"].own_lane


def test_an_accessor_builds_once_under_concurrency_and_a_failed_build_is_tried_again(tmp_path: Path) -> None:
    components = build_components(_settings(tmp_path / "data"))
    calls: list[int] = []
    ocr = components.components["ocr"]
    built = object()

    def flaky() -> object:
        calls.append(1)
        if len(calls) == 1:
            raise ConfigError("第一次失败（测试）")
        return built

    ocr.loader = flaky
    with pytest.raises(ConfigError):
        components.ocr()
    assert components.report()["ocr"]["status"] == "failed"
    got: list[object] = []
    threads = [threading.Thread(target=lambda: got.append(components.ocr())) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 2 and {id(g) for g in got} == {id(built)}
    assert components.ocr() is got[0] and components.report()["ocr"]["status"] == "ready"


def test_a_container_shares_its_parents_models_only_where_configured_the_same(tmp_path: Path) -> None:
    parent = build_components(_settings(tmp_path / "a"))
    same = build_components(_settings(tmp_path / "b"), models=parent)
    other = build_components(
        _settings(tmp_path / "c", embedder={"backend": "sentence_transformers"}), models=parent
    )
    for name in MODELS:
        assert same.components[name] is parent.components[name], name
    assert same.extras["plates"] is parent.extras["plates"]
    # its own database and knowledge base: a data dir of its own
    assert same.components["database"] is not parent.components["database"]
    assert same.components["knowledge"] is not parent.components["knowledge"]
    assert other.components["embedder"] is not parent.components["embedder"]
    assert other.components["ocr"] is parent.components["ocr"]


@pytest.mark.models
def test_the_tiled_camera_detector_is_its_own_instance(components: Components) -> None:
    plain, tiled = components.camera_detector(), components.camera_detector(tiles=True)
    assert plain is not tiled and components.camera_detector(tiles=True) is tiled
    assert components.camera_detector(tiles=False) is plain
    assert "camera_detector_tiled" not in components.report()  # built on demand, not a readiness item
