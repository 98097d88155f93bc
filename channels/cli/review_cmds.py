"""`zhifa review case|all|summary|checklist` — 案卷评查 from the command line (the catalogue port filled here)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import typer

from channels.cli.console import make_console
from core.settings import get_settings

console = make_console()
review_app = typer.Typer(help="案卷评查 / case-file review", no_args_is_help=True)


def _catalogue() -> Any:
    from channels.review_catalogue import CatalogueAdapter
    from knowledge.catalogue import load_catalogue

    return CatalogueAdapter(load_catalogue())


def _print_review(session: Any, review: Any) -> None:
    from case_api.review import service

    pub = service.present(session, review)
    console.print(
        f"案件 {pub.case_id} {pub.case_number or ''}　得分 {pub.score}　等级 {pub.grade}　评查 #{pub.id}",
        markup=False,
    )
    for f in pub.findings:
        mark = "✗" if f.fatal else "!"
        console.print(f"  {mark} [{f.rule}] {f.title}：{f.message}（依据：{f.basis}）", markup=False)
    for s in pub.skipped:
        console.print(f"  - 未核对 {s}", markup=False)


@review_app.command("case")
def review_case(
    case: str = typer.Argument(..., help="案件 id 或案件编号"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """评查一件案卷并保存结果 / review one case file and store the result."""
    from case_api import db
    from case_api.cases import service as cases_service
    from case_api.errors import DomainError
    from case_api.review import service
    from case_api.storage import BlobStore

    settings = get_settings()
    db.check_database(settings)
    with db.session_for(settings) as session:
        found = cases_service.get_by_number(session, case)
        if found is None and case.isdigit():
            found = session.get(cases_service.Case, int(case))
        if found is None:
            console.print(f"未找到案件 {case}。", markup=False)
            raise typer.Exit(code=1)
        try:
            review = service.review_case(
                session,
                found,
                settings=settings,
                store=BlobStore(settings.evidence_dir),
                catalogue=_catalogue(),
            )
        except DomainError as exc:
            console.print(exc.message, markup=False)
            raise typer.Exit(code=1) from exc
        session.commit()
        if as_json:
            typer.echo(service.present(session, review).model_dump_json(indent=2))
        else:
            _print_review(session, review)


@review_app.command("all")
def review_all(
    closed_only: bool = typer.Option(True, "--closed/--open-too", help="只评查已结案/归档的案卷（默认）"),
) -> None:
    """评查全部案卷并打印等级分布 / review every (closed) case file."""
    from sqlmodel import col, select

    from case_api import db
    from case_api.cases.models import Case, CaseState
    from case_api.review import service
    from case_api.storage import BlobStore

    settings = get_settings()
    db.check_database(settings)
    states = {CaseState.closed, CaseState.archived} if closed_only else set(service.REVIEWABLE)
    catalogue, store = _catalogue(), BlobStore(settings.evidence_dir)
    counts: dict[str, int] = {}
    with db.session_for(settings) as session:
        cases = session.exec(
            select(Case).where(col(Case.state).in_(sorted(states))).order_by(col(Case.id))
        ).all()
        for case in cases:
            review = service.review_case(session, case, settings=settings, store=store, catalogue=catalogue)
            counts[review.grade] = counts.get(review.grade, 0) + 1
            _print_review(session, review)
        session.commit()
    console.print(
        f"共评查 {len(cases)} 件：" + "，".join(f"{g} {n}" for g, n in sorted(counts.items())), markup=False
    )


@review_app.command("summary")
def review_summary(
    by: str = typer.Option("month", help="officer | team | month"),
    date_from: str | None = typer.Option(None, "--from", help="YYYY-MM-DD"),
    date_to: str | None = typer.Option(None, "--to", help="YYYY-MM-DD"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """优良率统计 / share of good files per officer, team or month."""
    from case_api import db
    from case_api.errors import DomainError
    from case_api.review import service

    settings = get_settings()
    db.check_database(settings)
    with db.session_for(settings) as session:
        try:
            result = service.summary(
                session, by=by, settings=settings,
                date_from=date.fromisoformat(date_from) if date_from else None,
                date_to=date.fromisoformat(date_to) if date_to else None,
            )  # fmt: skip
        except DomainError as exc:
            console.print(exc.message, markup=False)
            raise typer.Exit(code=2) from exc
    if as_json:
        typer.echo(json.dumps(result.model_dump(mode="json"), ensure_ascii=False, indent=2))
        return
    for row in [*result.rows, result.total]:
        grades = " ".join(f"{g}{n}" for g, n in row.grades.items())
        console.print(
            f"{row.key}\t案卷 {row.files}\t优良 {row.good}（{row.share_good:.0%}）\t均分 {row.average_score}\t{grades}",
            markup=False,
        )


@review_app.command("checklist")
def review_checklist() -> None:
    """列出评查标准 / the checklist's rules."""
    from case_api.review import checklist

    cl = checklist.load()
    console.print(f"评查标准 版本 {cl.version}", markup=False)
    for r in cl.rules:
        console.print(
            f"{r.id}\t{r.points}{'（否决）' if r.fatal else ''}\t{r.title}\t{r.basis}", markup=False
        )


@review_app.command("demo")
def review_demo() -> None:
    """在演示片区加入评查示例案卷（一件规范、五件各含一处缺陷）并评查 / plant the review showcase and review it.

    The evidence-changed file really changes a stored file: `zhifa audit verify` reports it as well."""
    from case_api import db
    from case_api.demo import reviewfiles
    from case_api.review import service
    from case_api.sqltypes import utcnow
    from case_api.storage import BlobStore

    settings = get_settings()
    if settings.environment == "production":
        console.print("生产环境不写入演示数据 / no demo data in production", markup=False)
        raise typer.Exit(1)
    db.check_database(settings)
    catalogue, store = _catalogue(), BlobStore(settings.evidence_dir)
    with db.session_for(settings) as session:
        try:
            files = reviewfiles.plant_showcase(session, settings=settings, now=utcnow())
        except LookupError as exc:
            console.print(str(exc), markup=False)
            raise typer.Exit(1) from exc
        session.commit()
        for name, case in files.items():
            expected = sorted(reviewfiles.SHOWCASE[name][1]) or ["无"]
            console.print(f"— {name}（应发现：{'、'.join(expected)}）", markup=False)
            review = service.review_case(session, case, settings=settings, store=store, catalogue=catalogue)
            _print_review(session, review)
        session.commit()


def register(app: typer.Typer) -> None:
    app.add_typer(review_app, name="review")
