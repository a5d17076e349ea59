/* Pharmacy kiosk: device token set-up, quick questions, pharmacist call and the privacy idle reset.
   Builds on PreconsultChat (chat.js) with persist:false: nothing of a customer survives a reset. */
(function () {
  "use strict";

  var TOKEN_KEY = "preconsult.kiosk.token";
  var WARN_BEFORE_S = 10;
  var POLL_MS = 3000;

  function Kiosk(root) {
    this.root = root;
    this.t = JSON.parse(root.dataset.strings || "{}");
    this.idleSeconds = parseInt(root.dataset.idleSeconds, 10) || 120;
    this.banner = root.querySelector("#handoff-banner");
    this.warning = root.querySelector("#idle-warning");
    this.warningText = root.querySelector("#idle-text");
    this.chat = null;
    this.armed = false;          // the current customer has done something: idle reset applies
    this.lastActivity = Date.now();
    this.pollTimer = null;
    this.handoffClientId = null;
  }

  Kiosk.prototype.fmt = function (key, params) {
    var s = this.t[key] || key;
    Object.keys(params || {}).forEach(function (k) { s = s.split("{" + k + "}").join(String(params[k])); });
    return s;
  };

  Kiosk.prototype.boot = function () {
    var params = new URLSearchParams(location.search);
    var fromUrl = params.get("token");
    if (fromUrl) {
      localStorage.setItem(TOKEN_KEY, fromUrl);
      params.delete("token");
      var rest = params.toString();
      history.replaceState(null, "", location.pathname + (rest ? "?" + rest : ""));
    }
    var self = this;
    this.root.querySelector("#setup-form").addEventListener("submit", function (e) {
      e.preventDefault();
      var input = self.root.querySelector("#setup-token");
      var value = input.value.trim();
      if (!value) return;
      localStorage.setItem(TOKEN_KEY, value);
      input.value = "";
      self.checkDevice();
    });
    this.checkDevice();
  };

  Kiosk.prototype.showSetup = function (message) {
    this.root.classList.add("setup-mode");
    this.root.querySelector("#setup-message").textContent = message;
    this.root.querySelector("#pharmacy-name").textContent = "";
    this.root.querySelector("#status").textContent = "";
  };

  Kiosk.prototype.checkDevice = function () {
    var self = this, token = localStorage.getItem(TOKEN_KEY);
    if (!token) { this.showSetup(this.t.device_missing); return; }
    fetch("/kiosk/api/device?locale=" + encodeURIComponent(this.root.dataset.locale), {
      headers: { "X-Kiosk-Token": token }, cache: "no-store"
    }).then(function (r) {
      return r.json().then(function (body) { return { ok: r.ok, body: body }; });
    }).then(function (res) {
      if (!res.ok) {
        localStorage.removeItem(TOKEN_KEY);
        self.showSetup(res.body.message || self.t.device_unauthorized);
        return;
      }
      self.root.querySelector("#pharmacy-name").textContent = res.body.pharmacy;
      self.root.classList.remove("setup-mode");
      self.startChat(token);
    }).catch(function () { setTimeout(function () { self.checkDevice(); }, 5000); });
  };

  Kiosk.prototype.startChat = function (token) {
    if (this.chat) return;
    var self = this;
    var chat = new window.PreconsultChat(this.root, { channel: "kiosk", token: token, persist: false });
    this.chat = chat;
    window.kiosk = this;
    chat.on("session", function (f) {
      self.root.dataset.sessionId = f.session_id;
      if (f.pharmacy) self.root.querySelector("#pharmacy-name").textContent = f.pharmacy;
    });
    chat.on("error", function (f) {
      if (f.code === "unauthorized") {
        chat.closing = true;
        localStorage.removeItem(TOKEN_KEY);
        self.showSetup(self.t.device_unauthorized);
      }
    });
    chat.on("sent", function (item) {
      self.activity();
      if (item.payload === "/request_human") self.handoffClientId = item.client_id;
    });
    chat.on("ack", function (f) {
      if (f.client_id && f.client_id === self.handoffClientId) { self.showBanner("pharmacist_coming"); self.poll(); }
    });
    chat.on("handoff", function () { self.showBanner("pharmacist_coming"); self.poll(); });
    chat.on("answer", function (f) { if (f.data && f.data.kind === "handoff") { self.showBanner("pharmacist_coming"); self.poll(); } });

    this.root.querySelector("#ask-pharmacist").addEventListener("click", function () {
      chat.sendText(self.t.ask_pharmacist, "/request_human");
    });
    Array.prototype.forEach.call(this.root.querySelectorAll(".quick-q"), function (btn) {
      btn.addEventListener("click", function () {
        var input = self.root.querySelector("#input"), typed = input.value.trim();
        input.value = "";                // a drug name typed first applies to the question
        chat.sendText(typed ? typed + " " + btn.textContent : btn.textContent);
      });
    });
    ["pointerdown", "keydown", "input", "touchstart"].forEach(function (type) {
      document.addEventListener(type, function () { self.activity(); }, { passive: true });
    });
    this.root.querySelector("#keep-going").addEventListener("click", function () { self.activity(); });
    setInterval(function () { self.tick(); }, 1000);
    chat.start();
  };

  Kiosk.prototype.activity = function () {
    this.armed = true;
    this.lastActivity = Date.now();
    if (!this.warning.hidden) this.warning.hidden = true;
  };

  Kiosk.prototype.tick = function () {
    if (!this.armed) return;
    var idle = (Date.now() - this.lastActivity) / 1000;
    var left = Math.ceil(this.idleSeconds - idle);
    if (left <= 0) { this.resetScreen(); return; }
    if (left <= WARN_BEFORE_S) {
      this.warningText.textContent = this.fmt("idle_warning", { n: left });
      this.warning.hidden = false;
    }
  };

  Kiosk.prototype.showBanner = function (key) {
    this.banner.textContent = this.t[key] || key;
    this.banner.className = "handoff-banner " + key;
    this.banner.hidden = false;
  };

  Kiosk.prototype.poll = function () {
    var self = this;
    clearTimeout(this.pollTimer);
    var sessionId = this.chat && this.chat.sessionId;
    if (!sessionId) return;
    fetch("/kiosk/api/handoff?session_id=" + encodeURIComponent(sessionId), {
      headers: { "X-Kiosk-Token": localStorage.getItem(TOKEN_KEY) || "" }, cache: "no-store"
    }).then(function (r) { return r.ok ? r.json() : null; }).then(function (body) {
      if (!self.chat || self.chat.sessionId !== sessionId) return;   // reset meanwhile
      var status = body && body.status;
      if (status === "claimed") self.showBanner("pharmacist_claimed");
      if (status === "handled") { self.showBanner("pharmacist_handled"); return; }
      self.pollTimer = setTimeout(function () { self.poll(); }, POLL_MS);
    }).catch(function () { self.pollTimer = setTimeout(function () { self.poll(); }, POLL_MS); });
  };

  /* Privacy reset: end the session, forget everything of this customer, start a new session. */
  Kiosk.prototype.resetScreen = function () {
    this.armed = false;
    clearTimeout(this.pollTimer);
    this.handoffClientId = null;
    this.warning.hidden = true;
    this.banner.hidden = true;
    this.banner.textContent = "";
    this.root.querySelector("#input").value = "";
    this.root.querySelector("#typing").hidden = true;
    delete this.root.dataset.sessionId;
    if (document.activeElement && document.activeElement.blur) document.activeElement.blur();
    var chat = this.chat, old = chat.ws;
    chat.raw({ type: "end" });       // the gateway marks the session ended
    if (old) { old.onclose = null; old.onmessage = null; old.close(); }
    chat.sessionId = null; chat.lastSeq = 0; chat.seen.clear(); chat.outbox = [];
    chat.log.innerHTML = "";
    chat.connect();                  // a fresh session for the next customer
    window.scrollTo(0, 0);
  };

  document.addEventListener("DOMContentLoaded", function () {
    var root = document.getElementById("app");
    if (root && root.dataset.channel === "kiosk") new Kiosk(root).boot();
  });
})();
