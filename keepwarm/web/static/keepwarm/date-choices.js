// Quick picks for a date field ("tomorrow", "in 10 days"): buttons in a
// [data-date-choices="INPUT_ID"] box fill the input with their data-date-choice.
// Without JavaScript the box stays hidden and the date field works alone.
(function () {
  "use strict";

  function mark(box, value) {
    box.querySelectorAll("[data-date-choice]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.getAttribute("data-date-choice") === value));
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-date-choices]").forEach(function (box) {
      var input = document.getElementById(box.getAttribute("data-date-choices"));
      if (!input) return;
      box.hidden = false;
      mark(box, input.value);
      input.addEventListener("change", function () { mark(box, input.value); });
      box.addEventListener("click", function (event) {
        var button = event.target.closest("[data-date-choice]");
        if (!button) return;
        input.value = button.getAttribute("data-date-choice");
        mark(box, input.value);
        input.dispatchEvent(new Event("change", { bubbles: true }));
      });
    });
  });
})();
