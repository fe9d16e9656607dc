// Small progressive enhancements. Every page works without JavaScript.
(function () {
  "use strict";

  // "Add another" rows for inline formsets: <template data-formset-template="prefix">
  // holds the empty form with __prefix__; a button[data-formset-add="prefix"] clones it.
  function addFormsetRow(prefix) {
    var template = document.querySelector('template[data-formset-template="' + prefix + '"]');
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var target = document.querySelector('[data-formset-rows="' + prefix + '"]');
    if (!template || !total || !target) return;
    var index = parseInt(total.value, 10);
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    target.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    var first = target.lastElementChild && target.lastElementChild.querySelector("input, select, textarea");
    if (first) first.focus();
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-formset-add]");
    if (button) {
      event.preventDefault();
      addFormsetRow(button.getAttribute("data-formset-add"));
    }
  });

  // Pre-select the browser's time zone where a form asks for one and it is untouched.
  document.addEventListener("DOMContentLoaded", function () {
    var select = document.querySelector("select[data-detect-timezone]");
    if (select && !select.dataset.touched) {
      try {
        var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
        if (zone && select.querySelector('option[value="' + zone + '"]')) select.value = zone;
      } catch (e) { /* keep the default */ }
    }
  });

  // Auto-submit filter forms when a select changes.
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches("[data-autosubmit]") && el.form) el.form.requestSubmit();
  });
})();
