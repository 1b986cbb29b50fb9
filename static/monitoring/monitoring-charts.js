/* Charts of a project's monitoring (Chart.js, vendored in static/vendor/chartjs).
   <canvas data-monitoring-chart="progress|series" data-source="ID"> reads its data from the
   <script type="application/json" id="ID"> written by Django's json_script. Every chart has a
   table with the same figures next to it, and the canvas carries role="img" and an aria-label. */
(function () {
  "use strict";
  if (typeof window.Chart === "undefined") {
    return;
  }
  var BLUE = "#0072b2";
  var GREEN = "#009e73";
  var ORANGE = "#d55e00";
  var GREY = "#444";

  function read(canvas) {
    var source = document.getElementById(canvas.dataset.source);
    return source ? JSON.parse(source.textContent) : null;
  }

  function wrapLabel(label, width, maxLines) {
    var lines = [], line = "";
    label.split(/\s+/).forEach(function (word) {
      if (line && (line + " " + word).length > width) { lines.push(line); line = word; }
      else { line = line ? line + " " + word : word; }
    });
    if (line) { lines.push(line); }
    lines = lines.map(function (text) { return text.length > width ? text.slice(0, width - 1) + "…" : text; });
    if (lines.length > maxLines) { lines = lines.slice(0, maxLines); lines[maxLines - 1] += "…"; }
    return lines.length === 1 ? lines[0] : lines;
  }

  function percent(value, locale) {
    return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(value) + " %";
  }

  // Horizontal bars: each indicator's progress toward its target, 0–100 % (the tooltip gives the raw share).
  function progress(canvas, data) {
    var number = new Intl.NumberFormat(data.locale, { maximumFractionDigits: 4 });
    var wrapper = canvas.parentNode;
    wrapper.style.height = Math.max(120, 48 + data.labels.length * 34) + "px";
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [{
          label: data.axisTitle,
          data: data.percent,
          // Reached targets in green, below zero (things went the wrong way) in orange; the table says it in words.
          backgroundColor: data.raw.map(function (raw) {
            return raw >= 100 ? GREEN : (raw < 0 ? ORANGE : BLUE);
          }),
          borderWidth: 0,
          barPercentage: 0.8
        }]
      },
      options: {
        indexAxis: "y",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: {
            min: 0,
            max: 100,
            title: { display: true, text: data.axisTitle },
            ticks: { callback: function (value) { return percent(value, data.locale); } }
          },
          y: {
            ticks: {
              // Long names wrap onto lines (at most three) instead of being cut at the canvas's edge:
              // on a phone the axis gets less than half the width.
              callback: function (value) {
                return wrapLabel(this.getLabelForValue(value), this.chart.width < 576 ? 18 : 40, 3);
              }
            }
          }
        },
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              title: function (items) { return data.labels[items[0].dataIndex]; },
              label: function (context) {
                var i = context.dataIndex;
                return [
                  percent(data.raw[i], data.locale),
                  data.latestLabel + ": " + number.format(data.latest[i]),
                  data.targetLabel + ": " + number.format(data.target[i])
                ];
              }
            }
          }
        }
      }
    });
  }

  // The width a date label takes on the axis, with a gap: the longest date the axis may print, measured.
  function labelRoom(axis) {
    var font = window.Chart.helpers.toFont(axis.options.ticks.font);
    axis.ctx.save();
    axis.ctx.font = font.string;
    var width = axis.ctx.measureText("00.00.0000").width;
    axis.ctx.restore();
    return Math.ceil(width) + 12;
  }

  // From sorted positions (days) on an axis from first to last drawn `width` px wide, those whose labels
  // (`room` px each, centred) do not overlap: the last date always, then from the earliest on, each one far
  // enough from the one kept before it and from the last.
  function spacedTicks(values, first, last, width, room) {
    var sorted = values.slice().sort(function (a, b) { return a - b; });
    if (sorted.length < 2 || !(width > 0)) {
      return sorted;
    }
    var perDay = width / Math.max(1, last - first);
    var end = sorted[sorted.length - 1];
    var kept = [];
    sorted.slice(0, -1).forEach(function (x) {
      var previous = kept.length ? kept[kept.length - 1] : null;
      if ((previous === null || (x - previous) * perDay >= room) && (end - x) * perDay >= room) {
        kept.push(x);
      }
    });
    kept.push(end);
    return kept;
  }

  // A line of dated values (x: days since 1970-01-01) with the baseline and the target as dashed lines.
  function series(canvas, data) {
    var DAY = 86400000;
    var xs = data.points.map(function (point) { return point.x; });
    var first = Math.min.apply(null, xs);
    var last = Math.max.apply(null, xs);
    if (first === last) {  // one value: give the reference lines some length
      first -= 15;
      last += 15;
    }
    var span = function (value) { return [{ x: first, y: value }, { x: last, y: value }]; };
    var number = new Intl.NumberFormat(data.locale, { maximumFractionDigits: 4 });
    var day = new Intl.DateTimeFormat(data.locale, { timeZone: "UTC", day: "2-digit", month: "2-digit", year: "numeric" });
    var dateOf = function (x) { return data.dates[String(x)] || day.format(new Date(x * DAY)); };
    new window.Chart(canvas, {
      type: "line",
      data: {
        datasets: [
          { label: data.valuesLabel, data: data.points, borderColor: BLUE, backgroundColor: BLUE,
            pointRadius: 4, pointStyle: "circle", borderWidth: 2, tension: 0 },
          { label: data.baselineLabel, data: span(data.baseline), borderColor: GREY, backgroundColor: GREY,
            borderDash: [2, 3], pointRadius: 0, pointHitRadius: 0, borderWidth: 1.5 },
          { label: data.targetLabel, data: span(data.target), borderColor: GREEN, backgroundColor: GREEN,
            borderDash: [6, 4], pointRadius: 0, pointHitRadius: 0, borderWidth: 2 }
        ]
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        parsing: false,
        interaction: { mode: "nearest", intersect: false },
        scales: {
          x: {
            type: "linear",
            min: first,
            max: last,
            // A few values: a tick per recorded date (evenly spaced ticks would fall between them), but only
            // as many as fit side by side: dates close together would print over each other (issue #12).
            afterBuildTicks: function (axis) {
              var room = labelRoom(axis);
              if (xs.length > 1 && xs.length <= 8) {
                axis.ticks = spacedTicks(xs, first, last, axis.width, room).map(function (x) { return { value: x }; });
              } else if (axis.ticks.length > Math.max(2, Math.floor(axis.width / room))) {
                axis.ticks = spacedTicks(axis.ticks.map(function (tick) { return tick.value; }), first, last,
                  axis.width, room).map(function (x) { return { value: x }; });
              }
            },
            // Horizontal labels, never rotated: thinning them out keeps every date readable at 390 px.
            ticks: { maxTicksLimit: 8, maxRotation: 0, autoSkip: true,
                     callback: function (value) { return dateOf(value); } }
          },
          y: {
            title: { display: true, text: data.axisTitle },
            ticks: { callback: function (value) { return number.format(value); } }
          }
        },
        plugins: {
          legend: { position: "bottom", labels: { usePointStyle: true } },
          tooltip: {
            filter: function (item) { return item.datasetIndex === 0; },
            callbacks: {
              title: function (items) { return items.length ? dateOf(items[0].parsed.x) : ""; },
              label: function (context) { return context.dataset.label + ": " + number.format(context.parsed.y); }
            }
          }
        }
      }
    });
  }

  var builders = { progress: progress, series: series };
  document.querySelectorAll("canvas[data-monitoring-chart]").forEach(function (canvas) {
    var data = read(canvas);
    var build = builders[canvas.dataset.monitoringChart];
    if (data && build && !canvas.dataset.built) {
      canvas.dataset.built = "1";
      build(canvas, data);
    }
  });
})();
