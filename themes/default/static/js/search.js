// Shows the search box (hidden in the markup, so there is no dead control without JavaScript),
// focuses it on "/", and loads the query script, js/search-query.js, only once the reader
// focuses the box, so that a page loads little for a search it may never use.
(function () {
  "use strict";
  var box = document.querySelector("[data-search]");
  if (!box) return;
  var input = box.querySelector("input");
  var loading = false;
  input.addEventListener("focus", function () {
    if (loading) return;
    loading = true;
    var script = document.createElement("script");
    script.src = box.getAttribute("data-search-script");
    script.onerror = function () {
      var status = box.querySelector(".search-status");
      status.textContent = box.getAttribute("data-search-failed");
      status.parentNode.hidden = false;
    };
    document.head.appendChild(script);
  });
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    if (/^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) || target.isContentEditable) return;
    event.preventDefault();
    input.focus();
    input.select();
  });
  box.hidden = false;
})();
