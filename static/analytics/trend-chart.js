/* Line charts of a region's localisation factors over the years (Chart.js, from npm via static/vendor).
   Each <canvas data-chart="ID"> reads its data from the <script type="application/json" id="ID">
   written by Django's json_script; the table next to the chart holds the same figures. */
(function () {
  "use strict";
  if (typeof window.Chart === "undefined") {
    return;
  }
  // Qualitative palette (Okabe–Ito, then Tableau) and point shapes, so that series differ by more than colour.
  var COLOURS = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#d55e00", "#56b4e9", "#000000", "#f0e442",
    "#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#9c755f", "#76b7b2", "#edc948", "#bab0ac",
    "#e15759", "#ff9da7", "#8c564b", "#17becf", "#7f7f7f"];
  var MAX_LEGEND = 34;
  var SHAPES = ["circle", "rect", "triangle", "rectRot", "crossRot", "star", "rectRounded", "cross", "line", "dash"];

  function build(canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source) {
      return;
    }
    var data = JSON.parse(source.textContent);
    var format = new Intl.NumberFormat(data.locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    var datasets = data.datasets.map(function (series, index) {
      var colour = COLOURS[index % COLOURS.length];
      return {
        label: series.label,
        data: series.data,
        hidden: series.hidden,
        borderColor: colour,
        backgroundColor: colour,
        pointStyle: SHAPES[index % SHAPES.length],
        pointRadius: 3,
        borderWidth: 2,
        spanGaps: false,
        tension: 0,
        // Years taken from the equivalent section of the earlier classifier (OKVED1) are drawn dashed.
        derived: series.derived || [],
        note: series.note || "",
        segment: {
          borderDash: function (ctx) {
            return series.derived && series.derived[ctx.p0DataIndex] ? [4, 3] : undefined;
          }
        }
      };
    });
    datasets.push({
      label: data.thresholdLabel,
      data: data.labels.map(function () { return data.threshold; }),
      borderColor: "#444",
      borderDash: [6, 4],
      borderWidth: 1.5,
      pointRadius: 0,
      pointHitRadius: 0,
      fill: false
    });
    new window.Chart(canvas, {
      type: "line",
      data: { labels: data.labels, datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: "nearest", intersect: false },
        scales: {
          x: { title: { display: true, text: data.xTitle } },
          y: {
            title: { display: true, text: data.yTitle },
            beginAtZero: true,
            ticks: { callback: function (value) { return format.format(value); } }
          }
        },
        plugins: {
          legend: {
            position: "bottom",
            labels: {
              usePointStyle: true,
              pointStyleWidth: 10,
              boxHeight: 7,
              padding: 8,
              font: { size: 11 },
              // Long item names would fill the chart with legend: shorten them here (the tooltip and the table have them whole).
              generateLabels: function (chart) {
                return window.Chart.defaults.plugins.legend.labels.generateLabels(chart).map(function (label) {
                  if (label.text.length > MAX_LEGEND) {
                    label.text = label.text.slice(0, MAX_LEGEND - 1) + "…";
                  }
                  return label;
                });
              }
            }
          },
          tooltip: {
            callbacks: {
              label: function (context) {
                return context.dataset.label + ": " + (context.parsed.y === null ? "—" : format.format(context.parsed.y));
              },
              afterLabel: function (context) {
                var derived = context.dataset.derived;
                return derived && derived[context.dataIndex] ? context.dataset.note : "";
              }
            }
          }
        }
      }
    });
  }

  document.querySelectorAll("canvas[data-chart]").forEach(build);
})();
