"""`zhifa kb offences`: list the offence catalogue, or rank its offences for a described situation.

Registers on the kb group (`channels.cli.kb_cmds.kb_app`) when imported: channels/cli/main.py imports this module.
"""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from channels.cli.console import make_console
from channels.cli.kb_cmds import kb_app
from knowledge.catalogue import load_catalogue
from knowledge.catalogue.facts import FACT_LABELS, read_facts
from knowledge.catalogue.schema import COMPETENCE_LABELS, PARTIES, Offence


class Party(StrEnum):
    individual = "individual"
    organisation = "organisation"


def _ref(refs: list[Any]) -> str:
    return "；".join(r.label for r in refs)


def _fines(o: Offence, tier: int = 0) -> str:
    parts = []
    for party, label in zip(PARTIES, ("个人", "单位"), strict=True):
        f = o.fine_for(party, tier)
        parts.append(f"{label} {f.label() if f else '—'}")
    return "；".join(parts)


def _catalogue_rows() -> list[dict[str, Any]]:
    return [
        {
            "id": o.id,
            "name": o.name,
            "domain": o.domain,
            "violated": o.primary_violated.short(),
            "penalty": o.primary_penalty.short(),
            "fines": {p: (f.label() if (f := o.fine_for(p)) else None) for p in PARTIES},
            "competence": o.competence,
            "competent_authority": o.competent_authority,
        }
        for o in load_catalogue().offences
    ]


def _print_catalogue(console: Console) -> None:
    cat = load_catalogue()
    table = Table(title=f"违法行为目录（{len(cat)} 项）", show_lines=False)
    for col in ("编号", "违法行为", "违则", "罚则", "罚款幅度", "管辖"):
        table.add_column(col, overflow="fold")
    for o in cat.offences:
        table.add_row(
            o.id,
            o.name,
            o.primary_violated.label,
            o.primary_penalty.label,
            _fines(o),
            "城管" if o.competence == "city_management" else COMPETENCE_LABELS[o.competence],
        )
    console.print(table)


def _print_hits(console: Console, text: str, hits: list[Any]) -> None:
    read = read_facts(text)
    cues = "，".join(f"{FACT_LABELS.get(k, k)}（{v}）" for k, v in read.evidence.items()) or "无"
    who = "单位" if hits and hits[0].party == "organisation" else "个人"
    how = "" if read.party_detected else "（未识别到，按默认）"
    console.print(f"[bold]当事人类型[/bold]：{who}{how}；识别到的情节线索：{cues}")
    for rank, h in enumerate(hits, start=1):
        o = h.offence
        console.print(f"\n[bold]{rank}. {o.name}[/bold]  （{o.id}，得分 {h.score:.3f}）")
        console.print(f"   违则：{_ref(o.violated)}")
        console.print(f"   罚则：{_ref(o.penalty)}")
        console.print(
            f"   罚款幅度：{_fines(o, h.tier_index)}"
            + (f"（前提：{o.fine_condition}）" if o.fine_condition else "")
        )
        console.print(f"   裁量建议：{h.band.label()}；理由：{'；'.join(h.band.reasons)}")
        if h.band.note:
            console.print(f"   说明：{h.band.note}")
        if o.competence != "city_management":
            console.print(f"   [yellow]管辖：{o.competent_authority}[/yellow]")
        console.print(f"   适用说明：{o.governing}")


@kb_app.command("offences")
def offences(
    ctx: typer.Context,
    match: str | None = typer.Option(None, "--match", "-m", help="描述现场情况，返回最可能的违法行为"),
    party: Party | None = typer.Option(
        None, "--party", help="当事人类型：individual（个人）或 organisation（单位）"
    ),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出"),
    k: int = typer.Option(5, "--k", min=1, max=50, help="返回前 k 项"),
    keywords_only: bool = typer.Option(False, "--keywords-only", help="不加载向量模型，只用关键词和结构线索"),
) -> None:
    """违法行为目录：不带 --match 时列出目录；带 --match 时按现场描述排序返回违法行为、违则、罚则、罚款幅度和裁量建议。"""
    console = make_console()
    if match is None:
        if as_json:
            typer.echo(json.dumps(_catalogue_rows(), ensure_ascii=False, indent=2))
        else:
            _print_catalogue(console)
        return
    from channels.cli.context import command_components
    from knowledge.catalogue.matcher import build_matcher

    components = command_components(ctx)
    # keywords only: no embedder is loaded; else the knowledge base's matcher, on the container's embedder
    matcher = (
        build_matcher(components.settings, None, components.knowledge.store)
        if keywords_only
        else components.knowledge.matcher
    )
    hits = matcher.match(match, party=party.value if party else None, k=k)
    if as_json:
        typer.echo(json.dumps([h.as_dict() for h in hits], ensure_ascii=False, indent=2))
    else:
        _print_hits(console, match, hits)
