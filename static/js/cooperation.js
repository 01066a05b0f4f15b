// Progressive enhancement for the agreement form: a search box above long lists of partner
// organisations. Without JavaScript the full list of checkboxes is shown and works the same.
(function () {
  "use strict";
  var MIN_ITEMS = 8;
  document.querySelectorAll("[data-filter-list]").forEach(function (list) {
    var items = Array.prototype.slice.call(list.querySelectorAll("[data-filter-item]"));
    if (items.length < MIN_ITEMS) {
      return;
    }
    var wrapper = document.createElement("div");
    wrapper.className = "kern-form-input";
    var id = "filter-" + Math.random().toString(36).slice(2);
    var label = document.createElement("label");
    label.className = "kern-label";
    label.htmlFor = id;
    label.textContent = "Organisationen filtern";
    var input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.className = "kern-form-input__input";
    input.autocomplete = "off";
    var status = document.createElement("p");
    status.className = "kern-hint";
    status.setAttribute("role", "status");
    wrapper.appendChild(label);
    wrapper.appendChild(input);
    wrapper.appendChild(status);
    list.parentNode.insertBefore(wrapper, list);
    input.addEventListener("input", function () {
      var query = input.value.trim().toLocaleLowerCase("de");
      var shown = 0;
      items.forEach(function (item) {
        var box = item.querySelector("input");
        var match = !query || item.textContent.toLocaleLowerCase("de").indexOf(query) !== -1;
        // Ticked organisations stay visible, so nobody loses sight of a choice.
        var visible = match || (box && box.checked);
        // (the hidden attribute loses against the KERN display rule, so set it directly)
        item.style.display = visible ? "" : "none";
        if (visible) {
          shown += 1;
        }
      });
      status.textContent = query ? shown + " von " + items.length + " Organisationen" : "";
    });
  });
})();
