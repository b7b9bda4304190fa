// The case list: "choose all" ticks every case whose step can be moved at once.
(function () {
  const all = document.getElementById("choose-all");
  if (!all) return;
  all.addEventListener("change", function () {
    for (const box of document.querySelectorAll("input[name=steps]")) box.checked = all.checked;
  });
})();
