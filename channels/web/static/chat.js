"use strict";
// 智法网页对话：先登录（POST /api/auth/token，令牌存于 sessionStorage，随请求以 Authorization: Bearer 发送），
// 再把问题发到 /api/chat，按行读取 NDJSON 流式事件并渲染。语音提问：麦克风录音或上传音频文件，发到 /api/speech/ask，
// 流的第一条事件是转写文字（作为用户消息显示），其后与文字提问相同。
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
let conversationId = null; // 当前会话（conversation 事件的 id）；「新对话」或退出登录时清空
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
  conversationId = null;
  chatBox.hidden = true;
  who.hidden = true;
  logoutBtn.hidden = true;
  loginBox.hidden = false;
  loginMsg.textContent = message || "";
  document.dispatchEvent(new CustomEvent("zhifa:logout")); // 工作台（workbench.js）收起各页面、停止轮询
  document.getElementById(document.getElementById("username").value ? "password" : "username").focus();
}

function showChat(user) {
  loginBox.hidden = true;
  chatBox.hidden = false;
  who.textContent = user ? `${user.full_name}（${user.role_label || ROLE_LABELS[user.role] || user.role}）` : "";
  who.hidden = !user;
  logoutBtn.hidden = false;
  q.focus();
  document.dispatchEvent(new CustomEvent("zhifa:login", { detail: user })); // 工作台按角色显示导航
}

function waitWords(seconds) {
  return seconds < 60 ? `${seconds} 秒` : `${Math.ceil(seconds / 60)} 分钟`;
}

// 401/429 及其他错误的中文说明（服务端的 message 优先）
async function errorMessage(resp) {
  return describeError(resp, await resp.json().catch(() => ({})));
}

