// Sorting newcomers by keyboard. The page works without this file: every
// choice is a plain form button or radio.
//
// One at a time: 1–9 press the circle's button, 0 "not in my network", Enter the
// suggested one, ← → the previous or next person, U undo.
// As a list: ↑ ↓ choose a row, 1–9 and 0 set its place and go to the next row,
// Backspace sets it back to Later, Enter sorts the chosen.
(function () {
  "use strict";

  function box() { return document.getElementById("triage"); }

  function typing(el) {
    if (!el || el === document.body) return false;
    if (el.isContentEditable) return true;
    if (el.tagName === "TEXTAREA" || el.tagName === "SELECT") return true;
    return el.tagName === "INPUT" && el.type !== "radio" && el.type !== "checkbox";
  }

  function named(root, key) {
    if (!/^[\w]+$/.test(key)) return null;
    return root.querySelector('[data-key~="' + key + '"]');
  }

  function rows(root) { return Array.prototype.slice.call(root.querySelectorAll("[data-row]")); }

  function current(root) {
    var all = rows(root);
    var at = root.querySelector("[data-row].is-current");
    return { all: all, index: at ? all.indexOf(at) : -1 };
  }

  function moveTo(root, index) {
    var all = rows(root);
    if (!all.length) return;
    index = Math.max(0, Math.min(all.length - 1, index));
    all.forEach(function (row, i) { row.classList.toggle("is-current", i === index); });
    all[index].focus({ preventScroll: true });
    all[index].scrollIntoView({ block: "nearest" });
  }

  function listKey(root, event) {
    var at = current(root);
    var key = event.key;
    if (key === "u" || key === "U") {
      var undo = named(root, "U");
      if (undo) { event.preventDefault(); undo.click(); }
      return;
    }
    if (key === "ArrowDown" || key === "ArrowUp") {
      event.preventDefault();
      moveTo(root, at.index < 0 ? 0 : at.index + (key === "ArrowDown" ? 1 : -1));
      return;
    }
    if (key === "Enter") {
      var submit = named(root, "Enter");
      if (submit && !(document.activeElement && document.activeElement.tagName === "BUTTON")) {
        event.preventDefault();
        submit.click();
      }
      return;
    }
    var row = at.index < 0 ? at.all[0] : at.all[at.index];
    var radio = row && named(row, key);
    if (!radio) return;
    event.preventDefault();
    radio.checked = true;
    moveTo(root, (at.index < 0 ? 0 : at.index) + (key === "Backspace" || key === "Delete" ? 0 : 1));
  }

  function oneKey(root, event) {
    var key = event.key === "u" ? "U" : event.key;
    var active = document.activeElement;
    if (key === "Enter" && active && (active.tagName === "BUTTON" || active.tagName === "A")) return;
    var target = named(root, key);
    if (!target) return;
    event.preventDefault();
    target.click();
  }

  // While the answer to a key is on its way and being swapped in, the next keys
  // wait (a few at most) and are played in order once the new card is settled:
  // typing ahead loses nothing, and a key never acts on a card being replaced.
  var busy = false;
  var since = 0;
  var waiting = [];

  function handle(root, event) {
    if (root.getAttribute("data-mode") === "list") listKey(root, event);
    else oneKey(root, event);
  }

  function idle() {
    busy = false;
    var root = box();
    var next = waiting.shift();
    if (root && next) handle(root, next);
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var root = box();
    if (root && root.contains(event.target)) { busy = true; since = Date.now(); }
  });
  document.addEventListener("htmx:afterSettle", function () { if (busy) setTimeout(idle, 0); });
  ["htmx:responseError", "htmx:sendError", "htmx:timeout", "htmx:swapError"].forEach(function (name) {
    document.addEventListener(name, function () { waiting = []; busy = false; });
  });

  document.addEventListener("keydown", function (event) {
    var root = box();
    if (!root || event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (typing(document.activeElement) || event.repeat) return;
    if (busy && Date.now() - since > 8000) { busy = false; waiting = []; } // an answer lost
    if (busy) {
      if (named(root, event.key === "u" ? "U" : event.key) || event.key === "Enter") {
        event.preventDefault();
        if (waiting.length < 5) waiting.push({ key: event.key, preventDefault: function () {} });
      }
      return;
    }
    handle(root, event);
  });

  document.addEventListener("click", function (event) {
    var row = event.target.closest && event.target.closest("[data-row]");
    var root = box();
    if (row && root && root.contains(row)) moveTo(root, rows(root).indexOf(row));
  });
})();
