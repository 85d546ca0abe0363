// A header checkbox [data-check-all] toggles every checkbox of its table body.
document.addEventListener("change", function (event) {
  if (!event.target.matches("[data-check-all]")) return;
  var table = event.target.closest("table");
  table.querySelectorAll("tbody input[type=checkbox]").forEach(function (box) {
    box.checked = event.target.checked;
  });
});
