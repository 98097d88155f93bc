"""The installed llama.cpp build is portable: no AMX and no AVX-512 instruction in any of its libraries.

On the Intel Xeons of this machine kind the CPU lists AMX but the hypervisor traps it (SIGILL at the first matrix
multiply); AMD EPYCs of the same kind lack AMX and, on older generations, AVX-512. A wheel built once and cached
is reused on any host, so the proof is in the machine code itself: every library is disassembled and searched.
Also: nothing the product does not use was built (no multimodal library), and the wheel came from the project's
own build script, whose cache key names its options.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import llama_cpp
import pytest

LIB_DIR = Path(llama_cpp.__file__).parent / "lib"
REPO = Path(__file__).resolve().parents[2]
# AMX: tile config/load/store/zero/release and the tile dot products; AVX-512: any zmm register or opmask use
AMX = re.compile(
    r"\b(ldtilecfg|sttilecfg|tileloadd|tileloaddt1|tilestored|tilezero|tilerelease|tdpb[su]{2}d|tdpbf16ps|tdpfp16ps)\b"
)
AVX512 = re.compile(r"%zmm\d+|%k[1-7]\b")


def _libraries() -> list[Path]:
    libs = sorted(p for p in LIB_DIR.glob("*.so*") if p.is_file())
    assert libs, f"no shared libraries under {LIB_DIR}"
    return libs


def _disassemble(lib: Path) -> str:
    objdump = shutil.which("objdump")
    assert objdump, "objdump (binutils) is needed to prove the build portable"
    return subprocess.run(
        [objdump, "-d", "--no-show-raw-insn", str(lib)], capture_output=True, text=True, check=True
    ).stdout


def test_the_search_finds_amx_and_avx512_when_they_are_there() -> None:
    # the patterns match what objdump prints for these instructions (checked on hand-written machine code)
    assert AMX.search("  401000:\ttilezero %tmm0") and AMX.search("\ttdpbssd %tmm2,%tmm1,%tmm0")
    assert AMX.search("\tldtilecfg (%rdi)") and AVX512.search("\tvmovups (%rax),%zmm0")
    assert not AMX.search("\tvpdpbusd %ymm1,%ymm2,%ymm3") and not AVX512.search(
        "\tvfmadd231ps %ymm1,%ymm2,%ymm0"
    )


@pytest.mark.parametrize("lib", _libraries(), ids=lambda p: p.name)
def test_no_amx_or_avx512_instruction_in_the_built_library(lib: Path) -> None:
    code = _disassemble(lib)
    assert len(code) > 1000, f"{lib.name}: nothing disassembled"
    amx = sorted(set(AMX.findall(code)))
    assert not amx, f"{lib.name} holds AMX instructions {amx}: rebuild with scripts/llama-wheel.sh"
    wide = AVX512.search(code)
    assert wide is None, f"{lib.name} uses AVX-512 ({wide.group(0) if wide else ''}): not every host runs it"


def test_the_matrix_code_is_vectorised_for_the_portable_baseline() -> None:
    cpu = next((p for p in _libraries() if p.name.startswith("libggml-cpu")), None)
    assert cpu is not None
    assert "vfmadd" in _disassemble(cpu) and "%ymm" in _disassemble(cpu)  # AVX2 + FMA, not a scalar build


def test_only_the_libraries_the_product_uses_were_built() -> None:
    names = {p.name.split(".so")[0] for p in _libraries()}
    assert {"libllama", "libggml", "libggml-base", "libggml-cpu"} <= names
    assert not any("mtmd" in n or "llava" in n for n in names), names


def test_the_installed_wheel_is_the_one_the_build_script_keys_by_its_options() -> None:
    venv = Path(sys.prefix)
    recorded = (venv / ".llama-build-key").read_text().strip()
    pip = venv / "bin" / "pip"
    key = subprocess.run(
        ["bash", str(REPO / "scripts" / "llama-wheel.sh"), str(pip), "--print-key"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    assert recorded == key, "the installed llama-cpp-python was built with other options: run make setup"
