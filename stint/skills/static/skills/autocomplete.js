/*
 * Skill autocomplete (ARIA 1.2 combobox with a listbox popup). Usage and contract: docs/skills.md.
 *
 *   <label for="skill-q">Skills</label>
 *   <input id="skill-q" type="text" hidden data-skill-autocomplete data-skill-name="skills"
 *          data-skill-value="id" data-skill-fallback="#skills-fallback">
 *   <select id="skills-fallback" name="skills" multiple>…</select>   (works without JavaScript)
 *
 * The script shows the input, hides and disables the fallback (taking its selected values as the
 * initial selection), and writes every selected skill as <input type="hidden" name="skills">.
 * A "skill:add" event on the input ({detail: {value, label}}) adds a skill from another script.
 */
(function () {
  "use strict";

  var counter = 0;

  // Read-out texts in the page's language: /skills/messages (stint.skills.views.skill_messages)
  // answers in the request's language; until it has answered, and if it fails, English is used.
  var MESSAGES = {
    listbox: "%(label)s suggestions",
    chips: "Selected: %(label)s",
    remove: "Remove %(label)s",
    removed: "%(label)s removed",
    added: "%(label)s added",
    max: "You can choose at most %(count)s skills.",
    none: "No matching skills",
    one: "%(count)s suggestion",
    other: "%(count)s suggestions"
  };
  var relabel = [];
  var lang = (document.documentElement.getAttribute("lang") || "").toLowerCase();
  if (lang && lang.slice(0, 2) !== "en" && window.fetch) {
    fetch("/skills/messages", { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) return;
        Object.keys(MESSAGES).forEach(function (key) { if (typeof data[key] === "string") MESSAGES[key] = data[key]; });
        relabel.forEach(function (fn) { fn(); });
      })
      .catch(function () {});
  }

  function t(key, values) {
    return MESSAGES[key].replace(/%\((\w+)\)s/g, function (_, name) {
      return values && values[name] !== undefined ? String(values[name]) : "";
    });
  }

  function text(tag, value, className) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    el.textContent = value;
    return el;
  }

  function labelFor(input) {
    if (input.id) {
      var label = document.querySelector('label[for="' + input.id + '"]');
      if (label) return label.textContent.trim();
    }
    return input.getAttribute("aria-label") || "Skills";
  }

  function initialFromFallback(fallback) {
    var selected = [];
    if (!fallback) return selected;
    var options = fallback.matches("select") ? fallback.querySelectorAll("option") : fallback.querySelectorAll("option, input[type=checkbox], input[type=radio], input[type=text][data-skill-chosen]");
    options.forEach(function (el) {
      if (el.tagName === "OPTION" && el.selected && el.value) {
        selected.push({ value: el.value, label: el.textContent.trim() });
      } else if (el.tagName === "INPUT" && el.type === "text") {
        // A single-skill fallback: the chosen skill's value in data-skill-chosen, its label as text.
        if (el.dataset.skillChosen) selected.push({ value: el.dataset.skillChosen, label: el.value || el.dataset.skillChosen });
      } else if (el.tagName === "INPUT" && el.checked) {
        var label = el.labels && el.labels.length ? el.labels[0].textContent.trim() : el.value;
        selected.push({ value: el.value, label: label });
      }
    });
    return selected;
  }

  function disableFallback(fallback) {
    if (!fallback) return;
    fallback.hidden = true;
    var controls = fallback.matches("select, input") ? [fallback] : fallback.querySelectorAll("select, input, textarea, button");
    controls.forEach(function (el) { el.disabled = true; });
    if (fallback.id) {
      document.querySelectorAll('label[for="' + fallback.id + '"]').forEach(function (l) { l.hidden = true; });
    }
  }

  function enhance(input) {
    if (input.dataset.skillEnhanced) return;
    input.dataset.skillEnhanced = "1";
    counter += 1;
    var uid = input.id || "skill-autocomplete-" + counter;
    input.id = uid;
    var name = input.dataset.skillName || "skills";
    var valueKey = input.dataset.skillValue === "slug" ? "slug" : "id";
    var endpoint = input.dataset.skillEndpoint || "/api/v1/skills";
    var limit = parseInt(input.dataset.skillLimit || "8", 10);
    var category = input.dataset.skillCategory || "";
    var max = parseInt(input.dataset.skillMax || "0", 10);
    var fallback = input.dataset.skillFallback ? document.querySelector(input.dataset.skillFallback) : null;
    var form = input.form;

    var wrapper = document.createElement("div");
    wrapper.className = "skill-picker";
    input.parentNode.insertBefore(wrapper, input);
    wrapper.appendChild(input);

    var listbox = document.createElement("ul");
    listbox.id = uid + "-listbox";
    listbox.setAttribute("role", "listbox");
    listbox.setAttribute("aria-label", t("listbox", { label: labelFor(input) }));
    listbox.hidden = true;
    wrapper.appendChild(listbox);

    var chips = document.createElement("ul");
    chips.className = "skill-chips";
    chips.setAttribute("aria-label", t("chips", { label: labelFor(input) }));
    relabel.push(function () {
      listbox.setAttribute("aria-label", t("listbox", { label: labelFor(input) }));
      chips.setAttribute("aria-label", t("chips", { label: labelFor(input) }));
    });
    wrapper.appendChild(chips);

    var hiddenBox = document.createElement("div");
    wrapper.appendChild(hiddenBox);

    var status = text("div", "", "visually-hidden");
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    wrapper.appendChild(status);

    input.hidden = false;
    input.removeAttribute("name");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listbox.id);
    input.setAttribute("autocomplete", "off");

    var selected = [];
    var results = [];
    var active = -1;
    var timer = null;
    var controller = null;

    function announce(message) { status.textContent = message; }

    function isSelected(value) {
      return selected.some(function (s) { return s.value === value; });
    }

    function sync(quiet) {
      hiddenBox.textContent = "";
      chips.textContent = "";
      selected.forEach(function (item, index) {
        var hidden = document.createElement("input");
        hidden.type = "hidden";
        hidden.name = name;
        hidden.value = item.value;
        hiddenBox.appendChild(hidden);
        var chip = document.createElement("li");
        chip.appendChild(text("span", item.label));
        var remove = text("button", "×", "secondary outline");
        remove.type = "button";
        remove.setAttribute("aria-label", t("remove", { label: item.label }));
        remove.addEventListener("click", function () {
          selected.splice(index, 1);
          sync();
          announce(t("removed", { label: item.label }));
          input.focus();
        });
        chip.appendChild(remove);
        chips.appendChild(chip);
      });
      chips.hidden = selected.length === 0;
      if (!quiet) input.dispatchEvent(new CustomEvent("skill:change", { bubbles: true, detail: { selected: selected.slice() } }));
    }

    function close() {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var options = listbox.querySelectorAll('[role="option"]');
      if (!options.length) return;
      active = (index + options.length) % options.length;
      options.forEach(function (el, i) { el.setAttribute("aria-selected", i === active ? "true" : "false"); });
      var current = options[active];
      input.setAttribute("aria-activedescendant", current.id);
      current.scrollIntoView({ block: "nearest" });
    }

    function choose(index) {
      var item = results[index];
      if (!item) return;
      if (max === 1 && selected.length && !isSelected(item.value)) {
        selected = [];  // a one-skill picker (a profile row): the new choice replaces the old one
      } else if (max && selected.length >= max) {
        announce(t("max", { count: max }));
        return;
      }
      if (!isSelected(item.value)) {
        selected.push(item);
        sync();
      }
      announce(t("added", { label: item.label }));
      input.value = "";
      close();
    }

    function render(items) {
      results = items.filter(function (item) { return !isSelected(item.value); });
      listbox.textContent = "";
      active = -1;
      if (!results.length) {
        close();
        announce(input.value.trim() ? t("none") : "");
        return;
      }
      results.forEach(function (item, i) {
        var option = document.createElement("li");
        option.id = uid + "-option-" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.appendChild(text("span", item.label));
        if (item.category) option.appendChild(text("small", " " + item.category));
        option.addEventListener("mousedown", function (event) { event.preventDefault(); });
        option.addEventListener("click", function () { choose(i); });
        listbox.appendChild(option);
      });
      listbox.hidden = false;
      input.setAttribute("aria-expanded", "true");
      announce(t(results.length === 1 ? "one" : "other", { count: results.length }));
    }

    function search() {
      var q = input.value.trim();
      if (!q) { close(); return; }
      if (controller) controller.abort();
      controller = typeof AbortController === "function" ? new AbortController() : null;
      var url = endpoint + "?q=" + encodeURIComponent(q) + "&limit=" + limit + (category ? "&category=" + encodeURIComponent(category) : "");
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" }, signal: controller ? controller.signal : undefined })
        .then(function (response) { return response.ok ? response.json() : []; })
        .then(function (items) {
          render(items.map(function (s) {
            return { value: String(s[valueKey]), label: s.label, category: s.category_name || s.category };
          }));
        })
        .catch(function (error) { if (!error || error.name !== "AbortError") close(); });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(search, 120);
    });
    input.addEventListener("keydown", function (event) {
      var open = !listbox.hidden;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (!open) { search(); return; }
        highlight(active + 1);
      } else if (event.key === "ArrowUp") {
        if (open) { event.preventDefault(); highlight(active - 1); }
      } else if (event.key === "Enter") {
        if (open && active >= 0) { event.preventDefault(); choose(active); }
        else if (open && results.length === 1) { event.preventDefault(); choose(0); }
      } else if (event.key === "Escape") {
        if (open) { event.preventDefault(); close(); } else { input.value = ""; }
      } else if (event.key === "Backspace" && !input.value && selected.length) {
        var removed = selected.pop();
        sync();
        announce(t("removed", { label: removed.label }));
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
    // Other scripts add a skill with input.dispatchEvent(new CustomEvent("skill:add", {detail: {value, label}}))
    // (static/skills/suggest.js does, for the suggestions from a brief).
    input.addEventListener("skill:add", function (event) {
      var item = event.detail || {};
      if (!item.value || isSelected(String(item.value))) return;
      if (max && selected.length >= max) { announce(t("max", { count: max })); return; }
      selected.push({ value: String(item.value), label: item.label || String(item.value) });
      sync();
      announce(t("added", { label: item.label || item.value }));
    });

    selected = initialFromFallback(fallback);
    disableFallback(fallback);
    sync(true);  // the initial selection is not a change
    if (form) form.dataset.skillAutocomplete = "1";
  }

  function init(root) {
    (root || document).querySelectorAll("input[data-skill-autocomplete]").forEach(enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { init(document); });
  } else {
    init(document);
  }
  // Widgets swapped in by htmx are enhanced too.
  document.addEventListener("htmx:load", function (event) { init(event.target); });
  window.StintSkillAutocomplete = { init: init };
})();
