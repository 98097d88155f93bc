"use strict";
// 当事人服务（手机网页，与小程序同一套接口 /api/mini）：登录后凭案件编号 + 手机号或证件号绑定案件，
// 查看本人案件（姓名、电话脱敏）、决定书，告知后决定前提交陈述申辩，缴纳罚款（码上付页面，开发环境可模拟微信支付），
// 缴款后查看电子缴款凭证。令牌存于 sessionStorage（与工作台分开）。
(() => {
  const KEY = "zhifa.citizen.token";
  const $ = (id) => document.getElementById(id);
  const POLL_MS = window.ZHIFA_CITIZEN_POLL_MS || 3000;
  let waiting = null; // 缴款后等待到账的轮询

  function h(tag, cls, text) {
    const n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text !== undefined) n.textContent = text;
    return n;
  }

  async function api(method, path, body) {
    const headers = { Authorization: "Bearer " + (sessionStorage.getItem(KEY) || "") };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let resp;
    try {
      resp = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (e) {
      throw new Error("网络错误，请稍后重试。");
    }
    const data = await resp.json().catch(() => ({}));
    if (resp.status === 401) { showLogin(data.message || "登录已失效，请重新登录。"); throw new Error(data.message || "请重新登录。"); }
    if (!resp.ok) throw new Error(data.message || `服务出错（HTTP ${resp.status}）`);
    return data;
  }

  function showLogin(message) {
    sessionStorage.removeItem(KEY);
    clearInterval(waiting);
    $("main").hidden = true;
    $("logout").hidden = true;
    $("login").hidden = false;
    $("login-msg").textContent = message || "";
  }

  function showMain() {
    $("login").hidden = true;
    $("main").hidden = false;
    $("logout").hidden = false;
    load();
  }

  $("login-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    $("login-submit").disabled = true;
    try {
      const resp = await fetch("/api/auth/token", {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ username: $("username").value.trim(), password: $("password").value }),
      });
      const data = await resp.json().catch(() => ({}));
      if (!resp.ok) { $("login-msg").textContent = data.message || "登录失败。"; return; }
      sessionStorage.setItem(KEY, data.access_token);
      $("password").value = "";
      showMain();
    } catch (err) {
      $("login-msg").textContent = "网络错误，无法连接服务。";
    } finally {
      $("login-submit").disabled = false;
    }
  });
  $("logout").addEventListener("click", () => showLogin("已退出。"));

  const yuan = (fen) => (fen == null ? "—" : `${(fen / 100).toFixed(2)} 元`);

  function row(table, k, v) {
    if (v === null || v === undefined || v === "") return;
    const tr = h("tr");
    tr.append(h("td", null, k), h("td", null, String(v)));
    table.appendChild(tr);
  }

  function caseCard(c) {
    const box = h("div", "case");
    box.dataset.caseId = c.case_id;
    box.dataset.orderStatus = c.order_status || "";
    box.appendChild(h("h3", null, c.title));
    const t = h("table");
    row(t, "案件编号", c.case_no);
    row(t, "当事人", c.party_name);
    row(t, "联系电话", c.party_phone);
    row(t, "证件号", c.party_id_number);
    row(t, "违法行为", c.offence);
    row(t, "办理状态", c.state_label);
    row(t, "罚款", c.fine_fen ? yuan(c.fine_fen) : null);
    row(t, "缴款", c.order_status === "paid" ? "已缴款" : c.fine_fen ? "未缴款" : null);
    box.appendChild(t);
    const line = h("p", "err");
    const out = h("div");
    const actions = h("div", "actions");
    const button = (text, cls, fn) => {
      const b = h("button", cls, text);
      b.type = "button";
      b.addEventListener("click", async () => {
        b.disabled = true;
        line.textContent = "";
        try { await fn(); } catch (e) { line.textContent = e.message; } finally { b.disabled = false; }
      });
      actions.appendChild(b);
      return b;
    };
    if (c.decided_at) {
      button("决定书", "decision-btn", async () => {
        const d = await api("GET", `/api/mini/cases/${c.case_id}/decision`);
        out.replaceChildren(h("div", "decision", `${d.title}${d.number ? "（" + d.number + "）" : ""}\n\n${d.text}`));
      });
    }
    if (c.statement_open) {
      button("陈述申辩", "statement-btn", async () => {
        const form = h("form");
        const text = h("textarea");
        text.rows = 4;
        text.maxLength = 5000;
        text.placeholder = "请写明您的陈述、申辩意见及理由";
        const send = h("button", "primary", "提交");
        send.type = "submit";
        form.append(text, send);
        form.addEventListener("submit", async (ev) => {
          ev.preventDefault();
          try {
            await api("POST", `/api/mini/cases/${c.case_id}/statements`, { text: text.value.trim() });
            out.replaceChildren(h("p", "ok", "已提交，执法机关将复核您的陈述申辩。"));
          } catch (err) { line.textContent = err.message; }
        });
        out.replaceChildren(h("p", "hint", c.statement_reason || ""), form);
      });
    }
    if (c.order_status === "paid") {
      button("缴款凭证", "receipt-btn primary", async () => {
        const r = await api("GET", `/api/mini/cases/${c.case_id}/receipt`);
        const box2 = h("div", "receipt");
        box2.dataset.receiptNo = r.receipt_no;
        box2.textContent = [
          `电子缴款凭证 ${r.receipt_no}`, `${r.bureau}`, `案件编号：${r.case_no}`, `缴款人：${r.party}`,
          `罚款：${r.fine} 元　加处罚款：${r.late_fee} 元`, `合计：${r.total} 元`, `支付流水：${r.transaction_id}`,
          `缴款时间：${r.paid_at}`, `校验码：${r.checksum.slice(0, 16)}…`,
        ].join("\n");
        out.replaceChildren(box2);
      });
    } else if (c.fine_fen && ["served", "executed"].includes(c.state)) {
      button("缴纳罚款", "pay-btn primary", async () => {
        const p = await api("POST", `/api/mini/cases/${c.case_id}/pay`);
        const o = p.order;
        const pay = h("div", "pay");
        pay.appendChild(h("p", null, `今日应缴 ${yuan(p.amount_fen)}（缴款期限 ${o.due_date}）。微信扫码或点击下方链接缴款：`));
        const img = h("img");
        img.src = `/api/payments/orders/${encodeURIComponent(o.code)}/qr.png`;
        img.alt = "缴款二维码";
        const link = h("a", "pay-link", "打开码上付缴款页");
        link.href = `/pay/${encodeURIComponent(o.code)}`;
        link.target = "_blank";
        link.rel = "opener";
        pay.append(img, link, h("p", "hint", "缴款完成后本页自动更新。"));
        out.replaceChildren(pay);
        clearInterval(waiting);
        waiting = setInterval(async () => {
          const now = await api("GET", `/api/mini/cases/${c.case_id}`).catch(() => null);
          if (now && now.order_status === "paid") {
            clearInterval(waiting);
            $("msg").textContent = `已收到缴款：${now.case_no}`;
            $("msg").className = "ok";
            load();
          }
        }, POLL_MS);
      });
    }
    box.append(actions, line, out);
    return box;
  }

  async function load() {
    try {
      const cases = await api("GET", "/api/mini/cases");
      const list = $("cases");
      if (!cases.length) list.replaceChildren(h("p", "hint", "尚未绑定案件。"));
      else list.replaceChildren(...cases.map(caseCard));
    } catch (e) {
      $("msg").textContent = e.message;
    }
  }

  $("refresh").addEventListener("click", load);
  $("bind-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    $("bind-submit").disabled = true;
    $("bind-msg").textContent = "";
    const who = $("bind-phone").value.trim();
    const body = { case_no: $("case-no").value.trim() };
    if (/^1\d{10}$/.test(who)) body.phone = who;
    else body.id_number = who;
    try {
      const c = await api("POST", "/api/mini/cases/bind", body);
      $("msg").textContent = `已绑定：${c.case_no}`;
      $("msg").className = "ok";
      $("case-no").value = "";
      $("bind-phone").value = "";
      await load();
    } catch (err) {
      $("bind-msg").textContent = err.message;
    } finally {
      $("bind-submit").disabled = false;
    }
  });

  if (sessionStorage.getItem(KEY)) showMain();
  else showLogin("");
})();
