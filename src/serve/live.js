// Live reload and the build-error overlay of `tafel serve`.
//
// The server adds this script to every HTML page it serves (built output never has it) and
// answers the requests it makes, all to the page's own origin:
//   /__tafel/events   server-sent events: `reload` ({"version":N,"pages":[…]}) and `overlay` (text)
//   /__tafel/version  the current version, to compare with the one the page was served at
//   /__tafel/overlay  the current overlay's text (200), or nothing (204)
// The page's own version comes with the script tag (`data-version`).
(() => {
  "use strict";

  const script = document.currentScript;
  const pageVersion = script ? script.dataset.version : undefined;

  // The output path of a URL path, as the server maps it: decoded, without the leading `/`, and
  // a folder answered by its `index.html`.
  function outputPath(pathname) {
    let path = pathname.replace(/^\//, "");
    try {
      path = decodeURIComponent(path);
    } catch (_) {
      // Not valid percent-encoding: the server would have refused it; keep it as it is.
    }
    if (path === "" || path.endsWith("/")) {
      path += "index.html";
    }
    return path;
  }

  const page = outputPath(location.pathname);
  const scrollKey = "tafel:scroll:" + page;

  // ---- Reloading ----

  // Every successful rebuild reloads the page, since its navigation, links or styles may have
  // changed. When the page's own file changed, its scroll position is kept across the reload.
  function reload(data) {
    let pages = [];
    try {
      pages = JSON.parse(data).pages || [];
    } catch (_) {
      // A malformed event still means a rebuild: reload without keeping the position.
    }
    if (pages.includes(page)) {
      try {
        sessionStorage.setItem(scrollKey, JSON.stringify({ x: window.scrollX, y: window.scrollY }));
        // Restored once the new page has loaded, rather than by the browser while it still
        // lays the page out, which can land elsewhere when the content above changed.
        history.scrollRestoration = "manual";
      } catch (_) {
        // Storage may be disabled; the page reloads all the same.
      }
    }
    location.reload();
  }

  function restoreScroll() {
    let saved = null;
    try {
      saved = JSON.parse(sessionStorage.getItem(scrollKey));
      sessionStorage.removeItem(scrollKey);
    } catch (_) {
      return;
    }
    if (!saved) {
      return;
    }
    const apply = () => {
      window.scrollTo(saved.x, saved.y);
      history.scrollRestoration = "auto";
    };
    if (document.readyState === "complete") {
      apply();
    } else {
      window.addEventListener("load", apply, { once: true });
    }
  }

  // ---- The overlay ----

  const STYLE = `
    :host { all: initial; }
    .backdrop {
      position: fixed; inset: 0; z-index: 2147483647; overflow: auto; box-sizing: border-box;
      padding: 2rem 1rem; background: rgba(0, 0, 0, 0.55); color-scheme: light dark;
      font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif;
    }
    .panel {
      box-sizing: border-box; max-width: 64rem; margin: 0 auto; padding: 1rem 1.25rem 1.25rem;
      background: #ffffff; color: #1c2430; border-top: 4px solid #c62828; border-radius: 6px;
      box-shadow: 0 8px 32px rgba(0, 0, 0, 0.4);
    }
    header { display: flex; align-items: center; justify-content: space-between; gap: 1rem; }
    h1 { margin: 0; font-size: 1.2rem; color: #b71c1c; }
    button {
      font: inherit; font-size: 1.3rem; line-height: 1; padding: 0.15rem 0.55rem; cursor: pointer;
      color: inherit; background: transparent; border: 1px solid currentColor; border-radius: 4px;
    }
    pre {
      margin: 0.75rem 0 0; padding: 0.75rem 1rem; overflow: auto; white-space: pre;
      background: #f3f5f8; color: #1c2430; border-radius: 4px;
      font: 13px/1.45 ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, Consolas, monospace;
    }
    p { margin: 0.75rem 0 0; color: #4a5565; }
    @media (prefers-color-scheme: dark) {
      .panel { background: #161b22; color: #e3e8ef; border-top-color: #f85149; }
      h1 { color: #ff7b72; }
      pre { background: #0d1117; color: #e3e8ef; }
      p { color: #9aa4b2; }
    }
  `;

  let overlay = null;

  // Shows `text` over the page, which stays as the last good build left it. The overlay lives in
  // a shadow root, so the site's styles do not reach it, and the text is set as text, never as
  // markup.
  function showOverlay(text) {
    hideOverlay();
    const host = document.createElement("div");
    host.id = "tafel-overlay";
    const root = host.attachShadow({ mode: "open" });
    root.innerHTML = `<style>${STYLE}</style>
      <div class="backdrop" role="alertdialog" aria-modal="true" aria-labelledby="title">
        <div class="panel">
          <header>
            <h1 id="title">Build failed</h1>
            <button type="button" aria-label="Close" title="Close (Esc)">×</button>
          </header>
          <pre></pre>
          <p>The page below is from the last successful build. Fix the problem and save: the page
          reloads by itself.</p>
        </div>
      </div>`;
    root.querySelector("pre").textContent = text;
    root.querySelector("button").addEventListener("click", hideOverlay);
    (document.body || document.documentElement).append(host);
    overlay = host;
    root.querySelector("button").focus({ preventScroll: true });
  }

  function hideOverlay() {
    if (overlay) {
      overlay.remove();
      overlay = null;
    }
  }

  document.addEventListener(
    "keydown",
    (event) => {
      if (overlay && event.key === "Escape") {
        hideOverlay();
      }
    },
    true,
  );

  async function fetchOverlay() {
    const response = await fetch("/__tafel/overlay", { cache: "no-store" });
    if (response.status === 200) {
      showOverlay(await response.text());
    }
  }

  // ---- The connection ----

  let opened = false;

  // Called at each (re)connection. Events sent while the page was not connected are lost, so
  // the page compares versions: another version means a rebuild it missed, or a restarted
  // server, and it reloads.
  async function connected() {
    try {
      const response = await fetch("/__tafel/version", { cache: "no-store" });
      const current = (await response.text()).trim();
      if (response.ok && pageVersion !== undefined && current !== pageVersion) {
        location.reload();
        return;
      }
      if (opened) {
        await fetchOverlay();
      }
      opened = true;
    } catch (_) {
      // The server went away again; the next connection checks again.
      return;
    }
    // For tests and tools: the page is listening.
    window.dispatchEvent(new Event("tafel:connected"));
  }

  function connect() {
    const source = new EventSource("/__tafel/events");
    source.addEventListener("open", connected);
    source.addEventListener("reload", (event) => reload(event.data));
    source.addEventListener("overlay", (event) => showOverlay(event.data));
    source.addEventListener("error", () => {
      // The browser retries a dropped connection by itself, but gives up on an answer that is
      // not an event stream (another server on the port while tafel restarts).
      if (source.readyState === EventSource.CLOSED) {
        source.close();
        setTimeout(connect, 1000);
      }
    });
  }

  restoreScroll();
  fetchOverlay().catch(() => {});
  connect();
})();
