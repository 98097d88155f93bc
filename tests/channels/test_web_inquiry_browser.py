"""Voice → transcript → 询问笔录 draft in the workbench's case view, in a real headless Chromium against the real
server with the bundled speech model: an officer opens the demo case under investigation, uploads an interview
recording, watches the job finish, reads the transcript and gets the draft record (询问人/被询问人 turns) stored as a
draft document of the case. A screenshot of the draft."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sqlmodel import select

from case_api.cases.models import Case
from case_api.db import session_for, upgrade
from case_api.demo.seed import seed
from case_api.documents.models import Document
from case_api.sqltypes import utcnow
from channels.components import Components
from core.settings import Settings
from tests.channels.browser import free_port as _free_port
from tests.channels.browser import launch, serve
from tests.channels.test_web_screen_browser import shot
from tests.channels.test_web_workbench_browser import open_as
from tests.speech.conftest import AISHELL, PADDLE, samples, write_wav

pytestmark = [pytest.mark.browser, pytest.mark.models]
QUESTION = Path(__file__).parents[1] / "speech" / "data" / "zh_question.wav"  # “我有的时候说不清楚你们知道吗”
JOB_MS = 600_000


@pytest.fixture(scope="module")
def server(
    components: Components, settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Any]]:
    database = tmp_path_factory.mktemp("inquiry") / "zhifa.db"
    cfg = settings.model_copy(update={"port": _free_port(), "database_url": f"sqlite:///{database}"})
    upgrade(cfg)
    with session_for(cfg) as session:
        assert seed(session, settings=cfg, now=utcnow()).seeded
        session.commit()
    for url in serve(cfg, components):
        yield {"url": url, "settings": cfg}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from launch()


def test_officer_uploads_an_interview_and_gets_a_draft_record(
    browser: Any, server: dict[str, Any], tmp_path: Path
) -> None:
    gap = np.zeros(16000, dtype=np.float32)
    recording = write_wav(
        tmp_path / "询问录音.wav",
        np.concatenate([samples(QUESTION), gap, samples(PADDLE), gap, samples(AISHELL)]),
    )
    with session_for(server["settings"]) as session:
        case = session.exec(select(Case).where(Case.state == "investigating")).one()
        case_id, title = case.id, case.title
    page = open_as(browser, server["url"], "officer")
    page.click("#nav button[data-view='cases']")
    page.locator("#cases-list .card.case", has_text=title).locator("button.link").click()
    box = page.locator("#case-one .inquiry")
    box.wait_for(timeout=20_000)
    started = time.monotonic()
    box.locator("input[type='file']").set_input_files(str(recording))
    box.locator("blockquote.transcript").wait_for(timeout=JOB_MS)
    transcribed = time.monotonic() - started
    assert "跑步" in box.locator("blockquote.transcript").inner_text()
    box.locator("button.primary").click()
    box.locator("ol.turns li").first.wait_for(timeout=60_000)
    turns = box.locator("ol.turns li").all_inner_texts()
    assert any(t.startswith("被询问人：") for t in turns) and "询问笔录" in box.inner_text()
    elapsed = time.monotonic() - started
    with session_for(server["settings"]) as session:
        docs = session.exec(select(Document).where(Document.case_id == case_id)).all()
    assert [(d.doc_type, d.status) for d in docs] == [("inquiry_record", "draft")]
    path = shot(page, "inquiry-draft")
    print(f"\n[inquiry] upload → transcript {transcribed:.1f} s → draft record {elapsed:.1f} s; {path}")
    page.context.close()
