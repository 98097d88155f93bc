"""`zhifa db upgrade`, `zhifa audit verify`, `zhifa users create`, and the setup step that migrates the database."""

from __future__ import annotations

import typer

from channels.cli.console import make_console
from channels.cli.setup_steps import add_step
from core.settings import Settings, get_settings

console = make_console()
db_app = typer.Typer(help="数据库 / database", no_args_is_help=True)
audit_app = typer.Typer(help="全过程记录审计链 / the audit chain", no_args_is_help=True)
users_app = typer.Typer(help="用户 / users", no_args_is_help=True)


def migrate(settings: Settings) -> None:
    from case_api import db

    db.upgrade(settings)
    info = db.check_database(settings)
    console.print(f"  数据库 database: {info.dialect} {info.url} @ {', '.join(info.revisions)}")


@db_app.command("upgrade")
def db_upgrade() -> None:
    """迁移数据库到最新结构 / migrate the database to the latest schema (alembic upgrade heads)."""
    migrate(get_settings())
    console.print("[green]数据库已是最新 / database is up to date[/]")


@audit_app.command("verify")
def audit_verify(
    files: bool = typer.Option(
        True, "--files/--no-files", help="同时校验证据与文书文件 / also check stored files"
    ),
) -> None:
    """校验哈希链与证据文件；发现篡改时以非零状态退出 / verify; exit 1 on any tampering."""
    from case_api import db
    from case_api.audit import service as audit_service
    from case_api.storage import BlobStore

    settings = get_settings()
    db.check_database(settings)
    with db.session_for(settings) as session:
        store = BlobStore(settings.evidence_dir) if files else None
        report = audit_service.verify(session, evidence_store=store)
    console.print(
        f"审计记录 entries: {report.entries}　链尾 last seq: {report.last_seq}　文件 files: {report.files_checked}"
    )
    if report.ok:
        console.print("[bold green]✓ 审计链完整，文件未被改动 / chain and files intact[/]")
        return
    for p in report.problems:
        console.print(f"[red]✗[/] {p.kind} {'#' + str(p.seq) if p.seq is not None else ''} {p.detail}")
    raise typer.Exit(code=1)


@users_app.command("create")
def users_create(
    username: str = typer.Argument(..., help="登录名"),
    role: str = typer.Option(..., help="officer | legal | commander | admin | citizen"),
    full_name: str = typer.Option(..., "--name", help="姓名"),
    password: str = typer.Option(..., prompt=True, hide_input=True, confirmation_prompt=True),
    badge_no: str | None = typer.Option(None, help="执法证号（执法队员必填）"),
    phone: str | None = typer.Option(None),
    id_number: str | None = typer.Option(None),
) -> None:
    """新建用户 / create a user."""
    from pydantic import ValidationError

    from case_api import db
    from case_api.errors import DomainError
    from case_api.users import service as users_service
    from case_api.users.models import UserCreate

    settings = get_settings()
    db.check_database(settings)
    try:
        data = UserCreate(
            username=username, full_name=full_name, role=role, password=password,  # type: ignore[arg-type]
            badge_no=badge_no, phone=phone, id_number=id_number,
        )  # fmt: skip
        with db.session_for(settings) as session:
            user = users_service.create(session, data=data, actor_id=None)
            session.commit()
    except ValidationError as exc:
        console.print(f"[red]输入有误 / invalid input:[/] {exc.errors()[0]['loc']} {exc.errors()[0]['msg']}")
        raise typer.Exit(code=2) from exc
    except DomainError as exc:
        console.print(f"[red]{exc.message}[/]")
        raise typer.Exit(code=1) from exc
    console.print(f"[green]已创建 created[/] #{user.id} {user.username} ({user.role})")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root `zhifa` app."""
    app.add_typer(db_app, name="db")
    app.add_typer(audit_app, name="audit")
    app.add_typer(users_app, name="users")


add_step(20, "数据库迁移 / migrate the database", migrate)


def _index_cases_step(settings: Settings) -> None:
    from channels.case_index import index_past_cases
    from channels.components import build_components

    report = index_past_cases(settings, build_components(settings).embedder())
    count = report.kinds.get("case", 0)
    state = "已是最新" if report.unchanged else f"新向量化 {report.embedded} 个文档"
    typer.echo(f"历史案件入库检索：{count} 件，{state}")


add_step(50, "历史案件索引 / index past cases", _index_cases_step)
