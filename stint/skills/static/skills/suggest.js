/*
 * Skill suggestions (skills/_suggest_panel.html): a click on a suggested skill adds it to the panel's
 * target: a skill autocomplete input (autocomplete.js, through a "skill:add" event), or a
 * <select multiple> (data-skill-target), in which it is selected, adding an <option> when the skill is not in
 * the list (skills outside the curated core), and fires "change" so that live checks re-run.
 */
(function () {
  "use strict";

  function addSkill(button) {
    var panel = button.closest("[data-skill-target]");
    if (!panel) return;
    var select = document.querySelector(panel.getAttribute("data-skill-target"));
    if (!select) return;
    var slug = button.getAttribute("data-skill-slug");
    if (select.hasAttribute("data-skill-autocomplete")) {
      // The target is a skill autocomplete (autocomplete.js): it adds the chip and fires skill:change.
      select.dispatchEvent(new CustomEvent("skill:add", { detail: { value: slug, label: button.getAttribute("data-skill-label") } }));
      button.disabled = true;
      button.setAttribute("aria-label", button.getAttribute("data-skill-label") + " (added)");
      return;
    }
    var option = Array.prototype.find.call(select.options, function (o) { return o.value === slug; });
    if (!option) {
      option = document.createElement("option");
      option.value = slug;
      option.textContent = button.getAttribute("data-skill-label");
      select.appendChild(option);
    }
    option.selected = true;
    select.dispatchEvent(new Event("change", { bubbles: true }));
    button.disabled = true;
    button.setAttribute("aria-label", button.getAttribute("data-skill-label") + " (added)");
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".skill-suggestion");
    if (button) addSkill(button);
  });
})();
