"""The installed llama.cpp build is portable: no AMX anywhere, and AVX-512 only in the runtime-dispatched variant.

On the Intel Xeons of this machine kind the CPU lists AMX but the hypervisor traps it (SIGILL at the first matrix
multiply); AMD EPYCs of the same kind lack AMX and, on older generations, AVX-512. A wheel built once and cached
is reused on any host, so the proof is in the machine code itself: every library is disassembled and searched.
Also: nothing the product does not use was built (no multimodal library), and the wheel came from the project's
own build script, whose cache key names its options. The AVX-512 build of ggml's CPU library
(``lib/cpu-avx512/``) is installed only where the CPU lists every extension it uses, holds no AMX either, and is
loaded only on such a CPU (assistant/llm/cpu_variant.py); a model run through it answers as the portable one does.
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
    """The portable libraries (``lib/*.so*``); the AVX-512 variant lives in ``lib/cpu-avx512/``."""
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


# --- runtime dispatch: the AVX-512 variant of ggml's CPU library --------------------------------------------

VARIANT = LIB_DIR / "cpu-avx512" / "libggml-cpu.so"


def _script(*args: str) -> str:
    pip = Path(sys.prefix) / "bin" / "pip"
    return subprocess.run(
        ["bash", str(REPO / "scripts" / "llama-wheel.sh"), str(pip), *args],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip


def test_the_variant_is_installed_exactly_where_the_cpu_runs_it() -> None:
    from assistant.llm import cpu_variant

    runs_it = cpu_variant.cpu_flags() >= cpu_variant.VARIANT_FLAGS
    assert VARIANT.is_file() == runs_it, "run make setup: the AVX-512 CPU library is missing or out of place"
    expected = _script("--print-variant-key")
    recorded = Path(sys.prefix) / ".llama-variant-key"
    assert (recorded.read_text().strip() if recorded.exists() else "none") == expected


def test_the_variant_holds_avx512_but_no_amx() -> None:
    if not VARIANT.is_file():  # a CPU without AVX-512: the test above proved nothing was installed
        from assistant.llm import cpu_variant

        assert not cpu_variant.cpu_flags() >= cpu_variant.VARIANT_FLAGS
        return
    code = _disassemble(VARIANT)
    amx = sorted(set(AMX.findall(code)))
    assert not amx, f"the AVX-512 CPU library holds AMX instructions {amx}"
    assert AVX512.search(code), "the AVX-512 CPU library uses no AVX-512: it was built with the wrong options"


def test_the_choice_follows_the_cpu_flags_and_the_setting() -> None:
    from assistant.llm.cpu_variant import VARIANT_FLAGS, choose

    full = frozenset(VARIANT_FLAGS | {"sse4_2", "amx_tile"})
    assert choose(full, installed=True) == "avx512"
    assert choose(full, installed=False) == "portable"
    assert choose(full, installed=True, setting="portable") == "portable"
    # an EPYC of an older generation: AVX2 only
    assert choose(frozenset({"avx2", "fma", "f16c", "bmi2"}), installed=True) == "portable"
    # one missing extension is enough to stay portable (VNNI here)
    assert choose(full - {"avx512_vnni"}, installed=True) == "portable"


CHILD = r"""
import json, sys
from assistant.llm import cpu_variant
choice = cpu_variant.preload()
from llama_cpp import Llama
llm = Llama(model_path=sys.argv[1], n_ctx=256, n_threads=2, verbose=False, seed=1)
out = llm("城市管理综合执法是", max_tokens=8, temperature=0.0)
print(json.dumps({"choice": choice, "loaded": cpu_variant.loaded(), "text": out["choices"][0]["text"]}))
"""


def _child(model: Path, setting: str) -> dict[str, str]:
    import json
    import os

    env = {**os.environ, "ZHIFA_LLAMA_CPU": setting}
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(model)], capture_output=True, text=True, env=env, timeout=600
    )
    assert out.returncode == 0, f"the model child failed ({out.returncode}): {out.stderr[-2000:]}"
    result: dict[str, str] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def test_the_process_loads_the_variant_it_chose_and_answers_as_the_portable_build() -> None:
    from core.assets import bundled_llm
    from core.settings import Settings

    model = bundled_llm(Settings().model_cache_dir).path
    auto = _child(model, "auto")
    portable = _child(model, "portable")
    assert portable["choice"] == portable["loaded"] == "portable"
    expected = "avx512" if VARIANT.is_file() else "portable"
    assert auto["choice"] == auto["loaded"] == expected
    # greedy decoding: the same first tokens either way (wider vectors sum in another order, so a late token of a
    # long answer may tip; the opening ones must not)
    assert auto["text"].strip() and auto["text"][:4] == portable["text"][:4], (auto, portable)
