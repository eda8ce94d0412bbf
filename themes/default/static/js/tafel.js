// Progressive enhancement for the default theme. Every page works without this file:
// tab panels are then shown one after another under their own headings, and the navigation
// is always visible.
(function () {
  "use strict";

  // Tabs. Each tab has a key (`data-tab-key`, such as `onsite`). Groups whose sets of keys are
  // equal switch together, and the reader's choice is remembered per set of keys, so choosing
  // "Onsite" once shows Onsite in every such group, on every page, on later visits too. A page
  // opens on the tab that `?tab=KEY` names, else the one its fragment leads into (`#onsite`, the
  // tab's heading, or anything inside a panel), else the remembered one, else the first.
  var TAB_STORE = "tafel-tab:";
  var tabGroups = [];
  // The key the reader last chose or a link named, which the language switcher passes on.
  var namedTab = null;

  function slice(list) {
    return Array.prototype.slice.call(list);
  }

  // Storage can be missing or refuse (private windows, pages opened from disk, a full quota);
  // a choice then lasts as long as the page.
  function rememberedTab(set) {
    try {
      return window.localStorage.getItem(TAB_STORE + set);
    } catch (error) {
      return null;
    }
  }

  function rememberTab(set, key) {
    try {
      window.localStorage.setItem(TAB_STORE + set, key);
    } catch (error) {
      // Not remembered, as said above.
    }
  }

  function tabGroup(container) {
    var list = container.querySelector('[role="tablist"]');
    if (!list) return null;
    var tabs = slice(list.querySelectorAll('[role="tab"]'));
    if (!tabs.length) return null;
    var keys = tabs.map(function (tab) {
      return tab.getAttribute("data-tab-key") || "";
    });
    return {
      container: container,
      list: list,
      tabs: tabs,
      panels: tabs.map(function (tab) {
        return document.getElementById(tab.getAttribute("aria-controls"));
      }),
      keys: keys,
      set: keys.slice().sort().join(" ")
    };
  }

  function showTab(group, index, focus) {
    group.tabs.forEach(function (tab, i) {
      var selected = i === index;
      tab.setAttribute("aria-selected", selected ? "true" : "false");
      tab.tabIndex = selected ? 0 : -1;
      if (group.panels[i]) group.panels[i].hidden = !selected;
    });
    if (focus) group.tabs[index].focus();
  }

  // Shows the tab `key` in every group of the set of keys `set`.
  function showKey(set, key) {
    tabGroups.forEach(function (group) {
      var index = group.keys.indexOf(key);
      if (group.set === set && index >= 0) showTab(group, index, false);
    });
  }

  // The reader chose a tab (click or keyboard): it is shown in every group of the set and
  // remembered.
  function chooseTab(group, index, focus) {
    var key = group.keys[index];
    showKey(group.set, key);
    showTab(group, index, focus);
    rememberTab(group.set, key);
    namedTab = key;
    updateLanguageLinks();
  }

  // The element the fragment names (`element`, null when there is none) and its id.
  function fragmentTarget() {
    var hash = window.location.hash.slice(1);
    if (!hash) return null;
    var id = hash;
    try {
      id = decodeURIComponent(hash);
    } catch (error) {
      // Not percent-encoded UTF-8: taken as written.
    }
    return { id: id, element: document.getElementById(id) };
  }

  // The key a fragment opens in `group`: that of the panel holding the element it names, or,
  // when no element has that id, the key it spells (a link written for another language).
  function keyOfFragment(group, fragment) {
    if (!fragment) return null;
    if (!fragment.element) return group.keys.indexOf(fragment.id) >= 0 ? fragment.id : null;
    for (var i = 0; i < group.panels.length; i++) {
      if (group.panels[i] && group.panels[i].contains(fragment.element)) return group.keys[i];
    }
    return null;
  }

  // For each set of keys, the first key that `pick` finds in one of its groups.
  function keysBySet(pick) {
    var found = Object.create(null);
    tabGroups.forEach(function (group) {
      if (found[group.set] !== undefined) return;
      var key = pick(group);
      if (key !== null) found[group.set] = key;
    });
    return found;
  }

  function tabParameter() {
    var match = /[?&]tab=([^&#]*)/.exec(window.location.search);
    if (!match) return null;
    try {
      return decodeURIComponent(match[1].replace(/\+/g, " ")).toLowerCase();
    } catch (error) {
      return null;
    }
  }

  function isShown(element) {
    return element.getClientRects().length > 0;
  }

  // Scrolls to what a link asked for: the element of the fragment, or, where that is hidden in a
  // panel (a tab's heading is, once the tab strip shows), the nearest group shown around it;
  // for a key alone, the first group with that tab.
  function scrollToTabs(fragment, key) {
    var place = fragment && fragment.element;
    if (!place && key) {
      for (var i = 0; i < tabGroups.length && !place; i++) {
        if (tabGroups[i].keys.indexOf(key) >= 0) place = tabGroups[i].container;
      }
    }
    while (place && !isShown(place)) {
      place = place.parentElement && place.parentElement.closest("[data-tabs]");
    }
    if (place) place.scrollIntoView({ block: "start" });
  }

  // Whether the fragment concerns tabs: it names an element inside a group, or a tab's key.
  function fragmentInTabs(fragment) {
    if (!fragment) return false;
    if (fragment.element) return !!fragment.element.closest("[data-tabs]");
    return tabGroups.some(function (group) {
      return group.keys.indexOf(fragment.id) >= 0;
    });
  }

  function setUpTabs() {
    tabGroups = slice(document.querySelectorAll("[data-tabs]")).map(tabGroup).filter(Boolean);
    var asked = tabParameter();
    var fragment = fragmentTarget();
    var byParameter = keysBySet(function (group) {
      return group.keys.indexOf(asked) >= 0 ? asked : null;
    });
    var byFragment = keysBySet(function (group) {
      return keyOfFragment(group, fragment);
    });
    var byMemory = keysBySet(function (group) {
      var key = rememberedTab(group.set);
      return group.keys.indexOf(key) >= 0 ? key : null;
    });
    // Groups of one set agree from the start, even when their tabs come in another order.
    var byDefault = keysBySet(function (group) {
      return group.keys[0];
    });

    tabGroups.forEach(function (group) {
      var key = [byParameter, byFragment, byMemory, byDefault]
        .map(function (keys) {
          return keys[group.set];
        })
        .filter(function (found) {
          return found !== undefined;
        })[0];
      var initial = Math.max(0, group.keys.indexOf(key));
      group.tabs.forEach(function (tab, index) {
        tab.addEventListener("click", function () {
          chooseTab(group, index, false);
        });
        tab.addEventListener("keydown", function (event) {
          var count = group.tabs.length;
          var next = null;
          if (event.key === "ArrowRight") next = (index + 1) % count;
          if (event.key === "ArrowLeft") next = (index - 1 + count) % count;
          if (event.key === "Home") next = 0;
          if (event.key === "End") next = count - 1;
          if (next !== null) {
            event.preventDefault();
            chooseTab(group, next, true);
          }
        });
      });
      group.list.hidden = false;
      group.container.classList.add("tabs-enhanced");
      showTab(group, initial, false);
    });

    var named = tabGroups.some(function (group) {
      return byParameter[group.set] !== undefined;
    });
    if (named) {
      namedTab = asked;
    } else {
      tabGroups.some(function (group) {
        namedTab = byFragment[group.set] === undefined ? null : byFragment[group.set];
        return namedTab !== null;
      });
    }
    if (named || fragmentInTabs(fragment)) scrollToTabs(fragment, named ? asked : null);
    updateLanguageLinks();

    // A link within the page (a table of contents, `#onsite`) opens the panel it leads into.
    window.addEventListener("hashchange", function () {
      var fragment = fragmentTarget();
      var byFragment = keysBySet(function (group) {
        return keyOfFragment(group, fragment);
      });
      Object.keys(byFragment).forEach(function (set) {
        showKey(set, byFragment[set]);
        namedTab = byFragment[set];
      });
      if (fragmentInTabs(fragment)) scrollToTabs(fragment, null);
      updateLanguageLinks();
    });
  }

  // The language switcher leads to the same place in the other language: the fragment, and the
  // tab the reader chose or a link named (`?tab=onsite`).
  function updateLanguageLinks() {
    var query = namedTab ? "?tab=" + encodeURIComponent(namedTab) : "";
    var hash = window.location.hash;
    slice(document.querySelectorAll(".language-switcher a[href]")).forEach(function (link) {
      var href = link.getAttribute("href");
      var path = href.replace(/[?#].*$/, "");
      if (href !== path || query || hash) link.setAttribute("href", path + query + hash);
    });
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
      // A heading jumped to stops the page's scroll padding below the window's top (tafel.css).
      var margin =
        parseFloat(window.getComputedStyle(document.documentElement).scrollPaddingTop) || 0;
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

  // A heading jumped to comes to rest below the sticky header, whose height depends on how its
  // parts wrap; the style sheet's scroll padding is the fallback without script.
  function followHeaderHeight() {
    var header = document.querySelector(".site-header");
    if (!header) return;
    function update() {
      document.documentElement.style.scrollPaddingTop = header.offsetHeight + 12 + "px";
    }
    window.addEventListener("resize", update);
    update();
  }

  function start() {
    followHeaderHeight();
    setUpNavigation();
    // Before the tabs, which add `?tab=` to the language switcher's links.
    fixFolderLinksOnDisk(document);
    setUpTabs();
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