function describeError(resp, err) {
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

// 引用的条文：点击打开条文全文（GET /api/kb/articles/{id}）
function renderCitation(c) {
  const box = el("div", "cite");
  box.dataset.id = c.id || "";
  const head = el("div");
  const title = el("button", "cite-open", `《${c.law}》${c.label}`);
  title.type = "button";
  title.title = "查看条文全文";
  title.addEventListener("click", () => openArticle(c));
  head.appendChild(title);
  head.appendChild(el("span", c.verified ? "ok" : "bad", c.verified ? " ✓ 已核验" : " ✗ 未能核验"));
  box.appendChild(head);
  if (c.text) box.appendChild(el("div", "quote", c.text));
  return box;
}

const articleBox = document.getElementById("article");
async function openArticle(c) {
  const body = document.getElementById("article-body");
  document.getElementById("article-title").textContent = `《${c.law}》${c.label}`;
  body.replaceChildren(el("p", "empty", "正在打开条文…"));
  articleBox.hidden = false;
  articleBox.dataset.id = c.id || "";
  try {
    const resp = await fetch("/api/kb/articles/" + encodeURIComponent(c.id || `《${c.law}》${c.label}`), { headers: authHeaders() });
    const a = await resp.json().catch(() => ({}));
    if (!resp.ok) throw new Error(describeError(resp, a));
    const label = a.label || (a.number ? `第${a.number}条` : "");
    document.getElementById("article-title").textContent = label.startsWith("《") ? label : `《${a.law_title}》${label}`;
    const meta = [a.chapter, a.section].filter(Boolean).join(" · ");
    const nodes = [];
    if (meta) nodes.push(el("p", "meta", meta));
    if (a.paragraphs && a.paragraphs.length) {
      for (const p of a.paragraphs) {
        const para = el("p", "para", p.text);
        for (const it of p.items || []) para.appendChild(el("span", "item", it.text));
        nodes.push(para);
      }
    } else {
      nodes.push(el("p", "para", a.article_text || a.text || ""));
    }
    if (a.text && a.article_text && a.text !== a.article_text) {
      nodes.push(el("p", "meta", "答复引用的部分："));
      nodes.push(el("blockquote", null, a.text));
    }
    body.replaceChildren(...nodes);
    articleBox.dataset.loaded = "1";
  } catch (e) {
    body.replaceChildren(el("p", "msg-line", e.message || "无法打开条文。"));
  }
}
document.getElementById("article-close").addEventListener("click", () => {
  articleBox.hidden = true;
  delete articleBox.dataset.loaded;
});

const CREATORS = ["officer", "commander"]; // 可以登记案件的角色（POST /api/cases）

// 违法行为研判结果；执法队员、指挥员可点「立案」打开案件草稿（cases.js）
function renderOffence(o, question) {
  const box = el("div", "offence");
  box.appendChild(el("h3", null, `${o.rank}. ${o.name}`));
  const table = el("table");
  const rows = [["违则", o.violated], ["罚则", o.penalty], ["罚款幅度", o.fine], ["裁量建议", o.band], ["其他措施", o.measures]];
  if (o.band_reasons && o.band_reasons.length) rows.splice(4, 0, ["裁量理由", o.band_reasons.join("；")]);
  if (o.authority) rows.push(["主管机关", o.authority]);
  for (const [k, v] of rows) {
    if (!v) continue;
    const tr = el("tr");
    tr.appendChild(el("td", null, k));
    tr.appendChild(el("td", null, v));
    table.appendChild(tr);
  }
  box.appendChild(table);
  const user = typeof wb !== "undefined" && wb.user;
  if (user && CREATORS.includes(user.role) && !o.not_city_management) {
    const file = el("button", "file-case", "立案");
    file.type = "button";
    file.title = "按此违法行为登记案件（可修改后提交）";
    file.addEventListener("click", () => document.dispatchEvent(new CustomEvent("zhifa:draft-case", { detail: { offence: o, question } })));
    box.appendChild(file);
  }
  return box;
}

// 助手需要补充情况时的提问：点选项即带着原问题再问一次
function renderClarify(ev, question, mode) {
  const box = el("div", "clarify");
  box.appendChild(el("p", "question", ev.question));
  const opts = el("div", "options");
  for (const option of ev.options || []) {
    const b = el("button", "option", option);
    b.type = "button";
    b.addEventListener("click", () => {
      for (const other of opts.querySelectorAll("button")) other.disabled = true;
      b.classList.add("chosen");
      ask(`${question}（补充：${option}）`, mode);
    });
    opts.appendChild(b);
  }
  box.appendChild(opts);
  return box;
}

// 记录查询工具结果的字段名（其余按原名显示）
const TOOL_KEYS = {
  name: "姓名", full_name: "姓名", badge_no: "执法证号", grid: "网格", grid_name: "网格", at: "查询时间",
  officers: "队员", available: "可调度", shift: "班次", phone_masked: "电话", last_seen: "最后定位",
  last_seen_at: "最后定位", distance_m: "距离（米）", count: "数量", total: "合计", case_number: "案号",
  case_no: "案号", title: "案由", state: "状态", state_label: "状态", deadline: "期限", due_on: "到期日",
  days_left: "剩余天数", offence: "违法行为", offence_name: "违法行为", location: "地点", lat: "纬度", lon: "经度",
  unit: "中队", kind: "类型", label: "名称", from: "起", to: "止", items: "明细", cases: "案件",
};
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

function cellText(v) {
  if (v === null || v === undefined) return "";
  if (typeof v === "boolean") return v ? "是" : "否";
  if (typeof v === "string" && ISO_TIME.test(v)) {
    return v.split("—").map((t) => new Date(t).toLocaleString("zh-CN", { hour12: false })).join(" — ");
  }
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

// 值 → 表格：对象数组画成多列表，对象画成两列表（嵌套一层），其余为文字
function valueNode(v, depth) {
  const isObj = (x) => x && typeof x === "object" && !Array.isArray(x);
  if (Array.isArray(v) && v.length && v.every(isObj) && depth < 2) {
    const keys = [...new Set(v.flatMap((row) => Object.keys(row)))];
    const table = el("table", "tool-table");
    const head = el("tr");
    for (const k of keys) head.appendChild(el("th", null, TOOL_KEYS[k] || k));
    table.appendChild(head);
    for (const row of v) {
      const tr = el("tr");
      for (const k of keys) {
        const td = el("td");
        td.appendChild(valueNode(row[k], depth + 1));
        tr.appendChild(td);
      }
      table.appendChild(tr);
    }
    return table;
  }
  if (isObj(v) && depth < 2) {
    const table = el("table", "tool-table");
    for (const [k, x] of Object.entries(v)) {
      const tr = el("tr");
      tr.appendChild(el("th", null, TOOL_KEYS[k] || k));
      const td = el("td");
      td.appendChild(valueNode(x, depth + 1));
      tr.appendChild(td);
      table.appendChild(tr);
    }
    return table;
  }
  if (Array.isArray(v) && !v.length) return el("span", "empty", "（无）");
  if (Array.isArray(v) && v.every((x) => !x || typeof x !== "object")) return document.createTextNode(v.map(cellText).join("、"));
  return document.createTextNode(cellText(v));
}

// 记录查询工具（勤务、案件、统计）的结果，按返回的原样画成表格
function renderTool(ev) {
  const box = el("div", "tool");
  box.dataset.name = ev.name || "";
  const TOOL_NAMES = { on_duty: "在岗人员", nearest: "最近的可调度队员", overdue: "逾期案件", counts: "案件统计", case_state: "案件状态" };
  box.appendChild(el("div", "tool-name", `查询结果：${TOOL_NAMES[ev.name] || ev.name || "记录"}`));
  const wrap = el("div", "table-wrap");
  wrap.appendChild(valueNode(ev.result, 0));
  box.appendChild(wrap);
  return box;
}

function renderSimilar(item) {
  const box = el("div", "similar");
  box.appendChild(el("b", null, `类似案例 ${item.case_no || ""}`));
  if (item.title) box.appendChild(el("div", null, item.title));
  const meta = [item.offence, item.outcome, item.decided_at ? "决定于 " + String(item.decided_at).slice(0, 10) : ""].filter(Boolean).join(" · ");
  if (meta) box.appendChild(el("div", "meta", meta));
  return box;
}

// 逐行读取 NDJSON 事件流并渲染到 bot 消息中；onTranscript 接收语音提问的转写文字（流的第一条事件）
async function readEvents(resp, bot, body, onTranscript, question, mode) {
  let started = false;
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
      let ev;
      try { ev = JSON.parse(line); } catch (e) { continue; }
      if (ev.type === "transcript") {
        if (onTranscript) onTranscript(ev);
        question = ev.text || question;
        body.textContent = "思考中…";
      } else if (ev.type === "delta") {
        if (!started) { body.textContent = ""; started = true; bot.setAttribute("data-streaming", "1"); }
        body.textContent += ev.text;
      } else if (ev.type === "offence") {
        bot.appendChild(renderOffence(ev.item, question));
      } else if (ev.type === "citation") {
        bot.appendChild(renderCitation(ev.item));
      } else if (ev.type === "notice") {
        bot.appendChild(el("div", "notice", "注意：" + ev.text));
      } else if (ev.type === "refused") {
        bot.appendChild(el("div", "refused", ev.reason));
      } else if (ev.type === "clarify") {
        bot.appendChild(renderClarify(ev, question, mode));
      } else if (ev.type === "tool") {
        bot.appendChild(renderTool(ev));
      } else if (ev.type === "similar_case") {
        bot.appendChild(renderSimilar(ev.item || {}));
      } else if (ev.type === "conversation") {
        bot.dataset.conversation = ev.id;
        conversationId = ev.id; // 下次提问带上，助手记得上文（追问）
      } else if (ev.type === "queue") {
        if (!started) body.textContent = `模型繁忙，排队中（第 ${ev.position} 位）…`;
      } else if (ev.type === "skill") {
        bot.dataset.skill = ((bot.dataset.skill || "") + " " + ev.name).trim();
      } else if (ev.type === "error") {
        bot.classList.add("error");
        bot.appendChild(el("div", "error-line", ev.message));
        if (!started) body.textContent = "";
        started = true;
      } // 其他（未知）事件：忽略
      log.scrollTop = log.scrollHeight;
    }
  }
  if (!started && !bot.classList.contains("error")) body.textContent = "";
}

