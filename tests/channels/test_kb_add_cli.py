"""On the command line a regulation added with `zhifa kb add` is at once answered about (`zhifa ask`), cited and
verified (`zhifa kb verify`): each command reads the bureau's additions through its own components container.

The commands run in this process through the real `zhifa` app, configured the way a user configures them (the
environment); `zhifa kb add` is handed a container sharing the session's embedder. The language model is
configured away (a GGUF path with no file): the legal answer is then the quoted provisions, which is what this test
is about — which laws the assistant knows and verifies.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from channels.cli.main import app
from channels.components import Components, build_components
from core.settings import Settings, get_settings
from tests import userlaw

TITLE = "重庆市万州区测试命令行户外招牌管理办法"
REGULATION = userlaw.regulation(TITLE)
QUESTION = userlaw.question(TITLE)

pytestmark = pytest.mark.models


@pytest.fixture
def fresh(kb_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    """A data dir of its own with the session's index; the commands' environment points at it."""
    data = userlaw.data_dir(kb_settings, tmp_path)
    env = {
        "ZHIFA_DATA_DIR": str(data),
        "ZHIFA_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}",
        "ZHIFA_ENVIRONMENT": "test",
        "ZHIFA_LLM__MODEL_PATH": str(tmp_path / "no-model.gguf"),  # no language model
        "ZHIFA_LLM__REQUIRED": "false",
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    get_settings.cache_clear()
    yield get_settings()
    get_settings.cache_clear()


def _ask(components: Components) -> list[dict[str, object]]:
    result = CliRunner().invoke(app, ["ask", QUESTION, "--mode", "legal", "--json"], obj=components)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]


def test_an_added_regulation_is_answered_cited_and_verified_by_the_cli(
    fresh: Settings, components: Components, tmp_path: Path
) -> None:
    before = _ask(
        build_components(fresh, models=components)
    )  # a command's own container (the session's embedder)
    assert any(e["type"] == "refused" and TITLE in str(e.get("reason")) for e in before), before

    path = tmp_path / "招牌办法.txt"
    path.write_text(REGULATION, encoding="utf-8")
    added = CliRunner().invoke(
        app, ["kb", "add", str(path), "--region", "重庆"], obj=build_components(fresh, models=components)
    )
    assert added.exit_code == 0, added.output

    events = _ask(
        build_components(fresh, models=components)
    )  # a new command: no restart of anything, no reload
    kinds = [e["type"] for e in events]
    assert "refused" not in kinds and "error" not in kinds and kinds[-1] == "done", events
    cited = [e["item"] for e in events if e["type"] == "citation"]
    ours = [c for c in cited if isinstance(c, dict) and c["law"] == TITLE]
    assert ours and ours[0]["label"] == "第三条" and ours[0]["verified"] is True, cited
    assert "处三百元以上一千五百元以下罚款" in str(ours[0]["text"])

    answer = f"依据《{TITLE}》第三条，逾期不改正的，处三百元以上一千五百元以下罚款。"
    verified = CliRunner().invoke(app, ["kb", "verify", answer, "--json"])
    assert verified.exit_code == 0, verified.output
    body = json.loads(verified.output)
    assert body["ok"] is True and body["citations"][0]["status"] == "found", body
