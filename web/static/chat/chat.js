/* Patient web chat (and kiosk base): WebSocket protocol v1 client with acks, resume and outbox. */
(function () {
  "use strict";

  function PreconsultChat(root, options) {
    this.root = root;
    this.opts = Object.assign({ channel: root.dataset.channel || "web", token: "", storageKey: "preconsult.session" }, options || {});
    this.locale = root.dataset.locale || "zh-CN";
    this.t = JSON.parse(root.dataset.strings || "{}");
    this.log = root.querySelector("#log");
    this.input = root.querySelector("#input");
    this.form = root.querySelector("#composer");
    this.statusEl = root.querySelector("#status");
    this.typingEl = root.querySelector("#typing");
    this.sessionId = this.opts.persist === false ? null : sessionStorage.getItem(this.opts.storageKey);
    this.lastSeq = 0;
    this.seen = new Set();
    this.outbox = [];           // {client_id, text, payload, el}
    this.backoff = 500;
    this.counter = 0;
    this.listeners = {};
  }

  PreconsultChat.prototype.on = function (type, fn) { (this.listeners[type] = this.listeners[type] || []).push(fn); };
  PreconsultChat.prototype.emit = function (type, frame) { (this.listeners[type] || []).forEach(function (fn) { fn(frame); }); };

  PreconsultChat.prototype.start = function () {
    var self = this;
    this.form.addEventListener("submit", function (e) { e.preventDefault(); self.sendText(); });
    this.input.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); self.sendText(); }
    });
    var newChat = this.root.querySelector("#new-chat");
    if (newChat) newChat.addEventListener("click", function () { self.reset(); });
    setInterval(function () { self.ping(); }, 25000);
    this.connect();
  };

  PreconsultChat.prototype.status = function (key) { if (this.statusEl) this.statusEl.textContent = this.t[key] || key; };

  PreconsultChat.prototype.connect = function () {
    var self = this;
    var proto = location.protocol === "https:" ? "wss:" : "ws:";
    var q = new URLSearchParams({ channel: this.opts.channel, locale: this.locale });
    if (this.sessionId) q.set("session_id", this.sessionId);
    if (this.opts.token) q.set("token", this.opts.token);
    this.status(this.ws ? "reconnecting" : "connecting");
    var ws = new WebSocket(proto + "//" + location.host + "/ws?" + q.toString());
    this.ws = ws;
    ws.onmessage = function (ev) { self.onFrame(JSON.parse(ev.data)); };
    ws.onclose = function () {
      self.status("offline");
      if (self.closing) return;
      setTimeout(function () { self.connect(); }, self.backoff);
      self.backoff = Math.min(self.backoff * 2, 10000);
    };
  };

  PreconsultChat.prototype.raw = function (frame) {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) { this.ws.send(JSON.stringify(frame)); return true; }
    return false;
  };

  PreconsultChat.prototype.ping = function () { this.raw({ type: "ping", ts: Date.now() }); };

  PreconsultChat.prototype.onFrame = function (f) {
    switch (f.type) {
      case "session":
        this.backoff = 500;
        if (this.sessionId !== f.session_id) { this.lastSeq = 0; this.seen.clear(); if (!f.resumed) this.log.innerHTML = ""; }
        this.sessionId = f.session_id;
        if (this.opts.persist !== false) sessionStorage.setItem(this.opts.storageKey, f.session_id);
        this.status("online");
        if (f.resumed && f.last_seq > this.lastSeq) this.raw({ type: "sync", after_seq: this.lastSeq });
        this.flushOutbox();
        break;
      case "history":
        var self = this;
        f.messages.forEach(function (m) { self.onFrame(m); });
        break;
      case "ack": this.acked(f); break;
      case "typing": this.typingEl.hidden = !f.on; if (f.on) this.scroll(); break;
      case "pong": break;
      case "error": this.renderError(f); break;
      case "ended": this.emit("ended", f); break;
      default:
        if (f.seq && this.seen.has(f.seq)) return;
        if (f.seq) { this.seen.add(f.seq); this.lastSeq = Math.max(this.lastSeq, f.seq); }
        this.render(f);
    }
    this.emit(f.type, f);
  };

  PreconsultChat.prototype.newId = function () {
    this.counter += 1;
    return "c" + Date.now().toString(36) + "-" + this.counter + "-" + Math.random().toString(36).slice(2, 8);
  };

  PreconsultChat.prototype.sendText = function (text, payload) {
    text = (text !== undefined ? text : this.input.value).trim();
    if (!text && !payload) return;
    var item = { client_id: this.newId(), text: text, payload: payload || null };
    item.el = this.bubble("user", text, this.t.sending);
    this.outbox.push(item);
    if (text === this.input.value.trim()) this.input.value = "";
    this.transmit(item);
    this.emit("sent", item);
  };

  PreconsultChat.prototype.transmit = function (item) {
    var frame = { type: "message", client_id: item.client_id, text: item.text };
    if (item.payload) frame.payload = item.payload;
    this.raw(frame);
  };

  PreconsultChat.prototype.flushOutbox = function () { var self = this; this.outbox.forEach(function (i) { self.transmit(i); }); };

  PreconsultChat.prototype.acked = function (f) {
    this.outbox = this.outbox.filter(function (item) {
      if (item.client_id !== f.client_id) return true;
      var meta = item.el.querySelector(".meta"); if (meta) meta.textContent = "✓ " + (this.t.sent || "");
      return false;
    }, this);
    if (f.seq) { this.seen.add(f.seq); this.lastSeq = Math.max(this.lastSeq, f.seq); }
  };

  PreconsultChat.prototype.bubble = function (who, text, meta, extraClass) {
    var el = document.createElement("div");
    el.className = "msg " + who + (extraClass ? " " + extraClass : "");
    el.textContent = text;
    if (meta !== undefined) { var m = document.createElement("span"); m.className = "meta"; m.textContent = meta; el.appendChild(m); }
    this.log.appendChild(el); this.scroll();
    return el;
  };

  PreconsultChat.prototype.scroll = function () { this.log.scrollTop = this.log.scrollHeight; };

  PreconsultChat.prototype.render = function (f) {
    var t = this.t;
    if (f.type === "user") { this.bubble("user", f.text || "", "✓"); return; }
    if (f.type === "bot" || f.type === "fallback") {
      if (f.text) this.bubble("bot", f.text, undefined, f.type === "fallback" ? "fallback" : "");
      if (f.buttons && f.buttons.length) this.renderButtons(f.buttons);
      return;
    }
    if (f.type === "emergency") { this.renderEmergency(f); return; }
    if (f.type === "triage_result") { this.renderTriage(f.data || {}); return; }
    if (f.type === "answer") { this.renderCitations(f.data || {}); return; }
    if (f.type === "handoff") { this.bubble("bot", t.handoff || "", undefined, "fallback"); return; }
  };

  PreconsultChat.prototype.renderButtons = function (buttons) {
    var self = this, box = document.createElement("div");
    box.className = "buttons";
    buttons.forEach(function (b) {
      var btn = document.createElement("button");
      btn.type = "button"; btn.textContent = b.title;
      btn.addEventListener("click", function () { box.remove(); self.sendText(b.title, b.payload); });
      box.appendChild(btn);
    });
    this.log.appendChild(box); this.scroll();
  };

  PreconsultChat.prototype.el = function (tag, cls, text) {
    var e = document.createElement(tag); if (cls) e.className = cls; if (text !== undefined) e.textContent = text; return e;
  };

  PreconsultChat.prototype.renderEmergency = function (f) {
    var card = this.el("section", "card emergency"), d = f.data || {};
    card.setAttribute("role", "alert");
    card.appendChild(this.el("h2", "", this.t.emergency_title));
    card.appendChild(this.el("p", "", f.text || d.text || ""));
    var call = this.el("a", "call", this.t.call120); call.href = "tel:120"; card.appendChild(call);
    this.log.appendChild(card); this.scroll();
  };

  PreconsultChat.prototype.renderTriage = function (d) {
    var t = this.t, card = this.el("section", "card");
    card.appendChild(this.el("h2", "", t.triage_title));
    var p = this.el("p", "", (t.urgency || "") + "：");
    p.appendChild(this.el("span", "urgency " + d.urgency, t["urgency_" + d.urgency] || d.urgency));
    card.appendChild(p);
    if (d.departments && d.departments.length) {
      card.appendChild(this.el("div", "", t.departments));
      var ul = this.el("ul");
      var self = this;
      d.departments.forEach(function (dep) {
        var li = self.el("li"); li.appendChild(self.el("span", "dept", dep.name));
        if (dep.reasons && dep.reasons.length) li.appendChild(self.el("div", "reason", dep.reasons.join("；")));
        ul.appendChild(li);
      });
      card.appendChild(ul);
    }
    if (d.summary && d.summary.chief_complaint) card.appendChild(this.el("p", "reason", t.chief_complaint + "：" + d.summary.chief_complaint));
    if (d.disclaimer) card.appendChild(this.el("p", "reason", d.disclaimer));
    this.log.appendChild(card); this.scroll();
  };

  PreconsultChat.prototype.renderCitations = function (d) {
    if (!d.citations || !d.citations.length) return;
    var box = this.el("div", "msg bot cites");
    box.textContent = (this.t.sources || "") + "：" + d.citations.map(function (c, i) { return "[" + (i + 1) + "] " + c.title; }).join("  ");
    this.log.appendChild(box); this.scroll();
  };

  PreconsultChat.prototype.renderError = function (f) {
    var e = this.el("div", "error", f.message); this.log.appendChild(e); this.scroll();
    if (f.code === "unknown_session") { this.log.innerHTML = ""; this.lastSeq = 0; this.seen.clear(); }
    var retry = f.code === "service_unavailable" || f.code === "rate_limited";
    if (f.client_id && !retry) this.outbox = this.outbox.filter(function (i) { return i.client_id !== f.client_id; });
    if (retry && this.outbox.length) { var self = this; clearTimeout(this.retryTimer); this.retryTimer = setTimeout(function () { self.flushOutbox(); }, 5000); }
  };

  PreconsultChat.prototype.reset = function () {
    this.raw({ type: "end" });
    sessionStorage.removeItem(this.opts.storageKey);
    this.sessionId = null; this.lastSeq = 0; this.seen.clear(); this.outbox = []; this.log.innerHTML = "";
    var self = this; this.closing = true;
    if (this.ws) this.ws.close();
    setTimeout(function () { self.closing = false; self.connect(); }, 100);
  };

  window.PreconsultChat = PreconsultChat;
  document.addEventListener("DOMContentLoaded", function () {
    var root = document.getElementById("app");
    if (root && root.dataset.channel === "web") { window.chat = new PreconsultChat(root); window.chat.start(); }
  });
})();
