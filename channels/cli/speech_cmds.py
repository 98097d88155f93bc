"""`zhifa transcribe FILE` (progress bar, the final text printed last) and `zhifa worker` (RQ speech worker)."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from channels.cli.console import make_console
from core.settings import get_settings

console = make_console()


def register(app: typer.Typer) -> None:
    app.command("transcribe")(transcribe)
    app.command("worker")(worker)


def transcribe(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="录音或视频文件（wav、mp3、m4a、amr、ogg/opus、mp4 …）"),
    language: str = typer.Option("zh", help="语言 / language (zh, en …)"),
    as_json: bool = typer.Option(
        False, "--json", help="输出完整结果（分段、字级时间戳）/ print the whole result"
    ),
) -> None:
    """转写录音（简体中文、全角标点），进度条结束后最后一行输出全文 / transcribe a file; the text is printed last."""
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

    from channels.cli.context import command_components
    from speech.errors import SpeechError
    from speech.pipeline import build_pipeline

    components = command_components(ctx)
    settings = components.settings
    try:
        with Progress(
            TextColumn("转写 {task.description}"),
            BarColumn(),
            TaskProgressColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        ) as bar:
            task = bar.add_task(file.name, total=100)
            bar.update(task, description=f"{file.name}（加载模型）")
            pipeline = build_pipeline(settings, components.asr())
            bar.update(task, description=file.name)
            result = pipeline.run(
                file,
                language=language,
                on_progress=lambda percent, _text: bar.update(task, completed=percent),
            )
    except SpeechError as exc:
        console.print(f"错误：{exc.message}")
        raise typer.Exit(2) from exc
    if result.notice:
        console.print(result.notice)
    if as_json:
        console.print_json(json.dumps(result.to_dict(), ensure_ascii=False))
    else:
        console.print(f"时长 {result.duration:.1f} 秒，{len(result.segments)} 段", style="dim")
    print(result.text)  # last, plain: `zhifa transcribe x.m4a | tail -1` is the text


def worker(
    burst: bool = typer.Option(False, help="处理完队列即退出 / exit when the queue is empty"),
    name: str | None = typer.Option(None, help="worker 名称 / worker name"),
) -> None:
    """语音转写 worker：从 Redis 队列（RQ）取任务 / run an RQ worker for speech jobs (needs ZHIFA_REDIS_URL)."""
    from redis import Redis
    from rq import Queue, Worker

    settings = get_settings()
    if not settings.redis_url:
        console.print("未配置 ZHIFA_REDIS_URL：转写任务在服务进程内执行，无需 worker。")
        raise typer.Exit(2)
    # imported once here, inherited by every forked work horse (≈0.7 s a job otherwise); the model itself is loaded
    # in the horse: CTranslate2's thread pool does not survive a fork
    from core.assets import force_offline

    force_offline()
    import faster_whisper  # noqa: F401

    import channels.speech_worker  # noqa: F401 - the job function
    import speech.pipeline
    import speech.whisper_backend  # noqa: F401
    from knowledge.catalogue import load_catalogue

    load_catalogue()
    redis = Redis.from_url(settings.redis_url)
    queue = Queue(settings.speech.queue_name, connection=redis)
    console.print(f"zhifa worker：队列 {settings.speech.queue_name} @ {settings.redis_url}")
    Worker([queue], connection=redis, name=name).work(burst=burst, with_scheduler=False)
