// A stage's page on the exchange day: the running totals follow what other officers record.
(function () {
  "use strict";
  var box = document.querySelector("[data-totals-url]");
  if (!box) { return; }
  var poll = function () {
    fetch(box.dataset.totalsUrl, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        Object.keys(data).forEach(function (key) {
          var figure = box.querySelector('[data-figure="' + key + '"]');
          if (figure) { figure.textContent = data[key]; }
        });
        window.setTimeout(poll, 3000);
      })
      .catch(function () { window.setTimeout(poll, 6000); });
  };
  window.setTimeout(poll, 3000);
})();
