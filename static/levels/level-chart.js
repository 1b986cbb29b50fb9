/* The step chart of a region's cooperation level over time (Chart.js from static/vendor).
   Each <canvas data-level-chart="ID"> reads its data from <script type="application/json" id="ID">
   (Django's json_script); the table next to the chart holds the same figures. */
(function () {
  "use strict";
  if (typeof window.Chart === "undefined") {
    return;
  }
  function build(canvas) {
    var source = document.getElementById(canvas.dataset.levelChart);
    if (!source) {
      return;
    }
    var data = JSON.parse(source.textContent);
    new window.Chart(canvas, {
      type: "line",
      data: {
        labels: data.labels,
        datasets: [{
          label: data.label,
          data: data.levels,
          stepped: "before",  // Chart.js "before": the level holds until the next date, then steps
          borderColor: "#0072b2",
          backgroundColor: "rgba(0, 114, 178, 0.12)",
          fill: true,
          pointRadius: 4,
          pointStyle: "rectRot",
          borderWidth: 2
        }]
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: { title: { display: true, text: data.xTitle } },
          y: {
            min: 0,
            max: 4,
            title: { display: true, text: data.yTitle },
            ticks: {
              stepSize: 1,
              callback: function (value) { return value + " — " + (data.levelNames[value] || ""); }
            }
          }
        },
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              label: function (context) {
                return context.parsed.y + " — " + (data.levelNames[context.parsed.y] || "");
              }
            }
          }
        }
      }
    });
  }
  document.querySelectorAll("canvas[data-level-chart]").forEach(build);
})();
