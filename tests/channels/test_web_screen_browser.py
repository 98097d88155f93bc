"""The command dashboard (大屏, /screen) and the workbench's case view and camera review queue, in a real headless
Chromium against the real server on the demo record: a commander sees the grids' map with the officers on duty, the
charts and a dispatch order's timeline drawn from where it was sent to where the officer arrived; the page refreshes
by itself; an officer opens a case (timeline, evidence, documents, payment) and reviews camera events (frames shown,
a rejection without a reason refused in Chinese, an approval that opens a case). Each test saves a screenshot."""

from __future__ import annotations

import base64
import hashlib
import io
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from PIL import Image, ImageDraw
from sqlmodel import select

from case_api.camera.models import CameraEvent, EventStatus
from case_api.cases.models import Case
from case_api.db import session_for, upgrade
from case_api.demo import data as demo
from case_api.demo.data import PASSWORD
from case_api.demo.seed import seed
from case_api.roster import duty
from case_api.roster import service as roster_service
from case_api.roster.models import Location, ShiftCreate
from case_api.sqltypes import utcnow
from channels.components import Components
from core.settings import Settings
from tests.channels.browser import free_port as _free_port
from tests.channels.browser import launch, serve
from tests.channels.test_web_workbench_browser import WAIT_MS, open_as

pytestmark = [pytest.mark.browser]
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from launch()


@pytest.fixture(scope="module")
def server(
    components: Components, settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Any]]:
    database = tmp_path_factory.mktemp("screen") / "zhifa.db"
    cfg = settings.model_copy(update={"port": _free_port(), "database_url": f"sqlite:///{database}"})
    upgrade(cfg)
    with session_for(cfg) as session:
        now = utcnow()
        assert seed(session, settings=cfg, now=now).seeded
        plant_shifts_now(session, cfg, now)
        session.commit()
    for url in serve(cfg, components):
        yield {"url": url, "settings": cfg}


def plant_shifts_now(session: Any, cfg: Settings, now: datetime) -> None:
    """The demo seeds a day shift 08:00–20:00 (local) with positions only when seeded inside it: outside those hours
    put every demo officer on a shift from now (until the next day shift starts) with a position in their grid."""
    if duty.on_duty(session, at=now):
        return
    zone = ZoneInfo(cfg.timezone)
    day_start = datetime.combine(now.astimezone(zone).date(), dtime(8, 0), zone)
    end = day_start if now < day_start else now + timedelta(hours=8)
    grids = {g.code: g for g in roster_service.list_grids(session)}
    officers = {o.badge_no: o for o in roster_service.list_officers(session)}
    for k, (_u, role, _n, badge, _p, code, _unit) in enumerate(demo.STAFF):
        if role != "officer" or badge is None or code is None:
            continue
        grid, officer = grids[code], officers[badge]
        roster_service.create_shift(
            session,
            data=ShiftCreate(officer_id=officer.id or 0, grid_id=grid.id or 0,
                             starts_at=now - timedelta(minutes=5), ends_at=end),
            actor_id=None,
        )  # fmt: skip
        where = Location(lat=grid.center_lat + 0.001 * (k % 3), lon=grid.center_lon - 0.001 * (k % 2), at=now)
        roster_service.report_position(session, officer_id=officer.id or 0, location=where)


