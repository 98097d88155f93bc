"""An officer's whole flow in the web workbench, in a real headless Chromium against the real server with the bundled
models (issue #13): log in on a phone-sized screen, ask 占道经营首次违法怎么处罚, watch the answer stream in with a
citation, open the cited article's text, get an offence suggestion and open a case from it (立案 → the case draft →
POST /api/cases → the case view). The assistant's wording changes as it is improved: the assertions are on the
page's structure (a citation, its article, an offence card with a 立案 button, the case recorded), not on exact text.
Each step saves a screenshot under var/screenshots/."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from sqlmodel import select

from case_api.cases.models import Case
from case_api.db import session_for, upgrade
from case_api.demo.data import PASSWORD
from case_api.demo.seed import seed
from case_api.sqltypes import utcnow
from channels.components import Components
from core.settings import Settings
from tests.channels.browser import free_port as _free_port
from tests.channels.browser import launch, serve
from tests.channels.test_web_chat_browser import log_in
from tests.channels.test_web_screen_browser import shot

pytestmark = [pytest.mark.browser, pytest.mark.models]
ANSWER_MS = 600_000  # the bundled model on a busy two-core host
QUESTION = "占道经营首次违法怎么处罚"
SITUATION = "一家水果店第一次把货架摆到店门外人行道上卖水果，占用人行道约三平方米"

# the distinct lengths the answer's text had while it streamed in (before the message was marked done)
WATCH = """() => {
  window.__lengths = new Set();
  new MutationObserver(() => {
    const bot = [...document.querySelectorAll('.msg.bot')].pop();
    const body = bot && bot.querySelector('.body');
    if (bot && !bot.dataset.done && bot.dataset.streaming && body) window.__lengths.add(body.textContent.length);
  }).observe(document.getElementById('log'), { childList: true, subtree: true, characterData: true });
}"""


@pytest.fixture(scope="module")
def server(
    components: Components, kb_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Any]]:
    database = tmp_path_factory.mktemp("officer-flow") / "zhifa.db"
    cfg = kb_settings.model_copy(update={"port": _free_port(), "database_url": f"sqlite:///{database}"})
    upgrade(cfg)
    with session_for(cfg) as session:
        assert seed(session, settings=cfg, now=utcnow()).seeded
        session.commit()
    for url in serve(cfg, components):
        yield {"url": url, "settings": cfg}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from launch()


def answer(page: Any, text: str, mode: str) -> Any:
    """Ask and wait for the answer to finish; the bot message."""
    before = page.locator(".msg.bot[data-done='1']").count()
    page.select_option("#mode", mode)
    page.fill("#q", text)
    page.click("#send")
    page.wait_for_function(
        f"document.querySelectorAll(\".msg.bot[data-done='1']\").length > {before}", timeout=ANSWER_MS
    )
    bot = page.locator(".msg.bot[data-done='1']").nth(before)
    assert "error" not in (bot.get_attribute("class") or ""), bot.inner_text()
    return bot


def test_officer_asks_opens_the_cited_article_and_files_a_case(browser: Any, server: dict[str, Any]) -> None:
    timings: dict[str, float] = {}
    context = browser.new_context(viewport={"width": 412, "height": 860})  # a phone
    page = context.new_page()
    t0 = time.monotonic()
    page.goto(server["url"] + "/")
    page.wait_for_selector("#login-form", state="visible")
    log_in(page, "officer", PASSWORD)
    page.wait_for_selector("#chat", state="visible")
    timings["login"] = time.monotonic() - t0
    page.wait_for_selector("#nav button[data-view='cases']", state="visible")

    # 1. the legal question (法律问答): a streamed answer with at least one citation from the corpus
    page.evaluate(WATCH)
    t0 = time.monotonic()
    bot = answer(page, QUESTION, "legal")
    timings["answer"] = time.monotonic() - t0
    assert page.evaluate("window.__lengths.size") >= 2, (bot.get_attribute("data-skill"), bot.inner_text())
    assert (bot.locator(".body").inner_text() or "").strip() or bot.locator(".offence").count()
    cites = bot.locator(".cite")
    assert cites.count() >= 1, bot.inner_text()
    first = cites.first
    quote = (first.locator(".quote").inner_text() or "").strip()
    assert first.get_attribute("data-id") and "已核验" in first.inner_text()
    first.scroll_into_view_if_needed()
    shot(page, "officer-answer")

    # 2. the citation opens the article's text (GET /api/kb/articles/{id}), which contains what was quoted
    t0 = time.monotonic()
    first.locator("button.cite-open").click()
    page.wait_for_selector("#article[data-loaded='1']", timeout=30_000)
    timings["article"] = time.monotonic() - t0
    article = page.locator("#article-body").inner_text()
    assert article.strip()
    assert quote[:12].replace("\n", "") in article.replace("\n", ""), (quote, article)
    shot(page, "officer-article")
    page.click("#article-close")
    assert page.locator("#article").is_hidden()

    # 3. an offence suggestion with a 立案 button: the same question in 自动 mode (the assistant picks its skills),
    #    else the situation described in 违法行为研判
    t0 = time.monotonic()
    bot = answer(page, QUESTION, "auto")
    offences = bot.locator(".offence")
    if offences.count() == 0 or offences.first.locator("button.file-case").count() == 0:
        bot = answer(page, SITUATION, "offence")
        offences = bot.locator(".offence")
    timings["offence"] = time.monotonic() - t0
    assert offences.count() >= 1, bot.inner_text()
    card = offences.first
    name = (card.locator("h3").inner_text() or "").split(". ", 1)[-1]
    assert "违则" in card.inner_text() and "罚则" in card.inner_text()
    card.scroll_into_view_if_needed()
    shot(page, "officer-offence")

    # 4. 立案: the draft opens filled from the suggestion; submitted, the case is recorded and shown
    t0 = time.monotonic()
    card.locator("button.file-case").click()
    page.wait_for_selector("#case-draft", state="visible")
    assert page.input_value("#draft-offence") == name
    assert page.input_value("#draft-violated") and page.input_value("#draft-title")
    page.fill("#draft-location", "五桥街道 客运站路 12 号")
    page.click("#draft-submit")
    page.wait_for_function(
        "document.getElementById('cases-msg').textContent || document.getElementById('draft-msg').textContent",
        timeout=30_000,
    )
    assert "已登记案件" in page.locator("#cases-msg").inner_text(), page.locator("#draft-msg").inner_text()
    page.wait_for_selector("#case-one .case-detail .timeline li[data-action='case.created']", timeout=30_000)
    timings["file_case"] = time.monotonic() - t0
    case_id = int(page.evaluate("document.getElementById('cases-msg').dataset.createdCase"))
    with session_for(server["settings"]) as session:
        case = session.exec(select(Case).where(Case.id == case_id)).one()
    assert case.offence_name == name and case.location == "五桥街道 客运站路 12 号"
    assert case.violated_provision and case.penalty_provision and case.state == "lead"
    path = shot(page, "officer-case")
    print("\n[officer flow] " + ", ".join(f"{k} {v:.1f} s" for k, v in timings.items()) + f"; {path}")
    context.close()
