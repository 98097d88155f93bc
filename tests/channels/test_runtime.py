from __future__ import annotations

import threading

import pytest

from channels.runtime import Runtime


def test_component_loads_once_and_reports_ready():
    calls: list[int] = []
    rt = Runtime()
    rt.add("thing", lambda: calls.append(1) or "instance")
    threads = [threading.Thread(target=rt.get, args=("thing",)) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert calls == [1]
    assert rt.get("thing") == "instance"
    snap = rt.report()["thing"]
    assert snap["status"] == "ready"
    assert snap["load_seconds"] is not None
    assert rt.ready()


def test_failed_required_component_makes_runtime_not_ready():
    rt = Runtime()
    rt.add("ok", lambda: 1)

    def boom() -> None:
        raise RuntimeError("模型文件缺失")

    rt.add("broken", boom)
    rt.add("optional", boom, required=False)
    rt.load_all()
    report = rt.report()
    assert report["ok"]["status"] == "ready"
    assert report["broken"] == {**report["broken"], "status": "failed", "error": "模型文件缺失"}
    assert not rt.ready()
    with pytest.raises(RuntimeError):
        rt.get("broken")


def test_optional_failure_does_not_block_readiness():
    rt = Runtime()
    rt.add("ok", lambda: 1)
    rt.add("optional", lambda: 1 / 0, required=False)
    rt.load_all()
    assert rt.ready()
    assert rt.report()["optional"]["status"] == "failed"


def test_own_lane_component_loads_beside_the_others():
    """The LLM's lane overlaps the in-process loads: a re-start is ready in the longer lane's time, not the sum."""
    started = threading.Event()
    release = threading.Event()
    order: list[str] = []

    def slow_child() -> str:
        started.set()
        assert release.wait(5), "the other components never loaded while the own-lane one was loading"
        order.append("llm")
        return "llm"

    def in_process(name: str) -> str:
        assert started.wait(5), "the own-lane component did not start before the sequential ones finished"
        order.append(name)
        if name == "b":
            release.set()
        return name

    rt = Runtime()
    rt.add("llm", slow_child, own_lane=True)
    rt.add("a", lambda: in_process("a"))
    rt.add("b", lambda: in_process("b"))
    rt.load_all()
    assert order == ["a", "b", "llm"]
    assert rt.ready()
    assert {n: s["status"] for n, s in rt.report().items()} == {"llm": "ready", "a": "ready", "b": "ready"}
