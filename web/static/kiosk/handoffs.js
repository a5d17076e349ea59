/* Staff handoff queue: live list over /admin/handoffs/ws; 接手 / 已处理 are CSRF-protected POSTs. */
(function () {
  "use strict";

  var root = document.getElementById("queue");
  if (!root) return;
  var t = JSON.parse(root.dataset.strings || "{}");
  var csrf = root.dataset.csrf;
  var statusEl = document.getElementById("queue-status");
  var items = {};            // id -> handoff
  var backoff = 1000;

  function fmt(key, params) {
    var s = t[key] || key;
    Object.keys(params || {}).forEach(function (k) { s = s.split("{" + k + "}").join(String(params[k])); });
    return s;
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag); if (cls) e.className = cls; if (text !== undefined) e.textContent = text; return e;
  }
  function when(iso) { try { return new Date(iso).toLocaleTimeString(); } catch (e) { return iso || ""; } }

  function act(id, action, button) {
    button.disabled = true;
    fetch("/admin/handoffs/" + id + "/" + action, {
      method: "POST", headers: { "X-CSRF-Token": csrf }, credentials: "same-origin"
    }).then(function (r) {
      if (!r.ok && r.status !== 409) throw new Error(String(r.status));
      return r.json();
    }).then(function (data) { if (data && data.id) upsert(data, false); })
      .catch(function () { button.disabled = false; alert(t.failed); });
  }

  function card(h, fresh) {
    var c = el("article", "handoff " + h.status + (fresh ? " fresh" : ""));
    c.dataset.id = h.id; c.dataset.session = h.session_id;
    var reason = t["reason_" + h.reason] || h.reason;
    c.appendChild(el("h2", "", (h.pharmacy || "") + " · " + (t["status_" + h.status] || h.status)));
    var meta = (t.kiosk || "") + " " + (h.kiosk_id || "—") + " · " + when(h.created_at) + " · " + reason;
    if (h.claimed_by) meta += " · " + fmt("claimed_by", { name: h.claimed_by });
    c.appendChild(el("p", "meta", meta));
    c.appendChild(el("h3", "", t.conversation));
    var ol = el("ol", "transcript");
    (h.transcript || []).forEach(function (line) {
      var who = line.sender === "user" ? t.customer : t.assistant;
      ol.appendChild(el("li", line.sender, who + "：" + line.text));
    });
    c.appendChild(ol);
    var actions = el("div", "actions");
    if (h.status === "open") {
      var claim = el("button", "claim", t.claim); claim.type = "button";
      claim.addEventListener("click", function () { act(h.id, "claim", claim); });
      actions.appendChild(claim);
    }
    if (h.status !== "handled") {
      var done = el("button", "handle", t.handle); done.type = "button";
      done.addEventListener("click", function () { act(h.id, "handle", done); });
      actions.appendChild(done);
    }
    c.appendChild(actions);
    return c;
  }

  function render(freshId) {
    root.innerHTML = "";
    var list = Object.keys(items).map(function (k) { return items[k]; });
    list.sort(function (a, b) { return a.id - b.id; });
    if (!list.length) { root.appendChild(el("p", "muted empty", t.empty)); return; }
    list.forEach(function (h) { root.appendChild(card(h, h.id === freshId)); });
  }

  function upsert(h, fresh) {
    items[h.id] = h;
    render(fresh ? h.id : null);
    if (h.status === "handled") {
      setTimeout(function () { if (items[h.id] && items[h.id].status === "handled") { delete items[h.id]; render(null); } }, 5000);
    }
  }

  function connect() {
    var proto = location.protocol === "https:" ? "wss:" : "ws:";
    var ws = new WebSocket(proto + "//" + location.host + "/admin/handoffs/ws");
    statusEl.textContent = t.connecting;
    ws.onmessage = function (ev) {
      var f = JSON.parse(ev.data);
      if (f.type === "snapshot") {
        backoff = 1000; items = {};
        f.handoffs.forEach(function (h) { items[h.id] = h; });
        statusEl.textContent = t.online; render(null);
      } else if (f.type === "created" || f.type === "updated") {
        upsert(f.handoff, f.type === "created");
        if (f.type === "created" && document.hidden) document.title = "● " + t.new_request;
      }
    };
    ws.onclose = function (ev) {
      statusEl.textContent = t.offline;
      if (ev.code === 4401) { location.href = "/admin/login?next=" + encodeURIComponent(location.pathname); return; }
      setTimeout(connect, backoff); backoff = Math.min(backoff * 2, 15000);
    };
  }
  var title = document.title;
  document.addEventListener("visibilitychange", function () { if (!document.hidden) document.title = title; });
  connect();
})();
