// The score grid (<form data-score-grid>): spreadsheet-like keys and the server's result while typing (ĐTB and
// class under TT 26/2012; Hoàn thành / Không hoàn thành kế hoạch BDTX and why under TT 19/2019, no ĐTB cell).
//
// - Enter / Shift+Enter and ↑ ↓ move to the same column in the next / previous row; ← → move to the previous /
//   next cell when the caret is at the start / end of the value (or the whole value is selected).
// - Typing marks the row changed and, after a short pause, asks the server (the row's data-preview-url) for the
//   average, the class and the cell errors of the unsaved values: the rules run in one place, on the server.
// - Leaving the page with unsaved changes asks first. Rows rendered with data-dirty are recomputed on load.
// No inline script needed: include this file with <script src>.
(function () {
  "use strict";
  var DELAY_MS = 350;
  var BADGES = {
    GIOI: "text-bg-success",
    KHA: "text-bg-primary",
    TRUNG_BINH: "text-bg-info",
    KHONG_HOAN_THANH: "text-bg-danger",
    DAT: "text-bg-success",
    KHONG_DAT: "text-bg-danger",
    HOAN_THANH: "text-bg-success",
  };
  var ALL_BADGES = ["text-bg-light", "border", "text-bg-secondary"].concat(
    Object.keys(BADGES).map(function (key) {
      return BADGES[key];
    })
  );

  var form = document.querySelector("form[data-score-grid]");
  if (!form) return;
  var rows = Array.prototype.slice.call(form.querySelectorAll("tr[data-grid-row]"));
  var dirty = false;
  var submitting = false;
  var dirtyNote = form.querySelector("[data-dirty-note]");

  function inputsOf(row) {
    return Array.prototype.slice.call(row.querySelectorAll("input.score-input:not([disabled])"));
  }

  function focusCell(input) {
    if (!input) return false;
    input.focus();
    input.select();
    return true;
  }

  function vertical(input, step) {
    var row = input.closest("tr");
    var index = rows.indexOf(row);
    var col = input.getAttribute("data-col");
    for (var i = index + step; i >= 0 && i < rows.length; i += step) {
      var target = rows[i].querySelector('input.score-input[data-col="' + col + '"]:not([disabled])');
      if (target) return focusCell(target);
    }
    return false;
  }

  function horizontal(input, step) {
    var row = input.closest("tr");
    var inputs = inputsOf(row);
    var index = inputs.indexOf(input) + step;
    if (index >= 0 && index < inputs.length) return focusCell(inputs[index]);
    var rowIndex = rows.indexOf(row) + step;
    while (rowIndex >= 0 && rowIndex < rows.length) {
      var others = inputsOf(rows[rowIndex]);
      if (others.length) return focusCell(step > 0 ? others[0] : others[others.length - 1]);
      rowIndex += step;
    }
    return false;
  }

  function wholeSelected(input) {
    return input.selectionStart === 0 && input.selectionEnd === input.value.length && input.value.length > 0;
  }

  form.addEventListener("keydown", function (event) {
    var input = event.target;
    if (!input.classList || !input.classList.contains("score-input")) return;
    var moved = false;
    if (event.key === "Enter") {
      event.preventDefault(); // never submit by accident: saving is the button's job
      moved = vertical(input, event.shiftKey ? -1 : 1);
    } else if (event.key === "ArrowDown") {
      moved = vertical(input, 1);
    } else if (event.key === "ArrowUp") {
      moved = vertical(input, -1);
    } else if (event.key === "ArrowLeft" && !event.shiftKey) {
      if (wholeSelected(input) || (input.selectionStart === 0 && input.selectionEnd === 0)) moved = horizontal(input, -1);
    } else if (event.key === "ArrowRight" && !event.shiftKey) {
      var end = input.value.length;
      if (wholeSelected(input) || (input.selectionStart === end && input.selectionEnd === end)) {
        moved = horizontal(input, 1);
      }
    }
    if (moved) event.preventDefault();
  });

  form.addEventListener("focusin", function (event) {
    if (event.target.classList && event.target.classList.contains("score-input")) event.target.select();
  });

  // --- live average and class, computed by the server ---------------------------------------------------------

  var timers = new WeakMap();
  var sequence = new WeakMap();

  function setBadge(badge, classification, label) {
    ALL_BADGES.forEach(function (name) {
      badge.classList.remove(name);
    });
    badge.classList.add(BADGES[classification] || "text-bg-secondary");
    badge.textContent = label;
  }

  function show(row, data) {
    var average = row.querySelector("[data-average]");
    var badge = row.querySelector("[data-class]");
    var reasons = row.querySelector("[data-reasons]");
    if (average) average.textContent = data.average || "—";
    if (badge) {
      setBadge(badge, data.classification, data.label);
      badge.title = (data.reasons || []).join("; ");
    }
    if (reasons) {
      // A cell that is not a valid score says why first; otherwise the first reason for the class.
      var errors = data.errors ? Object.keys(data.errors).map(function (key) { return data.errors[key]; }) : [];
      reasons.textContent = errors.length ? errors[0] : data.reasons && data.reasons.length ? data.reasons[0] : "";
      reasons.classList.toggle("text-danger", errors.length > 0);
    }
    row.removeAttribute("aria-busy");
    inputsOf(row).forEach(function (input) {
      var key = input.getAttribute("data-slot") + "-" + input.getAttribute("data-part");
      var error = data.errors ? data.errors[key] : "";
      input.classList.toggle("is-invalid", Boolean(error));
      if (error) {
        input.title = error;
        input.setAttribute("aria-invalid", "true");
      } else {
        input.removeAttribute("aria-invalid");
      }
    });
  }

  function preview(row) {
    var url = row.getAttribute("data-preview-url");
    if (!url) return;
    var params = new URLSearchParams();
    inputsOf(row).forEach(function (input) {
      params.append(input.getAttribute("data-slot") + "-" + input.getAttribute("data-part"), input.value);
    });
    var number = (sequence.get(row) || 0) + 1;
    sequence.set(row, number);
    row.setAttribute("aria-busy", "true");
    fetch(url + "?" + params.toString(), {
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-Requested-With": "XMLHttpRequest" },
    })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (data) {
        if (sequence.get(row) === number) show(row, data); // an older answer never overwrites a newer one
      })
      .catch(function () {
        if (sequence.get(row) !== number) return;
        row.removeAttribute("aria-busy");
        var reasons = row.querySelector("[data-reasons]");
        if (reasons) reasons.textContent = form.getAttribute("data-msg-offline") || "";
      });
  }

  function schedule(row) {
    clearTimeout(timers.get(row));
    timers.set(
      row,
      setTimeout(function () {
        preview(row);
      }, DELAY_MS)
    );
  }

  form.addEventListener("input", function (event) {
    var input = event.target;
    if (!input.classList || !input.classList.contains("score-input")) return;
    dirty = true;
    if (dirtyNote) dirtyNote.hidden = false;
    var row = input.closest("tr[data-grid-row]");
    if (row) schedule(row);
  });

  // The whole grid goes as one JSON field, so 60 teachers × every module stay under the server's limit on the
  // number of fields; the cells themselves are left out of the post (the server reads either form).
  form.addEventListener("submit", function () {
    submitting = true;
    var grid = {};
    var sent = [];
    rows.forEach(function (row) {
      var version = row.querySelector("input[data-version]");
      if (!version) return; // a read-only row
      var values = {};
      inputsOf(row).forEach(function (input) {
        var slot = input.getAttribute("data-slot");
        // One text per part of the slot, in the cells' order: tiếp thu, vận dụng (TT 26/2012) or each assessed
        // piece (TT 19/2019: "LT", "TH", "BTH"…); data-index is the position.
        if (!values[slot]) values[slot] = [];
        var index = input.hasAttribute("data-index")
          ? parseInt(input.getAttribute("data-index"), 10)
          : input.getAttribute("data-part") === "k" ? 0 : 1;
        values[slot][index] = input.value;
        sent.push(input);
      });
      Object.keys(values).forEach(function (slot) {
        for (var i = 0; i < values[slot].length; i++) if (values[slot][i] === undefined) values[slot][i] = "";
      });
      grid[version.getAttribute("data-plan")] = { v: parseInt(version.value, 10), s: values };
      sent.push(version);
    });
    var field = form.querySelector("input[name=grid]") || document.createElement("input");
    field.type = "hidden";
    field.name = "grid";
    field.value = JSON.stringify(grid);
    form.appendChild(field);
    sent.forEach(function (input) {
      input.disabled = true;
      input.setAttribute("data-sent", "");
    });
  });

  // Coming back to this page from the browser's history: the cells are editable again.
  window.addEventListener("pageshow", function () {
    submitting = false;
    form.querySelectorAll("[data-sent]").forEach(function (input) {
      input.disabled = false;
      input.removeAttribute("data-sent");
    });
  });

  window.addEventListener("beforeunload", function (event) {
    if (!dirty || submitting) return undefined;
    event.preventDefault();
    event.returnValue = form.getAttribute("data-msg-unsaved") || "";
    return event.returnValue;
  });

  rows.forEach(function (row) {
    if (row.hasAttribute("data-dirty")) {
      dirty = true;
      if (dirtyNote) dirtyNote.hidden = false;
      preview(row);
    }
  });
})();
