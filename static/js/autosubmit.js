// Elements marked data-autosubmit submit their form when changed (instead of inline onchange handlers).
document.addEventListener("change", function (event) {
  if (event.target.matches("[data-autosubmit]") && event.target.form) event.target.form.submit();
});
