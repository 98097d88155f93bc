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
