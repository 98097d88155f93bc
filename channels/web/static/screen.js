"use strict";
// 指挥大屏：每隔几秒取 GET /api/screen/overview，用内联 SVG 画网格地图（GeoJSON 多边形，纯色底图，不用互联网瓦片）、
// 在岗队员位置、待审视频事件、调度指令的时间线（下达地点 → 到场位置），以及按日期、网格、违法行为、状态的统计图。
// 登录与工作台共用令牌（sessionStorage 的 zhifa.token）；未登录时在本页登录。
(() => {
  const TOKEN_KEY = "zhifa.token";
  const POLL_MS = window.ZHIFA_SCREEN_POLL_MS || 5000;
  const SVG = "http://www.w3.org/2000/svg";
  const $ = (id) => document.getElementById(id);
  let timer = null;
  let selectedOrder = null;
  let last = null;

  const token = () => sessionStorage.getItem(TOKEN_KEY);

  function h(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function s(tag, attrs, text) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function time(iso) {
    if (!iso) return "—";
    return new Date(iso).toLocaleString("zh-CN", { hour12: false, month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" });
  }

  function showLogin(message) {
    clearTimeout(timer);
    sessionStorage.removeItem(TOKEN_KEY);
    $("screen").hidden = true;
    $("login").hidden = false;
    $("login-msg").textContent = message || "";
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
      const body = await resp.json().catch(() => ({}));
      if (!resp.ok) { $("login-msg").textContent = body.message || `登录失败（HTTP ${resp.status}）`; return; }
      sessionStorage.setItem(TOKEN_KEY, body.access_token);
      $("password").value = "";
      start();
    } catch (err) {
      $("login-msg").textContent = "网络错误，无法连接服务。";
    } finally {
      $("login-submit").disabled = false;
    }
  });

  // ---- 地图：经纬度 → SVG 坐标（等距圆柱投影，按中纬度修正经度比例，铺满 1000×700） ----
  function projection(grids, extra) {
    let minLon = Infinity, maxLon = -Infinity, minLat = Infinity, maxLat = -Infinity;
    const add = (lon, lat) => {
      minLon = Math.min(minLon, lon); maxLon = Math.max(maxLon, lon);
      minLat = Math.min(minLat, lat); maxLat = Math.max(maxLat, lat);
    };
    for (const g of grids) for (const ring of rings(g.boundary)) for (const [lon, lat] of ring) add(lon, lat);
    for (const [lon, lat] of extra) add(lon, lat);
    if (!isFinite(minLon)) { minLon = 108.3; maxLon = 108.5; minLat = 30.7; maxLat = 30.9; }
    // 高 700，宽随区域形状（500–1400），地图铺满画布
    const H = 700, pad = 40;
    const kx = Math.cos(((minLat + maxLat) / 2) * Math.PI / 180);
    const spanX = Math.max((maxLon - minLon) * kx, 1e-6), spanY = Math.max(maxLat - minLat, 1e-6);
    const W = Math.min(1400, Math.max(500, (spanX * (H - 2 * pad)) / spanY + 2 * pad));
    const k = Math.min((W - 2 * pad) / spanX, (H - 2 * pad) / spanY);
    const ox = (W - spanX * k) / 2, oy = (H - spanY * k) / 2;
    const project = (lon, lat) => [ox + (lon - minLon) * kx * k, oy + (maxLat - lat) * k];
    project.width = W;
    project.height = H;
    return project;
  }

  function rings(geom) {
    if (!geom) return [];
    if (geom.type === "Polygon") return geom.coordinates;
    if (geom.type === "MultiPolygon") return geom.coordinates.flat();
    return [];
  }

  function heat(n, max) {
    const t = max ? Math.min(n / max, 1) : 0; // 0 → 深蓝，1 → 橙红
    const a = [21, 67, 110], b = [230, 81, 0];
    return `rgb(${a.map((v, i) => Math.round(v + (b[i] - v) * t)).join(",")})`;
  }

  function orderPoints(o, grids) {
    const pts = [];
    const grid = grids.find((g) => g.code === o.grid_code);
    if (o.lat != null && o.lon != null) pts.push({ lon: o.lon, lat: o.lat, label: "下达", what: "created" });
    else if (grid) pts.push({ lon: grid.center_lon, lat: grid.center_lat, label: "下达", what: "created" });
    for (const ev of o.timeline || []) {
      if (ev.what === "created" || ev.what === "sent") continue; // 下达地点已在上面
      if (ev.lat != null && ev.lon != null) pts.push({ lon: ev.lon, lat: ev.lat, label: `${ev.label}${ev.officer_name ? " " + ev.officer_name : ""}`, what: ev.what });
    }
    return pts;
  }

  function drawMap(d) {
    const map = $("map");
    const extra = [];
    for (const o of d.officers) if (o.lat != null && o.lon != null) extra.push([o.lon, o.lat]);
    for (const e of d.camera_events) if (e.lat != null && e.lon != null) extra.push([e.lon, e.lat]);
    for (const o of d.orders) for (const p of orderPoints(o, d.grids)) extra.push([p.lon, p.lat]);
    const P = projection(d.grids, extra);
    const max = Math.max(1, ...d.grids.map((g) => g.open_cases + g.camera_events));
    map.setAttribute("viewBox", `0 0 ${Math.round(P.width)} ${P.height}`);
    const nodes = [s("rect", { x: 0, y: 0, width: P.width, height: P.height, fill: "#0b1a2c" })];
    const labels = [];
    for (const g of d.grids) {
      const group = s("g", { class: "grid-group", "data-code": g.code });
      for (const ring of rings(g.boundary)) {
        const pts = ring.map(([lon, lat]) => P(lon, lat).map((v) => v.toFixed(1)).join(",")).join(" ");
        const poly = s("polygon", { class: "grid", points: pts, fill: heat(g.open_cases + g.camera_events, max), "data-code": g.code });
        poly.appendChild(s("title", {}, `${g.name}（${g.code}）：在办案件 ${g.open_cases}，待审视频事件 ${g.camera_events}，在岗 ${g.on_duty} 人`));
        group.appendChild(poly);
      }
      nodes.push(group);
      const [cx, cy] = P(g.center_lon, g.center_lat);
      // the name above the centre, where the officers' markers (their last positions) often are
      labels.push(s("text", { class: "grid-label", x: cx, y: cy - 30 }, g.name));
      labels.push(s("text", { class: "grid-count", x: cx, y: cy - 13 }, `案 ${g.open_cases} · 在岗 ${g.on_duty}`));
    }
    nodes.push(...labels);
    for (const o of d.orders) {
      const pts = orderPoints(o, d.grids);
      if (!pts.length) continue;
      const group = s("g", { class: "order" + (selectedOrder === o.id ? " selected" : ""), "data-order-id": o.id });
      const xy = pts.map((p) => P(p.lon, p.lat));
      if (xy.length > 1) group.appendChild(s("polyline", { class: "order-path", points: xy.map((p) => p.map((v) => v.toFixed(1)).join(",")).join(" ") }));
      pts.forEach((p, i) => {
        const [x, y] = xy[i];
        const diamond = s("polygon", {
          class: "order-point" + (o.status === "done" ? " done" : ""), "data-what": p.what,
          points: `${x},${y - 8} ${x + 8},${y} ${x},${y + 8} ${x - 8},${y}`,
        });
        diamond.appendChild(s("title", {}, `${o.title}：${p.label}`));
        group.appendChild(diamond);
        if (selectedOrder === o.id || xy.length > 1) group.appendChild(s("text", { class: "order-step", x: x + 10, y: y - 6 }, `${i + 1}. ${p.label}`));
      });
      nodes.push(group);
    }
    for (const e of d.camera_events) {
      if (e.lat == null || e.lon == null) continue;
      const [x, y] = P(e.lon, e.lat);
      const tri = s("polygon", { class: "event", "data-event-id": e.id, points: `${x},${y - 9} ${x + 8},${y + 6} ${x - 8},${y + 6}` });
      tri.appendChild(s("title", {}, `${e.kind} · ${e.location} · ${time(e.occurred_at)}`));
      nodes.push(tri);
    }
    for (const o of d.officers) {
      if (o.lat == null || o.lon == null) continue;
      const [x, y] = P(o.lon, o.lat);
      const dot = s("circle", { class: "officer", cx: x, cy: y, r: 7, "data-officer-id": o.officer_id });
      dot.appendChild(s("title", {}, `${o.name}（${o.badge_no}）${o.grid_name} · 最后定位 ${time(o.last_seen_at)}`));
      nodes.push(dot);
      nodes.push(s("text", { class: "officer-label", x: x + 9, y: y + 4 }, o.name));
    }
    map.replaceChildren(...nodes);
    map.dataset.grids = String(d.grids.length);
    map.dataset.officers = String(d.officers.filter((o) => o.lat != null).length);
    $("legend").replaceChildren(
      ...[["#154370", "无在办事项"], ["#e65100", "在办案件、视频事件多"], ["#66bb6a", "在岗队员"], ["#ff7043", "视频事件"], ["#ffd54f", "调度指令（下达 → 到场）"]]
        .map(([c, t]) => { const sp = h("span"); const i = h("i"); i.style.background = c; sp.append(i, t); return sp; }),
    );
  }

  // ---- 图表（内联 SVG） ----
  function bars(svg, rows, cls) {
    const W = 480, H = 200, left = 110, right = 40, top = 8;
    const list = rows.slice(0, 8);
    const nodes = [];
    if (!list.length) nodes.push(s("text", { x: W / 2, y: H / 2, "text-anchor": "middle" }, "暂无数据"));
    const max = Math.max(1, ...list.map((r) => r.count));
    const bh = Math.min(22, (H - top) / Math.max(list.length, 1) - 4);
    list.forEach((r, i) => {
      const y = top + i * (bh + 4);
      const w = ((W - left - right) * r.count) / max;
      const name = r.key.length > 8 ? r.key.slice(0, 8) + "…" : r.key;
      nodes.push(s("text", { x: left - 6, y: y + bh * 0.72, "text-anchor": "end" }, name));
      const rect = s("rect", { class: "bar " + (cls || ""), x: left, y, width: Math.max(w, 1), height: bh, rx: 2 });
      rect.appendChild(s("title", {}, `${r.key}：${r.count}`));
      nodes.push(rect);
      nodes.push(s("text", { class: "value", x: left + w + 4, y: y + bh * 0.72 }, String(r.count)));
    });
    svg.replaceChildren(...nodes);
    svg.dataset.rows = String(list.length);
  }

  function days(svg, byDay, n, generatedAt) {
    const W = 480, H = 200, left = 28, bottom = 22, top = 10;
    const counts = new Map(byDay.map((r) => [r.key, r.count]));
    const end = new Date(generatedAt);
    const series = [];
    for (let i = n - 1; i >= 0; i--) {
      const d = new Date(end.getTime() - i * 86400000);
      const key = d.toLocaleDateString("sv-SE", { timeZone: "Asia/Shanghai" });
      series.push({ key, count: counts.get(key) || 0 });
    }
    const max = Math.max(1, ...series.map((r) => r.count));
    const bw = (W - left - 4) / series.length;
    const nodes = [s("line", { class: "axis", x1: left, y1: H - bottom, x2: W, y2: H - bottom })];
    nodes.push(s("text", { x: left - 4, y: top + 8, "text-anchor": "end" }, String(max)));
    nodes.push(s("text", { x: left - 4, y: H - bottom, "text-anchor": "end" }, "0"));
    series.forEach((r, i) => {
      const bh = ((H - bottom - top) * r.count) / max;
      const rect = s("rect", { class: "bar", x: left + i * bw + 1, y: H - bottom - bh, width: Math.max(bw - 2, 1), height: bh });
      rect.appendChild(s("title", {}, `${r.key}：${r.count} 件`));
      nodes.push(rect);
      const step = Math.ceil(series.length / 6);
      if (i % step === 0 || i === series.length - 1) nodes.push(s("text", { x: left + i * bw + bw / 2, y: H - 6, "text-anchor": "middle" }, r.key.slice(5)));
    });
    svg.replaceChildren(...nodes);
    svg.dataset.rows = String(series.length);
  }

  // ---- 概况与列表 ----
  function kpis(d) {
    const open = d.orders.filter((o) => o.status === "open").length;
    const yuan = (fen) => `${Math.round(fen / 100).toLocaleString("zh-CN")}`;
    const items = [
      ["在岗队员", d.officers.length], ["在办案件", d.open_cases.length], ["待审视频事件", d.camera_events.length],
      ["处置中指令", open], [`近 ${d.days} 天登记`, d.stats.total], ["决定罚款（元）", yuan(d.stats.fines_decided_fen)],
      ["已缴罚款（元）", yuan(d.stats.fines_paid_fen)],
    ];
    $("kpis").replaceChildren(...items.map(([label, v]) => { const k = h("div", "kpi"); k.append(h("b", null, String(v)), h("span", null, label)); return k; }));
  }

  function lists(d) {
    const STATUS = { open: "处置中", done: "已办结", cancelled: "已撤销" };
    $("orders").replaceChildren(...(d.orders.length ? d.orders.map((o) => {
      const li = h("li", selectedOrder === o.id ? "selected" : "");
      li.dataset.orderId = o.id;
      li.append(h("b", null, o.title), " ", h("span", "status-" + o.status, STATUS[o.status] || o.status));
      li.appendChild(h("div", "meta", `${time(o.created_at)} · ${o.assignments.map((a) => a.officer_name).join("、") || "—"}`));
      const steps = h("ol", "steps");
      for (const ev of o.timeline) steps.appendChild(h("li", null, `${time(ev.at)} ${ev.label}${ev.officer_name ? " · " + ev.officer_name : ""}`));
      li.appendChild(steps);
      li.addEventListener("click", () => { selectedOrder = selectedOrder === o.id ? null : o.id; render(last); });
      return li;
    }) : [h("li", "meta", "近 24 小时没有调度指令。")]));
    $("officers").replaceChildren(...(d.officers.length ? d.officers.map((o) => {
      const li = h("li", null, `${o.name}（${o.badge_no}）· ${o.grid_name}`);
      li.appendChild(h("div", "meta", o.lat != null ? `最后定位 ${time(o.last_seen_at)}` : "暂无定位"));
      return li;
    }) : [h("li", "meta", "当前没有在岗队员。")]));
    $("events").replaceChildren(...(d.camera_events.length ? d.camera_events.map((e) => h("li", null, `${time(e.occurred_at)} ${e.kind} · ${e.location}`)) : [h("li", "meta", "没有待审视频事件。")]));
    $("cases").replaceChildren(...(d.open_cases.length ? d.open_cases.slice(0, 30).map((c) => {
      const li = h("li", null, `${c.title}`);
      li.appendChild(h("div", "meta", [c.case_number, c.state_label, c.offence_name].filter(Boolean).join(" · ")));
      return li;
    }) : [h("li", "meta", "没有在办案件。")]));
  }

  function render(d) {
    if (!d) return;
    kpis(d);
    drawMap(d);
    days($("chart-day"), d.stats.by_day, d.days, d.generated_at);
    bars($("chart-grid"), d.cases_by_grid, "");
    bars($("chart-offence"), d.stats.by_offence, "alt");
    bars($("chart-status"), d.stats.by_status, "st");
    lists(d);
    $("updated").textContent = `更新于 ${new Date(d.generated_at).toLocaleTimeString("zh-CN", { hour12: false })}`;
  }

  async function refresh() {
    clearTimeout(timer);
    try {
      const resp = await fetch(`/api/screen/overview?days=${$("days").value}`, { headers: { Authorization: "Bearer " + token() } });
      const body = await resp.json().catch(() => ({}));
      if (resp.status === 401) { showLogin(body.message || "登录已失效，请重新登录。"); return; }
      if (!resp.ok) throw new Error(body.message || `服务出错（HTTP ${resp.status}）`);
      last = body;
      $("screen-msg").textContent = "";
      render(body);
      document.body.dataset.refreshes = String(parseInt(document.body.dataset.refreshes || "0", 10) + 1);
    } catch (e) {
      $("screen-msg").textContent = e.message === "Failed to fetch" ? "网络错误，稍后自动重试。" : e.message;
      if (/无权|权限/.test(e.message)) return; // 角色不符：不再轮询
    }
    timer = setTimeout(refresh, POLL_MS);
  }

  function start() {
    $("login").hidden = true;
    $("screen").hidden = false;
    refresh();
  }

  $("days").addEventListener("change", refresh);
  setInterval(() => { $("clock").textContent = new Date().toLocaleString("zh-CN", { hour12: false }); }, 1000);
  if (token()) start();
  else showLogin("");
})();