function botMessage(text) {
  const bot = el("div", "msg bot");
  const body = el("div", "body", text);
  bot.appendChild(body);
  log.appendChild(bot);
  log.scrollTop = log.scrollHeight;
  return { bot, body };
}

let busy = false;
function setBusy(on) {
  busy = on;
  send.disabled = on;
  mic.disabled = on || !micSupported();
  audioFile.disabled = on;
  audioLabel.classList.toggle("disabled", on);
}

async function ask(text, mode) {
  log.appendChild(el("div", "msg user", text));
  const { bot, body } = botMessage("思考中…");
  setBusy(true);
  try {
    const post = () => fetch("/api/chat", {
      method: "POST",
      headers: authHeaders({ "Content-Type": "application/json" }),
      body: JSON.stringify({
        message: text, mode, party_type: document.getElementById("party").value, conversation_id: conversationId,
      }),
    });
    let resp = await post();
    if (resp.status === 404 && conversationId) { // 会话已删除或过期：开始新对话
      conversationId = null;
      resp = await post();
    }
    if (!resp.ok) {
      const message = await errorMessage(resp);
      if (resp.status === 401) showLogin(message);
      throw new Error(message);
    }
    await readEvents(resp, bot, body, null, text, mode);
  } catch (e) {
    bot.classList.add("error");
    body.textContent = e.message || "网络错误，请稍后重试。";
  } finally {
    setBusy(false);
    bot.setAttribute("data-done", "1");
  }
}

