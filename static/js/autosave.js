// Autosave for any <form data-autosave-key="…">: nothing typed is lost, even across a session expiry.
//
// - Every 3 seconds (and on submit / leaving the page) the form's fields are kept in localStorage
//   under "bdtx-autosave:<key>" when they differ from what the server rendered.
// - On load a kept draft is put back into the form, with a note (data-autosave-message, default
//   "Đã khôi phục bản nháp chưa lưu") and a button to drop it (data-autosave-discard).
// - The page shown after a successful save carries <div hidden data-autosave-clear="<key>">, which drops the draft.
// Files, passwords, hidden inputs (the CSRF token) and fields marked data-autosave-skip are never kept.
// No inline script needed: include this file with <script src>, it works under a strict CSP.
(function () {
  "use strict";
  var PREFIX = "bdtx-autosave:";
  var INTERVAL_MS = 3000;
  var MAX_AGE_MS = 30 * 24 * 3600 * 1000;
  var SKIPPED_TYPES = ["file", "password", "hidden", "submit", "button", "reset", "image"];

  function getStorage() {
    try {
      var storage = window.localStorage;
      storage.setItem(PREFIX + "probe", "1");
      storage.removeItem(PREFIX + "probe");
      return storage;
    } catch (error) {
      return null; // private mode, storage full or disabled: the form still works, without drafts
    }
  }

  var storage = getStorage();
  if (!storage) return;

  function clearSaved() {
    document.querySelectorAll("[data-autosave-clear]").forEach(function (marker) {
      storage.removeItem(PREFIX + marker.getAttribute("data-autosave-clear"));
    });
  }

  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return (
        el.name &&
        !el.disabled &&
        SKIPPED_TYPES.indexOf(el.type) === -1 &&
        !el.hasAttribute("data-autosave-skip")
      );
    });
  }

  function serialize(form) {
    var data = {};
    fields(form).forEach(function (el) {
      if (el.type === "checkbox" || el.type === "radio") {
        if (!data[el.name]) data[el.name] = [];
        if (el.checked) data[el.name].push(el.value);
      } else if (el.tagName === "SELECT" && el.multiple) {
        data[el.name] = Array.prototype.map.call(el.selectedOptions, function (option) {
          return option.value;
        });
      } else {
        data[el.name] = el.value;
      }
    });
    return data;
  }

  function restore(form, data) {
    var changed = false;
    fields(form).forEach(function (el) {
      if (!Object.prototype.hasOwnProperty.call(data, el.name)) return;
      var value = data[el.name];
      if (el.type === "checkbox" || el.type === "radio") {
        var on = Array.isArray(value) && value.indexOf(el.value) !== -1;
        if (el.checked !== on) {
          el.checked = on;
          changed = true;
        }
      } else if (el.tagName === "SELECT" && el.multiple) {
        Array.prototype.forEach.call(el.options, function (option) {
          var selected = Array.isArray(value) && value.indexOf(option.value) !== -1;
          if (option.selected !== selected) {
            option.selected = selected;
            changed = true;
          }
        });
      } else if (typeof value === "string" && el.value !== value) {
        el.value = value;
        changed = true;
      }
    });
    return changed;
  }

  function read(storageKey) {
    try {
      var draft = JSON.parse(storage.getItem(storageKey) || "null");
      if (!draft || typeof draft.data !== "object" || Date.now() - (draft.savedAt || 0) > MAX_AGE_MS) {
        storage.removeItem(storageKey);
        return null;
      }
      return draft.data;
    } catch (error) {
      storage.removeItem(storageKey);
      return null;
    }
  }

  function showNote(form, storageKey, original) {
    var note = document.createElement("div");
    note.className = "alert alert-info d-flex flex-wrap align-items-center gap-2 py-2";
    note.setAttribute("role", "status");
    note.setAttribute("data-autosave-note", "");
    var text = document.createElement("span");
    text.textContent = form.getAttribute("data-autosave-message") || "Đã khôi phục bản nháp chưa lưu";
    var discard = document.createElement("button");
    discard.type = "button";
    discard.className = "btn btn-sm btn-outline-secondary ms-auto";
    discard.textContent = form.getAttribute("data-autosave-discard") || "Bỏ bản nháp";
    discard.addEventListener("click", function () {
      storage.removeItem(storageKey);
      restore(form, original);
      note.remove();
    });
    note.appendChild(text);
    note.appendChild(discard);
    form.parentNode.insertBefore(note, form);
  }

  function watch(form) {
    var storageKey = PREFIX + form.getAttribute("data-autosave-key");
    var original = serialize(form);
    var originalJson = JSON.stringify(original);
    var draft = read(storageKey);
    if (draft && restore(form, draft)) showNote(form, storageKey, original);
    var lastJson = JSON.stringify(serialize(form));

    function save() {
      var data = serialize(form);
      var json = JSON.stringify(data);
      if (json === lastJson) return;
      lastJson = json;
      try {
        if (json === originalJson) storage.removeItem(storageKey);
        else storage.setItem(storageKey, JSON.stringify({ savedAt: Date.now(), data: data }));
      } catch (error) {
        // storage full: keep working without a draft
      }
    }

    window.setInterval(save, INTERVAL_MS);
    form.addEventListener("submit", save);
    window.addEventListener("pagehide", save);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") save();
    });
  }

  clearSaved();
  document.querySelectorAll("form[data-autosave-key]").forEach(watch);
})();
