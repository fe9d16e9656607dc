// Gatherings: "Copy the invitation" buttons copy the words next to them.
(function () {
  "use strict";
  function setUp() {
    document.querySelectorAll("[data-copy]").forEach(function (button) {
      var source = document.getElementById(button.getAttribute("data-copy"));
      if (!source || !navigator.clipboard) return;
      var label = button.textContent;
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(source.value).then(
          function () {
            button.textContent = "Copied";
            window.setTimeout(function () { button.textContent = label; }, 2000);
          },
          function () {
            source.focus();
            source.select();
          }
        );
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
