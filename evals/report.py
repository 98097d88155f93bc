"""Reports: ``report.json`` for machines, ``report.md`` and one self-contained ``report.html`` (inline CSS and SVG,
nothing fetched) for people."""

from __future__ import annotations

import datetime as dt
import html
import json
import math
import platform
from collections import defaultdict
from dataclasses import asdict
from pathlib import Path
from typing import Any

from evals.runner import SuiteRun, read_results
from evals.suite import display_path, get_suite, revision, suite_names

SCHEMA = 1


def build(runs: list[SuiteRun], *, target: dict[str, Any], wall_s: float, note: str = "") -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "created": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "host": {"machine": platform.machine(), "python": platform.python_version(), "cpus": _cpus()},
        "revision": revision(),
        "target": target,
        "wall_s": round(wall_s, 2),
        "note": note,
        "suites": {
            r.suite.name: {
                "title": r.suite.title,
                "dataset": display_path(r.dataset),
                "config": r.suite.config(),
                "deterministic": r.suite.deterministic,
                "wall_s": round(r.wall_s, 2),
                "resumed": r.resumed,
                "summary": r.summary,
                "metrics": {k: asdict(m) for k, m in r.suite.metrics.items()},
                "items": [asdict(x) for x in r.results],
            }
            for r in runs
        },
    }


def _cpus() -> int | None:
    import os

    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count()


def from_out_dir(out: Path) -> dict[str, Any]:
    """Rebuild a report from the per-item results in ``out`` (after an interrupted run, or to re-render)."""
    suites: dict[str, Any] = {}
    target: dict[str, Any] = {}
    revisions: list[str] = []
    names = suite_names()
    metas = sorted(
        out.glob("*.meta.json"),
        key=lambda p: names.index(n) if (n := p.name[: -len(".meta.json")]) in names else 99,
    )
    for meta_path in metas:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        cls = get_suite(meta["suite"])
        results_path = out / f"{meta['suite']}.results.jsonl"
        if not results_path.is_file():
            continue
        results = list(read_results(results_path).values())
        suite = cls(**meta.get("config", {}))
        target = meta.get("target", target)
        revisions.append(str(meta.get("revision", "unknown")))
        suites[cls.name] = {
            "title": cls.title,
            "dataset": meta["dataset"],
            "config": meta.get("config", {}),
            "deterministic": cls.deterministic,
            "wall_s": meta.get("wall_s_total"),
            "resumed": 0,
            "summary": suite.summarise(results),
            "metrics": {k: asdict(m) for k, m in cls.metrics.items()},
            "items": [asdict(x) for x in results],
        }
    return {
        "schema": SCHEMA,
        "created": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "host": {"machine": platform.machine(), "python": platform.python_version(), "cpus": _cpus()},
        "target": target,
        "wall_s": None,
        "revision": "、".join(dict.fromkeys(revisions)) or "unknown",
        "note": "由逐条结果重建 / rebuilt from the per-item results",
        "suites": suites,
    }


