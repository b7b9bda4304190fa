// Intake pages: the import's progress bar, and keys for the review page's buttons.
(function () {
  "use strict";

  // A job's progress (an import, a duplicate search): poll until it ends, then reload.
  document.querySelectorAll("[data-progress-url]").forEach(function (box) {
    var bar = box.querySelector(".progress-bar");
    var stage = box.querySelector(".progress-stage");
    var poll = function () {
      fetch(box.dataset.progressUrl, { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          // A dead worker too: the page then says so and offers to run the job again.
          if (data.status === "done" || data.status === "failed" || data.stalled) {
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
  });

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