// ---- 语音提问：麦克风录音（MediaRecorder）或上传音频文件，POST /api/speech/ask ----
const mic = document.getElementById("mic");
const micStatus = document.getElementById("mic-status");
const micCancel = document.getElementById("mic-cancel");
const audioFile = document.getElementById("audio-file");
const audioLabel = document.getElementById("audio-label");
const MAX_SECONDS = 60; // 服务端拒绝超过 60 秒的语音提问
const MAX_BYTES = 20 * 1024 * 1024;
const EXT = { "audio/webm": "webm", "audio/ogg": "ogg", "audio/mp4": "m4a", "audio/mpeg": "mp3", "audio/wav": "wav", "audio/x-wav": "wav" };

function micSupported() {
  return !!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia && window.MediaRecorder);
}

// 语音提问出错时的中文说明（按 HTTP 状态；服务端的 message 作补充）
async function voiceErrorMessage(resp) {
  const err = await resp.json().catch(() => ({}));
  const detail = err.message ? `（${err.message}）` : "";
  switch (resp.status) {
    case 413: return `录音太长或文件太大：语音提问请不超过 ${MAX_SECONDS} 秒，较长的录音请分段提问。${detail}`;
    case 415: return `无法识别这个音频：文件可能已损坏或不是录音。请上传 wav、mp3、m4a、amr（微信语音）、ogg/opus 或 webm 录音。${detail}`;
    case 422: return err.message ? `语音无法使用：${err.message}` : "语音无法使用：请重新录音后再试。";
    case 503: return err.message || "语音识别或大模型暂不可用，请稍后重试；持续出现请联系管理员。";
    default: return describeError(resp, err);
  }
}

async function askVoice(blob, filename) {
  const user = el("div", "msg user voice pending", "🎤 语音识别中…");
  log.appendChild(user);
  const { bot, body } = botMessage("正在识别语音，随后作答…");
  setBusy(true);
  try {
    if (blob.size === 0) throw new Error("录音为空：请按麦克风说话后再发送。");
    if (blob.size > MAX_BYTES) throw new Error(`文件太大：语音提问请不超过 ${MAX_SECONDS} 秒（20 MB 以内）。`);
    const data = new FormData();
    data.append("file", blob, filename);
    data.append("mode", document.getElementById("mode").value);
    data.append("party_type", document.getElementById("party").value);
    const resp = await fetch("/api/speech/ask", { method: "POST", headers: authHeaders(), body: data });
    if (!resp.ok) {
      const message = resp.status === 401 ? await errorMessage(resp) : await voiceErrorMessage(resp);
      if (resp.status === 401) showLogin(message);
      throw new Error(message);
    }
    await readEvents(resp, bot, body, (ev) => {
      user.textContent = ev.text;
      user.classList.remove("pending");
      user.setAttribute("data-transcript", "1");
    }, "", document.getElementById("mode").value);
  } catch (e) {
    bot.classList.add("error");
    body.textContent = e.message || "网络错误，请稍后重试。";
  } finally {
    if (user.classList.contains("pending")) {
      user.textContent = "🎤 语音（未能识别）";
      user.classList.remove("pending");
    }
    setBusy(false);
    bot.setAttribute("data-done", "1");
  }
}

let recorder = null;
let recordTimer = null;
let recordStart = 0;
let stopReason = "send"; // send | cancel | limit

function setMicStatus(text, isError) {
  micStatus.textContent = text;
  micStatus.hidden = !text;
  micStatus.classList.toggle("error", !!isError);
}

