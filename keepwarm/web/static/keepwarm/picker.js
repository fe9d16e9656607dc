// People picker: a type-ahead that adds chosen people as chips.
// Markup: web/touches/_picker.html. Each chip is a ticked checkbox named like the
// form's id field, so the form works without JavaScript (untick to remove, or type
// names separated by ";"). Here we add suggestions, keyboard moves and chip removal.
(function () {
  "use strict";

  var DELAY = 150;

  function setup(root) {
    var input = root.querySelector(".picker-input");
    var list = root.querySelector(".picker-list");
    var chips = root.querySelector("[data-picker-chips]");
    var url = root.getAttribute("data-suggest-url");
    var single = root.hasAttribute("data-picker-single");
    var fieldName = root.getAttribute("data-field-name") || "people";
    var timer = null;
    var serial = 0;
    var active = -1;

    function options() {
      return Array.prototype.slice.call(list.querySelectorAll(".picker-option"));
    }

    function chosenIds() {
      return Array.prototype.map.call(chips.querySelectorAll(".picker-check:checked"), function (box) {
        return box.value;
      });
    }

    // The text after the last ";" is what the type-ahead looks up.
    function query() {
      var parts = input.value.split(";");
      return parts[parts.length - 1].trim();
    }

    function close() {
      list.hidden = true;
      list.innerHTML = "";
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function highlight(index) {
      var all = options();
      if (!all.length) return;
      active = (index + all.length) % all.length;
      all.forEach(function (option, i) {
        option.classList.toggle("is-active", i === active);
        option.setAttribute("aria-selected", i === active ? "true" : "false");
      });
      input.setAttribute("aria-activedescendant", all[active].id);
      all[active].scrollIntoView({ block: "nearest" });
    }

    function fetchSuggestions() {
      var text = query();
      if (!text) { close(); return; }
      var mine = ++serial;
      var params = new URLSearchParams({ q: text, exclude: chosenIds().join(",") });
      fetch(url + "?" + params.toString(), { credentials: "same-origin", headers: { "HX-Request": "true" } })
        .then(function (response) { return response.ok ? response.text() : ""; })
        .then(function (html) {
          if (mine !== serial) return; // a newer request is on its way
          list.innerHTML = html;
          var any = list.children.length > 0;
          list.hidden = !any;
          input.setAttribute("aria-expanded", any ? "true" : "false");
          active = -1;
          if (options().length) highlight(0);
        })
        .catch(close);
    }

    function addChip(id, name) {
      if (single) chips.innerHTML = "";
      if (chips.querySelector('.picker-check[value="' + id + '"]')) return;
      var item = document.createElement("li");
      var label = document.createElement("label");
      label.className = "chip picker-chip";
      label.title = "Untick to remove";
      var box = document.createElement("input");
      box.type = "checkbox";
      box.className = "picker-check";
      box.name = fieldName;
      box.value = id;
      box.checked = true;
      var text = document.createElement("span");
      text.textContent = name;
      var cross = document.createElement("span");
      cross.className = "picker-x";
      cross.setAttribute("aria-hidden", "true");
      cross.textContent = "×";
      label.append(box, text, cross);
      item.append(label);
      chips.append(item);
    }

    function choose(option) {
      addChip(option.getAttribute("data-id"), option.getAttribute("data-name"));
      var kept = input.value.split(";").slice(0, -1).map(function (part) {
        return part.trim();
      }).filter(Boolean);
      input.value = kept.length ? kept.join("; ") + "; " : "";
      close();
      input.focus();
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, DELAY);
    });

    input.addEventListener("keydown", function (event) {
      var open = !list.hidden && options().length > 0;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (open) highlight(active + 1); else fetchSuggestions();
      } else if (event.key === "ArrowUp" && open) {
        event.preventDefault();
        highlight(active - 1);
      } else if (event.key === "Enter" && open && active >= 0) {
        event.preventDefault();
        choose(options()[active]);
      } else if (event.key === "Escape" && !list.hidden) {
        event.preventDefault();
        close();
      } else if (event.key === "Backspace" && input.value === "") {
        var last = chips.lastElementChild;
        if (last) last.remove();
      }
    });

    input.addEventListener("blur", function () {
      setTimeout(close, 150);
    });

    // mousedown, not click: choose before the input's blur closes the list.
    list.addEventListener("mousedown", function (event) {
      var option = event.target.closest(".picker-option");
      if (option) {
        event.preventDefault();
        choose(option);
      }
    });

    // Unticking a chip removes it.
    chips.addEventListener("change", function (event) {
      var box = event.target;
      if (box.classList.contains("picker-check") && !box.checked) {
        box.closest("li").remove();
        input.focus();
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-picker]").forEach(setup);
  });
})();
