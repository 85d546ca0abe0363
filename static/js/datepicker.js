// A calendar on every dd/mm/yyyy date box (core.forms.DateInput marks them data-datepicker): flatpickr with its
// Vietnamese locale, loaded only on pages that have such a box. Typing the date by hand still works.
(function () {
  "use strict";
  const boxes = document.querySelectorAll("input[data-datepicker]");
  const me = document.currentScript;
  if (!boxes.length || !me) return;
  function load(tag, attrs) {
    return new Promise(function (resolve, reject) {
      const element = document.createElement(tag);
      Object.keys(attrs).forEach(function (name) { element[name] = attrs[name]; });
      element.onload = resolve;
      element.onerror = reject;
      document.head.appendChild(element);
    });
  }
  load("link", { rel: "stylesheet", href: me.dataset.css });
  load("script", { src: me.dataset.js })
    .then(function () { return load("script", { src: me.dataset.locale }); })
    .then(function () {
      boxes.forEach(function (box) {
        window.flatpickr(box, {
          dateFormat: "d/m/Y",
          allowInput: true,
          disableMobile: true,
          locale: window.flatpickr.l10ns.vn,
          ariaDateFormat: "d/m/Y",
        });
      });
    });
})();
