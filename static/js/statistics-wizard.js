// Import wizard: switching between wide and long layout shows the matching fields at once.
// Without JavaScript the user presses "Übernehmen und erneut prüfen" instead.
(function () {
  "use strict";
  var form = document.getElementById("spec-form");
  if (!form) {
    return;
  }
  var radios = form.querySelectorAll('input[name="layout"]');
  Array.prototype.forEach.call(radios, function (radio) {
    radio.addEventListener("change", function () {
      form.requestSubmit ? form.requestSubmit() : form.submit();
    });
  });
})();
