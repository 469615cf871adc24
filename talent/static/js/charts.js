/* The charts of the reports, the dashboards and the programme page, drawn by Chart.js (vendor/chartjs).
 *
 * Each chart is an element with a `data-chart` attribute holding JSON written by the server
 * (talent/templates/macros/charts.html):
 *   {"kind": "bar" | "line", "horizontal": bool, "percent": bool,
 *    "labels": ["2026-01", ...], "series": [{"label": "Requests", "values": [12, null, ...]}]}
 * A null value is a number not shown (fewer than 5, or withheld): no bar, as in the table's words.
 *
 * Strict CSP: the JSON is read with JSON.parse (nothing is evaluated), and sizes are set through the
 * CSSOM (element.style), which `style-src 'self'` allows. The chart is for sighted readers only: its
 * element is aria-hidden, and the table next to it holds the same numbers for everyone.
 */
(function () {
  "use strict";

  // Each at least 3:1 against white (WCAG 2.1, 1.4.11), and told apart by the legend and the table.
  var PALETTE = ["#26374a", "#b3541e", "#0b6e4f", "#6f42c1", "#1c578a"];

  function isNumberOrNull(value) {
    return value === null || (typeof value === "number" && isFinite(value));
  }

  function readSpec(element) {
    var spec;
    try {
      spec = JSON.parse(element.getAttribute("data-chart") || "");
    } catch (error) {
      return null;
    }
    if (!spec || !Array.isArray(spec.labels) || !Array.isArray(spec.series) || !spec.series.length) {
      return null;
    }
    var valid = spec.series.every(function (series) {
      return (
        series &&
        typeof series.label === "string" &&
        Array.isArray(series.values) &&
        series.values.length === spec.labels.length &&
        series.values.every(isNumberOrNull)
      );
    });
    return valid ? spec : null;
  }

  function config(spec, locale) {
    var horizontal = spec.horizontal === true;
    var percent = spec.percent === true;
    var valueAxis = {
      beginAtZero: true,
      ticks: {
        precision: percent ? undefined : 0,
        callback: function (value) {
          var text = new Intl.NumberFormat(locale).format(value);
          return percent ? text + (locale.indexOf("fr") === 0 ? "\u00a0%" : "%") : text;
        },
      },
    };
    if (percent) {
      valueAxis.max = 100;
    }
    var scales = horizontal ? { x: valueAxis, y: {} } : { x: {}, y: valueAxis };
    return {
      type: spec.kind === "line" ? "line" : "bar",
      data: {
        labels: spec.labels.map(String),
        datasets: spec.series.map(function (series, index) {
          var colour = PALETTE[index % PALETTE.length];
          return {
            label: series.label,
            data: series.values,
            backgroundColor: colour,
            borderColor: colour,
            spanGaps: false,
          };
        }),
      },
      options: {
        locale: locale,
        indexAxis: horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: spec.series.length > 1, position: "bottom" } },
        scales: scales,
      },
    };
  }

  function draw(element, locale) {
    var spec = readSpec(element);
    if (spec === null || element.querySelector("canvas")) {
      return;
    }
    if (spec.horizontal === true) {
      // Room for every bar: a horizontal chart grows with its labels.
      element.style.height = Math.max(12, 2.5 * spec.labels.length * spec.series.length + 5) + "rem";
    }
    var canvas = document.createElement("canvas");
    element.appendChild(canvas);
    new window.Chart(canvas, config(spec, locale));
  }

  function start() {
    if (typeof window.Chart !== "function") {
      return; // the tables say it all
    }
    var locale = document.documentElement.lang === "fr" ? "fr-CA" : "en-CA";
    window.Chart.defaults.font.family = '"Noto Sans", sans-serif';
    window.Chart.defaults.color = "#333333";
    var elements = document.querySelectorAll("[data-chart]");
    for (var i = 0; i < elements.length; i += 1) {
      draw(elements[i], locale);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
