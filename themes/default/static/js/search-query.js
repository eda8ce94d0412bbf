// The search box's queries, loaded by js/search.js when the reader first focuses the box. It
// answers from the index the build writes per language (search/<lang>/), which arrives as
// scripts that call tafelSearchLoaded, added as <script> elements as they are needed: that works
// from any static server and from disk (file://), where fetch would be refused.
(function () {
  "use strict";

  // The same folding as the build's (src/search/mod.rs): lowercase, ß as ss, and these letters
  // as their base letter.
  var FOLD_FROM =
    "àáâãäåçèéêëìíîïñòóôõöùúûüýÿāăąćĉċčďēĕėęěĝğġģĥĩīĭįĵķĺļľńņňōŏőŕŗřśŝşšţťũūŭůűųŵŷźżž";
  var FOLD_TO =
    "aaaaaaceeeeiiiinooooouuuuyyaaaccccdeeeeegggghiiiijklllnnnooorrrssssttuuuuuuwyzzz";
  var WORD = /[\p{Alphabetic}\p{N}]+/gu;
  var MAX_WORD = 40;
  // Title matches rank above heading matches above body matches, whatever the kind of match.
  var FIELD_WEIGHT = [1, 10, 100];
  var SHOWN = 10;
  var EXCERPT = 180;

  var files = {};

  function file(name) {
    if (!files[name]) {
      var entry = { data: null };
      entry.promise = new Promise(function (resolve, reject) {
        entry.resolve = resolve;
        entry.reject = reject;
      });
      files[name] = entry;
    }
    return files[name];
  }

  window.tafelSearchLoaded = function (name, data) {
    var entry = file(name);
    entry.data = data;
    entry.resolve(data);
  };

  function load(base, lang, name) {
    var entry = file(lang + "/" + name);
    if (!entry.script) {
      entry.script = document.createElement("script");
      entry.script.src = base + name + ".js";
      entry.script.onerror = function () {
        entry.reject(new Error("cannot load " + entry.script.src));
      };
      document.head.appendChild(entry.script);
    }
    return entry.promise;
  }

  // Folds `text`, remembering for each folded character where it came from, so matches found
  // in the folded text can be marked in the original.
  function fold(text) {
    var folded = "";
    var from = [];
    var index = 0;
    for (var character of text) {
      for (var lower of character.toLowerCase()) {
        var at = FOLD_FROM.indexOf(lower);
        var replacement = lower === "ß" ? "ss" : at >= 0 ? FOLD_TO.charAt(at) : lower;
        for (var i = 0; i < replacement.length; i++) from.push(index);
        folded += replacement;
      }
      index += character.length;
    }
    from.push(text.length);
    return { text: folded, from: from };
  }

  // Each distinct query word with the spellings it also stands for: "ue" for "ü" and so on,
  // since the index folds "ü" to "u".
  function terms(query) {
    var seen = {};
    var list = [];
    (fold(query).text.match(WORD) || []).forEach(function (word) {
      if (word.length > MAX_WORD || seen[word]) return;
      seen[word] = true;
      var plain = word.replace(/ae/g, "a").replace(/oe/g, "o").replace(/ue/g, "u");
      list.push(plain === word ? [word] : [word, plain]);
    });
    return list;
  }

  // How well a vocabulary word matches a query word: 3 the same, 2 its start, 1 inside it (a
  // part of a compound); short query words match only at the start, or they match everything.
  function quality(word, spellings) {
    var best = 0;
    spellings.forEach(function (spelling) {
      var at = word.indexOf(spelling);
      var found = at < 0 ? 0 : word === spelling ? 3 : at === 0 ? 2 : spelling.length > 2 ? 1 : 0;
      if (found > best) best = found;
    });
    return best;
  }

  // The last start in `starts` at or below `number`: which shard or chunk holds it.
  function part(starts, number) {
    var low = 0;
    var high = starts.length - 1;
    while (low < high) {
      var middle = (low + high + 1) >> 1;
      if (starts[middle] <= number) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  // The pages every query word matches, best first: [{ page, score }].
  function rank(base, lang, index, list) {
    var matches = list.map(function (spellings) {
      var found = [];
      index.words.forEach(function (word, number) {
        var how = quality(word, spellings);
        if (how) found.push([number, how]);
      });
      return found;
    });
    var shards = {};
    matches.forEach(function (found) {
      found.forEach(function (match) {
        shards[part(index.shards, match[0])] = true;
      });
    });
    var loading = Object.keys(shards).map(function (shard) {
      return load(base, lang, "postings-" + shard);
    });
    return Promise.all(loading).then(function () {
      var total = null;
      matches.forEach(function (found) {
        var scores = {};
        found.forEach(function (match) {
          var shard = part(index.shards, match[0]);
          var postings = files[lang + "/postings-" + shard].data[match[0] - index.shards[shard]];
          var page = -1;
          postings.forEach(function (number) {
            page += Math.floor(number / 4);
            var score = FIELD_WEIGHT[number % 4] * match[1];
            if (!(scores[page] >= score)) scores[page] = score;
          });
        });
        if (total === null) {
          total = scores;
          return;
        }
        var both = {};
        Object.keys(total).forEach(function (page) {
          if (scores[page]) both[page] = total[page] + scores[page];
        });
        total = both;
      });
      return Object.keys(total || {})
        .map(function (page) {
          return { page: Number(page), score: total[page] };
        })
        .sort(function (a, b) {
          return b.score - a.score || a.page - b.page;
        });
    });
  }

  // Writes `text` into `element` with every match of the query marked; with `excerpt`, only a
  // window around the first match.
  function mark(element, text, list, excerpt) {
    var folded = fold(text);
    var ranges = [];
    list.forEach(function (spellings) {
      spellings.forEach(function (spelling) {
        for (var at = folded.text.indexOf(spelling); at >= 0; at = folded.text.indexOf(spelling, at + spelling.length)) {
          var start = folded.from[at];
          ranges.push([start, Math.max(folded.from[at + spelling.length], start + 1)]);
        }
      });
    });
    ranges.sort(function (a, b) {
      return a[0] - b[0];
    });
    var start = 0;
    var end = text.length;
    if (excerpt) {
      var first = ranges.length ? ranges[0][0] : 0;
      start = Math.max(0, first - EXCERPT / 3);
      if (start > 0) start = text.indexOf(" ", start) + 1 || start;
      if (start > first) start = first;
      end = Math.min(text.length, start + EXCERPT);
      if (end < text.length) end = text.lastIndexOf(" ", end) > first ? text.lastIndexOf(" ", end) : end;
    }
    var at = start;
    var parts = [start > 0 ? "… " : ""];
    ranges.forEach(function (range) {
      var from = Math.max(range[0], at);
      var to = Math.min(range[1], end);
      if (from >= to) return;
      parts.push(text.slice(at, from));
      var highlighted = document.createElement("mark");
      highlighted.textContent = text.slice(from, to);
      parts.push(highlighted);
      at = to;
    });
    parts.push(text.slice(at, end) + (end < text.length ? " …" : ""));
    element.textContent = "";
    parts.forEach(function (piece) {
      element.append(piece);
    });
  }

  function setUp(box) {
    var input = box.querySelector("input");
    var panel = box.querySelector(".search-panel");
    var status = box.querySelector(".search-status");
    var results = box.querySelector("[role=listbox]");
    var base = box.getAttribute("data-search");
    var root = box.getAttribute("data-search-root");
    var lang = box.getAttribute("data-search-lang");
    var options = [];
    var active = -1;
    var asked = 0;
    var timer = null;

    function open(isOpen) {
      panel.hidden = !isOpen;
      input.setAttribute("aria-expanded", isOpen && options.length ? "true" : "false");
    }

    function select(number) {
      active = number;
      options.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === number ? "true" : "false");
      });
      if (number >= 0) {
        input.setAttribute("aria-activedescendant", options[number].id);
        options[number].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function say(message) {
      status.textContent = message ? box.getAttribute("data-search-" + message) : "";
    }

    function show(found, list, chunks) {
      results.textContent = "";
      options = found.slice(0, SHOWN).map(function (hit, number) {
        var chunk = part(chunks.starts, hit.page);
        var record = chunks.data[chunk][hit.page - chunks.starts[chunk]];
        var option = document.createElement("li");
        option.id = "search-result-" + number;
        option.setAttribute("role", "option");
        var link = document.createElement("a");
        var href = root + record[0];
        // From disk a folder shows as a listing; its page is its index.html.
        if (window.location.protocol === "file:") href += "index.html";
        link.href = href;
        link.tabIndex = -1;
        var title = document.createElement("span");
        title.className = "search-title";
        mark(title, record[1], list, false);
        var excerpt = document.createElement("span");
        excerpt.className = "search-excerpt";
        mark(excerpt, record[2], list, true);
        link.append(title, excerpt);
        option.append(link);
        option.addEventListener("mousedown", function (event) {
          // Keep the focus in the box, so the panel stays open until the link is followed.
          event.preventDefault();
        });
        results.append(option);
        return option;
      });
      say(found.length === 0 ? "none" : found.length > SHOWN ? "more" : "");
      select(-1);
      open(true);
    }

    // The list is busy from a keystroke until its answer is shown.
    function busy(isBusy) {
      if (isBusy) results.setAttribute("aria-busy", "true");
      else results.removeAttribute("aria-busy");
    }

    function run() {
      var query = input.value;
      var number = ++asked;
      busy(true);
      var list = terms(query);
      if (!list.length) {
        options = [];
        results.textContent = "";
        say("");
        open(false);
        busy(false);
        return;
      }
      if (!options.length) {
        say("loading");
        open(true);
      }
      load(base, lang, "words")
        .then(function (index) {
          return rank(base, lang, index, list).then(function (found) {
            var shown = found.slice(0, SHOWN);
            var chunks = {};
            shown.forEach(function (hit) {
              chunks[part(index.chunks, hit.page)] = true;
            });
            return Promise.all(
              Object.keys(chunks).map(function (chunk) {
                return load(base, lang, "pages-" + chunk);
              })
            ).then(function () {
              var data = index.chunks.map(function (start, chunk) {
                var entry = files[lang + "/pages-" + chunk];
                return entry && entry.data;
              });
              return { found: found, chunks: { starts: index.chunks, data: data } };
            });
          });
        })
        .then(
          function (answer) {
            if (number !== asked) return;
            show(answer.found, list, answer.chunks);
            busy(false);
          },
          function () {
            if (number !== asked) return;
            options = [];
            results.textContent = "";
            say("failed");
            open(true);
            busy(false);
          }
        );
    }

    input.addEventListener("input", function () {
      busy(true);
      clearTimeout(timer);
      timer = setTimeout(run, 80);
    });
    input.addEventListener("focus", function () {
      if (input.value && (options.length || status.textContent)) open(true);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!options.length) return;
        event.preventDefault();
        open(true);
        var step = event.key === "ArrowDown" ? 1 : -1;
        var next = active < 0 && step < 0 ? options.length - 1 : active + step;
        select((next + options.length) % options.length);
      } else if (event.key === "Enter") {
        var chosen = options[active >= 0 ? active : 0];
        if (!chosen || panel.hidden) return;
        event.preventDefault();
        window.location.href = chosen.querySelector("a").href;
      } else if (event.key === "Escape") {
        if (!panel.hidden) {
          event.preventDefault();
          open(false);
          select(-1);
        } else if (input.value) {
          input.value = "";
        } else {
          input.blur();
        }
      }
    });
    box.addEventListener("focusout", function (event) {
      if (!box.contains(event.relatedTarget)) open(false);
    });
    if (input.value) run();
  }

  var box = document.querySelector("[data-search]");
  if (box) setUp(box);
})();
