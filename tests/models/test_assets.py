from __future__ import annotations

import hashlib

import pytest

from core.assets import join_parts, package_dir
from core.errors import AssetError, ConfigError
from core.settings import Settings


def _parts(tmp_path, *chunks: bytes):
    paths = []
    for i, chunk in enumerate(chunks):
        p = tmp_path / f"part{i}.bin"
        p.write_bytes(chunk)
        paths.append(p)
    return paths


def test_join_parts_writes_once_and_rerun_is_a_stat(tmp_path):
    parts = _parts(tmp_path, b"abc" * 1000, b"def" * 7)
    sha = hashlib.sha256(b"abc" * 1000 + b"def" * 7).hexdigest()
    seen: list[tuple[int, int]] = []
    target = tmp_path / "cache" / "model.bin"
    first = join_parts(parts, target, expected_sha256=sha, progress=lambda d, t: seen.append((d, t)))
    assert first.assembled and target.read_bytes() == b"abc" * 1000 + b"def" * 7
    assert seen[-1] == (3021, 3021)
    assert target.with_name("model.bin.sha256").read_text().split() == [sha, "3021"]
    again = join_parts(parts, target, expected_sha256=sha)
    assert not again.assembled
    assert sorted(p.name for p in target.parent.iterdir()) == ["model.bin", "model.bin.sha256"]


def test_join_parts_checksum_mismatch_leaves_nothing_behind(tmp_path):
    parts = _parts(tmp_path, b"one", b"two")
    target = tmp_path / "cache" / "model.bin"
    with pytest.raises(AssetError, match="校验失败"):
        join_parts(parts, target, expected_sha256="0" * 64)
    assert list(target.parent.iterdir()) == []


def test_join_parts_reassembles_when_a_part_changes(tmp_path):
    parts = _parts(tmp_path, b"one", b"two")
    target = tmp_path / "model.bin"
    join_parts(parts, target)
    parts[1].write_bytes(b"three")
    assert join_parts(parts, target).assembled
    assert target.read_bytes() == b"onethree"


def test_join_parts_refuses_an_empty_list(tmp_path):
    with pytest.raises(AssetError):
        join_parts([], tmp_path / "x")


def test_missing_model_package_says_what_to_do():
    with pytest.raises(AssetError, match="make setup"):
        package_dir("zhifa_no_such_model_package")


@pytest.mark.parametrize("group", ["llm", "asr", "embedder", "detector", "ocr"])
def test_unknown_backend_names_are_config_errors(tmp_path, group):
    from channels.components import build_components

    s = Settings(_env_file=None, data_dir=tmp_path)
    s = s.model_copy(update={group: getattr(s, group).model_copy(update={"backend": "nope"})})
    components = build_components(s)
    with pytest.raises(ConfigError, match=r"未知的.*'nope'"):
        components.get(group)
    assert components.report()[group]["status"] == "failed"
