"""`zhifa duty watch` — the periodic evaluator of 考勤 and 脱岗: every on-duty officer, every minute."""

from __future__ import annotations

import time

import typer

from channels.cli.console import make_console
from core.settings import get_settings

console = make_console()
duty_app = typer.Typer(help="勤务监督 / attendance and 脱岗 evaluator", no_args_is_help=True)


@duty_app.command("watch")
def watch_cmd(
    once: bool = typer.Option(False, "--once", help="只评估一次 / one tick and exit"),
    interval: int = typer.Option(60, min=5, max=3600, help="评估间隔（秒）"),
) -> None:
    """每分钟评估所有在岗队员：长时间无定位、离开网格、迟到、未签到 → 预警与考勤记录。"""
    from case_api import db
    from case_api.duty import service, watch

    settings = get_settings()
    db.check_database(settings)
    n = settings.offduty_alert_minutes
    params = watch.Params(silent_minutes=n, outside_minutes=n)
    while True:
        started = time.monotonic()
        with db.session_for(settings) as session:
            result = service.tick(session, params=params)
            session.commit()
        for a in result.raised:
            console.print(
                f"{result.at:%H:%M} 预警 {a.officer_name} {a.kind_label} 自 {a.started_at:%H:%M}",
                markup=False,
            )
        for r in result.attendance:
            console.print(
                f"{result.at:%H:%M} 考勤 {r.officer_name} {r.kind_label} {r.minutes:g} 分钟", markup=False
            )
        if once:
            console.print(
                f"在岗班次 {result.shifts}，新预警 {len(result.raised)}，结束 {result.ended}", markup=False
            )
            return
        time.sleep(max(0.0, interval - (time.monotonic() - started)))


warnings_app = typer.Typer(help="预警 / early warnings", no_args_is_help=True)


@warnings_app.command("evaluate")
def warnings_evaluate(
    week: str | None = typer.Option(None, help="该周任一日 YYYY-MM-DD；缺省为本周"),
    history_weeks: int = typer.Option(8, min=2, max=52),
    alpha: float = typer.Option(0.01, min=0.0001, max=0.5),
) -> None:
    """按网格 × 违法行为统计本周案件数，超过泊松预警线的推送给订阅者（同一周只预警一次）。"""
    from datetime import date

    from case_api import db
    from case_api.sqltypes import utcnow
    from case_api.warnings import rules, service

    settings = get_settings()
    db.check_database(settings)
    day = date.fromisoformat(week) if week else utcnow().date()
    with db.session_for(settings) as session:
        result = service.evaluate(
            session, settings=settings, week=day, params=rules.Params(history_weeks=history_weeks, alpha=alpha),
            actor_id=None,
        )  # fmt: skip
        session.commit()
    for w in result.created:
        console.print(f"预警 {w.message}", markup=False)
    console.print(
        f"{result.week_start} 起一周：新预警 {len(result.created)}，已预警 {result.already}", markup=False
    )


def register(app: typer.Typer) -> None:
    app.add_typer(duty_app, name="duty")
    app.add_typer(warnings_app, name="warnings")
