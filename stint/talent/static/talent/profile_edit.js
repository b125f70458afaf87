// Progressive enhancement for the profile editor: an "Add another" button per formset that clones
// an empty row. Without JavaScript the form already offers empty rows and "Save and add more rows".
(function () {
  "use strict";

  function setup(formset) {
    var prefix = formset.getAttribute("data-formset");
    var total = formset.querySelector('input[name="' + prefix + '-TOTAL_FORMS"]');
    var max = formset.querySelector('input[name="' + prefix + '-MAX_NUM_FORMS"]');
    var rows = formset.querySelectorAll("[data-formset-row]");
    if (!total || rows.length === 0) return;
    var template = rows[rows.length - 1];
    var button = document.createElement("button");
    button.type = "button";
    button.className = "secondary outline";
    var label = template.querySelector("legend").textContent.replace(/\s*\d+\s*$/, "");
    button.textContent = "Add another " + label.toLowerCase();
    var empty = formset.querySelector("template[data-formset-empty]");
    button.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      if (max && index >= parseInt(max.value, 10)) return;
      if (empty) {
        // A server-rendered empty row (the skill rows: their autocomplete is set up on the new row).
        var holder = document.createElement("div");
        holder.innerHTML = empty.innerHTML.replace(/__prefix__/g, String(index)).replace(/__number__/g, String(index + 1));
        var row = holder.firstElementChild;
        button.parentNode.insertBefore(row, button);
        total.value = String(index + 1);
        if (window.StintSkillAutocomplete) window.StintSkillAutocomplete.init(row);
        var input = row.querySelector("input:not([hidden]):not([type=hidden]), select");
        if (input) input.focus();
        return;
      }
      var clone = template.cloneNode(true);
      var pattern = new RegExp(prefix + "-\\d+-", "g");
      clone.querySelectorAll("[name], [id], [for], [aria-describedby]").forEach(function (el) {
        ["name", "id", "for", "aria-describedby"].forEach(function (attr) {
          var value = el.getAttribute(attr);
          if (value) el.setAttribute(attr, value.replace(pattern, prefix + "-" + index + "-"));
        });
        if (el.matches("input:not([type=checkbox]):not([type=hidden]), textarea")) el.value = "";
        if (el.matches("input[type=checkbox]")) el.checked = false;
        el.removeAttribute("aria-invalid");
      });
      clone.querySelectorAll(".errorlist").forEach(function (el) { el.remove(); });
      clone.querySelector("legend").textContent = label + " " + (index + 1);
      button.parentNode.insertBefore(clone, button);
      total.value = String(index + 1);
      var first = clone.querySelector("input, select, textarea");
      if (first) first.focus();
    });
    formset.appendChild(button);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-formset]").forEach(setup);
  });
})();
