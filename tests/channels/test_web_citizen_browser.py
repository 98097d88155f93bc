"""The citizens' page (/citizen, the mini-channel's /api/mini routes in a phone's browser) in a real headless Chromium
against the real server on the demo record: the demo citizen logs in, binds the served case by its number and the
phone on record (a wrong phone is refused in Chinese), sees it with the name and phone masked, pays through the
码上付 page's payment simulator (the loopback channel's signed notice, as WeChat Pay would send it), and the page
updates by itself and shows the receipt. A screenshot at each step."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from sqlmodel import select

from case_api.cases.models import Case
from case_api.db import session_for, upgrade
from case_api.demo import data as demo
from case_api.demo.data import PASSWORD
from case_api.demo.seed import seed
from case_api.sqltypes import utcnow
from channels.components import Components
from core.settings import Settings
from tests.channels.browser import free_port as _free_port
from tests.channels.browser import launch, serve
from tests.channels.test_web_screen_browser import shot
from tests.channels.test_web_workbench_browser import WAIT_MS

pytestmark = [pytest.mark.browser]


@pytest.fixture(scope="module")
def server(
    components: Components, settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Any]]:
    database = tmp_path_factory.mktemp("citizen") / "zhifa.db"
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


def test_citizen_binds_a_case_sees_it_masked_pays_and_gets_the_receipt(
    browser: Any, server: dict[str, Any]
) -> None:
    with session_for(server["settings"]) as session:
        case = session.exec(select(Case).where(Case.state == "served")).one()
        case_no, case_id, fine_fen = case.case_number, case.id, case.fine_fen
    assert case_no
    name, phone = demo.CITIZEN[2], demo.CITIZEN[4]
    context = browser.new_context(viewport={"width": 390, "height": 844})  # a phone
    context.add_init_script("window.ZHIFA_CITIZEN_POLL_MS = 500;")
    page = context.new_page()
    started = time.monotonic()
    page.goto(server["url"] + "/citizen")
    page.wait_for_selector("#login-form", state="visible")
    page.fill("#username", "citizen")
    page.fill("#password", PASSWORD)
    page.click("#login-submit")
    page.wait_for_selector("#main", state="visible")

    # a wrong phone: refused in Chinese, nothing bound
    page.fill("#case-no", case_no)
    page.fill("#bind-phone", "13800000000")
    page.click("#bind-submit")
    page.wait_for_function("document.getElementById('bind-msg').textContent.length > 0", timeout=WAIT_MS)
    assert page.locator(f"#cases .case[data-case-id='{case_id}']").count() == 0
    refused = page.locator("#bind-msg").inner_text()
    assert any(ord(ch) > 0x4E00 for ch in refused), refused

    page.fill("#case-no", case_no)
    page.fill("#bind-phone", phone)
    page.click("#bind-submit")
    card = page.locator(f"#cases .case[data-case-id='{case_id}']")
    card.wait_for(timeout=WAIT_MS)
    shown = card.inner_text()
    assert case_no in shown and name not in shown and phone not in shown, shown  # masked
    assert phone[:3] in shown and phone[-4:] in shown
    shot(page, "citizen-bound")

    # pay: the 码上付 page opens beside; its simulator sends the channel's signed notice
    card.locator("button.pay-btn").click()
    page.wait_for_selector(f"#cases .case[data-case-id='{case_id}'] .pay img", timeout=WAIT_MS)
    page.wait_for_function(  # the QR code
        f"(i => i.complete && i.naturalWidth > 0)(document.querySelector(\"#cases .case[data-case-id='{case_id}'] .pay img\"))",
        timeout=WAIT_MS,
    )
    with page.expect_popup() as popup_info:
        card.locator("a.pay-link").click()
    pay = popup_info.value
    pay.wait_for_load_state()
    assert "罚款缴纳" in pay.inner_text("body") and f"{fine_fen // 100}" in pay.inner_text("body")
    shot(pay, "citizen-pay-page")
    pay.click("button")  # 模拟微信支付（开发环境）
    pay.wait_for_load_state()
    assert "receipt_no" in pay.inner_text("body")
    pay.close()

    # the page notices the payment by itself and shows the receipt
    page.wait_for_selector(
        f"#cases .case[data-case-id='{case_id}'][data-order-status='paid']", timeout=WAIT_MS
    )
    card = page.locator(f"#cases .case[data-case-id='{case_id}']")
    card.locator("button.receipt-btn").click()
    receipt = card.locator(".receipt")
    receipt.wait_for(timeout=WAIT_MS)
    text = receipt.inner_text()
    assert "电子缴款凭证" in text and case_no in text and name not in text
    elapsed = time.monotonic() - started
    with session_for(server["settings"]) as session:
        paid = session.get(Case, case_id)
        assert paid is not None and paid.paid_at is not None and paid.paid_fen == fine_fen
    path = shot(page, "citizen-receipt")
    print(f"\n[citizen] login → bind → masked → pay (simulator) → receipt: {elapsed:.1f} s; {path}")
    context.close()
