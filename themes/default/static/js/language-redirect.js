// Sends a visitor of the site root to the best matching language of the site.
// Without JavaScript the page's meta refresh goes to the default language after a moment,
// and the language list stays clickable.
(function () {
  "use strict";
  var script = document.currentScript;
  var available = (script.getAttribute("data-languages") || "").split(" ");
  var fallback = script.getAttribute("data-default");
  var wanted = navigator.languages || [navigator.language || ""];
  var target = fallback;
  outer: for (var i = 0; i < wanted.length; i++) {
    var code = String(wanted[i]).toLowerCase();
    for (var j = 0; j < available.length; j++) {
      var candidate = available[j].toLowerCase();
      if (code === candidate || code.split("-")[0] === candidate.split("-")[0]) {
        target = available[j];
        break outer;
      }
    }
  }
  if (target) {
    // From disk (file://) a folder does not open its index.html by itself.
    var page = window.location.protocol === "file:" ? "/index.html" : "/";
    window.location.replace(target + page + window.location.hash);
  }
})();
