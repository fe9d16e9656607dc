// The installable app, on every page (docs: README, "Install on your phone").
//
// - A signed-in page registers the service worker (/sw.js) and asks it to keep
//   the start page and the quick log; a signed-out page tells it to forget the
//   pages it kept of the account.
// - The touch queue: a touch logged on the quick-log screen is kept on this
//   device (localStorage) with the id the device gave it, then sent to the
//   API; what could not be sent waits, and is sent when the connection
//   returns (the `online` event, each page load, every minute, and more often
//   while touches wait). An item leaves the queue only once the server said
//   it is logged (201, or 200: that id was logged before, so a retry never
//   logs twice). A refusal (a 4xx other than 429) stays, with the server's
//   words, for the user to discard.
(function () {
  "use strict";

  var body = document.body;
  var session = body.dataset.session;
  var user = body.dataset.user || "";
  var api = body.dataset.touchApi || "";
  var KEY = "keepwarm.touch-queue";
  var EVERY = 60 * 1000;

  // The service worker ------------------------------------------------------------

  function tellWorker(message) {
    if (!("serviceWorker" in navigator)) return Promise.resolve();
    return navigator.serviceWorker.getRegistration().then(function (registration) {
      var worker = registration && (registration.active || registration.waiting || registration.installing);
      if (worker) worker.postMessage(message);
    });
  }

  if ("serviceWorker" in navigator && session === "in" && body.dataset.worker) {
    navigator.serviceWorker
      .register(body.dataset.worker, { scope: "/" })
      .then(function () { return navigator.serviceWorker.ready; })
      .then(function (registration) { registration.active.postMessage({ type: "signed-in" }); })
      .catch(function () { /* the site works without it, only not offline */ });
  } else if (session === "out") {
    tellWorker({ type: "signed-out" }).catch(function () {});
  }

  // The offline page's "Try again".
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-reload]")) location.reload();
  });

  // The queue ---------------------------------------------------------------------

  function load() {
    try {
      var items = JSON.parse(localStorage.getItem(KEY) || "[]");
      return Array.isArray(items) ? items : [];
    } catch (e) {
      return [];
    }
  }

  function save(items) {
    localStorage.setItem(KEY, JSON.stringify(items));
    changed();
  }

  function update(clientId, change) {
    save(load().map(function (item) {
      return item.client_id === clientId ? Object.assign({}, item, change) : item;
    }));
  }

  function mine() {
    return load().filter(function (item) { return item.user === user; });
  }

  var listeners = [];
  function changed(outcome) {
    listeners.forEach(function (listener) { listener(outcome); });
  }
  window.addEventListener("storage", function (event) {
    if (event.key === KEY) changed();
  });

  // The CSRF token: the cookie's (current even on a page the worker kept), else the page's.
  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    try {
      return JSON.parse(body.getAttribute("hx-headers"))["X-CSRFToken"];
    } catch (e) {
      return "";
    }
  }

  // The server's problem (RFC 9457) in words: its detail and each field's message.
  function problemOf(response) {
    return response.json().then(
      function (problem) {
        var words = [problem.detail || problem.title || "The server refused it (" + response.status + ")."];
        (problem.errors || []).forEach(function (error) {
          if (error.message && words.indexOf(error.message) < 0) words.push(error.message);
        });
        return words.join(" ");
      },
      function () { return "The server refused it (" + response.status + ")."; }
    );
  }

  function post(item) {
    return fetch(api, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json, application/problem+json",
        "X-CSRFToken": csrfToken(),
      },
      body: JSON.stringify(item.touch),
    });
  }

  // Send one item: "sent", "refused" (kept, with the problem), or "later"
  // (no signal, the server busy or down, or signed out: the rest waits too).
  function sendOne(item) {
    return post(item).then(
      function (response) {
        if (response.status === 200 || response.status === 201) {
          save(load().filter(function (other) { return other.client_id !== item.client_id; }));
          return "sent";
        }
        if (response.status === 429 || response.status >= 500) return "later";
        var said = response.status === 401
          ? Promise.resolve("You are signed out: sign in again and it is sent.")
          : problemOf(response);
        return said.then(function (problem) {
          // Signed out (401) or the session's token refused (403): the touch
          // itself may be fine; it is sent again once the user signs in.
          var retry = response.status === 401 || response.status === 403;
          update(item.client_id, { state: "refused", problem: problem, retry: retry });
          return retry ? "later" : "refused";
        });
      },
      function () { return "later"; }
    );
  }

  function pending(item) {
    return item.state !== "refused" || item.retry;
  }

  function sendAll() {
    var waiting = mine().filter(pending);
    var outcome = { sent: 0, refused: 0, stopped: false, waiting: 0 };
    function next(index) {
      if (index >= waiting.length) return Promise.resolve(false);
      return sendOne(waiting[index]).then(function (result) {
        if (result === "later") return true;
        outcome[result] += 1;
        return next(index + 1);
      });
    }
    return next(0).then(function (stopped) {
      outcome.stopped = stopped;
      outcome.waiting = mine().filter(pending).length;
      return outcome;
    });
  }

  var sending = null;
  function send() {
    if (!user || !api) return Promise.resolve({ sent: 0, refused: 0, stopped: true, waiting: 0 });
    if (sending) return sending;
    var run = function () { return sendAll(); };
    // One tab at a time (a second sender could only repeat a send, which the
    // client id makes harmless, but the counts would be off).
    var locked = navigator.locks ? navigator.locks.request("keepwarm-touch-queue", run) : run();
    sending = locked.then(function (outcome) {
      sending = null;
      again(outcome);
      changed(outcome);
      return outcome;
    }, function (error) {
      sending = null;
      throw error;
    });
    return sending;
  }

  // While touches wait, try again soon, then less and less often (a request
  // with no signal fails at once, so trying costs nothing; and the `online`
  // event does not come everywhere).
  var SOON = 5 * 1000;
  var delay = SOON;
  var later = null;
  function again(outcome) {
    clearTimeout(later);
    if (!outcome.stopped || !outcome.waiting) {
      delay = SOON;
      return;
    }
    later = setTimeout(send, delay);
    delay = Math.min(delay * 2, EVERY);
  }

  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return "t-" + Date.now().toString(36) + "-" + Math.random().toString(36).slice(2);
  }

  window.keepwarmQueue = {
    // Queue a touch ({people, kind_id, date, note}) with a new client id and a
    // line saying what it is; then try to send everything.
    add: function (touch, label) {
      var item = {
        client_id: newId(),
        user: user,
        touch: Object.assign({}, touch),
        label: label,
        queued_at: new Date().toISOString(),
        state: "waiting",
        problem: "",
      };
      item.touch.client_id = item.client_id;
      var items = load();
      items.push(item);
      save(items);
      return send().then(function (outcome) {
        var left = mine().filter(function (other) { return other.client_id === item.client_id; })[0];
        return { item: left || item, sent: !left, outcome: outcome };
      });
    },
    items: mine,
    send: send,
    discard: function (clientId) {
      save(load().filter(function (item) { return item.client_id !== clientId; }));
    },
    retry: function (clientId) {
      update(clientId, { state: "waiting", problem: "", retry: false });
      return send();
    },
    onChange: function (listener) { listeners.push(listener); },
  };

  if (session === "in") {
    send();
    window.addEventListener("online", function () {
      delay = SOON;
      send();
    });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible") send();
    });
    setInterval(send, EVERY);
  }
})();
