// Live character counter for the cover letter (progressive enhancement; the server checks too).
(function () {
  "use strict";
  function setup() {
    var field = document.querySelector("textarea[data-min-chars]");
    var output = document.getElementById("cover-letter-count");
    if (!field || !output) {
      return;
    }
    var minimum = parseInt(field.getAttribute("data-min-chars"), 10) || 0;
    function update() {
      var count = field.value.trim().length;
      var missing = minimum - count;
      // The sentences come translated from the page (data-missing, data-reached).
      var text = missing > 0
        ? output.getAttribute("data-missing") || "{count} characters ({missing} more needed, minimum {minimum})"
        : output.getAttribute("data-reached") || "{count} characters (minimum reached)";
      output.textContent = text
        .replace("{count}", String(count))
        .replace("{missing}", String(missing))
        .replace("{minimum}", String(minimum));
    }
    field.addEventListener("input", update);
    update();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
