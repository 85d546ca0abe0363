// Plan editor: add/remove content-3 rows, live totals, and a local draft so nothing typed is lost.
(function () {
  "use strict";
  var form = document.querySelector("[data-plan-editor]");
  if (!form) return;
  var rows = form.querySelector("[data-c3-rows]");
  var template = form.querySelector("[data-c3-template]");
  var totalBadge = form.querySelector("[data-total3]");
  var quota = parseInt(form.dataset.quota3, 10) || 0;
  var draftKey = "bdtx-draft-" + form.dataset.draftKey;

  var exempt = form.hasAttribute("data-exempt3");
  var totalNote = form.querySelector("[data-total3-note]");

  function message(name, value) {
    return (form.dataset[name] || "").replace("%s", value);
  }

  // The meter is green only at the quota: under it, over it, or with a module chosen twice it is not
  // (a repeated module is marked on its row and counted once, as the server refuses it on saving).
  function updateTotals() {
    var total = 0;
    var seen = {};
    var twice = "";
    rows.querySelectorAll("[data-c3-row]").forEach(function (row) {
      var select = row.querySelector("[data-c3-module]");
      var option = select.selectedOptions[0];
      var hours = option ? parseInt(option.dataset.hours, 10) || 0 : 0;
      var repeated = Boolean(select.value) && seen[select.value] === true;
      row.querySelector("[data-c3-hours]").textContent = hours ? hours : "";
      // A phone's select shows a clipped title: the whole title of the chosen module is written under it.
      var caption = row.querySelector("[data-c3-title]");
      if (caption) caption.textContent = option && select.value ? option.dataset.title || "" : "";
      select.classList.toggle("is-invalid", repeated);
      if (repeated) {
        twice = twice || select.value;
        return;
      }
      if (select.value) seen[select.value] = true;
      total += hours;
    });
    var state = twice ? "twice" : exempt ? "exempt" : total < quota ? "under" : total > quota ? "over" : "ok";
    totalBadge.textContent = total + "/" + quota + " tiết";
    totalBadge.dataset.quota = state;
    totalBadge.classList.toggle("text-bg-success", state === "ok");
    totalBadge.classList.toggle("text-bg-danger", state === "under" || state === "twice");
    totalBadge.classList.toggle("text-bg-warning", state === "over");
    totalBadge.classList.toggle("text-bg-light", state === "exempt");
    totalNote.textContent =
      state === "twice" ? message("msgTwice", twice)
        : state === "under" ? message("msgUnder", quota - total)
        : state === "over" ? message("msgOver", total - quota)
        : "";
  }

  function addRow() {
    rows.appendChild(template.content.firstElementChild.cloneNode(true));
    updateTotals();
    return rows.lastElementChild;
  }

  function snapshot() {
    var data = { fields: {}, rows: [] };
    form.querySelectorAll("input[name^=period_], select[name^=form_], textarea[name=notes]").forEach(function (el) {
      data.fields[el.name] = el.value;
    });
    rows.querySelectorAll("[data-c3-row]").forEach(function (row) {
      data.rows.push([
        row.querySelector("[name=c3_module]").value,
        row.querySelector("[name=c3_period]").value,
        row.querySelector("[name=c3_form]").value,
      ]);
    });
    return JSON.stringify(data);
  }

  function restore(saved) {
    var data = JSON.parse(saved);
    Object.keys(data.fields).forEach(function (name) {
      var el = form.querySelector("[name='" + name + "']");
      if (el) el.value = data.fields[name];
    });
    rows.innerHTML = "";
    data.rows.forEach(function (values) {
      var row = addRow();
      row.querySelector("[name=c3_module]").value = values[0];
      row.querySelector("[name=c3_period]").value = values[1];
      row.querySelector("[name=c3_form]").value = values[2];
    });
    form.querySelector("[data-draft-note]").hidden = false;
  }

  form.addEventListener("click", function (event) {
    if (event.target.matches("[data-c3-add]")) addRow();
    if (event.target.matches("[data-c3-remove]")) {
      event.target.closest("[data-c3-row]").remove();
      updateTotals();
    }
  });
  form.addEventListener("change", updateTotals);

  try {
    // Drafts of older versions of this plan were saved by the server already.
    var prefix = draftKey.replace(/-v\d+$/, "-v");
    Object.keys(window.localStorage).forEach(function (key) {
      if (key.indexOf(prefix) === 0 && key !== draftKey) window.localStorage.removeItem(key);
    });
  } catch (e) { /* ignore */ }
  // The empty row a plan without modules starts with is part of the initial state, not a change.
  if (!rows.querySelector("[data-c3-row]")) addRow();
  var initial = snapshot();
  try {
    if (form.hasAttribute("data-draft-discard")) {
      // The user chose the saved version over what they had typed (after a version conflict).
      window.localStorage.removeItem(draftKey);
    } else if (form.hasAttribute("data-draft-unsaved")) {
      // A refused save came back with what was typed: newer than any draft, and not on the server.
      window.localStorage.setItem(draftKey, initial);
      initial = null;
    } else {
      var saved = window.localStorage.getItem(draftKey);
      if (saved && saved !== initial) restore(saved);
    }
  } catch (e) { /* storage unavailable: the server copy is still there */ }
  window.setInterval(function () {
    try {
      var now = snapshot();
      if (now !== initial) window.localStorage.setItem(draftKey, now);
    } catch (e) { /* ignore */ }
  }, 3000);
  form.addEventListener("submit", function () {
    try { window.localStorage.setItem(draftKey, snapshot()); } catch (e) { /* ignore */ }
  });
  updateTotals();
})();
