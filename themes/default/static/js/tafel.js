// Progressive enhancement for the default theme. Every page works without this file:
// tab panels are then shown one after another under their own headings, and the navigation
// is always visible.
(function () {
  "use strict";

  function setUpTabs(container) {
    var list = container.querySelector('[role="tablist"]');
    if (!list) return;
    var tabs = Array.prototype.slice.call(list.querySelectorAll('[role="tab"]'));
    var panels = tabs.map(function (tab) {
      return document.getElementById(tab.getAttribute("aria-controls"));
    });

    function select(index, focus) {
      tabs.forEach(function (tab, i) {
        var selected = i === index;
        tab.setAttribute("aria-selected", selected ? "true" : "false");
        tab.tabIndex = selected ? 0 : -1;
        if (panels[i]) panels[i].hidden = !selected;
      });
      if (focus) tabs[index].focus();
    }

    tabs.forEach(function (tab, index) {
      tab.addEventListener("click", function () {
        select(index, false);
      });
      tab.addEventListener("keydown", function (event) {
        var next = null;
        if (event.key === "ArrowRight") next = (index + 1) % tabs.length;
        if (event.key === "ArrowLeft") next = (index - 1 + tabs.length) % tabs.length;
        if (event.key === "Home") next = 0;
        if (event.key === "End") next = tabs.length - 1;
        if (next !== null) {
          event.preventDefault();
          select(next, true);
        }
      });
    });

    // A link to an anchor inside a panel opens that panel.
    var initial = 0;
    if (window.location.hash) {
      var target = document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
      panels.forEach(function (panel, i) {
        if (panel && target && panel.contains(target)) initial = i;
      });
    }
    list.hidden = false;
    container.classList.add("tabs-enhanced");
    select(initial, false);
  }

  function setUpNavigation() {
    var toggle = document.querySelector(".nav-toggle");
    var nav = document.getElementById("site-nav");
    if (!toggle || !nav) return;
    toggle.hidden = false;
    document.documentElement.classList.add("nav-collapsible");
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") === "true";
      toggle.setAttribute("aria-expanded", open ? "false" : "true");
      nav.classList.toggle("open", !open);
    });
  }

  // Opened from disk (file://), a link to a folder shows the folder instead of its page; point
  // such links at the folder's index.html. Served over HTTP, nothing changes.
  function fixFolderLinksOnDisk() {
    if (window.location.protocol !== "file:") return;
    Array.prototype.forEach.call(document.querySelectorAll("a[href]"), function (link) {
      var href = link.getAttribute("href");
      if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.charAt(0) === "#") return;
      var parts = href.split("#");
      if (parts[0].slice(-1) === "/") {
        parts[0] += "index.html";
        link.setAttribute("href", parts.join("#"));
      }
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-tabs]"), setUpTabs);
    setUpNavigation();
    fixFolderLinksOnDisk();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