def shot(page: Any, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000
    return path


def token(url: str, username: str) -> dict[str, str]:
    r = httpx.post(f"{url}/api/auth/token", data={"username": username, "password": PASSWORD}, timeout=30)
    r.raise_for_status()
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def test_commander_sees_the_grid_map_with_officers_charts_and_an_order_timeline(
    browser: Any, server: dict[str, Any]
) -> None:
    url = server["url"]
    commander = token(url, "commander")
    # an order to 李建国 at 五桥客运站, and his arrival with a position: the map draws sent → arrived
    officers = httpx.get(f"{url}/api/roster/officers", headers=commander, timeout=30).json()
    li = next(o for o in officers if o["name"] == "李建国")
    order = httpx.post(
        f"{url}/api/dispatch/orders",
        json={"title": "五桥客运站门前流动摊贩聚集，请前往处置", "officer_id": li["id"],
              "location": "五桥客运站", "lat": 30.7590, "lon": 108.3810},
        headers=commander, timeout=30,
    )  # fmt: skip
    assert order.status_code == 201, order.text
    order_id = order.json()["id"]
    arrived = httpx.post(
        f"{url}/api/dispatch/orders/{order_id}/arrival",
        json={"lat": 30.7601, "lon": 108.3795}, headers=token(url, "officer"), timeout=30,
    )  # fmt: skip
    assert arrived.status_code == 200, arrived.text

    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    context.add_init_script("window.ZHIFA_SCREEN_POLL_MS = 1000;")
    page = context.new_page()
    started = time.monotonic()
    page.goto(url + "/screen")
    page.wait_for_selector("#login-form", state="visible")
    page.fill("#username", "commander")
    page.fill("#password", PASSWORD)
    page.click("#login-submit")
    page.wait_for_selector("#map polygon.grid", timeout=WAIT_MS)
    grids = {p.get_attribute("data-code") for p in page.locator("#map polygon.grid").all()}
    assert grids == {g.code for g in demo.GRIDS}
    labels = page.locator("#map .grid-label").all_text_contents()
    assert "五桥片区" in labels and "高笋塘片区" in labels
    # every officer on today's demo day shift reported a position at the grid's centre
    on_duty = httpx.get(f"{url}/api/roster/on-duty", headers=commander, timeout=30).json()
    assert on_duty and all(o["lat"] is not None for o in on_duty)
    assert page.locator("#map circle.officer").count() == len(on_duty)
    assert "李建国" in page.locator("#map .officer-label").all_text_contents()
    # the order's timeline on the map: where it was sent, then where he arrived
    group = page.locator(f"#map g.order[data-order-id='{order_id}']")
    assert group.locator("polyline.order-path").count() == 1
    assert [p.get_attribute("data-what") for p in group.locator("polygon.order-point").all()] == [
        "created", "arrived",
    ]  # fmt: skip
    assert page.locator("#map polygon.event").count() >= 1  # candidate camera events
    # charts drawn from the record (13 demo cases created today), KPIs
    assert int(page.locator("#chart-day").get_attribute("data-rows") or 0) == 30
    assert int(page.locator("#chart-offence").get_attribute("data-rows") or 0) >= 3
    assert int(page.locator("#chart-grid").get_attribute("data-rows") or 0) >= 3
    assert "在岗队员" in page.locator("#kpis").inner_text()
    # the list shows the order with its steps; clicking selects it on the map
    item = page.locator(f"#orders li[data-order-id='{order_id}']")
    assert "队员到场" in item.inner_text() or "到场" in item.inner_text()
    item.click()
    page.wait_for_selector(f"#map g.order.selected[data-order-id='{order_id}']")
    # live: the page refreshes by itself and shows the result reported after it was opened
    refreshes = int(page.evaluate("document.body.dataset.refreshes"))
    httpx.post(
        f"{url}/api/dispatch/orders/{order_id}/result",
        json={"result": "已劝离摊贩，现场恢复"}, headers=token(url, "officer"), timeout=30,
    )  # fmt: skip
    page.wait_for_function(
        f"""(document.querySelector("#orders li[data-order-id='{order_id}']") || {{}})
        .textContent?.includes('已办结')""",
        timeout=WAIT_MS,
    )
    assert int(page.evaluate("document.body.dataset.refreshes")) > refreshes
    elapsed = time.monotonic() - started
    path = shot(page, "screen-commander")
    print(
        f"\n[screen] login → map with {len(grids)} grids, {len(on_duty)} officers, order closed: {elapsed:.1f} s; {path}"
    )
    # a phone-width screen still shows the map
    page.set_viewport_size({"width": 412, "height": 860})
    assert page.locator("#map").bounding_box()["width"] <= 412
    shot(page, "screen-phone")
    context.close()


def test_an_officer_may_not_open_the_dashboard(server: dict[str, Any]) -> None:
    r = httpx.get(f"{server['url']}/api/screen/overview", headers=token(server["url"], "officer"), timeout=30)
    assert r.status_code == 403 and r.json()["code"] == "role_forbidden"
    assert httpx.get(f"{server['url']}/api/screen/overview", timeout=30).status_code == 401


def test_officer_opens_a_case_and_sees_its_timeline_evidence_documents_and_payment(
    browser: Any, server: dict[str, Any]
) -> None:
    with session_for(server["settings"]) as session:
        case = session.exec(select(Case).where(Case.state == "served")).first()
        assert case is not None
        title = case.title
    started = time.monotonic()
    page = open_as(browser, server["url"], "officer")
    page.click("#nav button[data-view='cases']")
    card = page.locator("#cases-list .card.case", has_text=title)
    card.wait_for(timeout=WAIT_MS)
    card.locator("button.link").click()
    detail = page.locator("#case-one .case-detail")
    detail.wait_for(timeout=WAIT_MS)
    page.wait_for_selector("#case-one .timeline li", timeout=WAIT_MS)
    actions = [li.get_attribute("data-action") for li in page.locator("#case-one .timeline li").all()]
    assert "case.created" in actions and "case.transition" in actions
    assert "送达" in page.locator("#case-one .timeline").inner_text()
    for part in ("evidence", "documents"):  # the demo's cases carry none: the section says so
        page.wait_for_selector(f"#case-one .{part} li, #case-one .{part} .empty", timeout=WAIT_MS)
    payment = page.locator("#case-one .payment").inner_text()
    assert "应缴罚款" in payment  # the served case awaits payment
    page.click("#case-one .payment button.primary")  # 生成缴款码: a QR code for the party
    page.wait_for_selector("#case-one .payment img.qr", timeout=WAIT_MS)
    page.wait_for_function(
        "(i => i && i.complete && i.naturalWidth > 0)(document.querySelector('#case-one .payment img.qr'))",
        timeout=WAIT_MS,
    )
    assert "缴款码" in page.locator("#case-one .payment").inner_text()
    elapsed = time.monotonic() - started
    path = shot(page, "case-view")
    print(f"\n[case view] list → detail with timeline, documents, payment: {elapsed:.1f} s; {path}")
    page.context.close()


def test_officer_reviews_camera_events_with_their_frames(browser: Any, server: dict[str, Any]) -> None:
    with session_for(server["settings"]) as session:
        candidates = session.exec(
            select(CameraEvent).where(CameraEvent.status == EventStatus.candidate)
        ).all()
        assert len(candidates) >= 2
        first, second = candidates[0].id, candidates[1].id
    started = time.monotonic()
    page = open_as(browser, server["url"], "officer")
    page.click("#nav button[data-view='camera']")
    card = page.locator(f"#camera-list .card[data-event-id='{first}']")
    card.wait_for(timeout=WAIT_MS)
    page.wait_for_selector(
        f"#camera-list .card[data-event-id='{first}'][data-frames-loaded]", timeout=WAIT_MS
    )
    assert card.locator("img.frame").evaluate("i => i.complete && i.naturalWidth > 0")
    path = shot(page, "camera-review")
    # a rejection without a reason is refused in Chinese; nothing changes
    card.locator("button.reject").click()
    page.wait_for_function(
        f"""document.querySelector("#camera-list .card[data-event-id='{first}'] .msg-line")
        .textContent.includes('须填写理由')"""
    )
    card.locator("textarea").fill("画面中为正常候车乘客，不构成违法")
    card.locator("button.reject").click()
    page.wait_for_function(
        f"!document.querySelector(\"#camera-list .card[data-event-id='{first}']\")", timeout=WAIT_MS
    )
    other = page.locator(f"#camera-list .card[data-event-id='{second}']")
    other.locator("button.approve").click()
    page.wait_for_function(
        "document.getElementById('camera-msg').textContent.includes('已通过并立案')", timeout=WAIT_MS
    )
    # the case it opened, with the frames as evidence
    page.click("#camera-msg button.open-case")
    page.wait_for_selector("#case-one .evidence li", timeout=WAIT_MS)
    evidence = page.locator("#case-one .evidence li").all_inner_texts()
    assert evidence and all("监控抓拍" in e and "SHA-256" in e for e in evidence)
    shot(page, "camera-approved-case")
    with session_for(server["settings"]) as session:
        rejected = session.get(CameraEvent, first)
        approved = session.get(CameraEvent, second)
        assert rejected is not None and rejected.status == EventStatus.rejected
        assert rejected.review_reason == "画面中为正常候车乘客，不构成违法"
        assert approved is not None and approved.status == EventStatus.approved and approved.case_id
    elapsed = time.monotonic() - started
    print(f"\n[camera review] queue with frames, reject + approve: {elapsed:.1f} s; {path}")
    page.context.close()


# an offence event's item as the assistant sends it (the chat event contract), with and without a "draft"
OFFENCE = {
    "rank": 1, "id": "CQ-SR-18-1", "name": "占道经营", "violated": "《重庆市市容环境卫生管理条例》第十八条第一款",
    "penalty": "《重庆市市容环境卫生管理条例》第十八条第二款", "fine": "五十元以上五百元以下", "band": "轻微",
    "band_reasons": ["首次违法"], "measures": "责令改正", "authority": "", "not_city_management": False,
}  # fmt: skip


@pytest.mark.parametrize("draft", [None, {"title": "五桥客运站门前占道摆卖水果", "location": "五桥街道 客运站路 12 号",
                                          "offence_name": "占道经营", "fine_fen": 5000, "procedure": "simple"}])  # fmt: skip
def test_the_case_draft_from_an_offence_item_records_a_case(
    browser: Any, server: dict[str, Any], draft: dict[str, Any] | None
) -> None:
    page = open_as(browser, server["url"], "officer")
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    item = dict(OFFENCE, draft=draft) if draft else OFFENCE
    page.evaluate(
        "item => document.dispatchEvent(new CustomEvent('zhifa:draft-case', "
        "{ detail: { offence: item, question: '水果店首次在店门外占道摆卖' } }))",
        item,
    )
    page.wait_for_selector("#case-draft", state="visible")
    assert page.locator("#cases-view").is_visible()
    assert page.input_value("#draft-violated") == OFFENCE["violated"]
    if draft is None:
        assert page.input_value("#draft-title") == "水果店首次在店门外占道摆卖"
        page.fill("#draft-location", "五桥街道 百安路 9 号")
    page.click("#draft-submit")
    page.wait_for_function(
        "document.getElementById('cases-msg').textContent || document.getElementById('draft-msg').textContent",
        timeout=WAIT_MS,
    )
    assert "已登记案件" in page.locator("#cases-msg").inner_text(), (
        page.locator("#draft-msg").inner_text(),
        errors,
    )
    case_id = int(page.evaluate("document.getElementById('cases-msg').dataset.createdCase"))
    with session_for(server["settings"]) as session:
        case = session.exec(select(Case).where(Case.id == case_id)).one()
    assert case.offence_name == "占道经营" and case.offence_code == "CQ-SR-18-1"
    assert case.penalty_provision == OFFENCE["penalty"] and case.created_by is not None
    if draft:
        assert (case.title, case.fine_fen, case.procedure) == (draft["title"], 5000, "simple")
    else:
        assert case.location == "五桥街道 百安路 9 号" and "首次违法" in (case.discretion or "")
    page.wait_for_selector("#case-one .case-detail", timeout=WAIT_MS)
    page.context.close()


def test_staff_get_a_one_time_wechat_binding_code(browser: Any, server: dict[str, Any]) -> None:
    page = open_as(browser, server["url"], "officer")
    page.wait_for_selector("#wechat-bind", state="visible", timeout=WAIT_MS)  # the route is in /openapi.json
    page.click("#wechat-bind")
    page.wait_for_function(
        "/^\\w{4,}$/.test(document.getElementById('bind-code').textContent)", timeout=WAIT_MS
    )
    code = page.locator("#bind-code").inner_text()
    assert code in page.locator("#bind-note").inner_text()  # the instructions name the code to send
    shot(page, "wechat-binding-code")
    page.click("#bind-close")
    assert page.locator("#bind-box").is_hidden()
    page.context.close()


def test_a_camera_event_with_several_frames_plays_as_a_clip(browser: Any, server: dict[str, Any]) -> None:
    frames = []
    for k in range(3):
        buf = io.BytesIO()
        img = Image.new("RGB", (320, 180), (40 * k, 90, 130))
        ImageDraw.Draw(img).text((10, 80), f"WZ-CAM-0099 frame {k + 1}", fill=(255, 255, 255))
        img.save(buf, format="PNG")
        content = buf.getvalue()
        frames.append({"filename": f"f{k + 1}.png", "content_type": "image/png",
                       "content_b64": base64.b64encode(content).decode(), "sha256": hashlib.sha256(content).hexdigest()})  # fmt: skip
    event = httpx.post(
        f"{server['url']}/api/camera/events",
        json={"camera_id": "WZ-CAM-0099", "location": "牌楼 北山大道 口", "lat": 30.826, "lon": 108.368,
              "occurred_at": utcnow().isoformat(), "kind": "占道经营", "confidence": 0.8, "frames": frames},
        headers=token(server["url"], "commander"), timeout=30,
    )  # fmt: skip
    assert event.status_code == 201, event.text
    event_id = event.json()["id"]
    page = open_as(browser, server["url"], "legal")
    page.click("#nav button[data-view='camera']")
    card = f"#camera-list .card[data-event-id='{event_id}']"
    page.wait_for_selector(f"{card}[data-frames-loaded='3']", timeout=WAIT_MS)
    assert page.locator(f"{card} .strip img.thumb").count() == 3
    first = page.locator(f"{card} img.frame").get_attribute("src")
    page.click(f"{card} button.play")
    page.wait_for_function(
        f"document.querySelector(\"{card} img.frame\").getAttribute('src') !== {first!r}", timeout=WAIT_MS
    )
    assert "第 2 / 3 帧" in page.locator(f"{card} .player").inner_text()
    page.click(f"{card} button.play")  # pause
    # a frame that does not exist is a Chinese 404
    r = httpx.get(
        f"{server['url']}/api/screen/camera/{event_id}/frames/9", headers=token(server["url"], "legal")
    )
    assert r.status_code == 404 and "没有第 9 帧" in r.json()["message"]
    page.context.close()


def test_a_record_question_shows_the_tool_result_as_a_table(browser: Any, server: dict[str, Any]) -> None:
    page = open_as(browser, server["url"], "commander")
    page.fill("#q", "五桥片区现在有哪些队员在岗")
    page.click("#send")
    page.wait_for_selector(".msg.bot[data-done='1']", timeout=120_000)
    bot = page.locator(".msg.bot[data-done='1']").last
    assert "error" not in (bot.get_attribute("class") or ""), bot.inner_text()
    tool = bot.locator(".tool")
    assert tool.count() >= 1, bot.inner_text()
    table = tool.first.locator(".table-wrap > table.tool-table")
    # 李建国 is on today's shift in 五桥片区 (planted above); the record's field names in Chinese
    assert table.count() == 1 and "李建国" in table.inner_text() and "执法证号" in table.inner_text()
    shot(page, "chat-tool-table")
    page.context.close()


# situations whose two best catalogue candidates are close (the assistant asks which fact holds)
CLOSE_CALLS = ("在人行道上摆摊卖水果", "在路边卖东西", "店铺门口放广告牌")


def test_a_clarifying_question_offers_its_options_and_an_option_asks_again(
    browser: Any, server: dict[str, Any]
) -> None:
    page = open_as(browser, server["url"], "officer")
    page.select_option("#mode", "offence")
    clarify = None
    for n, text in enumerate(CLOSE_CALLS, start=1):
        page.fill("#q", text)
        page.click("#send")
        page.wait_for_function(
            f"document.querySelectorAll(\".msg.bot[data-done='1']\").length >= {n}", timeout=120_000
        )
        bot = page.locator(".msg.bot[data-done='1']").nth(n - 1)  # this answer (not whichever is last)
        if bot.locator(".clarify").count():
            clarify = bot.locator(".clarify")
            break
    assert clarify is not None, "none of the close calls asked a clarifying question"
    assert "？" in clarify.locator("p").inner_text()
    options = clarify.locator("button.option")
    assert options.count() >= 2
    chosen = options.first.inner_text()
    done = page.locator(".msg.bot[data-done='1']").count()
    options.first.click()
    page.wait_for_function(
        f"document.querySelectorAll(\".msg.bot[data-done='1']\").length > {done}", timeout=120_000
    )
    assert chosen in page.locator(".msg.user").last.inner_text()  # the question again, with the chosen fact
    assert clarify.locator("button.option[disabled]").count() == options.count()  # answered once
    assert page.locator(".msg.bot[data-done='1']").last.locator(".offence").count() >= 1
    clarify.scroll_into_view_if_needed()
    shot(page, "chat-clarify")
    page.context.close()
