"""`zhifa serve` and `zhifa setup`."""

from __future__ import annotations

import time

import typer

from channels.cli.console import make_console
from channels.cli.setup_steps import STEPS
from core.settings import get_settings

console = make_console()


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
    app.command("setup")(setup)


def serve(
    host: str | None = typer.Option(None, help="监听地址 / bind address"),
    port: int | None = typer.Option(None, help="端口 / port"),
) -> None:
    """启动服务（网页对话 + API） / start the server with the web chat and the API."""
    import uvicorn

    from channels.server import create_app

    settings = get_settings()
    if host:
        settings.host = host
    if port:
        settings.port = port
    app = create_app(settings)
    url = f"http://{settings.host}:{settings.port}"
    console.print(f"[bold green]智法 ZhiFa[/] 正在启动 / starting on [link={url}]{url}[/link]")
    console.print(f"  网页对话 web chat: {url}/    API 文档 docs: {url}/docs    就绪 readiness: {url}/readyz")
    console.print(
        "  登录 log in: 演示账号 demo users are listed by `zhifa demo users` "
        "(默认密码见 README / default passwords in the README)"
    )
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="info")


def setup() -> None:
    """一次性准备：模型缓存、数据库、知识库索引、演示数据（可重复运行） / idempotent preparation."""
    settings = get_settings()
    settings.data_path.mkdir(parents=True, exist_ok=True)
    for step in sorted(STEPS, key=lambda s: s.order):
        t0 = time.perf_counter()
        console.print(f"[cyan]▶[/] {step.label}")
        step.run(settings)
        console.print(f"  [green]✓[/] {time.perf_counter() - t0:.1f}s")
    console.print("[bold green]准备完成 / setup complete[/]")
