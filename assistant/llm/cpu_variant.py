"""Runtime dispatch between builds of ggml's CPU backend: the portable one, or an AVX-512 one where the CPU has it.

The llama-cpp-python wheel is built for a portable x86-64-v3 baseline (AVX2, FMA, F16C; scripts/llama-wheel.sh)
so that it runs on every machine of this kind. On an Intel Xeon that costs about a third of prompt-processing
speed (bench/native.py). So the install step also builds ggml's CPU library alone for an AVX-512 level — AVX-512
F/CD/VL/DQ/BW, VBMI and VNNI, never AMX, which the hypervisors of this kind trap — and installs it beside the
portable one as ``llama_cpp/lib/cpu-avx512/libggml-cpu.so``. Both are built from the same source tree as the rest
of the wheel, so they are interchangeable behind ``libggml.so``.

:func:`preload` picks one for this process before ``llama_cpp`` is imported: if the CPU lists every extension the
variant uses, it loads ``libggml-base.so`` and then the variant with ``RTLD_GLOBAL``; when ``libggml.so`` is loaded
next, the dynamic linker finds a ``libggml-cpu.so`` already loaded and uses it. Anything else — no variant
installed, a CPU without AVX-512, ``ZHIFA_LLAMA_CPU=portable``, ``llama_cpp`` already imported — leaves the
portable library in place. The choice never makes a host run an instruction its CPU does not list.
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import sys
from pathlib import Path

VARIANT = "avx512"
# every extension the variant is compiled with (the names /proc/cpuinfo uses); AMX is not among them
VARIANT_FLAGS = frozenset(
    {
        "avx2",
        "fma",
        "f16c",
        "bmi2",
        "avx512f",
        "avx512cd",
        "avx512vl",
        "avx512dq",
        "avx512bw",
        "avx512vbmi",
        "avx512_vnni",
    }
)
ENV = "ZHIFA_LLAMA_CPU"  # "portable" forces the baseline; "auto" (default) picks by the CPU's flags

_chosen: str | None = None


def cpu_flags(cpuinfo: Path = Path("/proc/cpuinfo")) -> frozenset[str]:
    """The first CPU's feature flags (every core of a machine of this kind lists the same)."""
    try:
        text = cpuinfo.read_text()
    except OSError:
        return frozenset()
    for line in text.splitlines():
        if line.startswith("flags"):
            return frozenset(line.split(":", 1)[1].split())
    return frozenset()


def lib_dir() -> Path | None:
    """``llama_cpp/lib`` of the installed package, found without importing it."""
    spec = importlib.util.find_spec("llama_cpp")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "lib"


def variant_path(lib: Path | None = None) -> Path | None:
    lib = lib or lib_dir()
    path = None if lib is None else lib / f"cpu-{VARIANT}" / "libggml-cpu.so"
    return path if path is not None and path.is_file() else None


def choose(flags: frozenset[str], *, installed: bool, setting: str = "auto") -> str:
    """``"avx512"`` when the variant is installed, allowed and every flag it uses is listed; else ``"portable"``."""
    if setting == "portable" or not installed:
        return "portable"
    return VARIANT if flags >= VARIANT_FLAGS else "portable"


def preload() -> str:
    """Pick and load the CPU library for this process (once); returns ``"avx512"`` or ``"portable"``."""
    global _chosen
    if _chosen is not None:
        return _chosen
    lib = lib_dir()
    variant = variant_path(lib)
    setting = os.environ.get(ENV, "auto").strip().lower() or "auto"
    choice = choose(cpu_flags(), installed=variant is not None, setting=setting)
    if choice != "portable" and ("llama_cpp" in sys.modules or lib is None or variant is None):
        choice = "portable"  # too late: the portable library is loaded already
    if choice != "portable":
        assert lib is not None and variant is not None
        try:
            ctypes.CDLL(str(lib / "libggml-base.so"), mode=ctypes.RTLD_GLOBAL)
            ctypes.CDLL(str(variant), mode=ctypes.RTLD_GLOBAL)
        except OSError:
            choice = "portable"
    _chosen = choice
    return choice


def loaded() -> str | None:
    """Which CPU library this process has mapped (from /proc/self/maps): ``"avx512"``, ``"portable"`` or None."""
    try:
        maps = Path("/proc/self/maps").read_text()
    except OSError:
        return None
    if f"cpu-{VARIANT}/libggml-cpu.so" in maps:
        return VARIANT
    return "portable" if "libggml-cpu.so" in maps else None
