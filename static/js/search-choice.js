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

  function init() {
    document.querySelectorAll("input[data-search-choice]").forEach(enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
