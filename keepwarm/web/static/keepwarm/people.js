// The person form: suggestions for relationship names and for comma-separated tags.
// The form works without this file: names are typed, tags are written out.
(function () {
  "use strict";

  var timer = null;
  var LINKED = /\(#\d+\)$/;

  // Relationship inputs (input[data-suggest="<datalist id>"]) ask the server for
  // matching contacts as you type; picking one fills in "Name (#id)".
  function suggest(input) {
    var list = document.getElementById(input.getAttribute("data-suggest"));
    var query = input.value.trim();
    if (!list || !list.dataset.url || !query || LINKED.test(query)) return;
    var url = list.dataset.url + "&q=" + encodeURIComponent(query);
    fetch(url, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) { list.innerHTML = html; })
      .catch(function () { /* no suggestions: typing still works */ });
  }

  // A tags input holds "a, b, c": offer each known tag after what is already typed.
  function suggestTags(input) {
    var list = document.getElementById(input.getAttribute("list"));
    if (!list || !list.dataset.tags) return;
    var known = list.dataset.tags.split(",");
    var parts = input.value.split(",");
    parts.pop();
    var chosen = parts.map(function (part) { return part.trim().toLowerCase(); });
    var head = parts.length ? parts.map(function (p) { return p.trim(); }).join(", ") + ", " : "";
    list.textContent = "";
    known.forEach(function (tag) {
      if (chosen.indexOf(tag.toLowerCase()) !== -1) return;
      var option = document.createElement("option");
      option.value = head + tag;
      list.appendChild(option);
    });
  }

  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement)) return;
    if (input.hasAttribute("data-suggest")) {
      clearTimeout(timer);
      timer = setTimeout(function () { suggest(input); }, 200);
    } else if (input.getAttribute("list") === "tag-options") {
      suggestTags(input);
    }
  });
})();
