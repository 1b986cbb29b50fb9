// The live fit score on the project form: asks /api/projects/fit-preview/ with the form's current lead agent,
// partners, directions and rubrics, and shows the four parts with their sentences in an aria-live region.
// No inline script (strict CSP): the panel's data attributes give the endpoint and the existing project.
(function () {
  "use strict";
  var panel = document.getElementById("fit-preview");
  if (!panel) return;
  var form = panel.closest("form");
  var output = document.getElementById("fit-preview-output");
  var endpoint = panel.getAttribute("data-endpoint");
  var project = panel.getAttribute("data-project");
  var names = ["lead_agent", "partners", "directions", "rubrics"];
  var timer = null;
  var latest = 0;

  function query() {
    var params = new URLSearchParams();
    names.forEach(function (name) {
      var field = form.elements.namedItem(name);
      if (!field) return;
      if (field.options && field.multiple) {
        Array.prototype.forEach.call(field.selectedOptions, function (option) { params.append(name, option.value); });
      } else if (field.value) {
        params.append(name, field.value);
      }
    });
    if (project) params.append("project", project);
    return params.toString();
  }

  function render(data) {
    var heading = document.createElement("p");
    heading.className = "fw-semibold mb-1";
    heading.textContent = panel.getAttribute("data-label-total") + ": " + data.percent + "%";
    var list = document.createElement("dl");
    list.className = "mb-0 fit-parts";
    data.parts.forEach(function (part) {
      var term = document.createElement("dt");
      term.textContent = part.label + ": " + part.percent + "%";
      var meter = document.createElement("meter");
      meter.className = "fit-meter";
      meter.min = 0;
      meter.max = 100;
      meter.value = part.percent;
      meter.setAttribute("aria-hidden", "true");
      var description = document.createElement("dd");
      description.appendChild(meter);
      description.appendChild(document.createTextNode(" " + part.sentence));
      list.appendChild(term);
      list.appendChild(description);
    });
    output.replaceChildren(heading, list);
  }

  function refresh() {
    var request = ++latest;
    fetch(endpoint + "?" + query(), { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (data) { if (request === latest) render(data); })
      .catch(function () {
        if (request === latest) output.textContent = panel.getAttribute("data-label-error");
      });
  }

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 250);
  }

  names.forEach(function (name) {
    var field = form.elements.namedItem(name);
    if (field) field.addEventListener("change", schedule);
  });
  panel.hidden = false;
  refresh();
})();
