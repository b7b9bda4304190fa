// Lists with boxes to choose rows (return cases, entitlements): "choose all" ticks them all.
(function () {
  const all = document.getElementById("choose-all");
  if (!all) return;
  all.addEventListener("change", function () {
    for (const box of document.querySelectorAll("input[name=steps], input[name=chosen]")) box.checked = all.checked;
  });
})();
