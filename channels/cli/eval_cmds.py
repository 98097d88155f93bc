"""`zhifa eval run | report | compare | gate | suites`: the evals instrument (evals/) from the command line.

The composition root for evals: the in-process target gets the component getter of the same runtime the server
builds (``channels.components.build_runtime``), so a suite drives the server's own code.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from channels.cli.console import make_console
from core.settings import Settings

if TYPE_CHECKING:
    from channels.components import Components

console = make_console()
err = make_console(stderr=True)

eval_app = typer.Typer(
    help="评测：违法行为研判、法律问答、调度、转写、语音识别、图像检测 / evals", no_args_is_help=True
)

DEFAULT_OUT = Path("var/evals/last")


def register(app: typer.Typer) -> None:
    app.add_typer(eval_app, name="eval")


def with_llm(settings: Settings, spec: str | None) -> Settings:
    """``--llm``: ``bundled`` (the configured model), a GGUF file, ``openai:<base url>[#model]`` (an
    OpenAI-compatible server, e.g. llama-server), or ``none`` (suites that need the LLM are left out)."""
    if spec in (None, "", "bundled", "none"):
        return settings
    if spec.startswith("openai:"):
        url, _, model = spec[len("openai:") :].partition("#")
        llm = settings.llm.model_copy(
            update={
                "backend": "openai",
                "openai_base_url": url,
                "openai_model": model or settings.llm.openai_model,
            }
        )
    else:
        path = Path(spec).expanduser()
        if not path.is_file():
            raise typer.BadParameter(
                f"找不到模型文件 {spec}（--llm 可为 bundled、none、GGUF 文件或 openai:<URL>）"
            )
        llm = settings.llm.model_copy(update={"model_path": path.resolve()})
    return settings.model_copy(update={"llm": llm})


def _suites(names: list[str], llm: str | None) -> list[str]:
    from evals.suite import get_suite, suite_names

    known = suite_names()
    chosen: list[str] = []
    for name in names:
        if name == "all":
            chosen += known
        else:
            get_suite(name)  # unknown → a clear error
            chosen.append(name)
    chosen = list(dict.fromkeys(chosen))
    if llm == "none":
        dropped = [n for n in chosen if "llm" in get_suite(n).needs]
        if dropped and names != ["all"]:
            raise typer.BadParameter(f"--llm none 时不能运行需要大模型的套件：{'、'.join(dropped)}")
        chosen = [n for n in chosen if n not in dropped]
    return chosen


def _progress(total_hint: int) -> Any:
    """A rich bar at a terminal, one plain line per item elsewhere."""
    from evals.runner import plain_progress

    if not sys.stderr.isatty():
        return plain_progress(), None
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[last]}"),
        console=err,
        transient=False,
    )
    tasks: dict[str, Any] = {}

    def report(suite: str, n: int, total: int, result: Any) -> None:
        if suite not in tasks:
            tasks[suite] = bar.add_task(suite, total=total, last="")
        last = "" if result is None else f"{result.id} {'✓' if result.ok else '✗'}"
        bar.update(tasks[suite], completed=n, last=last)

    return report, bar


@eval_app.command("run")
def run(
    ctx: typer.Context,
    suite: list[str] = typer.Option(
        ["all"],
        "--suite",
        "-s",
        help="offence|retrieval|legal_qa|dispatch|asr|transcript|vision|all（可重复）",
    ),
    dataset: Path | None = typer.Option(None, "--dataset", help="JSONL 数据集（只跑一个套件时）"),
    llm: str | None = typer.Option(None, "--llm", help="bundled | none | GGUF 文件 | openai:<URL>[#模型名]"),
    out: Path = typer.Option(DEFAULT_OUT, "--out", help="结果目录：逐条结果、report.json/.md/.html"),
    url: str | None = typer.Option(None, "--url", help="评测运行中的服务器（如 http://127.0.0.1:8000）"),
    token: str | None = typer.Option(None, "--token", envvar="ZHIFA_EVAL_TOKEN", help="服务器的登录令牌"),
    username: str | None = typer.Option(None, "--username", envvar="ZHIFA_EVAL_USERNAME"),
    password: str | None = typer.Option(None, "--password", envvar="ZHIFA_EVAL_PASSWORD"),
    mode: str | None = typer.Option(
        None, "--mode", help="对话模式 auto|legal|offence（默认：offence 套件 offence，其余 auto）"
    ),
    limit: int | None = typer.Option(None, "--limit", min=1, help="每个套件只跑前 N 条"),
    only: str | None = typer.Option(None, "--only", help="只跑这些条目（逗号分隔的 id），结果并入同一 --out"),
    fresh: bool = typer.Option(False, "--fresh", help="丢弃 --out 中已有的逐条结果，重新开始"),
    judge: bool = typer.Option(False, "--judge", help="法律问答另用本地大模型评判要点覆盖（慢）"),
    semantic: bool = typer.Option(
        True, "--semantic/--no-semantic", help="法律问答要点覆盖的语义匹配（内置向量模型）"
    ),
    seed: int = typer.Option(0, "--seed", help="随机种子（温度固定为 0）"),
) -> None:
    """运行评测并写出报告（可中断后续跑：同一 --out 再运行会跳过已完成的条目）。"""
    from evals import report as report_mod
    from evals.runner import ResumeMismatch, run_suite
    from evals.suite import get_suite
    from evals.targets import HttpError, HttpTarget, InProcessTarget

    names = _suites(suite, llm)
    if url:
        from evals.suite import get_suite as _get

        local = [n for n in names if not getattr(_get(n), "remote", True)]
        if local and suite != ["all"]:
            raise typer.BadParameter(f"这些套件只能在本机进程内运行，不能用 --url：{'、'.join(local)}")
        if local:
            err.print(f"--url：跳过只能在本机进程内运行的套件 {'、'.join(local)}")
        names = [n for n in names if n not in local]
    if dataset is not None and len(names) != 1:
        raise typer.BadParameter("--dataset 只能与单个 --suite 一起用")
    from channels.cli.context import command_components
    from channels.components import build_components

    base = command_components(ctx)
    settings = with_llm(base.settings, llm)
    # this command's one container (the target's and the judge's models), sharing the base's where configured alike
    components = build_components(settings, models=base)
    target: Any
    if url:
        try:
            target = HttpTarget(
                url,
                token=token,
                username=username,
                password=password,
                statutes=components.knowledge.store,  # the answers are checked against this machine's laws
            )
        except HttpError as exc:
            err.print(f"[red]{exc}[/red]")
            raise typer.Exit(2) from None
    else:
        target = InProcessTarget(settings, components.get, knowledge=components.knowledge, seed=seed)
    progress, bar = _progress(0)
    runs = []
    t0 = time.perf_counter()
    try:
        if bar is not None:
            bar.start()
        for name in names:
            cls = get_suite(name)
            options: dict[str, Any] = {}
            if mode:
                options["mode"] = mode
            if name == "legal_qa":
                options.update(_legal_extras(components, target, judge=judge, semantic=semantic))
            try:
                runs.append(
                    run_suite(
                        cls(**options),
                        target,
                        out,
                        dataset=dataset,
                        limit=limit,
                        only=set(only.split(",")) if only else None,
                        fresh=fresh,
                        progress=progress,
                    )
                )
            except ResumeMismatch as exc:
                err.print(str(exc))
                raise typer.Exit(2) from None
    except KeyboardInterrupt:
        err.print(f"已中断：逐条结果保存在 {out}，同一命令再运行即从断点续跑。")
        raise typer.Exit(130) from None
    finally:
        if bar is not None:
            bar.stop()
    note = f"逐条结果与本报告在 {out}"
    data = report_mod.build(runs, target=target.describe(), wall_s=time.perf_counter() - t0, note=note)
    paths = report_mod.write(data, out)
    for name, part in data["suites"].items():
        console.print(
            f"[bold]{part['title']}（{name}）[/bold] {len(part['items'])} 条，用时 {part['wall_s']} 秒"
        )
        for _, label, value in report_mod.headline(part)[:12]:
            console.print(f"  {label}：{report_mod.fmt(value)}")
    console.print(f"报告：{paths['html']}  {paths['md']}  {paths['json']}")


def _legal_extras(components: Components, target: Any, *, judge: bool, semantic: bool) -> dict[str, Any]:
    from evals.suites.legal_qa import SemanticMatcher, llm_judge

    extras: dict[str, Any] = {}
    if semantic:
        extras["_semantic"] = SemanticMatcher(components.embedder())
    if judge:
        if hasattr(target, "get"):
            extras["_judge"] = llm_judge(target.get("llm"))
        else:  # a remote server under test: the judge is this machine's model
            from evals.targets import DeterministicLLM

            extras["_judge"] = llm_judge(DeterministicLLM(components.llm()))
    return extras


@eval_app.command("report")
def report(out: Path = typer.Argument(DEFAULT_OUT, help="eval run 的 --out 目录")) -> None:
    """由逐条结果重新生成报告（例如中断之后）。"""
    from evals import report as report_mod

    data = report_mod.from_out_dir(out)
    if not data["suites"]:
        err.print(f"{out} 中没有评测结果。")
        raise typer.Exit(1)
    paths = report_mod.write(data, out)
    console.print(f"报告：{paths['html']}")


@eval_app.command("compare")
def compare(
    a: Path = typer.Argument(..., help="报告 A（report.json 或其目录）"),
    b: Path = typer.Argument(..., help="报告 B"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出"),
) -> None:
    """比较两次评测：指标变化与逐条变化（修复、退步、回答变化）。"""
    from evals import compare as compare_mod
    from evals import report as report_mod

    diff = compare_mod.compare(report_mod.load(a), report_mod.load(b))
    if as_json:
        typer.echo(json.dumps(diff, ensure_ascii=False, indent=1))
    else:
        typer.echo(compare_mod.render(diff))


@eval_app.command("gate")
def gate(
    current: Path = typer.Argument(DEFAULT_OUT, help="本次报告（report.json 或其目录）"),
    baseline: Path | None = typer.Option(None, "--baseline", help="基线（默认 evals/baseline/report.json）"),
) -> None:
    """确定性指标不得低于基线（容差见 evals/README.md）；低于时退出码 1。"""
    from evals import gate as gate_mod
    from evals import report as report_mod

    problems = gate_mod.regressions(report_mod.load(baseline or gate_mod.BASELINE), report_mod.load(current))
    for p in problems:
        console.print(f"[red]退步[/red] {p}")
    if problems:
        raise typer.Exit(1)
    console.print("确定性指标均不低于基线。")


@eval_app.command("suites")
def suites() -> None:
    """列出评测套件及其默认数据集。"""
    from evals.suite import DATASETS, get_suite, suite_names

    for name in suite_names():
        cls = get_suite(name)
        flag = "确定性" if cls.deterministic else "需要" + "、".join(cls.needs)
        console.print(f"{name:12s} {cls.title}（{flag}） 数据集 {DATASETS / cls.dataset}")
