"""``zhifa eval compare A B``: what changed between two reports, metric by metric and item by item."""

from __future__ import annotations

from typing import Any

from evals.report import fmt


def _better(direction: str, delta: float) -> str:
    if direction == "info" or abs(delta) < 1e-9:
        return ""
    good = delta > 0 if direction == "higher" else delta < 0
    return "改善" if good else "变差"


def compare(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """Per suite present in both: metric deltas, and items whose pass/fail (or answer) changed."""
    out: dict[str, Any] = {"only_in_a": [], "only_in_b": [], "suites": {}}
    out["only_in_a"] = sorted(set(a["suites"]) - set(b["suites"]))
    out["only_in_b"] = sorted(set(b["suites"]) - set(a["suites"]))
    for name in [n for n in b["suites"] if n in a["suites"]]:
        sa, sb = a["suites"][name], b["suites"][name]
        metrics = []
        for key, spec in sb.get("metrics", {}).items():
            va, vb = sa["summary"].get(key), sb["summary"].get(key)
            if not isinstance(va, int | float) or not isinstance(vb, int | float) or isinstance(va, bool):
                if va != vb:
                    metrics.append(
                        {
                            "metric": key,
                            "label": spec["label"],
                            "a": va,
                            "b": vb,
                            "delta": None,
                            "verdict": "",
                        }
                    )
                continue
            delta = round(float(vb) - float(va), 4)
            metrics.append(
                {
                    "metric": key,
                    "label": spec["label"],
                    "a": va,
                    "b": vb,
                    "delta": delta,
                    "verdict": _better(spec.get("direction", "higher"), delta),
                }
            )
        items_a = {x["id"]: x for x in sa["items"]}
        items_b = {x["id"]: x for x in sb["items"]}
        changed = []
        for rid in sorted(set(items_a) | set(items_b)):
            xa, xb = items_a.get(rid), items_b.get(rid)
            if xa is None or xb is None:
                changed.append({"id": rid, "change": "仅在 A" if xb is None else "仅在 B"})
                continue
            ans_a = str(xa.get("detail", {}).get("answer", ""))
            ans_b = str(xb.get("detail", {}).get("answer", ""))
            if xa["ok"] != xb["ok"]:
                changed.append(
                    {
                        "id": rid,
                        "change": "修复" if xb["ok"] else "退步",
                        "a": ans_a[:200],
                        "b": ans_b[:200],
                        "error_b": xb.get("error"),
                    }
                )
            elif ans_a != ans_b:
                changed.append({"id": rid, "change": "回答变化", "a": ans_a[:200], "b": ans_b[:200]})
        out["suites"][name] = {"metrics": metrics, "items": changed}
    return out


def render(diff: dict[str, Any]) -> str:
    lines = []
    for side in ("only_in_a", "only_in_b"):
        if diff[side]:
            lines.append(f"{'仅 A 有' if side == 'only_in_a' else '仅 B 有'}的套件：{'、'.join(diff[side])}")
    for name, part in diff["suites"].items():
        lines.append(f"== {name}")
        moved = [m for m in part["metrics"] if m["delta"] is None or m["delta"] != 0]
        for m in moved:
            delta = "" if m["delta"] is None else f" ({m['delta']:+.4g})"
            lines.append(f"  {m['label']}: {fmt(m['a'])} → {fmt(m['b'])}{delta} {m['verdict']}".rstrip())
        counts: dict[str, int] = {}
        for item in part["items"]:
            counts[item["change"]] = counts.get(item["change"], 0) + 1
        if counts:
            lines.append("  逐条：" + "，".join(f"{k} {v}" for k, v in counts.items()))
        for item in part["items"]:
            if item["change"] in ("修复", "退步"):
                lines.append(
                    f"  [{item['change']}] {item['id']}: {item.get('a', '')[:60]!r} → {item.get('b', '')[:60]!r}"
                )
        if not moved and not part["items"]:
            lines.append("  没有变化")
    return "\n".join(lines)
