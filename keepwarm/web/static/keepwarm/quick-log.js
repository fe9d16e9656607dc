// The quick-log screen (/log/): pick people (a search over those on the page,
// so it works with no signal), a kind, maybe a day and a note, and Log. The
// touch goes through the device's queue (pwa.js): sent to the API at once when
// there is a connection, kept on the phone and sent later when there is none.
(function () {
  "use strict";

  var form = document.getElementById("quick-log");
  var queue = window.keepwarmQueue;
  if (!form || !queue) return;

  var status = document.getElementById("qlog-status");
  var queueBox = document.getElementById("qlog-queue");
  var list = document.getElementById("qlog-people");
  var search = document.getElementById("qlog-search");
  var none = form.querySelector(".qlog-none");
  var showMore = form.querySelector("[data-show-more]");
  var summary = document.getElementById("qlog-summary");
  var date = document.getElementById("qlog-date");
  var note = document.getElementById("qlog-note");
  var extraNow = form.querySelector("[data-extra-now]");
  var logButton = form.querySelector(".qlog-log");
  var expanded = false;
  var submitting = false;

  // Words as the server folds them (contacts.search.fold): case, accents and
  // apostrophes ignored.
  function fold(text) {
    return (text || "")
      .toLowerCase()
      .replace(/ß/g, "ss")
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/['\u2019\u2018\u02bc`\u00b4]/g, "")
      .replace(/ø/g, "o").replace(/æ/g, "ae").replace(/œ/g, "oe").replace(/ł/g, "l")
      .replace(/[đð]/g, "d").replace(/þ/g, "th").replace(/\u0131/g, "i");
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function isoDay(day) { return day.getFullYear() + "-" + pad(day.getMonth() + 1) + "-" + pad(day.getDate()); }

  // The day: today on this device, also on a page kept from an earlier day.
  var today = isoDay(new Date());
  if (date.defaultValue < today) {
    date.max = today;
    date.defaultValue = today;
    date.value = today;
  }

  // A line above the Log button, in the thumb's view; a success goes after a while.
  var fade = null;
  function say(text, tone) {
    clearTimeout(fade);
    status.innerHTML = "";
    if (!text) return;
    var message = document.createElement("div");
    message.className = "message message-" + (tone || "info");
    message.textContent = text;
    status.appendChild(message);
    if (tone === "success") fade = setTimeout(function () { say(""); }, 8000);
  }

  // People -----------------------------------------------------------------------

  function rows() { return list ? Array.prototype.slice.call(list.children) : []; }
  function boxes() { return list ? Array.prototype.slice.call(list.querySelectorAll("input[name=people]")) : []; }
  function chosen() { return boxes().filter(function (box) { return box.checked; }); }
  function kindChosen() { return form.querySelector("input[name=kind]:checked"); }

  function filter() {
    var words = search ? fold(search.value).split(/\s+/).filter(Boolean) : [];
    var shown = 0;
    rows().forEach(function (row) {
      var text = row.dataset.search || "";
      var visible = words.length
        ? words.every(function (word) { return text.indexOf(word.replace(/^#/, "")) >= 0; })
        : expanded || !row.classList.contains("is-later") || row.querySelector("input").checked;
      row.hidden = !visible;
      if (visible) shown += 1;
    });
    if (none) none.hidden = shown > 0 || !words.length;
    if (showMore) showMore.hidden = expanded || words.length > 0;
    if (words.length && form.hasAttribute("data-search-more")) askServer(words.join(" "));
  }

  // A network larger than the page holds: with a connection, the server finds
  // the others (the API's people list), added to the list as found.
  var asked = {};
  var timer = null;
  function askServer(text) {
    clearTimeout(timer);
    if (asked[text] || !navigator.onLine) return;
    timer = setTimeout(function () {
      asked[text] = true;
      var url = form.dataset.peopleApi + "?limit=20&sort=recent&q=" + encodeURIComponent(text);
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { items: [] }; })
        .then(function (page) {
          var known = {};
          boxes().forEach(function (box) { known[box.value] = true; });
          page.items.forEach(function (person) {
            if (!known[person.id]) list.appendChild(found(person));
          });
          filter();
        })
        .catch(function () { /* no signal after all: the page's people only */ });
    }, 300);
  }

  function found(person) {
    var row = document.createElement("li");
    row.className = "qlog-person";
    row.dataset.search = fold([person.display_name, person.company, person.city, person.email].join(" "));
    var label = document.createElement("label");
    var box = document.createElement("input");
    box.type = "checkbox";
    box.name = "people";
    box.value = String(person.id);
    box.dataset.name = person.display_name;
    var avatar = document.createElement("span");
    avatar.className = "avatar";
    avatar.setAttribute("aria-hidden", "true");
    avatar.textContent = person.display_name.split(/\s+/).slice(0, 2).map(function (w) { return w.charAt(0); }).join("").toUpperCase();
    var text = document.createElement("span");
    text.className = "qlog-person-text";
    var name = document.createElement("span");
    name.className = "qlog-name";
    name.textContent = person.display_name;
    var why = document.createElement("span");
    why.className = "qlog-why";
    why.textContent = person.last_touch_on ? "Last touch " + person.last_touch_on : "No touch yet";
    text.appendChild(name);
    text.appendChild(why);
    label.appendChild(box);
    label.appendChild(avatar);
    label.appendChild(text);
    row.appendChild(label);
    return row;
  }

  // What the Log button will do, in words ------------------------------------------

  function names(people) {
    var all = people.map(function (box) { return box.dataset.name; });
    if (all.length <= 2) return all.join(" and ");
    if (all.length === 3) return all[0] + ", " + all[1] + " and " + all[2];
    return all.slice(0, 2).join(", ") + " and " + (all.length - 2) + " others";
  }

  function kindLabel(kind) { return kind.parentNode.textContent.trim(); }

  function describe() {
    var people = chosen();
    var kind = kindChosen();
    var when = date.value && date.value !== today ? ", " + date.value : "";
    if (!people.length && !kind) return "Pick who and what.";
    if (!kind) return "With " + names(people) + ". Now pick what.";
    if (!people.length) return capital(kindLabel(kind)) + ". Now pick who.";
    return capital(kindLabel(kind)) + " with " + names(people) + when;
  }

  function capital(text) { return text.charAt(0).toUpperCase() + text.slice(1); }

  function refresh() {
    summary.textContent = describe();
    var ready = chosen().length > 0 && kindChosen();
    logButton.classList.toggle("is-ready", Boolean(ready));
    var extra = [date.value === today ? "today" : date.value];
    if (note.value.trim()) extra.push("with a note");
    extraNow.textContent = extra.join(", ");
  }

  form.addEventListener("change", function (event) {
    var box = event.target;
    if (!submitting) say(""); // the next touch begun: the last one's line goes
    // Someone with a touch planned this week: their planned kind, unless one is picked.
    if (box.name === "people" && box.checked && box.dataset.kind && !kindChosen()) {
      var planned = form.querySelector("input[name=kind][value='" + box.dataset.kind + "']");
      if (planned) planned.checked = true;
    }
    refresh();
  });
  form.addEventListener("input", function (event) {
    if (event.target === search) filter();
    else refresh();
  });
  if (showMore) {
    showMore.addEventListener("click", function () {
      expanded = true;
      filter();
    });
  }

  // Logging -----------------------------------------------------------------------

  function reset() {
    chosen().forEach(function (box) { box.checked = false; });
    var kind = kindChosen();
    if (kind) kind.checked = false;
    note.value = "";
    date.value = today;
    if (search) search.value = "";
    filter();
    refresh();
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var people = chosen();
    var kind = kindChosen();
    if (!people.length) {
      say("Pick who you were in touch with.", "error");
      if (search) search.focus();
      return;
    }
    if (!kind) {
      say("Pick what kind of touch it was.", "error");
      kind = form.querySelector("input[name=kind]");
      if (kind) kind.focus();
      return;
    }
    var touch = {
      people: people.map(function (box) { return Number(box.value); }),
      kind_id: Number(kind.value),
      date: date.value || today,
      note: note.value.trim(),
    };
    var what = kindLabel(kind) + " with " + names(people) + (touch.date !== today ? ", " + touch.date : "");
    var label = capital(what);
    submitting = true;
    logButton.disabled = true;
    queue.add(touch, label).then(function (result) {
      if (result.sent) {
        say("Logged " + what + ".", "success");
        reset();
      } else if (result.item.state === "refused" && !result.item.retry) {
        say("Not logged: " + result.item.problem, "error");
      } else {
        say("Saved on this phone, will send when you're online.", "info");
        reset();
      }
    }).then(function () {
      submitting = false;
      logButton.disabled = false;
      renderQueue();
    });
  });

  // The queue on this device ----------------------------------------------------------

  function button(text, action, clientId) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "btn btn-small" + (action === "discard" ? " btn-ghost" : "");
    b.textContent = text;
    b.dataset.queueAction = action;
    b.dataset.clientId = clientId;
    return b;
  }

  function renderQueue() {
    var items = queue.items();
    var waiting = items.filter(function (item) { return item.state !== "refused" || item.retry; }).length;
    var refused = items.length - waiting;
    queueBox.hidden = items.length === 0;
    var parts = [];
    if (waiting) parts.push(waiting + (waiting === 1 ? " touch" : " touches") + " waiting to send");
    if (refused) parts.push(refused + (refused === 1 ? " touch" : " touches") + " not logged");
    queueBox.querySelector(".qlog-queue-title").textContent = "On this phone: " + parts.join(", ");
    var box = queueBox.querySelector(".qlog-queue-list");
    box.innerHTML = "";
    items.forEach(function (item) {
      var row = document.createElement("li");
      row.className = "qlog-queued" + (item.state === "refused" ? " is-refused" : "");
      var what = document.createElement("span");
      what.className = "qlog-queued-what";
      what.textContent = item.label;
      row.appendChild(what);
      var state = document.createElement("span");
      state.className = "qlog-queued-state";
      state.textContent = item.state === "refused" ? item.problem : "Waiting for a connection";
      row.appendChild(state);
      if (item.state === "refused") {
        var actions = document.createElement("span");
        actions.className = "qlog-queued-actions";
        actions.appendChild(button("Try again", "retry", item.client_id));
        actions.appendChild(button("Discard", "discard", item.client_id));
        row.appendChild(actions);
      }
      box.appendChild(row);
    });
  }

  queueBox.addEventListener("click", function (event) {
    var target = event.target.closest("[data-queue-action]");
    if (!target) return;
    if (target.dataset.queueAction === "discard") queue.discard(target.dataset.clientId);
    else queue.retry(target.dataset.clientId);
  });

  queue.onChange(function (outcome) {
    renderQueue();
    if (outcome && outcome.sent && !submitting) {
      var n = outcome.sent;
      say("Sent " + n + (n === 1 ? " touch" : " touches") + " saved on this phone.", "success");
    }
  });

  filter();
  refresh();
  renderQueue();
})();
