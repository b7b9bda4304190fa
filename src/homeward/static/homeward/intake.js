// Intake pages: the import's progress bar, and keys for the review page's buttons.
(function () {
  "use strict";

  var box = document.getElementById("import-progress");
  if (box) {
    var bar = document.getElementById("progress-bar");
    var stage = document.getElementById("progress-stage");
    var poll = function () {
      fetch(box.dataset.url, { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          if (data.status === "done" || data.status === "failed") {
            window.location.reload();
            return;
          }
          bar.style.width = Math.round(data.progress * 100) + "%";
          stage.textContent = data.stage_label;
          window.setTimeout(poll, 1000);
        })
        .catch(function () { window.setTimeout(poll, 3000); });
    };
    poll();
  }

  // A key pressed outside a text field presses the button that carries it (data-key).
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) { return; }
    var button = document.querySelector('[data-key="' + event.key.toLowerCase() + '"]');
    if (button && !button.disabled) {
      event.preventDefault();
      button.click();
    }
  });
})();
