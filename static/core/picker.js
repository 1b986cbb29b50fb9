// Searchable pickers for every <select multiple> of the portal (Tom Select, from the npm registry).
//
// Progressive: without JavaScript the plain multiple select works (with its "Hold Ctrl" hint). With it,
// the select becomes a field where one types part of a name, moves with the arrows, picks with Enter and
// removes the last choice with Backspace; <optgroup>s (the classifiers, the regions) become headings.
// Tom Select's own ARIA (combobox, listbox, options, aria-activedescendant) is kept; the field keeps the
// select's <label> and help text, and a polite live region says what was added or removed.
// The library is loaded only on pages that have such a select; its texts come from the data- attributes
// of this script's tag, translated by Django. A select opts out with data-picker="off".
// A select whose choices are ranked names a hidden field in data-picker-order (the chosen values, comma-
// separated, in rank order): the picker starts from that order, keeps the field in the order of its chosen
// items (new choices at the cursor, which the arrow keys move between them), and the server ranks by it.
(function () {
  "use strict";
  var script = document.currentScript;
  var selects = document.querySelectorAll("select[multiple]:not([data-picker='off'])");
  if (!selects.length || !script) { return; }
  var texts = script.dataset;

  function format(template, name) { return template.replace("%s", name); }

  function labelRemoveButtons(picker) {
    picker.control.querySelectorAll("[data-value]").forEach(function (item) {
      var button = item.querySelector(".remove");
      var option = picker.options[item.getAttribute("data-value")];
      if (button && option) { button.setAttribute("aria-label", format(texts.remove, option.text)); }
    });
  }

  function enhance(select) {
    var order = select.dataset.pickerOrder ? document.getElementById(select.dataset.pickerOrder) : null;
    var status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("aria-live", "polite");
    var plugins = { remove_button: { label: "×", title: "" } };
    if (order) { plugins.caret_position = {}; }
    var picker = new window.TomSelect(select, {
      plugins: plugins,
      maxOptions: null,
      // Filter on every keystroke (a few hundred local options at most): with the library's default
      // 300 ms pause, Enter pressed right after typing picked the option highlighted before the search.
      refreshThrottle: 0,
      placeholder: texts.placeholder,
      hidePlaceholder: false,
      searchField: ["text", "optgroup"],
      lockOptgroupOrder: true,
      closeAfterSelect: false,
      render: {
        no_results: function (data, escape) {
          return '<div class="no-results">' + escape(format(texts.noResults, data.input)) + "</div>";
        }
      },
      onItemAdd: function (value) {
        status.textContent = format(texts.added, this.options[value].text);
        labelRemoveButtons(this);
        // A search typed for one choice should not filter the list for the next one.
        this.setTextboxValue("");
        this.refreshOptions(false);
      },
      onItemRemove: function (value) {
        if (this.options[value]) { status.textContent = format(texts.removed, this.options[value].text); }
      }
    });
    if (order) {
      var ranked = order.value.split(",").filter(function (value) { return picker.items.indexOf(value) >= 0; });
      picker.items.forEach(function (value) { if (ranked.indexOf(value) < 0) { ranked.push(value); } });
      picker.setValue(ranked, true);
      var keep = function () { order.value = picker.items.join(","); };
      picker.on("change", keep);
      keep();
    }
    picker.wrapper.after(status);
    // The help text and errors that described the select now describe the field one types in.
    ["aria-describedby", "aria-invalid"].forEach(function (name) {
      if (select.hasAttribute(name)) { picker.control_input.setAttribute(name, select.getAttribute(name)); }
    });
    // The select stays in the page (out of sight, out of the tab order) to be submitted; screen readers
    // would otherwise meet it as a second, unlabelled list beside the field.
    select.setAttribute("aria-hidden", "true");
    labelRemoveButtons(picker);
    var hint = select.closest("div, fieldset");
    if (hint) { hint.querySelectorAll("[data-picker-hint]").forEach(function (element) { element.hidden = true; }); }
  }

  var style = document.createElement("link");
  style.rel = "stylesheet";
  style.href = texts.css;
  document.head.appendChild(style);
  var library = document.createElement("script");
  library.src = texts.library;
  library.onload = function () { selects.forEach(enhance); };
  document.head.appendChild(library);
})();
