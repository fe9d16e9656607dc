// Copy buttons: <button data-copy-target="ID" hidden> copies the value of the
// field #ID and says so in [data-copy-status="ID"] (the words of its
// data-copy-said, when it has one). Without JavaScript the
// button stays hidden and the read-only field can still be selected by hand.
(function () {
  "use strict";

  function say(id, text) {
    var status = document.querySelector('[data-copy-status="' + id + '"]');
    if (!status) return;
    status.textContent = text;
    window.clearTimeout(status._copyTimer);
    status._copyTimer = window.setTimeout(function () { status.textContent = ""; }, 4000);
  }

  function copyBySelection(field) {
    field.focus();
    field.select();
    try {
      return document.execCommand("copy");
    } catch (e) {
      return false;
    }
  }

  function copy(button) {
    var id = button.getAttribute("data-copy-target");
    var field = document.getElementById(id);
    if (!field) return;
    var said = button.getAttribute("data-copy-said") || "Copied. Paste it into your calendar app.";
    var done = function () { say(id, said); };
    var failed = function () {
      if (copyBySelection(field)) done();
      else say(id, "Selected: press Ctrl+C (⌘C on a Mac) to copy.");
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done, failed);
    } else {
      failed();
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-copy-target]").forEach(function (button) {
      button.hidden = false;
    });
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy-target]");
    if (button) {
      event.preventDefault();
      copy(button);
    }
  });

  // A click in a read-only copy field selects all of it.
  document.addEventListener("focusin", function (event) {
    if (event.target.matches("input.copy-value")) event.target.select();
  });
})();
