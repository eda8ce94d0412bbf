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
  function fixFolderLinksOnDisk(within) {
    if (window.location.protocol !== "file:") return;
    Array.prototype.forEach.call(within.querySelectorAll("a[href]"), function (link) {
      var href = link.getAttribute("href");
      if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.charAt(0) === "#") return;
      var parts = href.split("#");
      if (parts[0].slice(-1) === "/") {
        parts[0] += "index.html";
        link.setAttribute("href", parts.join("#"));
      }
    });
  }

  // A long section list arrives shortened: the items around the page and links to the section
  // for the rest. Its whole list is the section's nav.js, loaded by a script tag (which works
  // from disk, unlike fetch); it calls tafelNav, which puts every item in place, keeping the
  // items already shown (the current page, open subsections) as they are.
  window.tafelNav = function (section, items) {
    var lists = document.querySelectorAll("ul[data-nav-list]");
    Array.prototype.forEach.call(lists, function (list) {
      if (list.getAttribute("data-nav-section") !== section) return;
      var root = list.getAttribute("data-nav-root") || "";
      // Keep the sidebar still: the current page stays where the reader sees it.
      var nav = list.closest(".site-nav");
      var current = list.querySelector('[aria-current="page"]');
      var shownAt = current && nav ? current.offsetTop - nav.scrollTop : null;
      var shown = {};
      Array.prototype.forEach.call(list.children, function (item) {
        var link = item.querySelector("a");
        if (link && !item.classList.contains("nav-more")) shown[link.getAttribute("href")] = item;
      });
      var whole = document.createDocumentFragment();
      items.forEach(function (entry) {
        var href = root + entry[0];
        var item = shown[href] || shown[href + "index.html"];
        if (!item) {
          item = document.createElement("li");
          item.className = "nav-" + entry[2];
          var link = document.createElement("a");
          link.setAttribute("href", href);
          link.textContent = entry[1];
          item.appendChild(link);
        }
        whole.appendChild(item);
      });
      list.textContent = "";
      list.appendChild(whole);
      if (shownAt !== null) nav.scrollTop = current.offsetTop - shownAt;
      list.removeAttribute("data-nav-list");
      fixFolderLinksOnDisk(list);
    });
  };

  function loadNavigationLists() {
    var lists = document.querySelectorAll("ul[data-nav-list]");
    Array.prototype.forEach.call(lists, function (list) {
      var script = document.createElement("script");
      script.src = list.getAttribute("data-nav-root") + list.getAttribute("data-nav-list");
      document.head.appendChild(script);
    });
  }

  // The theme switch: pressed while the dark palette shows. Until the reader presses it the
  // system's preference decides (and may change); the choice is then kept in localStorage,
  // which the inline script in the page's head reads before the first paint.
  function setUpThemeSwitch() {
    var button = document.querySelector(".theme-toggle");
    if (!button) return;
    var root = document.documentElement;
    var system = window.matchMedia("(prefers-color-scheme: dark)");
    function dark() {
      var chosen = root.getAttribute("data-theme");
      return chosen ? chosen === "dark" : system.matches;
    }
    function show() {
      button.setAttribute("aria-pressed", dark() ? "true" : "false");
    }
    button.addEventListener("click", function () {
      var theme = dark() ? "light" : "dark";
      root.setAttribute("data-theme", theme);
      try {
        window.localStorage.setItem("tafel-theme", theme);
      } catch (e) {
        // Storage may be refused (private modes); the choice then lasts for this page only.
      }
      show();
    });
    if (system.addEventListener) system.addEventListener("change", show);
    show();
    button.hidden = false;
  }

  // The table of contents marks the section being read: the last one whose heading has
  // reached the top of the window (below the sticky header).
  function setUpTocSpy() {
    var links = Array.prototype.slice.call(document.querySelectorAll('.toc a[href^="#"]'));
    var entries = links
      .map(function (link) {
        var id = decodeURIComponent(link.getAttribute("href").slice(1));
        return { link: link, heading: document.getElementById(id) };
      })
      .filter(function (entry) {
        return entry.heading;
      });
    if (!entries.length) return;
    var current = null;
    var pending = false;
    function update() {
      pending = false;
      // A heading jumped to stops its scroll margin below the window's top (tafel.css).
      var margin = parseFloat(window.getComputedStyle(entries[0].heading).scrollMarginTop) || 0;
      var top = margin + 8;
      var reading = entries[0];
      entries.forEach(function (entry) {
        // A heading in a hidden tab panel has no box; it is not where the reader is.
        var box = entry.heading.getBoundingClientRect();
        if ((box.width || box.height) && box.top <= top) reading = entry;
      });
      // At the end of the page the last sections cannot reach the top; the last one is read.
      if (window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 2) {
        for (var i = entries.length - 1; i >= 0; i--) {
          var last = entries[i].heading.getBoundingClientRect();
          if (last.width || last.height) {
            reading = entries[i];
            break;
          }
        }
      }
      if (reading === current) return;
      if (current) current.link.removeAttribute("aria-current");
      reading.link.setAttribute("aria-current", "true");
      current = reading;
    }
    function schedule() {
      if (pending) return;
      pending = true;
      window.requestAnimationFrame(update);
    }
    window.addEventListener("scroll", schedule, { passive: true });
    window.addEventListener("resize", schedule);
    document.addEventListener("click", schedule);
    update();
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-tabs]"), setUpTabs);
    setUpNavigation();
    fixFolderLinksOnDisk(document);
    loadNavigationLists();
    setUpThemeSwitch();
    setUpTocSpy();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
