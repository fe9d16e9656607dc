// The greeting draft: "Open in mail app" follows what is typed, and "Copy"
// puts the subject and the greeting on the clipboard. Without JavaScript the
// mail link carries the greeting as first drafted and Copy stays hidden.
(function () {
  "use strict";

  function field(form, name) {
    return form.querySelector("[data-greeting-" + name + "]");
  }

  function mailto(form) {
    var to = field(form, "to");
    var subject = field(form, "subject");
    var body = field(form, "body");
    return "mailto:" + encodeURI(to && to.value ? to.value : "") +
      "?subject=" + encodeURIComponent(subject ? subject.value : "") +
      "&body=" + encodeURIComponent(body ? body.value : "");
  }

  function say(form, text) {
    var status = field(form, "status");
    if (!status) return;
    status.textContent = text;
    window.clearTimeout(status._timer);
    status._timer = window.setTimeout(function () { status.textContent = ""; }, 5000);
  }

  function copy(form) {
    var subject = field(form, "subject");
    var body = field(form, "body");
    var text = (subject ? subject.value + "\n\n" : "") + (body ? body.value : "");
    var done = function () { say(form, "Copied. Paste it where you write to them, then press “I sent it”."); };
    var failed = function () {
      if (body) { body.focus(); body.select(); }
      say(form, "Selected: press Ctrl+C (⌘C on a Mac) to copy.");
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, failed);
    } else {
      failed();
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-greeting-form]").forEach(function (form) {
      var button = field(form, "copy");
      var link = field(form, "mailto");
      if (button) {
        button.hidden = false;
        button.addEventListener("click", function () { copy(form); });
      }
      var update = function () { if (link) link.href = mailto(form); };
      form.addEventListener("input", update);
      form.addEventListener("change", update);
      update();
    });
  });
})();
