// Buttons marked data-print print the page (instead of an inline onclick, which the CSP forbids).
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) window.print();
});
