"""The runner over the real pipeline: resumable per-item results, reports a person can read, compare, the HTTP
target speaking to the real app."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from case_api.users.models import Role
from channels.components import Components, build_runtime
from channels.server import create_app
from core.settings import Settings
from evals import compare, report
from evals.gate import regressions
from evals.runner import ResumeMismatch, run_suite
from evals.suite import DATASETS, get_suite, read_jsonl
from evals.targets import HttpTarget, InProcessTarget


def small_dataset(tmp_path: Path, n: int = 3) -> Path:
    rows = read_jsonl(DATASETS / "offence_dev.jsonl")[:n]
    path = tmp_path / "offence_small.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def test_an_interrupted_run_resumes_without_redoing_items(tmp_path: Path, target: InProcessTarget):
    data, out = small_dataset(tmp_path), tmp_path / "out"
    seen: list[tuple[int, bool]] = []
    first = run_suite(get_suite("offence")(), target, out, dataset=data, limit=2)
    assert [r.id for r in first.results] == ["dev-off-001", "dev-off-002"]
    results = out / "offence.results.jsonl"
    with results.open("a", encoding="utf-8") as fh:  # the interruption cut a line in half
        fh.write('{"suite": "offence", "id": "dev-off-0')
    second = run_suite(
        get_suite("offence")(),
        target,
        out,
        dataset=data,
        progress=lambda s, n, t, r: seen.append((n, r is None)),
    )
    assert second.resumed == 2
    assert seen == [(1, True), (2, True), (3, False)]  # only the third item ran
    lines = [json.loads(x) for x in results.read_text(encoding="utf-8").splitlines() if x.endswith("}")]
    assert [x["id"] for x in lines] == ["dev-off-001", "dev-off-002", "dev-off-003"]
    assert second.summary["items"] == 3 and second.summary["top1"] == 1.0
    meta = json.loads((out / "offence.meta.json").read_text(encoding="utf-8"))
    assert meta["wall_s_total"] == pytest.approx(first.wall_s + second.wall_s, abs=0.02)
    with pytest.raises(ResumeMismatch, match="--fresh"):
        run_suite(get_suite("offence")(mode="auto"), target, out, dataset=data)
    fresh = run_suite(get_suite("offence")(mode="auto"), target, out, dataset=data, fresh=True)
    assert fresh.resumed == 0 and len(fresh.results) == 3


def test_offence_scores_and_a_wrong_expectation_fails(tmp_path: Path, target: InProcessTarget):
    rows = read_jsonl(DATASETS / "offence_dev.jsonl")[:2]
    rows[1]["expected"]["fine_max"] = 999  # a record the system cannot satisfy: the metric must see it
    rows[1]["expected"]["penalty"][0]["article"] = "第九十九条"
    path = tmp_path / "d.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    run = run_suite(get_suite("offence")(), target, tmp_path / "o", dataset=path)
    good, bad = run.results
    assert good.ok and good.scores["top1"] and good.scores["citations_invalid"] == 0
    assert good.detail["citations"] and good.detail["answer"]
    assert not bad.ok and bad.scores["rank"] is None and not bad.scores["fine_exact"]
    assert run.summary["top1"] == 0.5 and run.summary["citation_validity"] == 1.0


def test_other_record_shapes_are_scored_not_errors(tmp_path: Path, target: InProcessTarget):
    """A second offence given as one provision (law/article/item) and a record of lawful conduct (no provision):
    each is scored, neither is an error that drops the item from the figures."""
    rows = read_jsonl(DATASETS / "offence_dev.jsonl")[:2]
    v = rows[0]["expected"]["violated"][0]
    rows[0]["expected"]["also_offences"] = [{"offence": "同一行为", "law": v["law"], "article": v["article"]}]
    rows[1]["expected"].update(violated=[], penalty=[], also_offences=[])
    path = tmp_path / "shapes.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    run = run_suite(get_suite("offence")(), target, tmp_path / "o", dataset=path)
    other, lawful = run.results
    assert other.error is None and other.scores["second_offence_top3"] is True
    assert lawful.error is None and lawful.scores["top1"] is None and lawful.category == "无违法"
    assert run.summary["errors"] == 0 and run.summary["top1"] == 1.0  # the lawful record is not in the mean


def test_a_record_citing_the_penalty_provision_as_its_violated_provision_counts_only_loosely(
    tmp_path: Path, target: InProcessTarget
):
    """The writer's 违则 is the card's 罚则 (the same offence, another citing convention): not a strict top-1, a
    top-1 either way; a record whose provisions the card does not hold is neither."""
    rows = read_jsonl(DATASETS / "offence_dev.jsonl")[:2]
    exp = rows[0]["expected"]
    exp["violated"] = [dict(exp["penalty"][0], primary=True)]
    rows[1]["expected"]["violated"][0]["article"] = "第九十九条"
    path = tmp_path / "convention.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    run = run_suite(get_suite("offence")(), target, tmp_path / "o", dataset=path)
    penalty_as_violated, wrong = run.results
    assert not penalty_as_violated.scores["top1"] and penalty_as_violated.scores["top1_either_convention"]
    assert not wrong.scores["top1"] and not wrong.scores["top1_either_convention"]
    assert run.summary["top1_either_convention"] == 0.5


def test_reports_are_self_contained_and_compare_item_by_item(tmp_path: Path, target: InProcessTarget):
    data = small_dataset(tmp_path)
    run_a = run_suite(get_suite("offence")(), target, tmp_path / "a", dataset=data)
    rep_a = report.build([run_a], target=target.describe(), wall_s=run_a.wall_s)
    paths = report.write(rep_a, tmp_path / "a")
    page = paths["html"].read_text(encoding="utf-8")
    assert "<svg" in page and "违法行为混淆矩阵" in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)  # nothing fetched from elsewhere
    assert "<script" not in page
    assert "| 违法行为 top-1 | 1.000 |" in paths["md"].read_text(encoding="utf-8")
    assert (
        json.loads(paths["json"].read_text(encoding="utf-8"))["suites"]["offence"]["summary"]["top3"] == 1.0
    )
    # B: the same run with one item turned into a failure
    rep_b = json.loads(json.dumps(rep_a))
    item = rep_b["suites"]["offence"]["items"][1]
    item["ok"], item["detail"]["answer"] = False, "另一个回答"
    rep_b["suites"]["offence"]["summary"]["top1"] = 0.6667
    diff = compare.compare(rep_a, rep_b)
    [change] = diff["suites"]["offence"]["items"]
    assert change["id"] == "dev-off-002" and change["change"] == "退步" and change["b"] == "另一个回答"
    assert change["a"] == rep_a["suites"]["offence"]["items"][1]["detail"]["answer"][:200]
    text = compare.render(diff)
    assert "退步" in text and "1.000 → 0.667" in text and "变差" in text
    assert regressions(rep_a, rep_b) and "top1" in regressions(rep_a, rep_b)[0]
    assert regressions(rep_a, rep_a) == []
    failed_page = report.render_html(rep_b)
    assert "另一个回答" in failed_page  # every failed item is shown with its answer
    rebuilt = report.from_out_dir(tmp_path / "a")
    assert rebuilt["suites"]["offence"]["summary"]["top1"] == 1.0


def test_http_target_drives_the_server_routes(
    components: Components,
    tmp_path: Path,
    app_settings: Settings,
    login: Callable[[Role], dict[str, str]],
    target: InProcessTarget,
):
    data = small_dataset(tmp_path, 2)
    app = create_app(app_settings, runtime=build_runtime(app_settings, models=components))
    token = login(Role.officer)["Authorization"].split()[1]
    with TestClient(app) as client:
        remote = HttpTarget("http://testserver", token=token, client=client, statutes=target.statutes)
        over_http = run_suite(get_suite("offence")(), remote, tmp_path / "h", dataset=data)
        with pytest.raises(Exception, match="401"):
            HttpTarget(
                "http://testserver", token="not-a-token", client=client, statutes=target.statutes
            ).chat("占道经营", mode="offence")
    local = run_suite(get_suite("offence")(), target, tmp_path / "l", dataset=data)
    assert (
        [r.scores["rank"] for r in over_http.results] == [r.scores["rank"] for r in local.results] == [1, 1]
    )
    assert [r.detail["answer"] for r in over_http.results] == [r.detail["answer"] for r in local.results]
    meta = json.loads((tmp_path / "h" / "offence.meta.json").read_text(encoding="utf-8"))
    assert meta["target"] == {"target": "http", "url": "http://testserver"}


def test_only_runs_the_chosen_items_into_the_same_results(tmp_path: Path, target: InProcessTarget):
    data, out = small_dataset(tmp_path), tmp_path / "out"
    chosen = run_suite(get_suite("offence")(), target, out, dataset=data, only={"dev-off-003"})
    assert [r.id for r in chosen.results] == ["dev-off-003"]
    rest = run_suite(get_suite("offence")(), target, out, dataset=data)
    assert rest.resumed == 1 and [r.id for r in rest.results] == ["dev-off-001", "dev-off-002", "dev-off-003"]
    with pytest.raises(ValueError, match="dev-off-999"):
        run_suite(get_suite("offence")(), target, out, dataset=data, only={"dev-off-999"})


def test_a_chat_reads_the_party_from_the_message_as_the_product_does(target: InProcessTarget) -> None:
    """The product's chat reads the party from the message by default (party_type "auto"); so does the eval target:
    a question about a unit that dumps rubbish gets the unit's fine, not a person's."""
    question = "一个单位把食堂的生活垃圾随便倒在河沟里，固废法对单位罚多少？"
    run = target.chat(question)
    assert run.offences, run.answer
    assert run.offences[0].id == "household-waste-dumping"
    assert run.offences[0].party == "organisation"
    assert "50000–500000元" in run.offences[0].fine, run.offences[0].fine
    forced = target.chat(question, party_type="individual")  # a caller may still fix the party
    assert forced.offences[0].party == "individual" and "100–500元" in forced.offences[0].fine