function clock(seconds) {
  const s = Math.floor(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

function micErrorMessage(e) {
  const name = (e && e.name) || "";
  if (name === "NotAllowedError" || name === "SecurityError" || name === "PermissionDeniedError") {
    return "无法使用麦克风：麦克风权限被拒绝。请在浏览器地址栏的权限设置中允许本站使用麦克风，或点击「上传语音」选择录音文件。";
  }
  if (name === "NotFoundError" || name === "DevicesNotFoundError" || name === "OverconstrainedError") {
    return "没有找到麦克风：请连接麦克风，或点击「上传语音」选择录音文件。";
  }
  if (name === "NotReadableError") return "麦克风被其他程序占用：请关闭占用麦克风的程序，或点击「上传语音」。";
  return "无法开始录音：" + ((e && e.message) || "浏览器不支持") + "。可点击「上传语音」选择录音文件。";
}

async function startRecording() {
  if (!micSupported()) {
    setMicStatus("此浏览器不能录音（需通过 HTTPS 或本机地址访问，且浏览器支持录音）：请点击「上传语音」选择录音文件。", true);
    return;
  }
  let stream;
  try {
    mic.disabled = true;
    stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  } catch (e) {
    setMicStatus(micErrorMessage(e), true);
    return;
  } finally {
    mic.disabled = busy;
  }
  const chunks = [];
  try {
    recorder = new MediaRecorder(stream);
  } catch (e) {
    stream.getTracks().forEach((t) => t.stop());
    setMicStatus(micErrorMessage(e), true);
    return;
  }
  const rec = recorder;
  stopReason = "send";
  rec.addEventListener("dataavailable", (e) => { if (e.data && e.data.size) chunks.push(e.data); });
  rec.addEventListener("stop", () => {
    stream.getTracks().forEach((t) => t.stop());
    clearInterval(recordTimer);
    const type = (rec.mimeType || (chunks[0] && chunks[0].type) || "audio/webm").split(";")[0];
    recorder = null;
    mic.classList.remove("recording");
    mic.textContent = "🎤";
    mic.setAttribute("aria-pressed", "false");
    mic.title = "点击开始录音，再次点击发送（最长 60 秒）";
    micCancel.hidden = true;
    delete mic.dataset.seconds;
    if (stopReason === "cancel") { setMicStatus("已取消录音。"); return; }
    setMicStatus(stopReason === "limit" ? `已录满 ${MAX_SECONDS} 秒，自动停止并发送。` : "");
    askVoice(new Blob(chunks, { type }), `语音提问.${EXT[type] || "webm"}`);
  });
  rec.start(1000);
  recordStart = performance.now();
  mic.classList.add("recording");
  mic.textContent = "⏹";
  mic.setAttribute("aria-pressed", "true");
  mic.title = "点击停止录音并发送";
  micCancel.hidden = false;
  const tick = () => {
    const seconds = (performance.now() - recordStart) / 1000;
    mic.dataset.seconds = seconds.toFixed(1);
    if (seconds >= MAX_SECONDS) {
      stopRecording("limit");
      return;
    }
    setMicStatus(`录音中 ${clock(seconds)} / ${clock(MAX_SECONDS)}，再次点击麦克风发送`);
  };
  tick();
  recordTimer = setInterval(tick, 200);
}

function stopRecording(reason) {
  if (!recorder || recorder.state === "inactive") return;
  stopReason = reason;
  clearInterval(recordTimer);
  recorder.stop();
}

mic.addEventListener("click", () => {
  if (recorder) stopRecording("send");
  else startRecording();
});
micCancel.addEventListener("click", () => stopRecording("cancel"));
document.addEventListener("keydown", (e) => { if (e.key === "Escape" && recorder) stopRecording("cancel"); });
audioFile.addEventListener("change", () => {
  const file = audioFile.files && audioFile.files[0];
  audioFile.value = "";
  if (!file) return;
  setMicStatus("");
  askVoice(file, file.name || "语音");
});
if (!micSupported()) {
  mic.disabled = true;
  mic.title = "此浏览器不能录音，请使用「上传语音」";
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
document.getElementById("new-chat").addEventListener("click", () => {
  conversationId = null;
  for (const m of [...log.querySelectorAll(".msg")]) if (!m.classList.contains("intro")) m.remove();
  q.focus();
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
