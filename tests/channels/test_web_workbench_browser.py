"""The web workbench in a real headless Chromium against the real server: 案卷评查 (a legal officer sees a review with
its findings, is told in Chinese that an override needs a reason, and confirms), 预警与告警 (a 脱岗/no-position alert
raised by the server's own evaluator reaches the commander's open page and is acknowledged) and 指挥调度 (a
commander sends an order, the officer acknowledges it, the commander's timeline shows it); each role sees its own
nav, and the chat stays the first view."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlmodel import select

from case_api.db import session_for, upgrade
from case_api.demo import reviewfiles
from case_api.demo.data import PASSWORD
from case_api.demo.seed import seed
from case_api.dispatch.models import DispatchAssignment
from case_api.duty.models import DutyAlert
from case_api.review import service as review_service
from case_api.sqltypes import utcnow
from case_api.storage import BlobStore
from channels.components import Components
from channels.review_catalogue import CatalogueAdapter
from core.settings import Settings
from knowledge.catalogue import load_catalogue
from tests.channels.browser import free_port as _free_port
from tests.channels.browser import launch, serve
from tests.channels.test_server_watch import plant_silent_shift
from tests.channels.test_web_chat_browser import log_in

pytestmark = [pytest.mark.browser]
POLL_MS = 1000  # the page's refresh interval here (30 s in use)
WAIT_MS = 20_000


@pytest.fixture(scope="module")
def server(
    components: Components, settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Any]]:
    database = tmp_path_factory.mktemp("workbench") / "zhifa.db"
    cfg = settings.model_copy(
        update={"port": _free_port(), "database_url": f"sqlite:///{database}", "duty_watch_seconds": 1}
    )
    upgrade(cfg)
    with session_for(cfg) as session:
        assert seed(session, settings=cfg, now=utcnow()).seeded
        files = reviewfiles.plant_showcase(session, settings=cfg, now=utcnow())
        session.commit()
        catalogue, store = CatalogueAdapter(load_catalogue()), BlobStore(cfg.evidence_dir)
        reviews = {
            name: review_service.review_case(session, case, settings=cfg, store=store, catalogue=catalogue).id
            for name, case in files.items()
        }
        session.commit()
    for url in serve(cfg, components):
        yield {"url": url, "settings": cfg, "reviews": reviews}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from launch()


def open_as(browser: Any, url: str, username: str, **context_options: Any) -> Any:
    context = browser.new_context(
        viewport={"width": 412, "height": 860}, **context_options
    )  # a phone's width
    context.add_init_script(f"window.ZHIFA_POLL_MS = {POLL_MS};")
    page = context.new_page()
    page.goto(url + "/")
    page.wait_for_selector("#login-form", state="visible")
    log_in(page, username, PASSWORD)
    page.wait_for_selector("#chat", state="visible")
    return page


def nav(page: Any) -> list[str]:
    return [t.strip() for t in page.locator("#nav button:visible").all_inner_texts()]


def test_each_role_sees_its_own_views_and_the_chat_comes_first(browser: Any, server: dict[str, Any]) -> None:
    expected = {
        "officer": ["助手", "预警与告警", "指挥调度", "案件", "视频审核"],
        "legal": ["助手", "案卷评查", "预警与告警", "案件", "视频审核"],
        "commander": ["助手", "案卷评查", "预警与告警", "指挥调度", "案件", "视频审核"],
    }
    for username, views in expected.items():
        page = open_as(browser, server["url"], username)
        page.wait_for_selector("#nav", state="visible")
        assert nav(page) == views, username
        # the big screen (大屏) is a link beside the views, for those who command or review
        assert page.locator("#screen-link").is_visible() == (username != "officer"), username
        assert page.locator("#q").is_visible() and page.locator("#mic").is_visible()
        page.context.close()
    citizen = open_as(browser, server["url"], "citizen")
    assert citizen.locator("#nav").is_hidden() and citizen.locator("#q").is_visible()
    citizen.context.close()


def test_legal_officer_sees_a_review_with_its_findings_and_confirms_it(
    browser: Any, server: dict[str, Any]
) -> None:
    page = open_as(browser, server["url"], "legal")
    page.click("#nav button[data-view='review']")
    assert page.locator("#chat").is_hidden()
    review_id = server["reviews"]["wrong_penalty_provision"]
    card = page.locator(f"#review-pending .card[data-review-id='{review_id}']")
    card.wait_for(timeout=WAIT_MS)
    finding = card.locator(".finding[data-rule='LAW-PENALTY']")
    assert finding.count() == 1
    text = finding.inner_text()
    assert "[LAW-PENALTY]" in text and "依据：" in text
    assert card.locator(".grade").inner_text() in {"优", "良", "合格", "不合格"}
    # an override without a reason: the API's Chinese message, nothing decided
    grades = card.locator(".decision select option").all_inner_texts()
    other = next(o for o in grades if o.startswith("改定为"))
    card.locator(".decision select").select_option(label=other)
    card.locator(".decision button[type='submit']").click()
    page.wait_for_function(
        f"""(document.querySelector("#review-pending .card[data-review-id='{review_id}'] .decision .msg-line")
        || {{}}).textContent?.includes('须说明理由')""",
        timeout=WAIT_MS,
    )
    # confirm the machine's grade
    card.locator(".decision select").select_option(value="")
    card.locator(".decision button[type='submit']").click()
    page.wait_for_selector(f".card[data-review-id='{review_id}'][data-status='confirmed']", timeout=WAIT_MS)
    page.wait_for_function(
        f"!document.querySelector(\"#review-pending .card[data-review-id='{review_id}']\")", timeout=WAIT_MS
    )
    # a case's review on demand
    clean = server["reviews"]["clean"]
    with session_for(server["settings"]) as session:
        case_id = review_service.get(session, clean).case_id
    page.fill("#review-case-id", str(case_id))
    page.click("#review-show")
    shown = page.locator(f"#review-one .card[data-review-id='{clean}']")
    shown.wait_for(timeout=WAIT_MS)
    assert "未发现问题" in shown.inner_text() and shown.locator(".grade").inner_text() == "优"
    page.fill("#review-case-id", "999999")
    page.click("#review-show")
    page.wait_for_function(
        "document.getElementById('review-msg').textContent.includes('不存在')", timeout=WAIT_MS
    )
    page.context.close()


def test_commander_sees_a_planted_alert_arrive_and_acknowledges_it(
    browser: Any, server: dict[str, Any]
) -> None:
    page = open_as(browser, server["url"], "commander")
    page.wait_for_selector("#nav", state="visible")
    with session_for(
        server["settings"]
    ) as session:  # after the page is open: it must arrive without a reload
        officer_id = plant_silent_shift(session, now=utcnow(), name="孙未报", badge="50010998")
        session.commit()
    page.wait_for_selector(
        "#alert-count:not([hidden])", timeout=WAIT_MS
    )  # the nav shows it from the chat view
    page.click("#nav button[data-view='alerts']")
    card = page.locator("#duty-alerts .card.alert", has_text="孙未报")
    card.wait_for(timeout=WAIT_MS)
    assert "长时间无定位" in card.inner_text()
    card.locator("input").fill("已电话联系，手机没电")
    card.locator("button.ack").click()
    page.wait_for_function(
        "![...document.querySelectorAll('#duty-alerts .card')].some(c => c.textContent.includes('孙未报'))",
        timeout=WAIT_MS,
    )
    with session_for(server["settings"]) as session:
        rows = session.exec(select(DutyAlert).where(DutyAlert.officer_id == officer_id)).all()
    assert [(r.kind, r.note) for r in rows] == [("no_position", "已电话联系，手机没电")]
    assert rows[0].acknowledged_at is not None
    assert "孙未报" in page.locator("#duty-attendance").inner_text()  # the missing check-in as well
    page.context.close()


def test_commander_sends_an_order_and_the_officer_acknowledges_it(
    browser: Any, server: dict[str, Any]
) -> None:
    commander = open_as(browser, server["url"], "commander")
    commander.click("#nav button[data-view='dispatch']")
    commander.wait_for_function(
        "document.getElementById('order-officer').options.length > 0", timeout=WAIT_MS
    )
    commander.fill("#order-title", "高笋塘步行街有流动摊贩，请前往处置")
    commander.fill("#order-location", "万州区高笋塘步行街")
    option = commander.locator("#order-officer option", has_text="李建国").first
    commander.select_option("#order-officer", value=option.get_attribute("value"))
    commander.click("#order-send")
    commander.wait_for_function("document.getElementById('dispatch-msg').textContent.includes('已下达')")
    card = commander.locator("#orders .card.order", has_text="高笋塘步行街有流动摊贩").first
    card.wait_for(timeout=WAIT_MS)
    order_id = card.get_attribute("data-order-id")
    assert "指挥员下达指令" in card.inner_text() and "李建国：已下达" in card.inner_text()

    officer = open_as(browser, server["url"], "officer")
    officer.click("#nav button[data-view='dispatch']")
    assert officer.locator("#order-form").is_hidden()  # officers do not send orders
    mine = officer.locator(f"#orders .card[data-order-id='{order_id}']")
    mine.wait_for(timeout=WAIT_MS)
    mine.locator("button.ack").click()
    officer.wait_for_selector(f"#orders .card[data-order-id='{order_id}'][data-my-state='acknowledged']")
    with session_for(server["settings"]) as session:
        state = session.exec(
            select(DispatchAssignment.state).where(DispatchAssignment.order_id == int(order_id or 0))
        ).one()
    assert state == "acknowledged"
    # the commander's open page shows it in the timeline without a reload
    commander.wait_for_function(
        f"""(document.querySelector("#orders .card[data-order-id='{order_id}'] .timeline") || {{}})
        .textContent?.includes('队员已接收')""",
        timeout=WAIT_MS,
    )
    # arrival needs a position: without one the page says so in Chinese and offers the fields
    officer.locator(f"#orders .card[data-order-id='{order_id}'] button.arrive").click()
    officer.wait_for_selector(f"#orders .card[data-order-id='{order_id}'] .coord:visible", timeout=WAIT_MS)
    assert "定位" in officer.locator(f"#orders .card[data-order-id='{order_id}'] .msg-line").inner_text()
    officer.context.close()
    commander.context.close()


def test_an_officer_with_a_position_arrives_and_reports_and_the_order_closes(
    browser: Any, server: dict[str, Any]
) -> None:
    commander = open_as(browser, server["url"], "commander")
    commander.click("#nav button[data-view='dispatch']")
    commander.wait_for_function(
        "document.getElementById('order-officer').options.length > 0", timeout=WAIT_MS
    )
    commander.fill("#order-title", "牌楼长江大桥桥头占道堆放，请核查")
    option = commander.locator("#order-officer option", has_text="李建国").first
    commander.select_option("#order-officer", value=option.get_attribute("value"))
    commander.click("#order-send")
    card = commander.locator("#orders .card.order", has_text="牌楼长江大桥桥头占道堆放").first
    card.wait_for(timeout=WAIT_MS)
    order_id = card.get_attribute("data-order-id")

    officer = open_as(
        browser, server["url"], "officer",
        geolocation={"latitude": 30.8075, "longitude": 108.4003}, permissions=["geolocation"],
    )  # fmt: skip
    officer.click("#nav button[data-view='dispatch']")
    mine = f"#orders .card[data-order-id='{order_id}']"
    officer.wait_for_selector(f"{mine} button.arrive", timeout=WAIT_MS)
    officer.click(f"{mine} button.arrive")  # arrival implies acknowledgement
    officer.wait_for_selector(f"{mine}[data-my-state='arrived']", timeout=WAIT_MS)
    assert "30.80750, 108.40030" in officer.locator(f"{mine} .timeline").inner_text()
    officer.fill(f"{mine} textarea", "已责令当事人清理，现场恢复通行")
    officer.click(f"{mine} button.report")
    officer.wait_for_selector(f"{mine}[data-my-state='done']", timeout=WAIT_MS)
    commander.wait_for_function(
        f"""(document.querySelector("#orders .card[data-order-id='{order_id}'] .timeline") || {{}})
        .textContent?.includes('指令办结')""",
        timeout=WAIT_MS,
    )
    assert "已责令当事人清理" in commander.locator(f"#orders .card[data-order-id='{order_id}']").inner_text()
    officer.context.close()
    commander.context.close()
