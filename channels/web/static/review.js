"use strict";
// 案卷评查（法制员、指挥员、管理员）：待确认队列与近期评查（等级、得分、每条问题的规则、依据与说明），按案件查看或重新评查，
// 法制员确认机评等级或说明理由改定（POST /api/reviews/{id}/decision）。
(() => {
  const view = document.getElementById("review-view");
  const msg = document.getElementById("review-msg");
  const one = document.getElementById("review-one");
  const pending = document.getElementById("review-pending");
  const recent = document.getElementById("review-recent");
  const caseId = document.getElementById("review-case-id");
  const GRADES = ["优", "良", "合格", "不合格"];
  const STATUS = { pending: "待确认", confirmed: "法制员已确认", overridden: "法制员已改定" };
  const TRIGGER = { on_demand: "按需评查", closed: "结案自动评查", archived: "归档自动评查" };

  function finding(f) {
    const li = el("li", f.fatal ? "finding fatal" : "finding");
    li.dataset.rule = f.rule;
    const head = el("div");
    head.appendChild(el("b", "rule", `[${f.rule}] ${f.title}`));
    head.appendChild(el("span", "points", f.fatal ? " 否决项" : ` 扣 ${f.points} 分`));
    li.appendChild(head);
    li.appendChild(el("div", "message", f.message));
    li.appendChild(el("div", "basis", `依据：${f.basis}`));
    return li;
  }

  function decisionForm(r, card) {
    const form = el("form", "decision stack");
    const line = el("p", "msg-line");
    line.setAttribute("role", "alert");
    const select = el("select");
    select.setAttribute("aria-label", "等级");
    select.appendChild(new Option(`确认机评：${r.grade}`, ""));
    for (const g of GRADES) if (g !== r.grade) select.appendChild(new Option(`改定为：${g}`, g));
    const reason = el("textarea");
    reason.rows = 2;
    reason.maxLength = 1000;
    reason.placeholder = "改定等级须说明理由";
    reason.setAttribute("aria-label", "理由");
    const submit = el("button", "primary", "确认");
    submit.type = "submit";
    select.addEventListener("change", () => { submit.textContent = select.value ? "改定" : "确认"; });
    form.append(select, reason, submit, line);
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      wb.act(submit, line, async () => {
        const body = { grade: select.value || null, reason: reason.value.trim() || null };
        const done = await wb.api("POST", `/api/reviews/${r.id}/decision`, body);
        card.replaceWith(render(done));
        loadLists();
      });
    });
    return form;
  }

  function render(r) {
    const card = el("article", `card review grade-${r.effective_grade}`);
    card.dataset.reviewId = r.id;
    card.dataset.status = r.status;
    const title = el("h4", null, `${r.case_number || "（未编号）"} · 案件 ${r.case_id}`);
    card.appendChild(title);
    const meta = el("p", "meta");
    meta.appendChild(el("span", "grade", r.effective_grade));
    meta.appendChild(document.createTextNode(
      ` 得分 ${r.score}（机评 ${r.grade}） · ${STATUS[r.status] || r.status} · ${TRIGGER[r.trigger] || r.trigger} · ${wb.time(r.created_at)}`
    ));
    card.appendChild(meta);
    if (r.status !== "pending") {
      const who = r.status === "overridden" ? `改定为 ${r.final_grade}，理由：${r.reason || "—"}` : "确认机评等级";
      card.appendChild(el("p", "decided", `${STATUS[r.status]}（${wb.time(r.reviewed_at)}）：${who}`));
    }
    if (r.findings.length) {
      const list = el("ul", "findings");
      for (const f of r.findings) list.appendChild(finding(f));
      card.appendChild(list);
    } else {
      card.appendChild(el("p", "clean", "未发现问题。"));
    }
    if (r.skipped && r.skipped.length) card.appendChild(el("p", "skipped", `未检查：${r.skipped.join("、")}`));
    if (r.status === "pending" && wb.hasRole("legal")) card.appendChild(decisionForm(r, card));
    return card;
  }

  // the queue shows each case's latest review only (an earlier one is superseded and cannot be decided)
  function latestPerCase(rows) {
    const seen = new Set();
    return rows.filter((r) => (seen.has(r.case_id) ? false : seen.add(r.case_id)));
  }

  async function fill(box, path, emptyText, latestOnly) {
    try {
      let rows = await wb.api("GET", path);
      if (latestOnly) rows = latestPerCase(rows.slice().sort((a, b) => b.id - a.id));
      if (!rows.length) { wb.empty(box, emptyText); return; }
      box.replaceChildren(...rows.map(render));
    } catch (e) {
      wb.empty(box, e.message);
    }
  }

  function loadLists() {
    fill(pending, "/api/reviews?status=pending&limit=100", "没有待确认的评查。", true);
    fill(recent, "/api/reviews?limit=20", "还没有评查记录。");
  }

  document.getElementById("review-case-form").addEventListener("submit", (e) => {
    e.preventDefault();
    wb.act(document.getElementById("review-show"), msg, async () => {
      one.replaceChildren(render(await wb.api("GET", `/api/reviews/cases/${parseInt(caseId.value, 10)}`)));
    });
  });
  document.getElementById("review-run").addEventListener("click", (e) => {
    if (!caseId.reportValidity()) return;
    wb.act(e.currentTarget, msg, async () => {
      one.replaceChildren(render(await wb.api("POST", `/api/reviews/cases/${parseInt(caseId.value, 10)}`)));
      loadLists();
    });
  });
  document.getElementById("review-refresh").addEventListener("click", loadLists);

  wb.register("review", {
    el: view,
    show: loadLists,
    hide() {},
    logout() { one.replaceChildren(); msg.textContent = ""; },
  });
})();
