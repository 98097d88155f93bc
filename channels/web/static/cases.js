"use strict";
// 案件：案件列表与案件详情（期限、全过程记录、证据、文书、缴款），助手「立案」按钮打开的立案草稿（POST /api/cases），
// 以及语音询问笔录：上传询问录音 → 转写（/api/speech/jobs）→ 生成询问笔录草稿（/api/speech/jobs/{id}/inquiry-record）。
(() => {
  const view = document.getElementById("cases-view");
  const msg = document.getElementById("cases-msg");
  const list = document.getElementById("cases-list");
  const one = document.getElementById("case-one");
  const draft = document.getElementById("case-draft");
  const draftMsg = document.getElementById("draft-msg");
  const stateSel = document.getElementById("cases-state");
  const STATES = {
    lead: "登记/线索", accepted: "受理", filed: "立案", investigating: "调查取证", legal_review: "法制审核",
    notified: "事先告知", hearing: "听证", decided: "决定", served: "送达", executed: "执行/缴款",
    closed: "结案", archived: "归档", dropped: "不予处罚/终止",
  };
  const DEADLINE = { pending: "进行中", met: "已按期", overdue: "已逾期", met_late: "逾期完成" };
  const KINDS = { photo: "照片", video: "视频", audio: "录音", document: "书证", frame: "监控抓拍" };
  const DOC_STATUS = { draft: "草稿", issued: "已签发" };
  for (const [k, v] of Object.entries(STATES)) stateSel.appendChild(new Option(v, k));

  const ACTIONS = {
    "case.created": "登记案件", "case.updated": "修改案件", "case.officers_assigned": "指派执法人员",
    "case.transition": "办案步骤", "case.paid": "缴款到账", "case.statement": "陈述申辩",
    "evidence.stored": "证据入库", "document.drafted": "文书起草", "document.edited": "文书修改",
    "document.issued": "文书签发", "payment.order_created": "生成缴款码", "payment.received": "收到缴款",
    "party.revealed": "查看当事人完整信息", "review.scored": "案卷评查",
  };
  const yuan = (fen) => (fen == null ? "—" : `${(fen / 100).toFixed(fen % 100 ? 2 : 0)} 元`);
  const field = (tbody, k, v) => {
    if (v === null || v === undefined || v === "") return;
    const tr = el("tr");
    tr.appendChild(el("th", null, k));
    tr.appendChild(el("td", null, String(v)));
    tbody.appendChild(tr);
  };

  // 需要登录的文件（证据、文书）：带令牌取回后在新窗口打开
  async function openFile(path, name, line) {
    try {
      const resp = await fetch(path, { headers: authHeaders() });
      if (!resp.ok) throw new Error(describeError(resp, await resp.json().catch(() => ({}))));
      const url = URL.createObjectURL(await resp.blob());
      const a = el("a");
      a.href = url;
      a.download = name;
      a.target = "_blank";
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
    } catch (e) {
      line.textContent = e.message;
    }
  }

  function caseCard(c) {
    const card = el("div", "card case");
    card.dataset.caseId = c.id;
    card.dataset.state = c.state;
    const h = el("h4");
    const open = el("button", "link", c.title);
    open.type = "button";
    open.addEventListener("click", () => showCase(c.id));
    h.appendChild(open);
    card.appendChild(h);
    card.appendChild(el("p", "meta", [c.case_number || "（未编号）", c.state_label, c.offence_name, c.location, wb.time(c.created_at)].filter(Boolean).join(" · ")));
    return card;
  }

  async function loadList() {
    const params = new URLSearchParams({ limit: "50" });
    const q = document.getElementById("cases-q").value.trim();
    if (q) params.set("q", q);
    if (stateSel.value) params.set("state", stateSel.value);
    try {
      const rows = await wb.api("GET", "/api/cases?" + params);
      if (!rows.length) wb.empty(list, "没有符合条件的案件。");
      else list.replaceChildren(...rows.map(caseCard));
    } catch (e) {
      msg.textContent = e.message;
    }
  }

  function section(title, cls) {
    const box = el("div", "case-section " + cls);
    box.appendChild(el("h4", null, title));
    return box;
  }

  async function showCase(id) {
    msg.textContent = "";
    one.replaceChildren(el("p", "empty", "加载中…"));
    let c;
    try {
      c = await wb.api("GET", `/api/cases/${id}`);
    } catch (e) {
      one.replaceChildren();
      msg.textContent = e.message;
      return;
    }
    const card = el("div", "card case-detail");
    card.dataset.caseId = c.id;
    const close = el("button", "refresh", "收起");
    close.type = "button";
    close.addEventListener("click", () => one.replaceChildren());
    const h = el("h3", null, `${c.title} `);
    h.appendChild(close);
    card.appendChild(h);
    const line = el("p", "msg-line");
    card.appendChild(line);
    const table = el("table", "figures");
    const tbody = el("tbody");
    field(tbody, "案号", c.case_number || "（立案时编号）");
    field(tbody, "状态", c.state_label);
    field(tbody, "程序", c.procedure_label);
    field(tbody, "违法行为", c.offence_name);
    field(tbody, "地点", c.location);
    field(tbody, "当事人", c.party_name);
    field(tbody, "违则", c.violated_provision);
    field(tbody, "罚则", c.penalty_provision);
    field(tbody, "罚款", c.fine_fen ? yuan(c.fine_fen) : null);
    field(tbody, "执法人员", (c.officers || []).map((o) => `${o.full_name}${o.badge_no ? "（" + o.badge_no + "）" : ""}`).join("、"));
    field(tbody, "违法事实", c.facts);
    table.appendChild(tbody);
    card.appendChild(table);

    if (c.deadlines && c.deadlines.length) {
      const box = section("期限", "deadlines");
      const ul = el("ul");
      for (const d of c.deadlines) {
        const left = d.days_left != null && d.status === "pending" ? `，剩 ${d.days_left} 天` : "";
        const li = el("li", "deadline-" + d.status, `${d.label}：${d.due_on} 前（${DEADLINE[d.status] || d.status}${left}）· ${d.article}`);
        ul.appendChild(li);
      }
      box.appendChild(ul);
      card.appendChild(box);
    }

    const timeline = section("全过程记录", "timeline-box");
    const evidence = section("证据", "evidence");
    const documents = section("文书", "documents");
    const payment = section("缴款", "payment");
    card.append(timeline, evidence, documents, payment);
    if (wb.hasRole("officer legal commander")) card.appendChild(inquiryBox(c));
    one.replaceChildren(card);
    card.scrollIntoView({ block: "start" });

    const [tl, ev, docs] = await Promise.all([
      wb.api("GET", `/api/cases/${id}/timeline`).catch((e) => e),
      wb.api("GET", `/api/cases/${id}/evidence`).catch((e) => e),
      wb.api("GET", `/api/cases/${id}/documents`).catch((e) => e),
    ]);
    if (tl instanceof Error) timeline.appendChild(el("p", "msg-line", tl.message));
    else {
      const ol = el("ol", "timeline");
      for (const t of tl) {
        let what = ACTIONS[t.action] || t.action;
        const to = t.payload && (t.payload.to || t.payload.to_state);
        if (t.action === "case.transition" && to) what += `：${STATES[to] || to}`;
        const li = el("li", null, `${wb.time(t.at)} ${what}`);
        li.dataset.action = t.action;
        ol.appendChild(li);
      }
      if (!tl.length) timeline.appendChild(el("p", "empty", "暂无记录。"));
      timeline.appendChild(ol);
    }
    if (ev instanceof Error) evidence.appendChild(el("p", "msg-line", ev.message));
    else if (!ev.length) evidence.appendChild(el("p", "empty", "暂无证据。"));
    else {
      const ul = el("ul");
      for (const e of ev) {
        const li = el("li");
        const b = el("button", "link", e.description || e.filename);
        b.type = "button";
        b.addEventListener("click", () => openFile(`/api/evidence/${e.id}/file`, e.filename, line));
        li.appendChild(b);
        li.appendChild(el("span", "meta", ` ${KINDS[e.kind] || e.kind} · ${Math.ceil(e.size / 1024)} KB · SHA-256 ${e.sha256.slice(0, 12)}…`));
        ul.appendChild(li);
      }
      evidence.appendChild(ul);
    }
    if (docs instanceof Error) documents.appendChild(el("p", "msg-line", docs.message));
    else if (!docs.length) documents.appendChild(el("p", "empty", "暂无文书。"));
    else {
      const ul = el("ul");
      for (const d of docs) {
        const li = el("li", null, `${d.title}${d.number ? "（" + d.number + "）" : ""} · ${DOC_STATUS[d.status] || d.status} `);
        const pdf = el("button", "link", "PDF");
        pdf.type = "button";
        pdf.addEventListener("click", () => openFile(`/api/documents/${d.id}/pdf`, `${d.title}.pdf`, line));
        li.appendChild(pdf);
        ul.appendChild(li);
      }
      documents.appendChild(ul);
    }
    renderPayment(c, payment, line);
  }

  function renderPayment(c, box, line) {
    if (c.paid_at) {
      box.appendChild(el("p", "paid", `已缴款 ${yuan(c.paid_fen)}，${wb.time(c.paid_at)}`));
      return;
    }
    if (!c.fine_fen || c.penalty_kind !== "fine") {
      box.appendChild(el("p", "empty", "本案没有罚款。"));
      return;
    }
    if (!["served", "executed"].includes(c.state)) {
      box.appendChild(el("p", "empty", `拟罚款 ${yuan(c.fine_fen)}；决定送达后可生成缴款码。`));
      return;
    }
    box.appendChild(el("p", null, `应缴罚款 ${yuan(c.fine_fen)}，尚未缴款。`));
    if (!wb.hasRole("officer legal admin")) return;
    const make = el("button", "primary", "生成缴款码");
    make.type = "button";
    make.addEventListener("click", () => wb.act(make, line, async () => {
      const order = await wb.api("POST", "/api/payments/orders", { case_id: c.id });
      const qr = el("img", "qr");
      // 本站的相对地址（qr_url、pay_url 用配置的对外地址 base_url，供印在决定书上）
      qr.src = `/api/payments/orders/${encodeURIComponent(order.code)}/qr.png`;
      qr.alt = "缴款二维码";
      const a = el("a", null, "打开缴款页");
      a.href = `/pay/${encodeURIComponent(order.code)}`;
      a.target = "_blank";
      box.replaceChildren(box.firstChild, el("p", null, `缴款码 ${order.code}，今日应缴 ${yuan(order.amount_due.total_fen ?? order.fine_fen)}，缴款期限 ${order.due_date}`), qr, a);
    }));
    box.appendChild(make);
  }

  // 语音询问笔录：上传录音 → 转写 → 生成笔录草稿
  function inquiryBox(c) {
    const box = section("语音询问笔录", "inquiry");
    const input = el("input");
    input.type = "file";
    input.accept = "audio/*,video/*,.amr,.m4a,.mp3,.wav,.ogg,.opus,.webm,.flac";
    input.setAttribute("aria-label", "询问录音");
    input.id = `inquiry-file-${c.id}`;
    input.className = "visually-hidden";
    const pick = el("label", "file-pick", "选择询问录音");
    pick.htmlFor = input.id;
    const status = el("p", "meta");
    const out = el("div");
    box.append(el("p", "meta", "上传询问录音，转写后生成询问笔录草稿（询问人、记录人取自本案执法人员）。"), pick, input, status, out);
    input.addEventListener("change", async () => {
      const file = input.files && input.files[0];
      input.value = "";
      if (!file) return;
      out.replaceChildren();
      status.textContent = "上传中…";
      try {
        const data = new FormData();
        data.append("file", file, file.name);
        data.append("case_id", String(c.id));
        const resp = await fetch("/api/speech/jobs", { method: "POST", headers: authHeaders(), body: data });
        let job = await resp.json().catch(() => ({}));
        if (!resp.ok) throw new Error(describeError(resp, job));
        while (!["done", "failed", "cancelled"].includes(job.state)) {
          status.textContent = `${job.state_label}… ${job.progress || 0}%`;
          await new Promise((r) => setTimeout(r, 1500));
          job = await wb.api("GET", `/api/speech/jobs/${job.id}`);
        }
        if (job.state !== "done") throw new Error((job.error && job.error.message) || `转写${job.state_label}`);
        status.textContent = "转写完成。";
        out.appendChild(el("blockquote", "transcript", (job.result && job.result.text) || job.partial_text || ""));
        const make = el("button", "primary", "生成询问笔录草稿");
        make.type = "button";
        make.addEventListener("click", () => wb.act(make, status, async () => {
          const d = await wb.api("POST", `/api/speech/jobs/${job.id}/inquiry-record`, { case_id: c.id });
          const ol = el("ol", "turns");
          for (const t of d.turns) ol.appendChild(el("li", null, `${t.speaker}：${t.text}`));
          out.replaceChildren(el("p", "ok", `已生成《${d.document.title}》草稿（文书 ${d.document.id}），请核对后签发。`), ol);
        }));
        out.appendChild(make);
      } catch (e) {
        status.textContent = e.message || "转写失败。";
      }
    });
    return box;
  }

  // 立案草稿：offence 事件的 draft（POST /api/cases 的请求体）优先，否则按违法行为建议拼出
  function openDraft(detail) {
    const o = detail.offence || {};
    const d = o.draft || {};
    const q = detail.question || "";
    const set = (id, v) => { document.getElementById(id).value = v == null ? "" : v; };
    set("draft-title", d.title || (q ? q.slice(0, 60) : o.name || ""));
    set("draft-offence", d.offence_name || o.name);
    set("draft-offence-code", d.offence_code || o.id);
    set("draft-facts", d.facts ?? q);
    set("draft-location", d.location || "");
    set("draft-violated", d.violated_provision || o.violated);
    set("draft-penalty", d.penalty_provision || o.penalty);
    set("draft-discretion", d.discretion || [o.band, ...(o.band_reasons || [])].filter(Boolean).join("；"));
    set("draft-fine", d.fine_fen ? d.fine_fen / 100 : "");
    const proc = d.procedure || "ordinary";
    for (const r of draft.querySelectorAll("input[name='draft-procedure']")) r.checked = r.value === proc;
    draft.dataset.extra = JSON.stringify(d);
    draftMsg.textContent = "";
    draft.hidden = false;
    wb.show("cases");
    draft.scrollIntoView({ block: "start" });
    document.getElementById("draft-title").focus();
  }

  document.addEventListener("zhifa:draft-case", (e) => openDraft(e.detail || {}));
  document.getElementById("draft-cancel").addEventListener("click", () => { draft.hidden = true; });
  draft.addEventListener("submit", (e) => {
    e.preventDefault();
    const val = (id) => document.getElementById(id).value.trim();
    const body = Object.assign({}, JSON.parse(draft.dataset.extra || "{}"), {
      title: val("draft-title"),
      offence_name: val("draft-offence") || null,
      offence_code: val("draft-offence-code") || null,
      facts: val("draft-facts"),
      location: val("draft-location"),
      violated_provision: val("draft-violated") || null,
      penalty_provision: val("draft-penalty") || null,
      discretion: val("draft-discretion") || null,
      procedure: draft.querySelector("input[name='draft-procedure']:checked").value,
    });
    const fine = val("draft-fine");
    if (fine) body.fine_fen = Math.round(parseFloat(fine) * 100);
    wb.act(document.getElementById("draft-submit"), draftMsg, async () => {
      const c = await wb.api("POST", "/api/cases", body);
      draft.hidden = true;
      await Promise.all([showCase(c.id), loadList()]);
      wb.say(msg, `已登记案件：${c.title}（${c.state_label}）`);
      msg.dataset.createdCase = c.id;
    });
  });

  document.getElementById("cases-search").addEventListener("submit", (e) => { e.preventDefault(); loadList(); });

  wb.register("cases", {
    el: view,
    show() { loadList(); },
    hide() {},
    logout() { one.replaceChildren(); draft.hidden = true; wb.empty(list, "加载中…"); },
  });
  wb.showCase = showCase;
})();
