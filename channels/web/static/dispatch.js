"use strict";
// 指挥调度：指挥员向一名队员或一个网格（一呼全应）下达指令，并查看每条指令的时间线；
// 队员看到下达给自己的指令，依次「接收」「到场」（带定位）「反馈结果」。本页显示时每 wb.POLL_MS 刷新一次。
(() => {
  const view = document.getElementById("dispatch-view");
  const msg = document.getElementById("dispatch-msg");
  const form = document.getElementById("order-form");
  const officerSel = document.getElementById("order-officer");
  const gridSel = document.getElementById("order-grid");
  const list = document.getElementById("orders");
  const STATE = { sent: "已下达", acknowledged: "已接收", arrived: "已到场", done: "已反馈" };
  const STATUS = { open: "处置中", done: "已办结", cancelled: "已撤销" };
  let myOfficerId = null;
  let timer = null;
  let inFlight = 0; // actions under way: the periodic refresh waits for them
  const manual = new Set(); // orders whose arrival needs typed coordinates (no browser position)
  const notes = new Map(); // order id → the last error said on its card (kept across refreshes)
  const drafts = new Map(); // "order id:field" → what the officer typed (kept across refreshes)

  function keep(input, orderId, name) {
    const key = `${orderId}:${name}`;
    input.value = drafts.get(key) || "";
    input.addEventListener("input", () => drafts.set(key, input.value));
  }

  // wb.act for one order's card: no refresh while it runs; its error stays on the card after a refresh
  async function act(orderId, button, line, fn) {
    inFlight += 1;
    notes.delete(orderId);
    try {
      await wb.act(button, line, fn);
      if (line.textContent) notes.set(orderId, line.textContent);
    } finally {
      inFlight -= 1;
    }
  }

  function timeline(o) {
    const ol = el("ol", "timeline");
    for (const ev of o.timeline) {
      const li = el("li", `tl-${ev.what}`);
      li.dataset.what = ev.what;
      let text = `${wb.time(ev.at)} ${ev.label}`;
      if (ev.officer_name) text += ` · ${ev.officer_name}`;
      if (ev.lat != null && ev.lon != null) text += ` · 位置 ${ev.lat.toFixed(5)}, ${ev.lon.toFixed(5)}`;
      if (ev.text && ev.what !== "created") text += ` · ${ev.text}`;
      li.textContent = text;
      ol.appendChild(li);
    }
    return ol;
  }

  function locate() {
    return new Promise((resolve, reject) => {
      if (!navigator.geolocation) { reject(new Error("此浏览器不能定位：请手工填写经纬度。")); return; }
      navigator.geolocation.getCurrentPosition(
        (p) => resolve({ lat: p.coords.latitude, lon: p.coords.longitude }),
        () => reject(new Error("无法获取定位（未授权或信号弱）：请手工填写经纬度后再点「到场」。")),
        { enableHighAccuracy: true, timeout: 10000, maximumAge: 60000 },
      );
    });
  }

  function officerActions(o, mine, card) {
    const box = el("div", "actions");
    const line = el("p", "msg-line", notes.get(o.id) || "");
    line.setAttribute("role", "alert");
    const done = (updated) => { card.replaceWith(orderCard(updated)); };
    if (o.status !== "open" || mine.state === "done") return box;
    if (mine.state === "sent") {
      const ack = el("button", "primary ack", "接收");
      ack.type = "button";
      ack.addEventListener("click", () => act(o.id, ack, line, async () => {
        done(await wb.api("POST", `/api/dispatch/orders/${o.id}/acknowledge`));
      }));
      box.appendChild(ack);
    }
    if (mine.state === "sent" || mine.state === "acknowledged") {
      const lat = el("input");
      const lon = el("input");
      for (const [input, label] of [[lat, "纬度"], [lon, "经度"]]) {
        input.inputMode = "decimal";
        input.placeholder = label;
        input.setAttribute("aria-label", label);
        input.hidden = !manual.has(o.id);
        input.className = "coord";
        keep(input, o.id, label);
      }
      const arrive = el("button", "arrive", "到场");
      arrive.type = "button";
      arrive.addEventListener("click", () => act(o.id, arrive, line, async () => {
        let where;
        if (!lat.hidden && lat.value && lon.value) {
          where = { lat: parseFloat(lat.value), lon: parseFloat(lon.value) };
        } else {
          try {
            where = await locate();
          } catch (e) {
            manual.add(o.id);
            lat.hidden = lon.hidden = false;
            throw e;
          }
        }
        done(await wb.api("POST", `/api/dispatch/orders/${o.id}/arrival`, where));
      }));
      box.append(arrive, lat, lon);
    }
    if (mine.state === "arrived") {
      const result = el("textarea");
      result.rows = 2;
      result.maxLength = 5000;
      result.placeholder = "处置结果，如：已劝离摊贩，现场恢复通行";
      result.setAttribute("aria-label", "处置结果");
      keep(result, o.id, "result");
      const report = el("button", "primary report", "反馈结果");
      report.type = "button";
      report.addEventListener("click", () => act(o.id, report, line, async () => {
        if (!result.value.trim()) throw new Error("请填写处置结果。");
        done(await wb.api("POST", `/api/dispatch/orders/${o.id}/result`, { result: result.value.trim() }));
      }));
      box.append(result, report);
    }
    box.appendChild(line);
    return box;
  }

  function orderCard(o) {
    const card = el("article", `card order status-${o.status}`);
    card.dataset.orderId = o.id;
    card.appendChild(el("h4", null, `#${o.id} ${o.title}`));
    const where = [o.location, o.case_id ? `案件 ${o.case_id}` : "", o.grid_id ? "一呼全应" : ""].filter(Boolean);
    card.appendChild(el("p", "meta", `${STATUS[o.status] || o.status} · ${wb.time(o.created_at)}${where.length ? " · " + where.join(" · ") : ""}`));
    if (o.detail) card.appendChild(el("p", null, o.detail));
    const people = el("p", "assignees");
    people.textContent = o.assignments.map((a) => `${a.officer_name}：${STATE[a.state] || a.state}`).join("；");
    card.appendChild(people);
    card.appendChild(timeline(o));
    const mine = o.assignments.find((a) => a.officer_id === myOfficerId);
    if (mine && wb.hasRole("officer")) {
      card.dataset.myState = mine.state;
      card.appendChild(officerActions(o, mine, card));
    }
    return card;
  }

  async function load() {
    // 正在填写到场位置或处置结果时不整页刷新
    if (inFlight > 0) return;
    if (list.contains(document.activeElement) && /INPUT|TEXTAREA/.test(document.activeElement.tagName)) return;
    try {
      const orders = await wb.api("GET", "/api/dispatch/orders?limit=30");
      if (orders.length) list.replaceChildren(...orders.map(orderCard));
      else wb.empty(list, wb.hasRole("officer") ? "没有下达给您的指令。" : "还没有调度指令。");
    } catch (e) {
      wb.empty(list, e.message);
    }
  }

  async function loadTargets() {
    const [officers, grids] = await Promise.all([wb.api("GET", "/api/roster/officers"), wb.api("GET", "/api/roster/grids")]);
    officerSel.replaceChildren(...officers.filter((o) => o.available).map((o) => new Option(`${o.name}（${o.unit || "—"}，${o.badge_no}）`, o.id)));
    gridSel.replaceChildren(...grids.map((g) => new Option(g.name, g.id)));
    return officers;
  }

  for (const radio of form.querySelectorAll("input[name='order-target']")) {
    radio.addEventListener("change", () => {
      const grid = form.querySelector("input[name='order-target']:checked").value === "grid";
      officerSel.hidden = grid;
      gridSel.hidden = !grid;
    });
  }

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const send = document.getElementById("order-send");
    wb.act(send, msg, async () => {
      const grid = form.querySelector("input[name='order-target']:checked").value === "grid";
      const caseId = document.getElementById("order-case").value;
      const body = {
        title: document.getElementById("order-title").value.trim(),
        detail: document.getElementById("order-detail").value.trim(),
        location: document.getElementById("order-location").value.trim(),
        case_id: caseId ? parseInt(caseId, 10) : null,
        officer_id: grid ? null : parseInt(officerSel.value, 10) || null,
        grid_id: grid ? parseInt(gridSel.value, 10) || null : null,
      };
      const order = await wb.api("POST", "/api/dispatch/orders", body);
      wb.say(msg, `指令 #${order.id} 已下达：${order.assignments.map((a) => a.officer_name).join("、")}。`);
      form.reset();
      officerSel.hidden = false;
      gridSel.hidden = true;
      await load();
    });
  });
  document.getElementById("orders-refresh").addEventListener("click", load);

  wb.register("dispatch", {
    el: view,
    async show() {
      msg.textContent = "";
      clearInterval(timer);
      try {
        const officers = await loadTargets();
        const me = officers.find((o) => wb.user && o.user_id === wb.user.id);
        myOfficerId = me ? me.id : null;
      } catch (e) {
        msg.textContent = e.message;
      }
      await load();
      timer = setInterval(load, wb.POLL_MS);
    },
    hide() { clearInterval(timer); timer = null; },
    logout() {
      myOfficerId = null;
      manual.clear();
      notes.clear();
      drafts.clear();
      list.replaceChildren();
      msg.textContent = "";
    },
  });
})();
