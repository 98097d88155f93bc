"""The installed llama.cpp build (portable + runtime-dispatched AVX-512 CPU library) against a native one: tokens/s.

    python -m bench.native [--rounds 3] [--json]

The product installs llama-cpp-python built for a portable x86-64-v3 baseline (AVX2, FMA, F16C; no AVX-512, no
AMX: scripts/llama-wheel.sh), so that a cached wheel runs on every machine of its kind, plus ggml's CPU library
built for AVX-512 (never AMX), which the LLM's process loads where the CPU lists it (assistant/llm/cpu_variant.py).
This bench asks what portability costs. It builds (once, cached by options) a *native* wheel — every extension
this CPU lists (AVX-512 and its VNNI/BF16/VBMI, AVX-VNNI) but AMX, which this kind of host traps — unpacks it
beside the venv, and runs the bundled GGUF with each build in its own child process: the installed one as the
product runs it, the same forced to the portable library, and the native one, alternating round by round so that
host noise falls on all: prompt processing (a 400-token prompt) and generation (64 greedy tokens), 2 threads; with
``--threads 1`` (for a busy host) the verdict is on tokens per CPU-second, which other processes on the host barely
move. The verdict: installed ≥ 0.9 × native on both.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

from core.assets import bundled_llm
from core.settings import get_settings

REPO = Path(__file__).resolve().parents[1]
COMMON = (
    "-DLLAVA_BUILD=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_TOOLS=OFF -DLLAMA_BUILD_EXAMPLES=OFF"
    " -DLLAMA_BUILD_SERVER=OFF -DGGML_BACKEND_DL=OFF -DGGML_CPU_ALL_VARIANTS=OFF"
)


def _native_options() -> str:
    """The best this host offers in ggml's own switches — every x86 extension its CPU lists — except AMX, which
    the hypervisors of this machine kind trap (``-march=native`` would turn it on)."""
    flags = set(Path("/proc/cpuinfo").read_text().split())
    opts = [
        "-DGGML_NATIVE=OFF",
        "-DGGML_AVX=ON",
        "-DGGML_AVX2=ON",
        "-DGGML_FMA=ON",
        "-DGGML_F16C=ON",
        "-DGGML_BMI2=ON",
    ]
    for flag, option in (
        ("avx512f", "GGML_AVX512"),
        ("avx512_vbmi", "GGML_AVX512_VBMI"),
        ("avx512_vnni", "GGML_AVX512_VNNI"),
        ("avx512_bf16", "GGML_AVX512_BF16"),
        ("avx_vnni", "GGML_AVX_VNNI"),
    ):
        opts.append(f"-D{option}={'ON' if flag in flags else 'OFF'}")
    opts += ["-DGGML_AMX_TILE=OFF", "-DGGML_AMX_INT8=OFF", "-DGGML_AMX_BF16=OFF"]
    return COMMON + " " + " ".join(opts)


CHILD = r"""
import json, sys, time
from assistant.llm import cpu_variant
variant = cpu_variant.preload()  # as the product's LLM process does (ZHIFA_LLAMA_CPU=portable forces the baseline)
import llama_cpp
from llama_cpp import Llama
t = int(sys.argv[2])
llm = Llama(model_path=sys.argv[1], n_ctx=2048, n_threads=t, n_threads_batch=t, verbose=False, seed=1)
text = ("第二十条 在城市道路两侧和公共场地摆摊设点、占道经营的，由城市管理部门责令改正，可处以五十元以上二百元以下罚款。" * 12)
prompt = llm.tokenize(text.encode("utf-8"))[:400]
llm.eval(prompt[:16]); llm.reset()  # warm-up
w0, c0 = time.perf_counter(), time.process_time(); llm.eval(prompt)
pp, pp_cpu = len(prompt) / (time.perf_counter() - w0), len(prompt) / (time.process_time() - c0)
llm.reset(); llm.eval(llm.tokenize("请简要说明占道经营的处理流程。".encode("utf-8")))
n = 64; w0, c0 = time.perf_counter(), time.process_time()
for _ in range(n):
    tok = llm.sample(temp=0.0)
    llm.eval([tok])
