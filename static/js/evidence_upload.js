// Evidence uploads a phone can do (issue 20), for the file pickers of templates/study/_evidence_picker.html.
//
// Without this file the picker is two plain file inputs ("Chọn tệp", "Chụp ảnh") and the form posts as usual.
// With it:
// - the inputs become two buttons; "Chụp ảnh" opens the phone's camera (capture="environment");
// - each chosen file is checked before anything is sent: its type (PDF, DOCX, XLSX, JPG, PNG) and its size against
//   the server's limit (data-max-bytes), with a message per file;
// - photos are shrunk in the browser (browser-image-compression, the global `imageCompression`) to at most 1920 px
//   on their longest side and under the limit; other pictures the browser can read (HEIC, WebP …) become JPEG;
// - in a form marked data-evidence-upload="each" (a log's evidence) every file is sent on its own with
//   XMLHttpRequest and a progress bar, so a refused file takes nothing else with it; the server answers JSON
//   (study.views.evidence_add) and the evidence list (data-evidence-refresh) is reloaded with htmx afterwards;
// - in a form marked data-evidence-upload="form" (a new log) the checked, shrunk files replace the chosen ones and
//   go with the form when it is saved.
// The texts come from the picker's data-text-* attributes (translated in the template). No inline script: this
// file is included with <script src> and works under the site's CSP.
(function () {
  "use strict";

  var MAX_SIDE = 1920;
  var QUALITY = 0.8;
  var SHRINK_ABOVE = 1024 * 1024; // a smaller JPEG or PNG is sent as it is
  var PHOTO_TYPES = ["image/jpeg", "image/png"];
  var PHOTO_EXTENSIONS = [".jpg", ".jpeg", ".png"];
  var DOCUMENT_TYPES = [
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  ];
  var DOCUMENT_EXTENSIONS = [".pdf", ".docx", ".xlsx"];
  var OTHER_IMAGE_EXTENSIONS = [".heic", ".heif", ".webp", ".avif", ".gif", ".bmp"];

  var sending = 0; // files on their way to the server: leaving the page now would lose them

  function formatSize(bytes) {
    // As study.uploads.format_size: 850 KB, 12,4 MB.
    if (bytes < 1024 * 1024) return Math.max(1, Math.round(bytes / 1024)) + " KB";
    return (bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, "").replace(".", ",") + " MB";
  }

  function say(picker, key, values) {
    var template = picker.getAttribute("data-text-" + key) || "";
    return template.replace(/\{(\w+)\}/g, function (match, name) {
      return values && Object.prototype.hasOwnProperty.call(values, name) ? values[name] : match;
    });
  }

  function extensionOf(name) {
    var dot = name.lastIndexOf(".");
    return dot < 0 ? "" : name.slice(dot).toLowerCase();
  }

  function stemOf(name) {
    var dot = name.lastIndexOf(".");
    return (dot <= 0 ? name : name.slice(0, dot)) || "anh";
  }

  // "photo" (JPEG, PNG: shrunk), "picture" (another image: turned into JPEG), "document" (sent as it is) or "".
  function kindOf(file) {
    var type = (file.type || "").toLowerCase();
    var extension = extensionOf(file.name);
    if (PHOTO_TYPES.indexOf(type) !== -1) return "photo";
    if (/^image\//.test(type) || OTHER_IMAGE_EXTENSIONS.indexOf(extension) !== -1) return "picture";
    if (DOCUMENT_TYPES.indexOf(type) !== -1 || DOCUMENT_EXTENSIONS.indexOf(extension) !== -1) return "document";
    if (!type && PHOTO_EXTENSIONS.indexOf(extension) !== -1) return "photo";
    return "";
  }

  // --- one row per file: its name, its size, a progress bar, what became of it --------------------------------

  function addRow(picker, file, withProgress) {
    var row = document.createElement("li");
    row.className = "border rounded p-2 mb-2";
    row.setAttribute("data-evidence-row", "");
    row.setAttribute("data-state", "checking");
    var head = document.createElement("div");
    head.className = "d-flex justify-content-between gap-2 small";
    var name = document.createElement("span");
    name.className = "text-break fw-semibold";
    name.textContent = file.name;
    var size = document.createElement("span");
    size.className = "text-nowrap text-body-secondary";
    size.setAttribute("data-size", "");
    size.textContent = formatSize(file.size);
    head.appendChild(name);
    head.appendChild(size);
    row.appendChild(head);
    if (withProgress) {
      var progress = document.createElement("div");
      progress.className = "progress mt-1";
      progress.style.height = "0.5rem";
      progress.setAttribute("role", "progressbar");
      progress.setAttribute("aria-label", say(picker, "progress", { name: file.name }));
      progress.setAttribute("aria-valuemin", "0");
      progress.setAttribute("aria-valuemax", "100");
      progress.setAttribute("aria-valuenow", "0");
      var bar = document.createElement("div");
      bar.className = "progress-bar";
      bar.style.width = "0%";
      progress.appendChild(bar);
      row.appendChild(progress);
    }
    var message = document.createElement("div");
    message.className = "small mt-1";
    message.setAttribute("data-message", "");
    message.textContent = say(picker, "checking");
    row.appendChild(message);
    picker.querySelector("[data-evidence-status]").appendChild(row);
    return row;
  }

  function setProgress(row, percent) {
    var progress = row.querySelector("[role=progressbar]");
    if (!progress) return;
    var value = Math.max(0, Math.min(100, Math.round(percent)));
    progress.setAttribute("aria-valuenow", String(value));
    progress.firstChild.style.width = value + "%";
  }

  function setState(row, state, text) {
    row.setAttribute("data-state", state);
    var message = row.querySelector("[data-message]");
    message.textContent = text;
    message.classList.toggle("text-danger-emphasis", state === "refused");
    message.classList.toggle("text-success-emphasis", state === "sent" || state === "ready");
    row.classList.toggle("border-danger-subtle", state === "refused");
    var progress = row.querySelector("[role=progressbar]");
    if (!progress) return;
    var bar = progress.firstChild;
    if (state === "sending") bar.classList.add("progress-bar-striped", "progress-bar-animated");
    if (state === "sent" || state === "refused") {
      bar.classList.remove("progress-bar-striped", "progress-bar-animated");
      bar.classList.add(state === "sent" ? "bg-success" : "bg-danger");
      setProgress(row, 100);
    }
    if (state === "refused" && row.getAttribute("data-sent") !== "yes") progress.hidden = true;
  }

  // --- checking and shrinking ------------------------------------------------------------------------------------

  // A promise of {blob, name} ready to send, or a rejection with the reason to show.
  function prepare(picker, file, row) {
    var limit = Number(picker.getAttribute("data-max-bytes")) || Infinity;
    var kind = kindOf(file);
    var tooBig = function (size) {
      return say(picker, "size", { name: file.name, size: formatSize(size), limit: formatSize(limit) });
    };
    if (!kind) return Promise.reject(say(picker, "type", { name: file.name }));
    if (!file.size) return Promise.reject(say(picker, "empty", { name: file.name }));
    var asIs = { blob: file, name: file.name };
    if (kind === "document") return file.size > limit ? Promise.reject(tooBig(file.size)) : Promise.resolve(asIs);
    var toJpeg = kind === "picture";
    if (!toJpeg && file.size <= Math.min(SHRINK_ABOVE, limit)) return Promise.resolve(asIs);
    if (typeof window.imageCompression !== "function") {
      if (toJpeg) return Promise.reject(say(picker, "unreadable", { name: file.name }));
      return file.size > limit ? Promise.reject(tooBig(file.size)) : Promise.resolve(asIs);
    }
    setState(row, "shrinking", say(picker, "shrinking"));
    var options = {
      maxSizeMB: (limit * 0.95) / (1024 * 1024),
      maxWidthOrHeight: MAX_SIDE,
      initialQuality: QUALITY,
      useWebWorker: false, // a worker would fetch the library from a CDN, which the CSP forbids
    };
    if (toJpeg) options.fileType = "image/jpeg";
    return window.imageCompression(file, options).then(
      function (small) {
        if (small.size > limit) throw tooBig(small.size);
        if (small.size !== file.size) {
          row.querySelector("[data-size]").textContent = formatSize(file.size) + " → " + formatSize(small.size);
        }
        return { blob: small, name: toJpeg ? stemOf(file.name) + ".jpg" : file.name };
      },
      function () {
        // Not a picture the browser can read (or a PDF named .jpg): the server judges what it really is.
        if (toJpeg) throw say(picker, "unreadable", { name: file.name });
        if (file.size > limit) throw tooBig(file.size);
        return asIs;
      }
    );
  }

  // --- "each": every file its own request -------------------------------------------------------------------------

  function parseJson(xhr) {
    try {
      return JSON.parse(xhr.responseText);
    } catch (error) {
      return null;
    }
  }

  function send(form, picker, input, ready, row) {
    return new Promise(function (resolve) {
      var data = new FormData();
      data.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
      data.append(input.name, ready.blob, ready.name);
      var xhr = new XMLHttpRequest();
      var finish = function (ok, text) {
        sending -= 1;
        setState(row, ok ? "sent" : "refused", text);
        resolve(ok);
      };
      xhr.open("POST", form.action);
      xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
      xhr.setRequestHeader("Accept", "application/json");
      xhr.upload.addEventListener("progress", function (event) {
        if (event.lengthComputable) setProgress(row, (event.loaded / event.total) * 100);
      });
      xhr.addEventListener("load", function () {
        row.setAttribute("data-sent", "yes");
        var answer = parseJson(xhr);
        var file = answer && answer.files && answer.files[0];
        if (file) {
          finish(!!file.ok, file.ok ? say(picker, "sent") : file.message);
        } else if (answer && answer.message) {
          finish(false, answer.message);
        } else if (xhr.responseURL && xhr.responseURL.split("?")[0] !== form.action.split("?")[0]) {
          finish(false, say(picker, "session", { name: ready.name })); // sent to the login page
        } else {
          finish(false, say(picker, "server", { name: ready.name }));
        }
      });
      ["error", "abort", "timeout"].forEach(function (type) {
        xhr.addEventListener(type, function () {
          finish(false, say(picker, "network", { name: ready.name }));
        });
      });
      sending += 1;
      setState(row, "sending", say(picker, "sending"));
      xhr.send(data);
    });
  }

  function refresh(form) {
    var selector = form.getAttribute("data-evidence-refresh");
    if (!selector || !document.querySelector(selector)) return Promise.resolve();
    if (window.htmx) {
      return window.htmx.ajax("GET", window.location.pathname + window.location.search, {
        target: selector,
        select: selector,
        swap: "outerHTML",
      });
    }
    window.location.reload();
    return Promise.resolve();
  }

  // Shrink one file after the other (a phone has little memory) and send each as soon as it is ready and the one
  // before it has gone (the first arrives sooner on a slow line); then reload the list once.
  function uploadEach(form, picker, input, files) {
    var prepared = Promise.resolve();
    var sent = Promise.resolve();
    var anyKept = false;
    files.forEach(function (file) {
      var row = addRow(picker, file, true);
      var ready = prepared.then(function () {
        return prepare(picker, file, row).then(
          function (result) {
            setState(row, "waiting", say(picker, "waiting"));
            return result;
          },
          function (reason) {
            setState(row, "refused", String(reason));
            return null;
          }
        );
      });
      prepared = ready;
      sent = Promise.all([sent, ready]).then(function (results) {
        if (!results[1]) return;
        return send(form, picker, input, results[1], row).then(function (ok) {
          anyKept = anyKept || ok;
        });
      });
    });
    return sent.then(function () {
      return anyKept ? refresh(form) : null;
    });
  }

  // --- "form": the checked files go with the form --------------------------------------------------------------

  var pending = []; // the pickers' work in progress, waited for before a form is sent

  function keepInForm(picker, input, files) {
    picker.querySelectorAll('[data-evidence-row][data-input="' + input.id + '"]').forEach(function (row) {
      row.remove();
    });
    var kept = [];
    var chain = Promise.resolve();
    files.forEach(function (file) {
      var row = addRow(picker, file, false);
      row.setAttribute("data-input", input.id);
      chain = chain.then(function () {
        return prepare(picker, file, row).then(
          function (ready) {
            kept.push(ready);
            setState(row, "ready", say(picker, "ready"));
          },
          function (reason) {
            setState(row, "refused", String(reason));
          }
        );
      });
    });
    var work = chain.then(function () {
      try {
        var transfer = new DataTransfer();
        kept.forEach(function (ready) {
          var type = ready.blob.type || "application/octet-stream";
          transfer.items.add(new File([ready.blob], ready.name, { type: type }));
        });
        input.files = transfer.files;
      } catch (error) {
        // An old browser cannot replace the chosen files: they go as chosen and the server checks them.
      }
    });
    pending.push(work);
    work.then(function () {
      pending.splice(pending.indexOf(work), 1);
    });
  }

  // --- wiring ------------------------------------------------------------------------------------------------------

  function setUp(picker) {
    var form = picker.closest("form");
    if (!form) return;
    var mode = form.getAttribute("data-evidence-upload") || "form";
    var inputs = picker.querySelectorAll("input[type=file]");
    picker.querySelector("[data-evidence-inputs]").hidden = true;
    picker.querySelector("[data-evidence-buttons]").hidden = false;
    var note = picker.querySelector("[data-evidence-shrink-note]");
    if (note && typeof window.imageCompression === "function") note.hidden = false;
    picker.querySelectorAll("[data-evidence-open]").forEach(function (button) {
      button.addEventListener("click", function () {
        document.getElementById(button.getAttribute("data-evidence-open")).click();
      });
    });
    if (mode === "each") {
      var submit = form.querySelector("[data-evidence-submit]");
      if (submit) submit.hidden = true;
    }
    inputs.forEach(function (input) {
      input.addEventListener("change", function () {
        var files = Array.prototype.slice.call(input.files || []);
        if (!files.length) return;
        if (mode === "each") {
          input.value = ""; // the same photo may be chosen again after a refusal
          uploadEach(form, picker, input, files);
        } else {
          keepInForm(picker, input, files);
        }
      });
    });
    if (mode !== "each") {
      form.addEventListener("submit", function (event) {
        if (!pending.length) return;
        event.preventDefault();
        var submitter = event.submitter;
        Promise.all(pending).then(function () {
          if (form.requestSubmit) form.requestSubmit(submitter || undefined);
          else form.submit();
        });
      });
    }
  }

  window.addEventListener("beforeunload", function (event) {
    if (!sending) return;
    var picker = document.querySelector("[data-evidence-picker]");
    event.preventDefault();
    event.returnValue = picker ? say(picker, "leave") : "";
    return event.returnValue;
  });

  document.querySelectorAll("[data-evidence-picker]").forEach(setUp);
})();