def write(report: dict[str, Any], out: Path) -> dict[str, Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = {"json": out / "report.json", "md": out / "report.md", "html": out / "report.html"}
    paths["json"].write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    paths["md"].write_text(markdown(report), encoding="utf-8")
    paths["html"].write_text(render_html(report), encoding="utf-8")
    return paths


def load(path: Path) -> dict[str, Any]:
    """A report from its JSON file or from the directory that holds it."""
    if path.is_dir():
        path = path / "report.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


# -- formatting --------------------------------------------------------------------------------------------
def fmt(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return f"{value:.3f}" if abs(value) < 100 else f"{value:.1f}"
    if isinstance(value, dict):
        return "，".join(f"{k} {fmt(v)}" for k, v in value.items()) or "—"
    return str(value)


def headline(suite: dict[str, Any]) -> list[tuple[str, str, Any]]:
    """(key, label, value) of every declared metric the summary has, then the other plain numbers."""
    summary = suite["summary"]
    rows = [(k, m["label"], summary.get(k)) for k, m in suite["metrics"].items() if k in summary]
    skip = {k for k, _, _ in rows} | {"confusion"}
    rows += [(k, k, v) for k, v in summary.items() if k not in skip and not isinstance(v, list)]
    return rows


def failed(suite: dict[str, Any]) -> list[dict[str, Any]]:
    return [x for x in suite["items"] if not x["ok"]]


def by_category(suite: dict[str, Any]) -> dict[str, tuple[int, int]]:
    cats: dict[str, list[bool]] = defaultdict(list)
    for x in suite["items"]:
        cats[x.get("category") or "（未分类）"].append(bool(x["ok"]))
    return {k: (sum(v), len(v)) for k, v in sorted(cats.items())}


def markdown(report: dict[str, Any]) -> str:
    lines = [
        "# 智法 评测报告 / ZhiFa eval report",
        "",
        f"- 生成时间 {report['created']}；代码 {report.get('revision', '—')}；目标 {fmt(report.get('target'))}；"
        f"总用时 {fmt(report.get('wall_s'))} 秒",
    ]
    if report.get("note"):
        lines.append(f"- {report['note']}")
    for name, suite in report["suites"].items():
        lines += [
            "",
            f"## {suite['title']}（{name}）",
            "",
            f"数据集 `{suite['dataset']}`，用时 {fmt(suite.get('wall_s'))} 秒",
            "",
        ]
        lines += ["| 指标 | 值 |", "|---|---|"]
        lines += [f"| {label} | {fmt(v)} |" for _, label, v in headline(suite)]
        cats = by_category(suite)
        if len(cats) > 1:
            lines += ["", "| 类别 | 通过 |", "|---|---|"]
            lines += [f"| {c} | {ok}/{n} |" for c, (ok, n) in cats.items()]
        bad = failed(suite)
        if bad:
            lines += ["", f"未通过 {len(bad)} 条：", ""]
            for x in bad:
                d = x.get("detail", {})
                why = x.get("error") or "；".join(
                    str(p) for p in (d.get("citation_problems") or []) + (d.get("unsupported_numbers") or [])
                )
                answer = str(d.get("answer") or d.get("predicted_label") or "").replace("\n", " ")[:120]
                lines.append(f"- `{x['id']}` {answer} {('— ' + why) if why else ''}")
    return "\n".join(lines) + "\n"


# -- HTML --------------------------------------------------------------------------------------------------
CSS = """
body{font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:24px;color:#1d2733;background:#f7f8fa}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:2px solid #2d6cdf;padding-bottom:4px}
h3{font-size:15px;margin:16px 0 6px}.meta{color:#5b6573;font-size:13px}
table{border-collapse:collapse;font-size:13px;background:#fff;margin:6px 0}
td,th{border:1px solid #d9dee5;padding:4px 8px;vertical-align:top;text-align:left}th{background:#eef2f7}
.grid{display:flex;flex-wrap:wrap;gap:18px;align-items:flex-start}.card{background:#fff;border:1px solid #d9dee5;
border-radius:6px;padding:10px 14px}.num{font-variant-numeric:tabular-nums;text-align:right}
.bad{color:#b42318}.good{color:#067647}.cite{font-size:12px;color:#3d4756;max-width:560px}.ans{max-width:520px;
white-space:pre-wrap}details summary{cursor:pointer}svg text{font-family:inherit}
"""


def _bar_chart(cats: dict[str, tuple[int, int]], title: str) -> str:
    width, row, left = 500, 22, 190
    height = row * len(cats) + 30
    parts = [f'<svg width="{width}" height="{height}" role="img" aria-label="{html.escape(title)}">']
    for i, (cat, (ok, n)) in enumerate(cats.items()):
        y = 20 + i * row
        share = ok / n if n else 0
        w = (width - left - 60) * share
        color = "#067647" if share >= 0.9 else "#d97706" if share >= 0.6 else "#b42318"
        parts.append(
            f'<text x="{left - 6}" y="{y + 13}" font-size="12" text-anchor="end">{html.escape(cat[:15])}</text>'
        )
        parts.append(f'<rect x="{left}" y="{y}" width="{width - left - 60}" height="16" fill="#eef2f7"/>')
        parts.append(f'<rect x="{left}" y="{y}" width="{w:.1f}" height="16" fill="{color}"/>')
        parts.append(f'<text x="{width - 54}" y="{y + 13}" font-size="12">{ok}/{n}</text>')
    parts.append(f'<text x="0" y="12" font-size="12" font-weight="bold">{html.escape(title)}</text></svg>')
    return "".join(parts)


def _histogram(values: list[float], title: str) -> str:
    width, height, pad = 420, 170, 30
    if not values:
        return ""
    lo, hi = 0.0, max(values) or 1.0
    bins = min(12, max(4, int(math.sqrt(len(values))) + 2))
    step = (hi - lo) / bins or 1.0
    counts = [0] * bins
    for v in values:
        counts[min(bins - 1, int((v - lo) / step))] += 1
    top = max(counts) or 1
    bw = (width - 2 * pad) / bins
    parts = [f'<svg width="{width}" height="{height}" role="img" aria-label="{html.escape(title)}">']
    parts.append(f'<text x="0" y="12" font-size="12" font-weight="bold">{html.escape(title)}</text>')
    for i, c in enumerate(counts):
        h = (height - 2 * pad) * c / top
        x = pad + i * bw
        parts.append(
            f'<rect x="{x:.1f}" y="{height - pad - h:.1f}" width="{bw - 2:.1f}" height="{h:.1f}" fill="#2d6cdf"/>'
        )
        if c:
            parts.append(
                f'<text x="{x + bw / 2:.1f}" y="{height - pad - h - 3:.1f}" font-size="10" text-anchor="middle">{c}</text>'
            )
    parts.append(
        f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" stroke="#5b6573"/>'
    )
    for frac in (0, 0.5, 1):
        x = pad + (width - 2 * pad) * frac
        parts.append(
            f'<text x="{x:.1f}" y="{height - pad + 14}" font-size="10" text-anchor="middle">{lo + (hi - lo) * frac:.2f}s</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _confusion(conf: dict[str, Any]) -> str:
    rows, cols = conf.get("rows", []), conf.get("cols", [])
    if not rows or not cols:
        return ""
    cell, left, topm = 16, 230, 150
    width, height = left + cell * len(cols) + 10, topm + cell * len(rows) + 10
    counts = {(e, p): n for e, p, n in conf.get("cells", [])}
    parts = [f'<svg width="{width}" height="{height}" role="img" aria-label="违法行为混淆矩阵">']
    for j, c in enumerate(cols):
        x = left + j * cell + cell / 2
        parts.append(
            f'<text transform="translate({x + 4:.1f},{topm - 4}) rotate(-60)" font-size="10">{html.escape(c[:16])}</text>'
        )
    for i, r in enumerate(rows):
        y = topm + i * cell
        parts.append(
            f'<text x="{left - 4}" y="{y + 12}" font-size="10" text-anchor="end">{html.escape(r[:22])}</text>'
        )
        parts.append(
            f'<rect x="{left}" y="{y}" width="{cell * len(cols) - 1}" height="{cell - 1}" fill="#f2f4f7"/>'
        )
        for j, c in enumerate(cols):
            n = counts.get((r, c), 0)
            if not n:
                continue
            fill = "#067647" if r == c else "#b42318"
            title = f"期望 {r} → 得到 {c}：{n}"
            parts.append(
                f'<rect x="{left + j * cell}" y="{y}" width="{cell - 1}" height="{cell - 1}" fill="{fill}">'
                f"<title>{html.escape(title)}</title></rect>"
            )
            if n > 1:
                parts.append(
                    f'<text x="{left + j * cell + 5}" y="{y + 12}" font-size="10" fill="#fff">{n}</text>'
                )
    parts.append("</svg>")
    return "".join(parts)


def _citations_html(d: dict[str, Any]) -> str:
    cites = d.get("citations") or []
    out = []
    for c in cites:
        mark = "" if c.get("verified", True) else ' <b class="bad">未核实</b>'
        text = html.escape(str(c.get("text") or "")[:160])
        out.append(
            f"<div>《{html.escape(str(c.get('law')))}》{html.escape(str(c.get('label')))}{mark}：{text}</div>"
        )
    for p in (d.get("citation_problems") or []) + [
        f"条文外数字：{n}" for n in d.get("unsupported_numbers") or []
    ]:
        out.append(f'<div class="bad">{html.escape(str(p))}</div>')
    return "".join(out) or "—"


def _expected_html(d: dict[str, Any]) -> str:
    exp = d.get("expected")
    if isinstance(exp, dict):
        return "<br>".join(f"{html.escape(str(k))}：{html.escape(fmt(v))}" for k, v in exp.items())
    return html.escape(fmt(exp))


def render_html(report: dict[str, Any]) -> str:
    body = [
        "<h1>智法 评测报告 / ZhiFa eval report</h1>",
        f'<div class="meta">生成 {html.escape(report["created"])} · 目标 {html.escape(fmt(report.get("target")))}'
        f" · 总用时 {fmt(report.get('wall_s'))} 秒 · CPU {fmt(report.get('host', {}).get('cpus'))}"
        f" · 代码 {html.escape(str(report.get('revision', '—')))}</div>",
    ]
    if report.get("note"):
        body.append(f'<div class="meta">{html.escape(report["note"])}</div>')
    body.append(
        "<h2>总览 Scorecard</h2><table><tr><th>套件</th><th>条数</th><th>通过</th><th>关键指标</th></tr>"
    )
    for name, suite in report["suites"].items():
        items = suite["items"]
        key = [f"{label} {fmt(v)}" for _, label, v in headline(suite)[:4]]
        body.append(
            f"<tr><td>{html.escape(suite['title'])}（{name}）</td><td class=num>{len(items)}</td>"
            f"<td class=num>{sum(x['ok'] for x in items)}</td><td>{html.escape('；'.join(key))}</td></tr>"
        )
    body.append("</table>")
    for name, suite in report["suites"].items():
        body.append(f"<h2>{html.escape(suite['title'])}（{name}）</h2>")
        body.append(
            f'<div class="meta">数据集 {html.escape(suite["dataset"])} · 配置 {html.escape(fmt(suite.get("config")))}'
            f" · 用时 {fmt(suite.get('wall_s'))} 秒</div>"
        )
        body.append('<div class="grid"><div class="card"><table><tr><th>指标</th><th>值</th></tr>')
        for _, label, v in headline(suite):
            body.append(f"<tr><td>{html.escape(label)}</td><td class=num>{html.escape(fmt(v))}</td></tr>")
        body.append("</table></div>")
        cats = by_category(suite)
        if cats:
            body.append(f'<div class="card">{_bar_chart(cats, "各类别通过率")}</div>')
        lat = [float(x["latency_s"]) for x in suite["items"] if x.get("latency_s") is not None]
        body.append(f'<div class="card">{_histogram(lat, "每条耗时分布（秒）")}</div>')
        ttft = [float(x["ttft_s"]) for x in suite["items"] if x.get("ttft_s") is not None]
        if ttft and name != "offence":
            body.append(f'<div class="card">{_histogram(ttft, "首字时间分布（秒）")}</div>')
        body.append("</div>")
        conf = suite["summary"].get("confusion")
        if isinstance(conf, dict) and conf.get("rows"):
            body.append("<h3>违法行为混淆矩阵（行：期望，列：top-1；绿色为一致）</h3>")
            body.append(f'<div class="card" style="overflow-x:auto">{_confusion(conf)}</div>')
        bad = failed(suite)
        body.append(f"<h3>未通过 {len(bad)} 条</h3>")
        if bad:
            body.append(
                "<table><tr><th>编号</th><th>输入</th><th>回答</th><th>引用与问题</th><th>期望</th></tr>"
            )
            for x in bad:
                d = x.get("detail", {})
                got = d.get("answer") or d.get("predicted_label") or ""
                if x.get("error"):
                    got = f"出错：{x['error']}"
                body.append(
                    f"<tr><td>{html.escape(x['id'])}</td><td class=ans>{html.escape(str(d.get('input', ''))[:300])}</td>"
                    f"<td class=ans>{html.escape(str(got)[:900])}</td><td class=cite>{_citations_html(d)}</td>"
                    f"<td class=cite>{_expected_html(d)}</td></tr>"
                )
            body.append("</table>")
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>智法评测报告</title><style>{CSS}</style></head><body>{''.join(body)}</body></html>\n"
    )
