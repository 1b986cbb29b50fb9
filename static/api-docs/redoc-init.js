/* Starts ReDoc on /api/redoc/ (a static file: the Content-Security-Policy forbids inline scripts).
   The schema URL comes from the container's data-schema-url attribute. */
(function () {
  "use strict";
  var container = document.getElementById("redoc-container");
  if (container && window.Redoc) {
    window.Redoc.init(container.dataset.schemaUrl, {}, container);
  }
})();
