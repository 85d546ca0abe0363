/*
 * Draws the results charts from the page's JSON (<script type="application/json" id="chart-data">, written by
 * Django's json_script): no inline script, so the Content-Security-Policy can forbid them.
 *
 * Each <canvas data-chart="KEY"> gets the chart data[KEY] = {type: "bar" | "doughnut", labels, datasets:
 * [{label, data, color}], stacked, horizontal, suffix, max}. The same numbers are in a table under the chart
 * ([data-chart-table="KEY"]): it stays open when the chart cannot be drawn (no JavaScript, Chart.js missing)
 * and is folded behind its "Xem dạng bảng" button ([data-chart-toggle="KEY"]) once the chart is drawn.
 */
(function () {
  "use strict";

  var source = document.getElementById("chart-data");
  if (!source || typeof window.Chart === "undefined") {
    return;
  }
  var data;
  try {
    data = JSON.parse(source.textContent);
  } catch (error) {
    return;
  }
  var numberFormat = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 1 });

  function format(value, suffix) {
    return numberFormat.format(value) + (suffix || "");
  }

  function config(spec) {
    var doughnut = spec.type === "doughnut";
    var datasets = spec.datasets.map(function (dataset) {
      return {
        label: dataset.label,
        data: dataset.data,
        backgroundColor: dataset.color,
        borderColor: doughnut ? "#ffffff" : dataset.color,
        borderWidth: doughnut ? 2 : 0,
        maxBarThickness: 28
      };
    });
    var options = {
      responsive: true,
      maintainAspectRatio: false,
      locale: "vi-VN",
      animation: false,
      plugins: {
        legend: { position: doughnut ? "right" : "bottom", display: doughnut || datasets.length > 1 },
        tooltip: {
          callbacks: {
            label: function (context) {
              var value = doughnut ? context.parsed : (spec.horizontal ? context.parsed.x : context.parsed.y);
              var name = doughnut ? context.label : context.dataset.label;
              return name + ": " + format(value, spec.suffix);
            }
          }
        }
      }
    };
    if (!doughnut) {
      var valueAxis = {
        beginAtZero: true,
        stacked: !!spec.stacked,
        ticks: {
          precision: spec.suffix ? undefined : 0,
          callback: function (value) { return format(value, spec.suffix); }
        }
      };
      if (spec.max) {
        valueAxis.max = spec.max;
      }
      var labelAxis = { stacked: !!spec.stacked, ticks: { autoSkip: false } };
      options.indexAxis = spec.horizontal ? "y" : "x";
      options.scales = spec.horizontal ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis };
    }
    return { type: spec.type, data: { labels: spec.labels, datasets: datasets }, options: options };
  }

  function foldTable(key) {
    var table = document.querySelector('[data-chart-table="' + key + '"]');
    var toggle = document.querySelector('[data-chart-toggle="' + key + '"]');
    if (!table || !toggle) {
      return;
    }
    table.classList.remove("show");
    toggle.classList.remove("d-none");
    toggle.setAttribute("aria-expanded", "false");
  }

  var canvases = document.querySelectorAll("canvas[data-chart]");
  Array.prototype.forEach.call(canvases, function (canvas) {
    var key = canvas.getAttribute("data-chart");
    var spec = data[key];
    if (!spec || !spec.labels || !spec.labels.length) {
      canvas.parentNode.classList.add("d-none");
      return;
    }
    try {
      new window.Chart(canvas, config(spec));
    } catch (error) {
      canvas.parentNode.classList.add("d-none");
      return;
    }
    foldTable(key);
  });
})();
