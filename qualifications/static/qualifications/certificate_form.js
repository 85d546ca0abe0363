// Show only the score boxes of the chosen certificate (all boxes stay usable without JavaScript).
(function () {
  var form = document.querySelector("[data-certificate-form]");
  if (!form) return;
  var select = form.querySelector("select[name=test]");
  var skills = {TOEIC: ["listening_reading", "speaking", "writing"], CAMBRIDGE: ["exam"]};
  function update() {
    var shown = skills[select.value] || ["score"];
    form.querySelectorAll("[data-skill]").forEach(function (box) {
      box.hidden = shown.indexOf(box.getAttribute("data-skill")) === -1;
    });
  }
  select.addEventListener("change", update);
  update();
})();
