"""`zhifa demo seed` and `zhifa demo users`: the demo district and its logins (development only)."""

from __future__ import annotations

import typer
from rich.table import Table

from channels.cli.console import make_console
from channels.cli.setup_steps import add_step
from core.settings import Settings, get_settings

console = make_console()
demo_app = typer.Typer(help="演示数据 / demo district and logins (development only)", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(demo_app, name="demo")
    add_step(40, "演示数据 / demo data", _setup_step)


def _seed(settings: Settings, *, only_if_empty: bool) -> None:
    from case_api import db
    from case_api.demo.seed import is_empty, seed
    from case_api.sqltypes import utcnow

    if settings.environment == "production":
        console.print("[yellow]生产环境不写入演示数据 / no demo data in production[/]")
        return
    db.upgrade(settings)
    with db.session_for(settings) as session:
        if only_if_empty and not is_empty(session):
            console.print("  数据库非空，跳过演示数据 / database not empty, demo data skipped")
            return
        report = seed(session, settings=settings, now=utcnow())
        session.commit()
    console.print(f"  {report.reason}")
    for key, value in report.counts.items():
        console.print(f"    {key}: {value}")


def _setup_step(settings: Settings) -> None:
    _seed(settings, only_if_empty=True)


@demo_app.command("seed")
def seed_cmd() -> None:
    """写入演示片区（网格、队员、车辆、今日排班、各状态案件、视频事件、缴款）；可重复运行。"""
    _seed(get_settings(), only_if_empty=False)
    users_cmd()


@demo_app.command("users")
def users_cmd() -> None:
    """列出演示账号与默认密码（仅开发环境）。"""
    settings = get_settings()
    if settings.environment == "production":
        console.print("[red]生产环境不显示演示账号 / demo logins are not shown in production[/]")
        raise typer.Exit(1)
    from case_api.demo import data

    table = Table(title=f"演示账号 demo logins（默认密码 default password: {data.PASSWORD}）")
    for col in ("用户名 username", "角色 role", "姓名 name", "执法证号 badge"):
        table.add_column(col)
    for username, role, name, badge, _phone, _grid, _unit in (*data.STAFF, data.CITIZEN):
        table.add_row(username, role, name, badge or "")
    console.print(table)
    console.print(f"登录 log in: POST {settings.base_url}/api/auth/token (username, password)")
