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
      output.textContent = count + " characters" +
        (missing > 0 ? " (" + missing + " more needed, minimum " + minimum + ")" : " (minimum reached)");
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
