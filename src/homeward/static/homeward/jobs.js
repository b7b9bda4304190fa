// A background job's progress bar (an import, a duplicate search, an export): poll the
// job until it ends, then reload the page, which shows the result.
(function () {
  "use strict";

  document.querySelectorAll("[data-progress-url]").forEach(function (box) {
    var bar = box.querySelector(".progress-bar");
    var stage = box.querySelector(".progress-stage");
    // The width is set here, not in a style attribute, which the Content-Security-Policy
    // refuses.
    bar.style.width = (bar.dataset.percent || "0") + "%";
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
})();