tg, tg_cpu = n / (time.perf_counter() - w0), n / (time.process_time() - c0)
print(json.dumps({"lib": llama_cpp.__file__, "cpu": cpu_variant.loaded(), "pp": pp, "tg": tg, "pp_cpu": pp_cpu, "tg_cpu": tg_cpu}))
"""


def _native_dir() -> Path:
    target = REPO / "var" / "bench-native"
    pip = Path(sys.prefix) / "bin" / "pip"
    env = {**os.environ, "ZHIFA_LLAMA_CMAKE_ARGS": _native_options()}
    script = str(REPO / "scripts" / "llama-wheel.sh")
    key = subprocess.run(
        ["bash", script, str(pip), "--print-key"], env=env, capture_output=True, text=True, check=True
    )
    stamp = target / ".key"
    if not (stamp.exists() and stamp.read_text() == key.stdout):
        print(
            "构建本机原生 llama-cpp-python（仅用于对比，约 5 分钟）/ building the native comparison wheel",
            flush=True,
        )
        subprocess.run(["rm", "-rf", str(target)], check=True)
        subprocess.run(["bash", script, str(pip), "--target", str(target)], env=env, check=True)
        stamp.write_text(key.stdout)
    return target


def _run(model: Path, pythonpath: str | None, threads: int, cpu: str = "auto") -> dict[str, float | str]:
    env = {**os.environ, "ZHIFA_LLAMA_CPU": cpu}
    if pythonpath:
        env["PYTHONPATH"] = pythonpath + os.pathsep + str(REPO)
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(model), str(threads)], env=env, capture_output=True, text=True
    )
    if out.returncode != 0:
        raise SystemExit(f"bench child failed ({out.returncode}): {out.stderr[-2000:]}")
    result: dict[str, float | str] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.native")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--threads", type=int, default=2, help="1 on a busy host: OpenMP threads spin-wait badly"
    )
    args = parser.parse_args(argv)
    settings = get_settings()
    model = bundled_llm(settings.model_cache_dir).path
    native = _native_dir()
    # "installed": what the product runs (runtime dispatch: the AVX-512 CPU library where this CPU lists it);
    # "portable": the same install forced to the x86-64-v3 baseline; "native": every extension but AMX
    builds: tuple[tuple[str, str | None, str], ...] = (
        ("installed", None, "auto"),
        ("portable", None, "portable"),
        ("native", str(native), "auto"),
    )
    runs: dict[str, list[dict[str, float | str]]] = {name: [] for name, _, _ in builds}
    for i in range(args.rounds):
        for name, path, cpu in builds:
            runs[name].append(_run(model, path, args.threads, cpu))
            print(f"round {i + 1} {name}: {runs[name][-1]}", flush=True)
    assert str(native) in str(runs["native"][0]["lib"]) and str(native) not in str(runs["portable"][0]["lib"])
    assert runs["portable"][0]["cpu"] == "portable"
    metrics = ("pp", "tg", "pp_cpu", "tg_cpu")
    med = {
        name: {m: statistics.median(float(r[m]) for r in rs) for m in metrics} for name, rs in runs.items()
    }
    ratio = {m: med["installed"][m] / med["native"][m] for m in metrics}
    baseline = {m: med["portable"][m] / med["native"][m] for m in metrics}
    # on a busy host wall-clock rates swing 5× between runs; tokens per CPU-second of one thread barely move
    judged = ("pp_cpu", "tg_cpu") if args.threads == 1 else ("pp", "tg")
    verdict = all(ratio[m] >= 0.9 for m in judged)
    report = {
        "threads": args.threads,
        "cpu_library": runs["installed"][0]["cpu"],
        "median_tokens_per_s": med,
        "installed_over_native": ratio,
        "portable_over_native": baseline,
        "met": verdict,
        "load": os.getloadavg(),
    }
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        labels = {
            "pp": "prompt processing",
            "tg": "generation",
            "pp_cpu": "prompt, per CPU-s",
            "tg_cpu": "generation, per CPU-s",
        }
        print(f"installed build runs the {report['cpu_library']} CPU library on this host")
        for m, label in labels.items():
            print(
                f"{label}: installed {med['installed'][m]:.1f} tok/s ({ratio[m]:.2f}× native), portable"
                f" {med['portable'][m]:.1f} ({baseline[m]:.2f}×), native {med['native'][m]:.1f} tok/s"
            )
        print(f"verdict on {', '.join(judged)}: installed ≥ 0.9 × native —", "met" if verdict else "NOT met")
    return 0 if verdict else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
