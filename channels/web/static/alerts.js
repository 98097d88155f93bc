"use strict";
// 预警与告警：指挥员看到待处理的脱岗/无定位告警（可确认）与考勤异常；订阅了网格的用户看到推送的预警及其数字。
// 登录后每 wb.POLL_MS（约 30 秒）在后台刷新一次：告警无需刷新页面就出现在指挥员屏幕上，导航上显示待处理数。
(() => {
  const view = document.getElementById("alerts-view");
  const msg = document.getElementById("alerts-msg");
  const dutyBox = document.getElementById("duty-alerts");
  const attendanceBox = document.getElementById("duty-attendance");
  const warningsBox = document.getElementById("warnings");
  const subsBox = document.getElementById("subscriptions");
  const count = document.getElementById("alert-count");
  const updated = document.getElementById("alerts-updated");
  let timer = null;
  let inFlight = 0; // acknowledgements under way: the list is not redrawn under them

  function alertCard(a) {
    const card = el("article", `card alert ${a.open ? "open" : "ended"}`);
    card.dataset.alertId = a.id;
    card.appendChild(el("h4", null, `${a.officer_name} · ${a.kind_label}`));
    const state = a.open ? `持续中，已 ${Math.round(a.minutes)} 分钟` : `已结束（${wb.time(a.ended_at)}）`;
    card.appendChild(el("p", "meta", `自 ${wb.time(a.started_at)} 起 · ${state} · 班次 ${a.shift_id}`));
    const line = el("p", "msg-line");
    const note = el("input");
    note.maxLength = 500;
    note.placeholder = "处置说明（可选）";
    note.setAttribute("aria-label", "处置说明");
    const ack = el("button", "primary ack", "确认");
    ack.type = "button";
    ack.addEventListener("click", async () => {
      inFlight += 1;
      try {
        await wb.act(ack, line, async () => {
          await wb.api("POST", `/api/duty/alerts/${a.id}/acknowledge`, { note: note.value.trim() || null });
          card.remove();
          if (!dutyBox.querySelector(".card")) wb.empty(dutyBox, "没有待处理的告警。");
        });
      } finally {
        inFlight -= 1;
      }
      if (!line.textContent) refresh();
    });
    const row = el("div", "row");
    row.append(note, ack);
    card.append(row, line);
    return card;
  }

  function attendanceCard(r) {
    const card = el("article", "card attendance");
    const when = r.checkin_at ? `签到 ${wb.time(r.checkin_at)}` : "未签到";
    card.appendChild(el("p", null, `${r.officer_name} · ${r.kind_label} ${Math.round(r.minutes)} 分钟 · ${when} · 记录于 ${wb.time(r.recorded_at)}`));
    return card;
  }

  function warningCard(w) {
    const card = el("article", "card warning");
    card.dataset.warningId = w.id;
    card.appendChild(el("h4", null, `${w.grid} · ${w.offence}`));
    card.appendChild(el("p", null, w.message));
    const table = el("table", "figures");
    const rows = [
      ["本周", `${w.count} 起（${w.week_start} 起）`],
      ["历史平均", `${w.baseline} 起/周`],
      ["预警线", `${w.threshold} 起`],
      ["尾概率", String(w.p_value.toPrecision(2))],
      ["前几周", (w.history || []).join("、") || "—"],
    ];
    for (const [k, v] of rows) {
      const tr = el("tr");
      tr.append(el("td", null, k), el("td", null, v));
      table.appendChild(tr);
    }
    card.appendChild(table);
    return card;
  }

  async function loadDuty() {
    const [alerts, attendance] = await Promise.all([
      wb.api("GET", "/api/duty/alerts?unacknowledged=true&limit=100"),
      wb.api("GET", "/api/duty/attendance?limit=20"),
    ]);
    count.textContent = String(alerts.length);
    count.hidden = alerts.length === 0;
    if (alerts.length) dutyBox.replaceChildren(...alerts.map(alertCard));
    else wb.empty(dutyBox, "没有待处理的告警。");
    if (attendance.length) attendanceBox.replaceChildren(...attendance.map(attendanceCard));
    else wb.empty(attendanceBox, "没有考勤异常。");
  }

  async function loadWarnings() {
    const [warnings, subs] = await Promise.all([
      wb.api("GET", "/api/warnings"),
      wb.api("GET", "/api/warnings/subscriptions"),
    ]);
    if (warnings.length) warningsBox.replaceChildren(...warnings.map(warningCard));
    else wb.empty(warningsBox, "没有推送给您的预警（可在下方订阅网格）。");
    subsBox.replaceChildren(...subs.map((s) => {
      const chip = el("span", "chip", s.grid === "*" ? "全部网格" : s.grid);
      const drop = el("button", null, "×");
      drop.type = "button";
      drop.title = "取消订阅";
      drop.addEventListener("click", () => wb.act(drop, msg, async () => {
        await wb.api("DELETE", `/api/warnings/subscriptions/${s.id}`);
        refresh();
      }));
      chip.appendChild(drop);
      return chip;
    }));
    if (!subs.length) subsBox.appendChild(el("p", "empty", "尚未订阅。"));
  }

  // 编辑中的确认说明不被轮询冲掉：有输入框获得焦点时只更新计数
  async function refresh() {
    if (!wb.user) return;
    const editing = inFlight > 0 || (view.contains(document.activeElement) && document.activeElement.tagName === "INPUT");
    try {
      if (wb.hasRole("commander admin")) {
        if (editing) {
          const alerts = await wb.api("GET", "/api/duty/alerts?unacknowledged=true&limit=100");
          count.textContent = String(alerts.length);
          count.hidden = alerts.length === 0;
        } else {
          await loadDuty();
        }
      }
      if (!view.hidden && !editing) await loadWarnings();
      updated.textContent = `更新于 ${new Date().toLocaleTimeString("zh-CN", { hour12: false })}`;
    } catch (e) {
      msg.textContent = e.message;
    }
  }

  document.getElementById("subscribe-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const grid = document.getElementById("subscribe-grid").value.trim() || "*";
    wb.act(e.submitter, msg, async () => {
      await wb.api("POST", "/api/warnings/subscriptions", { grid });
      refresh();
    });
  });

  wb.register("alerts", {
    el: view,
    show() { msg.textContent = ""; refresh(); },
    hide() {},
    login() {
      clearInterval(timer);
      if (!wb.hasRole("commander admin officer legal")) return;
      refresh();
      timer = setInterval(refresh, wb.POLL_MS); // 后台轮询：不在本页时也更新导航上的待处理数
    },
    logout() {
      clearInterval(timer);
      timer = null;
      count.hidden = true;
      for (const box of [dutyBox, attendanceBox, warningsBox, subsBox]) box.replaceChildren();
    },
  });
})();
