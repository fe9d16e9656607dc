// Card runs. The new run form: picking a season fills in its send window and a
// name, unless the user has typed their own. The run page: a box that ticks
// every card.
(function () {
  "use strict";
  document.querySelectorAll("input[data-check-all]").forEach(function (all) {
    var boxes = document.querySelectorAll('input[name="' + all.dataset.checkAll + '"]');
    all.hidden = false;
    if (all.parentElement.classList.contains("check-all")) all.parentElement.hidden = false;
    all.addEventListener("change", function () {
      boxes.forEach(function (box) { box.checked = all.checked; });
    });
    boxes.forEach(function (box) {
      box.addEventListener("change", function () {
        var ticked = Array.prototype.filter.call(boxes, function (b) { return b.checked; });
        all.checked = ticked.length === boxes.length;
        all.indeterminate = ticked.length > 0 && ticked.length < boxes.length;
      });
    });
  });
  var data = document.getElementById("season-windows");
  var season = document.getElementById("id_season");
  if (!data || !season) return;
  var windows = JSON.parse(data.textContent);
  var fields = {
    from: document.getElementById("id_send_from"),
    until: document.getElementById("id_send_until"),
    name: document.getElementById("id_name"),
  };
  var filled = {};
  Object.keys(fields).forEach(function (key) {
    var field = fields[key];
    if (!field) return;
    filled[key] = field.value;
    field.addEventListener("input", function () { filled[key] = null; });
  });
  season.addEventListener("change", function () {
    var chosen = windows[season.value];
    if (!chosen) return;
    Object.keys(fields).forEach(function (key) {
      var field = fields[key];
      // Only overwrite what still holds the value we (or the server) put there.
      if (field && filled[key] !== null && field.value === filled[key]) {
        field.value = chosen[key];
        filled[key] = chosen[key];
      }
    });
  });
})();
