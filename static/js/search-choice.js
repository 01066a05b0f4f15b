// Autocomplete for search-choice fields (verbund/core/search_choice.py). Without JavaScript the
// text field is matched on the server; with it, names are suggested from the field's JSON
// endpoint in a native <datalist> as the user types. Loaded once per page, whatever the number
// of fields.
(function () {
  "use strict";
  if (window.verbundSearchChoice) {
    return;
  }
  window.verbundSearchChoice = true;

  function enhance(input) {
    var url = input.getAttribute("data-search-choice");
    if (!url || input.getAttribute("list")) {
      return;
    }
    var list = document.createElement("datalist");
    list.id = (input.id || input.name) + "-vorschlaege";
    input.after(list);
    input.setAttribute("list", list.id);
    var timer = null;
    var last = null;
    input.addEventListener("input", function () {
      var text = input.value.trim();
      if (text.length < 2 || text === last || /\(Nr\. \d+\)$/.test(text)) {
        return;
      }
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        last = text;
        fetch(url + "?q=" + encodeURIComponent(text), {
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        })
          .then(function (response) {
            return response.ok ? response.json() : { results: [] };
          })
          .then(function (data) {
            list.replaceChildren();
            data.results.forEach(function (item) {
              var option = document.createElement("option");
              option.value = item.value;
              list.appendChild(option);
            });
          })
          .catch(function () {});
      }, 200);
    });
  }

  // Several choices: a search box above the text area; a suggestion picked from it is added
  // to the text area as a line of its own ("Name (Nr. 12)"), which the server resolves.
  function enhanceMultiple(area) {
    var url = area.getAttribute("data-search-choice-multiple");
    if (!url) {
      return;
    }
    var input = document.createElement("input");
    input.type = "text";
    input.className = "kern-form-input__input";
    input.id = area.id + "-suche";
    input.setAttribute("aria-label", area.labels.length ? area.labels[0].textContent : "");
    input.setAttribute("data-search-choice", url);
    input.setAttribute("autocomplete", "off");
    area.before(input);
    enhance(input);
    input.addEventListener("change", function () {
      var text = input.value.trim();
      if (!/\(Nr\. \d+\)$/.test(text)) {
        return;
      }
      var lines = area.value.split("\n").filter(function (line) {
        return line.trim() !== "";
      });
      if (lines.indexOf(text) === -1) {
        lines.push(text);
      }
      area.value = lines.join("\n");
      input.value = "";
    });
  }

  function init() {
    document.querySelectorAll("input[data-search-choice]").forEach(enhance);
    document.querySelectorAll("textarea[data-search-choice-multiple]").forEach(enhanceMultiple);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
