"use strict";
// 视频事件审核：机器检测的候选事件（GET /api/camera/events?status=candidate），逐帧查看（帧图像 GET /api/screen/camera/{id}/frames/{n}），
// 「播放片段」按时间顺序连续播放各帧；执法队员、法制员审核通过（立案并附帧为证据）或驳回（须填写理由）。
(() => {
  const view = document.getElementById("camera-view");
  const list = document.getElementById("camera-list");
  const msg = document.getElementById("camera-msg");
  const urls = [];
  const players = new Set(); // the clips playing (stopped when the list is redrawn)

  async function frameUrl(eventId, seq) {
    const resp = await fetch(`/api/screen/camera/${eventId}/frames/${seq}`, { headers: authHeaders() });
    if (!resp.ok) throw new Error(describeError(resp, await resp.json().catch(() => ({}))));
    const url = URL.createObjectURL(await resp.blob());
    urls.push(url);
    return url;
  }

  function release() {
    for (const p of players) clearInterval(p);
    players.clear();
    while (urls.length) URL.revokeObjectURL(urls.pop());
  }

  function card(e) {
    const box = el("div", "card camera-event");
    box.dataset.eventId = e.id;
    box.appendChild(el("h4", null, `${e.kind} · ${e.location}`));
    const meta = [`摄像头 ${e.camera_id}`, wb.time(e.occurred_at), `置信度 ${Math.round(e.confidence * 100)}%`];
    if (e.plate) meta.push(`车牌 ${e.plate}`);
    box.appendChild(el("p", "meta", meta.join(" · ")));
    if (e.detail) box.appendChild(el("p", null, e.detail));
    const line = el("p", "msg-line");
    line.setAttribute("role", "alert");

    // 帧与片段
    const player = el("div", "player");
    const img = el("img", "frame");
    img.alt = `${e.kind} 第 1 帧`;
    const caption = el("span", "meta");
    const strip = el("div", "strip");
    const frames = [];
    let shown = 0;
    const show = (i) => {
      shown = i;
      if (frames[i]) img.src = frames[i];
      caption.textContent = `第 ${i + 1} / ${e.frames.length} 帧`;
      for (const [k, t] of [...strip.children].entries()) t.classList.toggle("on", k === i);
    };
    const play = el("button", null, "▶ 播放片段");
    play.type = "button";
    play.className = "play";
    play.disabled = e.frames.length < 2;
    let playing = null;
    play.addEventListener("click", () => {
      if (playing) { clearInterval(playing); players.delete(playing); playing = null; play.textContent = "▶ 播放片段"; return; }
      play.textContent = "⏸ 暂停";
      playing = setInterval(() => show((shown + 1) % frames.length), 500);
      players.add(playing);
    });
    player.append(img, caption, strip, play);
    box.appendChild(player);
    (async () => {
      try {
        for (const f of e.frames) {
          const url = await frameUrl(e.id, f.seq);
          frames.push(url);
          const thumb = el("img", "thumb");
          thumb.src = url;
          thumb.alt = `第 ${f.seq} 帧`;
          const k = frames.length - 1;
          thumb.addEventListener("click", () => show(k));
          strip.appendChild(thumb);
          if (k === 0) show(0);
        }
        box.dataset.framesLoaded = String(frames.length);
      } catch (err) {
        line.textContent = `帧图像无法显示：${err.message}`;
      }
    })();

    if (wb.hasRole("officer legal")) {
      const form = el("form", "actions");
      const reason = el("textarea");
      reason.rows = 2;
      reason.maxLength = 1000;
      reason.placeholder = "审核意见（驳回须写明理由）";
      reason.setAttribute("aria-label", "审核意见");
      const approve = el("button", "primary approve", "通过并立案");
      approve.type = "button";
      const reject = el("button", "reject", "驳回");
      reject.type = "button";
      approve.addEventListener("click", () => wb.act(approve, line, async () => {
        const done = await wb.api("POST", `/api/camera/events/${e.id}/approve`, { reason: reason.value.trim() });
        await load();
        wb.say(msg, `已通过并立案（案件 ${done.case_id}）：${e.kind} · ${e.location} `);
        const open = el("button", "link open-case", "查看案件");
        open.type = "button";
        open.addEventListener("click", () => { wb.show("cases"); wb.showCase(done.case_id); });
        msg.appendChild(open);
      }));
      reject.addEventListener("click", () => wb.act(reject, line, async () => {
        if (!reason.value.trim()) throw new Error("驳回须填写理由。");
        await wb.api("POST", `/api/camera/events/${e.id}/reject`, { reason: reason.value.trim() });
        wb.say(msg, `已驳回：${e.kind} · ${e.location}`);
        await load();
      }));
      form.append(reason, approve, reject);
      box.appendChild(form);
    }
    box.appendChild(line);
    return box;
  }

  async function load() {
    try {
      const events = await wb.api("GET", "/api/camera/events?status=candidate&limit=50");
      release();
      if (!events.length) wb.empty(list, "没有待审核的视频事件。");
      else list.replaceChildren(...events.map(card));
      view.dataset.loaded = "1";
    } catch (e) {
      msg.textContent = e.message;
    }
  }

  document.getElementById("camera-refresh").addEventListener("click", () => { msg.textContent = ""; load(); });

  wb.register("camera", {
    el: view,
    show() { msg.textContent = ""; load(); },
    hide() { for (const p of players) clearInterval(p); players.clear(); },
    logout() { release(); wb.empty(list, "加载中…"); },
  });
})();
