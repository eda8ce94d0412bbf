// What every browser test shares: Debian's Chromium driven by Playwright, and the address of the
// built site, which tests/cli/reader.rs serves with a plain static server below a path
// (`/docs/`), as a site that does not live at a host's root is served.
import { existsSync } from "node:fs";
import { delimiter, isAbsolute, join } from "node:path";
import { chromium } from "playwright-core";

/** The site's root URL, such as `http://127.0.0.1:40123/docs/`. */
export const site = process.env.TAFEL_SITE_URL;
if (!site) throw new Error("TAFEL_SITE_URL is not set: run these tests through cargo test");

/** A URL below the site's root: `at("en/server/port-overview/")`. */
export function at(path) {
  return new URL(path, site).href;
}

/** The browser binary named by TAFEL_CHROMIUM (default `chromium`), found on PATH. */
function executable() {
  const name = process.env.TAFEL_CHROMIUM || "chromium";
  if (isAbsolute(name)) return name;
  for (const dir of (process.env.PATH || "").split(delimiter)) {
    if (existsSync(join(dir, name))) return join(dir, name);
  }
  throw new Error(`${name} is not on PATH`);
}

/** Starts headless Chromium; the caller closes it. */
export async function launch() {
  return chromium.launch({
    executablePath: executable(),
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
}

/**
 * A fresh browser context (its own storage) with `options` (viewport, colour scheme,
 * `javaScriptEnabled`), whose pages fail the test on any script error or failed request.
 */
export async function context(browser, options = {}) {
  const made = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const problems = [];
  made.on("page", (page) => watch(page, problems));
  made.problems = problems;
  return made;
}

function watch(page, problems) {
  page.on("pageerror", (error) => problems.push(`script error on ${page.url()}: ${error.message}`));
  page.on("requestfailed", (request) => {
    // Leaving a page cancels what it still loads (its icon, say); that is no broken theme.
    if (request.failure()?.errorText === "net::ERR_ABORTED") return;
    problems.push(`request failed: ${request.url()}: ${request.failure()?.errorText}`);
  });
  page.on("response", (response) => {
    // A missing page is what the 404 test asks for; anything else missing is a broken theme.
    if (response.status() >= 400 && !response.url().includes("missing")) {
      problems.push(`${response.status()} for ${response.url()}`);
    }
  });
}

/** Runs `body(page, made)` in a fresh context with `options`, then closes the browser. */
export async function withPage(options, body) {
  const browser = await launch();
  try {
    const made = await context(browser, options);
    const page = await made.newPage();
    await body(page, made);
  } finally {
    await browser.close();
  }
}

/** Fails when a page of the context had a script error or a failed request. */
export function assertNoProblems(made) {
  if (made.problems.length) throw new Error(made.problems.join("\n"));
}
