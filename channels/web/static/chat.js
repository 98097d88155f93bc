"use strict";
// 智法网页对话：先登录（POST /api/auth/token，令牌存于 sessionStorage，随请求以 Authorization: Bearer 发送），
// 再把问题发到 /api/chat，按行读取 NDJSON 流式事件并渲染。
const log = document.getElementById("log");
const form = document.getElementById("ask");
const q = document.getElementById("q");
const send = document.getElementById("send");
const loginBox = document.getElementById("login");
const loginForm = document.getElementById("login-form");
const loginMsg = document.getElementById("login-msg");
const loginSubmit = document.getElementById("login-submit");
const chatBox = document.getElementById("chat");
const who = document.getElementById("who");
const logoutBtn = document.getElementById("logout");
const TOKEN_KEY = "zhifa.token";
const ROLE_LABELS = { officer: "执法队员", legal: "法制员", commander: "指挥员", admin: "系统管理员", citizen: "当事人" };

function token() { return sessionStorage.getItem(TOKEN_KEY); }

function authHeaders(extra) {
  const headers = Object.assign({}, extra || {});
  const t = token();
  if (t) headers["Authorization"] = "Bearer " + t;
  return headers;
}

function showLogin(message) {
  sessionStorage.removeItem(TOKEN_KEY);
  chatBox.hidden = true;
  who.hidden = true;
  logoutBtn.hidden = true;
  loginBox.hidden = false;
  loginMsg.textContent = message || "";
  document.getElementById(document.getElementById("username").value ? "password" : "username").focus();
}

function showChat(user) {
  loginBox.hidden = true;
  chatBox.hidden = false;
  who.textContent = user ? `${user.full_name}（${user.role_label || ROLE_LABELS[user.role] || user.role}）` : "";
  who.hidden = !user;
  logoutBtn.hidden = false;
  q.focus();
}

function waitWords(seconds) {
  return seconds < 60 ? `${seconds} 秒` : `${Math.ceil(seconds / 60)} 分钟`;
}

// 401/429 及其他错误的中文说明（服务端的 message 优先）
async function errorMessage(resp) {
  const err = await resp.json().catch(() => ({}));
  if (resp.status === 429) {
    const after = parseInt(resp.headers.get("Retry-After") || "0", 10);
    return err.message || `尝试次数过多，请在 ${waitWords(after || 60)}后再试。`;
  }
  if (resp.status === 401) return err.message || "登录已失效，请重新登录。";
  return err.message || `服务出错（HTTP ${resp.status}）`;
}

async function login(username, password) {
  loginSubmit.disabled = true;
  loginMsg.textContent = "";
  try {
    const resp = await fetch("/api/auth/token", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ username, password }),
    });
    if (!resp.ok) {
      loginMsg.textContent = await errorMessage(resp);
      return;
    }
    const body = await resp.json();
    sessionStorage.setItem(TOKEN_KEY, body.access_token);
    document.getElementById("password").value = "";
    await restoreSession();
  } catch (e) {
    loginMsg.textContent = "网络错误，无法连接服务，请稍后重试。";
  } finally {
    loginSubmit.disabled = false;
  }
}

async function restoreSession() {
  if (!token()) { showLogin(""); return; }
  try {
    const resp = await fetch("/api/auth/me", { headers: authHeaders() });
    if (resp.status === 401) { showLogin("登录已过期，请重新登录。"); return; }
    showChat(resp.ok ? await resp.json() : null);
  } catch (e) {
    showChat(null);
  }
}

loginForm.addEventListener("submit", (e) => {
  e.preventDefault();
  login(document.getElementById("username").value.trim(), document.getElementById("password").value);
});
logoutBtn.addEventListener("click", () => showLogin("已退出登录。"));

function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;
  return node;
}

function renderCitation(c) {
  const box = el("div", "cite");
  const head = el("div");
  head.appendChild(el("b", null, `《${c.law}》${c.label}`));
  head.appendChild(el("span", c.verified ? "ok" : "bad", c.verified ? " ✓ 已核验" : " ✗ 未能核验"));
  box.appendChild(head);
  if (c.text) box.appendChild(el("div", "quote", c.text));
  return box;
}

function renderOffence(o) {
  const box = el("div", "offence");
  box.appendChild(el("h3", null, `${o.rank}. ${o.name}`));
  const table = el("table");
  const rows = [["违则", o.violated], ["罚则", o.penalty], ["罚款幅度", o.fine], ["裁量建议", o.band], ["其他措施", o.measures]];
  if (o.authority) rows.push(["主管机关", o.authority]);
  for (const [k, v] of rows) {
    if (!v) continue;
    const tr = el("tr");
    tr.appendChild(el("td", null, k));
    tr.appendChild(el("td", null, v));
    table.appendChild(tr);
  }
  box.appendChild(table);
  return box;
}

async function ask(text, mode) {
  log.appendChild(el("div", "msg user", text));
  const bot = el("div", "msg bot");
  const body = el("div", "body", "思考中…");
  bot.appendChild(body);
  log.appendChild(bot);
  log.scrollTop = log.scrollHeight;
  send.disabled = true;
  let started = false;
  try {
    const resp = await fetch("/api/chat", {
      method: "POST",
      headers: authHeaders({ "Content-Type": "application/json" }),
      body: JSON.stringify({ message: text, mode, party_type: document.getElementById("party").value }),
    });
    if (!resp.ok) {
      const message = await errorMessage(resp);
      if (resp.status === 401) showLogin(message);
      throw new Error(message);
    }
    const reader = resp.body.getReader();
    const decoder = new TextDecoder();
    let buf = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buf += decoder.decode(value, { stream: true });
      let nl;
      while ((nl = buf.indexOf("\n")) >= 0) {
        const line = buf.slice(0, nl).trim();
        buf = buf.slice(nl + 1);
        if (!line) continue;
        const ev = JSON.parse(line);
        if (ev.type === "delta") {
          if (!started) { body.textContent = ""; started = true; }
          body.textContent += ev.text;
        } else if (ev.type === "offence") {
          bot.appendChild(renderOffence(ev.item));
        } else if (ev.type === "citation") {
          bot.appendChild(renderCitation(ev.item));
        } else if (ev.type === "error") {
          bot.classList.add("error");
          body.textContent = ev.message;
        }
        log.scrollTop = log.scrollHeight;
      }
    }
    if (!started && !bot.classList.contains("error")) body.textContent = "";
  } catch (e) {
    bot.classList.add("error");
    body.textContent = e.message || "网络错误，请稍后重试。";
  } finally {
    send.disabled = false;
    bot.setAttribute("data-done", "1");
  }
}

form.addEventListener("submit", (e) => {
  e.preventDefault();
  const text = q.value.trim();
  if (!text) return;
  q.value = "";
  ask(text, document.getElementById("mode").value);
});
q.addEventListener("keydown", (e) => {
  if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); form.requestSubmit(); }
});
for (const b of document.querySelectorAll(".ex")) {
  b.addEventListener("click", () => ask(b.textContent, b.dataset.mode));
}

async function pollReady() {
  const badge = document.getElementById("ready");
  try {
    const r = await fetch("/readyz");
    const j = await r.json();
    badge.textContent = j.ready ? "模型已就绪" : "模型加载中…";
    badge.className = "badge " + (j.ready ? "ok" : "wait");
    if (!j.ready) setTimeout(pollReady, 3000);
  } catch (e) {
    badge.textContent = "服务不可达";
    setTimeout(pollReady, 5000);
  }
}
pollReady();
restoreSession();
