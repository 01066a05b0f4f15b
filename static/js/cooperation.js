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

// The Zuständigkeiten rows of a new agreement offer the partners ticked above at once (without
// JavaScript they appear after "Weitere Zuständigkeit" sends the page back).
(function () {
  "use strict";
  var selects = document.querySelectorAll('select[name^="zustaendigkeit-"][name$="-who"]');
  var sources = document.querySelectorAll('[name="partners"]');
  if (!selects.length || !sources.length) {
    return;
  }
  function chosen() {
    var found = [];
    sources.forEach(function (source) {
      if (source.tagName === "SELECT") {
        Array.prototype.forEach.call(source.selectedOptions, function (option) {
          found.push([option.value, option.textContent.trim()]);
        });
      } else if (source.checked) {
        var label = document.querySelector('label[for="' + source.id + '"]');
        found.push([source.value, label ? label.textContent.trim() : source.value]);
      }
    });
    return found;
  }
  function sync() {
    var partners = chosen();
    var wanted = partners.map(function (pair) { return pair[0]; });
    selects.forEach(function (select) {
      var current = select.value;
      Array.prototype.slice.call(select.options).forEach(function (option) {
        if (/^\d+$/.test(option.value) && wanted.indexOf(option.value) === -1) {
          option.remove();
        }
      });
      partners.forEach(function (pair) {
        var present = Array.prototype.some.call(select.options, function (option) {
          return option.value === pair[0];
        });
        if (!present) {
          var option = document.createElement("option");
          option.value = pair[0];
          option.textContent = pair[1];
          select.appendChild(option);
        }
      });
      var kept = Array.prototype.some.call(select.options, function (option) {
        return option.value === current;
      });
      select.value = kept ? current : "";
    });
  }
  sources.forEach(function (source) {
    source.addEventListener("change", sync);
  });
  sync();
})();
