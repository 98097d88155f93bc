"""Voice questions in the web chat, in a real headless Chromium against the real server: an audio file through the
「上传语音」 fallback, a recording through the 🎤 button (Chromium's fake microphone plays a real Mandarin clip), and
the Chinese messages for a refused file, a denied microphone and a browser that cannot record."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from case_api.demo.data import PASSWORD
from speech.asr import SAMPLES_DIR, char_error_rate
from tests.channels.browser import CHROMIUM
from tests.channels.test_web_chat_browser import log_in, server_url

pytestmark = [pytest.mark.browser, pytest.mark.models]
__all__ = ["server_url"]  # the module's server (uvicorn on a loopback port, demo logins)

PADDLE = SAMPLES_DIR / "zh_paddlespeech_zh.wav"  # 5.0 s
PADDLE_TEXT = "我认为跑步最重要的就是给我带来了身体健康"
ANSWER_TIMEOUT_MS = 240_000  # transcription, then the local LLM's answer, on a shared CPU


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not os.path.exists(CHROMIUM):
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
                "--use-fake-device-for-media-stream",
                "--use-fake-ui-for-media-stream",
                f"--use-file-for-fake-audio-capture={PADDLE}%noloop",
            ],
        )
        yield browser
        browser.close()


def open_chat(browser: Any, url: str, init_script: str | None = None) -> Any:
    context = browser.new_context(permissions=["microphone"])
    if init_script:
        context.add_init_script(init_script)
    page = context.new_page()
    page.goto(url + "/")
    page.wait_for_selector("#login-form", state="visible")
    log_in(page, "officer", PASSWORD)
    page.wait_for_selector("#chat", state="visible")
    return page


@pytest.fixture(scope="module")
def page(browser: Any, server_url: str) -> Iterator[Any]:
    page = open_chat(browser, server_url)
    yield page
    page.context.close()


def answered(page: Any, count: int) -> Any:
    """Wait for the ``count``-th finished bot message and return it."""
    page.wait_for_function(
        f"document.querySelectorAll(\".msg.bot[data-done='1']\").length >= {count}", timeout=ANSWER_TIMEOUT_MS
    )
    return page.locator(".msg.bot[data-done='1']").nth(count - 1)


def test_an_audio_file_is_transcribed_shown_as_the_question_and_answered(page: Any) -> None:
    page.select_option("#mode", "legal")
    page.set_input_files("#audio-file", str(PADDLE))
    question = page.locator(".msg.user").last
    page.wait_for_selector(".msg.user[data-transcript='1']", timeout=ANSWER_TIMEOUT_MS)
    assert char_error_rate(question.text_content() or "", PADDLE_TEXT) <= 0.1, question.text_content()
    bot = answered(page, 1)
    assert "error" not in (bot.get_attribute("class") or "")
    body = bot.locator(".body").text_content() or ""
    assert body.strip() and body not in {"正在识别语音，随后作答…", "思考中…"}, body
    assert not page.locator("#send").is_disabled() and not page.locator("#mic").is_disabled()


def test_a_file_that_is_not_audio_is_explained_in_chinese(page: Any) -> None:
    junk = {"name": "照片.m4a", "mimeType": "audio/mp4", "buffer": os.urandom(5000)}
    page.set_input_files("#audio-file", files=[junk])
    bot = answered(page, 2)
    assert "error" in (bot.get_attribute("class") or "")
    assert "无法识别这个音频" in (bot.text_content() or "")
    assert page.locator(".msg.user").last.text_content() == "🎤 语音（未能识别）"


def test_the_microphone_button_records_and_asks(page: Any) -> None:
    page.click("#mic")
    page.wait_for_selector("#mic.recording")
    assert "录音中" in (page.locator("#mic-status").text_content() or "")
    assert page.locator("#mic-cancel").is_visible()
    # the fake microphone plays the 5-second clip once, then silence: stop once it has been heard
    page.wait_for_function("parseFloat(document.getElementById('mic').dataset.seconds || '0') >= 6")
    page.click("#mic")
    page.wait_for_selector("#mic:not(.recording)")
    page.wait_for_function(
        "document.querySelectorAll(\".msg.user[data-transcript='1']\").length >= 2", timeout=ANSWER_TIMEOUT_MS
    )
    heard = page.locator(".msg.user[data-transcript='1']").last.text_content() or ""
    assert char_error_rate(heard, PADDLE_TEXT) <= 0.15, heard
    bot = answered(page, 3)
    assert "error" not in (bot.get_attribute("class") or ""), bot.text_content()


def test_a_cancelled_recording_is_not_sent(page: Any) -> None:
    before = page.locator(".msg.user").count()
    page.click("#mic")
    page.wait_for_selector("#mic.recording")
    page.click("#mic-cancel")
    page.wait_for_selector("#mic:not(.recording)")
    assert page.locator("#mic-status").text_content() == "已取消录音。"
    assert page.locator(".msg.user").count() == before


def test_a_denied_microphone_points_to_the_file_upload(browser: Any, server_url: str) -> None:
    deny = """navigator.mediaDevices.getUserMedia = () =>
        Promise.reject(new DOMException("Permission denied", "NotAllowedError"));"""
    page = open_chat(browser, server_url, deny)
    try:
        page.click("#mic")
        page.wait_for_selector("#mic-status.error")
        message = page.locator("#mic-status").text_content() or ""
        assert "麦克风权限被拒绝" in message and "上传语音" in message
        assert page.locator(".msg.user").count() == 0
    finally:
        page.context.close()


def test_a_browser_that_cannot_record_offers_the_upload(browser: Any, server_url: str) -> None:
    page = open_chat(browser, server_url, "delete window.MediaRecorder;")
    try:
        assert page.locator("#mic").is_disabled()
        assert "上传语音" in (page.locator("#mic").get_attribute("title") or "")
        assert page.locator("#audio-label").is_visible()
    finally:
        page.context.close()


def test_a_recording_stops_by_itself_at_sixty_seconds(browser: Any, server_url: str) -> None:
    context = browser.new_context(permissions=["microphone"])
    context.clock.install()  # the page's timers and performance.now: sixty seconds pass at once
    page = context.new_page()
    try:
        page.goto(server_url + "/")
        page.wait_for_selector("#login-form", state="visible")
        log_in(page, "officer", PASSWORD)
        page.wait_for_selector("#chat", state="visible")
        page.click("#mic")
        page.wait_for_selector("#mic.recording")
        page.clock.run_for(61_000)
        page.wait_for_selector("#mic:not(.recording)")
        assert "已录满 60 秒，自动停止并发送" in (page.locator("#mic-status").text_content() or "")
        bot = answered(page, 1)  # the sent clip is a fraction of a second of the fake microphone
        assert bot.text_content()
    finally:
        context.close()
