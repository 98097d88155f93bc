"""The web chat in a real headless Chromium against the real server (uvicorn on a loopback port)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator

import pytest

from case_api.db import session_for, upgrade
from case_api.demo.data import PASSWORD
from case_api.demo.seed import seed
from case_api.sqltypes import utcnow
from channels.components import Components
from core.settings import Settings
from tests.channels.browser import CHROMIUM, free_port, serve

pytestmark = [pytest.mark.browser, pytest.mark.models]


@pytest.fixture(scope="module")
def server_url(
    components: Components, kb_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    database = tmp_path_factory.mktemp("browser") / "zhifa.db"
    settings = kb_settings.model_copy(update={"port": free_port(), "database_url": f"sqlite:///{database}"})
    upgrade(settings)
    with session_for(settings) as session:  # the demo logins (admin, officer, legal, commander, citizen)
        assert seed(session, settings=settings, now=utcnow()).seeded
        session.commit()
    yield from serve(settings, components)


@pytest.fixture(scope="module")
def page(server_url: str) -> Iterator[object]:
    if not shutil.which("chromium") and not shutil.which(CHROMIUM):
        pytest.fail("headless Chromium is missing: run `make browser` (Debian package chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
            ],
        )
        page = browser.new_page()
        page.goto(server_url + "/")
        yield page
        browser.close()


def test_page_is_chinese_and_reports_readiness(page):
    assert page.title() == "智法 · 城管执法助手"
    badge = page.locator("#ready")
    badge.wait_for()
    page.wait_for_function("document.getElementById('ready').textContent !== '检查中…'", timeout=15000)
    assert badge.text_content() in {"模型已就绪", "模型加载中…"}


def log_in(page, username: str, password: str) -> None:
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("#login-submit")


def test_the_page_asks_for_a_login_first_and_says_what_went_wrong(page):
    page.wait_for_selector("#login-form", state="visible")
    assert page.locator("#chat").is_hidden()
    log_in(page, "officer", "wrong-password")
    page.wait_for_function("document.getElementById('login-msg').textContent.length > 0")
    assert "用户名或密码错误" in (page.locator("#login-msg").text_content() or "")
    assert page.locator("#chat").is_hidden()


def test_too_many_wrong_passwords_tell_when_to_retry(page):
    for _ in range(5):  # the fifth wrong password locks the account for a minute
        log_in(page, "commander", "wrong-password")
        page.wait_for_function("!document.getElementById('login-submit').disabled")
    message = page.locator("#login-msg").text_content() or ""
    assert "登录失败次数过多" in message and re.search(r"\d+ (秒|分钟)后（[\d:]+ 以后）再试", message), (
        message
    )
    log_in(page, "commander", PASSWORD)  # the right password does not open a locked account
    page.wait_for_function("!document.getElementById('login-submit').disabled")
    assert "登录失败次数过多" in (page.locator("#login-msg").text_content() or "")
    assert page.locator("#chat").is_hidden()


def test_officer_logs_in(page):
    log_in(page, "officer", PASSWORD)
    page.wait_for_selector("#chat", state="visible")
    assert "执法队员" in (page.locator("#who").text_content() or "")
    assert page.evaluate("sessionStorage.getItem('zhifa.token')")
    assert page.locator("#logout").is_visible()


def test_officer_describes_a_situation_and_gets_offence_provisions_and_quotes(page):
    page.select_option("#mode", "offence")
    page.fill("#q", "个体水果店把货架摆到店门外人行道上摆卖，占用人行道约六平方米")
    page.click("#send")
    page.wait_for_selector(".msg.bot[data-done='1']", timeout=120000)
    bot = page.locator(".msg.bot").last
    offences = bot.locator(".offence")
    assert offences.count() >= 1
    first = offences.first.text_content() or ""
    assert "违则" in first and "罚则" in first
    assert "重庆市市容环境卫生管理条例》第十八条" in first
    quotes = bot.locator(".cite").all_text_contents()
    assert any("五十元以上五百元以下" in q and "已核验" in q for q in quotes)


def test_question_beyond_the_corpus_is_refused_in_the_page(page):
    page.select_option("#mode", "legal")
    page.fill("#q", "行政处罚法第一百条是怎么规定的？")
    page.press("#q", "Enter")
    page.wait_for_function(
        "document.querySelectorAll(\".msg.bot[data-done='1']\").length >= 2", timeout=60000
    )
    text = page.locator(".msg.bot").last.text_content() or ""
    assert "法规库中没有" in text


def test_logout_returns_to_the_login_form_and_forgets_the_token(page):
    page.click("#logout")
    page.wait_for_selector("#login-form", state="visible")
    assert page.locator("#chat").is_hidden()
    assert page.evaluate("sessionStorage.getItem('zhifa.token')") is None
    status = page.evaluate(
        """fetch('/api/chat', {method: 'POST', headers: {'Content-Type': 'application/json'},
        body: JSON.stringify({message: '占道经营'})}).then(r => r.status)"""
    )
    assert status == 401
