"use strict";
// 工作台：登录后按角色（GET /api/auth/me）显示导航——助手（对话）、案卷评查、预警与告警、指挥调度。
// 各页面的代码在 review.js、alerts.js、dispatch.js，它们用这里的 wb.api 调用接口（带 Bearer 令牌，出错时抛出服务端的中文说明）。
const wb = {
  user: null,
  views: {}, // name → { el, show(), hide() }
  current: "chat",
  POLL_MS: window.ZHIFA_POLL_MS || 30000, // 告警轮询间隔（测试可调短）
};

wb.hasRole = (roles) => !!wb.user && roles.split(/\s+/).includes(wb.user.role);

// 按 data-roles 显示或隐藏 root 之内的元素
wb.applyRoles = (root) => {
  for (const node of (root || document).querySelectorAll("[data-roles]")) {
    node.hidden = !wb.hasRole(node.dataset.roles);
  }
};

wb.api = async (method, path, body) => {
  const init = { method, headers: authHeaders(body === undefined ? {} : { "Content-Type": "application/json" }) };
  if (body !== undefined) init.body = JSON.stringify(body);
  let resp;
  try {
    resp = await fetch(path, init);
  } catch (e) {
    throw new Error("网络错误，无法连接服务，请稍后重试。");
  }
  if (resp.status === 204) return null;
  const data = await resp.json().catch(() => ({}));
  if (!resp.ok) {
    const message = describeError(resp, data);
    if (resp.status === 401) showLogin(message);
    throw new Error(message);
  }
  return data;
};

wb.time = (iso) => {
  if (!iso) return "—";
  const d = new Date(iso);
  return d.toLocaleString("zh-CN", { hour12: false, month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" });
};

// 按钮执行期间禁用，出错时把中文说明写到 msgEl
wb.act = async (button, msgEl, fn) => {
  if (button) button.disabled = true;
  if (msgEl) { msgEl.textContent = ""; msgEl.classList.remove("ok"); }
  try {
    await fn();
  } catch (e) {
    if (msgEl) msgEl.textContent = e.message;
  } finally {
    if (button) button.disabled = false;
  }
};

wb.say = (msgEl, text) => { msgEl.textContent = text; msgEl.classList.add("ok"); };

wb.empty = (box, text) => { box.replaceChildren(el("p", "empty", text)); };

wb.register = (name, view) => { wb.views[name] = view; };

wb.show = (name) => {
  if (!wb.views[name] && name !== "chat") name = "chat";
  if (wb.current !== name && wb.views[wb.current]) wb.views[wb.current].hide();
  wb.current = name;
  chatBox.hidden = name !== "chat";
  for (const [key, view] of Object.entries(wb.views)) view.el.hidden = key !== name;
  for (const b of document.querySelectorAll("#nav button")) {
    if (b.dataset.view === name) b.setAttribute("aria-current", "page");
    else b.removeAttribute("aria-current");
  }
  if (wb.views[name]) wb.views[name].show();
};

for (const b of document.querySelectorAll("#nav button")) {
  b.addEventListener("click", () => wb.show(b.dataset.view));
}

document.addEventListener("zhifa:login", (e) => {
  wb.user = e.detail || null;
  const nav = document.getElementById("nav");
  wb.applyRoles(document);
  nav.hidden = !wb.user || [...nav.querySelectorAll("button[data-roles]")].every((b) => b.hidden);
  for (const view of Object.values(wb.views)) if (view.login) view.login();
  wb.show("chat");
});

document.addEventListener("zhifa:logout", () => {
  for (const view of Object.values(wb.views)) {
    view.hide();
    if (view.logout) view.logout();
    view.el.hidden = true;
  }
  wb.user = null;
  wb.current = "chat";
  document.getElementById("nav").hidden = true;
});

// 「绑定微信」：公众号渠道提供绑定码接口（/api/wechat/…bind…，见 /openapi.json）时才显示；点一下生成一次性绑定码
const bindButton = document.getElementById("wechat-bind");
let bindPath = null;

async function findBindRoute() {
  try {
    const spec = await (await fetch("/openapi.json")).json();
    for (const [path, ops] of Object.entries(spec.paths || {})) {
      if (path.startsWith("/api/wechat") && /bind/.test(path) && ops.post && !path.includes("{")) return path;
    }
  } catch (e) {
    /* 没有接口说明：不显示按钮 */
  }
  return null;
}

document.addEventListener("zhifa:login", async () => {
  bindButton.hidden = true;
  if (!wb.user || wb.user.role === "citizen") return;
  bindPath = bindPath || (await findBindRoute());
  bindButton.hidden = !bindPath || !wb.user;
});
document.addEventListener("zhifa:logout", () => { bindButton.hidden = true; });

bindButton.addEventListener("click", () => wb.act(bindButton, null, async () => {
  const box = document.getElementById("bind-box");
  const code = document.getElementById("bind-code");
  const note = document.getElementById("bind-note");
  box.hidden = false;
  code.textContent = "生成中…";
  note.textContent = "";
  try {
    const r = await wb.api("POST", bindPath, {});
    code.textContent = r.code || r.bind_code || r.binding_code || "";
    const expires = r.expires_at ? `有效期至 ${wb.time(r.expires_at)}` : r.expires_in ? `${Math.round(r.expires_in / 60)} 分钟内有效` : "";
    note.textContent = [r.instructions || r.message || "绑定码只能使用一次。", expires].filter(Boolean).join(" ");
  } catch (e) {
    code.textContent = "";
    note.textContent = e.message;
  }
}));
document.getElementById("bind-close").addEventListener("click", () => { document.getElementById("bind-box").hidden = true; });
