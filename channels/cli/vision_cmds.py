"""`zhifa vision detect IMAGE` (counts per class, then the boxes) and `zhifa vision run --camera cam.yaml VIDEO`
(progress, one line per event; ``--post`` records them as candidate camera events for review)."""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime
from pathlib import Path

import typer

from channels.cli.console import make_console
from core.settings import Settings, get_settings

console = make_console()
vision_app = typer.Typer(help="非接触执法：视频检测 / camera detection", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(vision_app, name="vision")


def _detector_settings(
    settings: Settings, backend: str | None, tiles: bool | None, weights: Path | None
) -> Settings:
    cfg = settings.vision.detector
    update: dict[str, object] = {}
    if backend:
        update["backend"] = backend
        if backend == "ultralytics":
            update.update(image_size=640, confidence=0.35)
    if tiles is not None:
        update["tiles"] = tiles
    if weights is not None:
        update["weights"] = weights
    vision = settings.vision.model_copy(update={"detector": cfg.model_copy(update=update)})
    return settings.model_copy(update={"vision": vision})


@vision_app.command("detect")
def detect(
    ctx: typer.Context,
    image: Path = typer.Argument(..., help="图片文件 / an image"),
    tiles: bool | None = typer.Option(None, "--tiles/--no-tiles", help="2×2 分块 + 全图（远处小目标）"),
    backend: str | None = typer.Option(None, help="检测后端 ssd | ultralytics（默认 ssd）"),
    weights: Path | None = typer.Option(None, help="ultralytics 权重 .pt（单位自备的 YOLO 模型）"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """检测图片中的行人与车辆：先每类一行（如 person 4），再逐个框 / counts per class, then the boxes."""
    from channels.cli.context import command_components
    from channels.components import build_components
    from vision.errors import VisionError

    base = command_components(ctx)
    settings = _detector_settings(base.settings, backend, tiles, weights)
    try:  # the command's container's detector where the options leave it as configured
        found = build_components(settings, models=base).camera_detector().detect(image)
    except VisionError as exc:
        console.print(f"错误：{exc.message}")
        raise typer.Exit(2) from exc
    counts = Counter(d.label for d in found)
    if as_json:
        boxes = [
            {"label": d.label, "confidence": round(d.confidence, 3), "box": [round(v, 1) for v in d.box]}
            for d in found
        ]
        print(json.dumps({"counts": dict(counts.most_common()), "boxes": boxes}, ensure_ascii=False))
        return
    for label, n in counts.most_common():
        print(f"{label} {n}")
    for d in found:
        x1, y1, x2, y2 = d.box
        print(f"{d.label}\t{d.confidence:.2f}\t{x1:.0f},{y1:.0f},{x2:.0f},{y2:.0f}")


@vision_app.command("run")
def run(
    ctx: typer.Context,
    source: str | None = typer.Argument(
        None, help="视频文件或 RTSP 地址（默认：摄像头配置的 source） / a video file or a stream URL"
    ),
    camera: Path = typer.Option(..., "--camera", help="摄像头与区域配置 YAML（见 vision/camera.py）"),
    start: datetime | None = typer.Option(
        None, help="视频起始时刻（默认：文件修改时间或当前时间），如 2025-06-02T09:00:00+08:00"
    ),
    post: bool = typer.Option(False, "--post", help="写入业务系统：候选视频事件（待人工审核）"),
    out: Path | None = typer.Option(None, help="把关键帧写到此目录 / write the key frames here"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """按区域规则分析视频，一次违法一个事件（起止时间、关键帧、车牌、哈希） / run a camera's zone rules over a video."""
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

    from channels.cli.context import command_components
    from vision.camera import load_camera
    from vision.errors import VisionError
    from vision.pipeline import CameraPipeline
    from vision.video import is_stream

    components = command_components(ctx)
    settings = components.settings
    try:
        cam = load_camera(camera)
        source = source or cam.source
        if not source:
            console.print(f"错误：摄像头配置 {camera.name} 未填写 source：请给出视频文件或视频流地址。")
            raise typer.Exit(2)
        if start is None:
            path = Path(source)
            start = (
                datetime.fromtimestamp(path.stat().st_mtime, cam.tz)
                if not is_stream(source) and path.is_file()
                else datetime.now(cam.tz)
            )
        with Progress(
            TextColumn("分析 {task.description}"),
            BarColumn(),
            TaskProgressColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        ) as bar:
            task = bar.add_task(f"{cam.id}（加载模型）", total=100)
            pipeline = CameraPipeline(settings, cam, components.camera_detector(), plates=components.plates())
            bar.update(task, description=cam.id)
            result = pipeline.run(
                source,
                start=start,
                on_progress=lambda p, m: bar.update(task, completed=p, description=f"{cam.id} {m}"),
            )
    except VisionError as exc:
        console.print(f"错误：{exc.message}")
        raise typer.Exit(2) from exc
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        for event in result.events:
            for f in event.files:
                (out / f.filename).write_bytes(f.data)
    recorded: list[int | None] = []
    if post and result.events:
        from case_api import db
        from case_api.storage import BlobStore
        from channels.vision_record import post_events

        db.check_database(settings)
        with db.session_for(settings) as session:
            events = post_events(
                session, store=BlobStore(settings.evidence_dir), drafts=result.events, actor_id=None
            )
            session.commit()
            recorded = [e.id for e in events]
    stats = result.stats
    if as_json:
        body = {
            "camera_id": result.camera_id,
            "events": [e.summary() for e in result.events],
            "recorded": recorded,
            "stats": stats.to_dict(),
        }
        print(json.dumps(body, ensure_ascii=False))
        return
    console.print(
        f"{stats.frames} 帧 / {stats.video_seconds:.0f} 秒视频，处理 {stats.fps:.1f} 帧/秒", style="dim"
    )
    for i, event in enumerate(result.events):
        s = event.summary()
        rec = f"  → 视频事件 #{recorded[i]}（待审核）" if recorded else ""
        print(
            f"{event.kind}\t{event.zone_id}\t{event.occurred_at:%Y-%m-%d %H:%M:%S}–{event.ended_at:%H:%M:%S}"
            f"\t{event.seconds:.0f}s\t车牌 {s['plate'] or '—'}\t{len(event.files)} 帧{rec}"
        )
    print(f"事件 {len(result.events)}")


@vision_app.command("worker")
def worker(
    burst: bool = typer.Option(False, help="处理完队列即退出 / exit when the queue is empty"),
    name: str | None = typer.Option(None, help="worker 名称 / worker name"),
) -> None:
    """视频分析 worker：从 Redis 队列（RQ）取任务，多路摄像头分摊到多个 worker（需 ZHIFA_REDIS_URL）。"""
    from redis import Redis
    from rq import Queue, Worker

    settings = get_settings()
    if not settings.redis_url:
        console.print("未配置 ZHIFA_REDIS_URL：视频分析任务在服务进程内执行，无需 worker。")
        raise typer.Exit(2)
    from core.assets import force_offline

    force_offline()
    # imported once here, inherited by every forked work horse
    import channels.vision_jobs  # noqa: F401
    import vision.pipeline  # noqa: F401

    redis = Redis.from_url(settings.redis_url)
    queue = Queue(settings.vision.job_queue_name, connection=redis)
    console.print(f"zhifa vision worker：队列 {settings.vision.job_queue_name} @ {settings.redis_url}")
    Worker([queue], connection=redis, name=name).work(burst=burst, with_scheduler=False)
