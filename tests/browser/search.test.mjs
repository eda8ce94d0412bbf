// The site search in a real browser: the header's box, `/` to reach it, results of the page's
// language with the matches marked, keyboard navigation, German compounds found by their parts,
// nothing shown without JavaScript, and a search that works from disk (file://).
import { test } from "node:test";
import assert from "node:assert/strict";
import { pathToFileURL } from "node:url";
import { join } from "node:path";
import { at, launch, context, assertNoProblems } from "./harness.mjs";

/** Runs `body(page, made)` on a fresh page of a fresh browser, then checks for problems. */
async function withPage(options, body) {
  const browser = await launch();
  try {
    const made = await context(browser, options);
    const page = await made.newPage();
    await body(page, made);
    assertNoProblems(made);
  } finally {
    await browser.close();
  }
}

/** Puts `query` into the search box (reached with `/`) and waits for its answer. */
async function search(page, query) {
  if ((await page.evaluate(() => document.activeElement.id)) !== "search-input") {
    await page.keyboard.press("/");
  }
  await page.fill("#search-input", query);
  await page.locator(".search-panel").waitFor({ state: "visible" });
  await page.locator("#search-results:not([aria-busy])").waitFor({ state: "attached" });
  return page.locator("#search-results [role=option]");
}

/** The results' links, as the browser resolved them. */
async function hrefs(options) {
  return options.locator("a").evaluateAll((links) => links.map((link) => link.href));
}

test("`/` focuses the search box, and nothing of the index loads before", async () => {
  await withPage({}, async (page) => {
    const requested = [];
    page.on("request", (request) => requested.push(request.url()));
    await page.goto(at("en/server/port-overview/"));
    await page.locator("#search-input").waitFor({ state: "visible" });
    assert.equal(await page.evaluate(() => document.activeElement.id), "");
    await page.keyboard.press("/");
    assert.equal(await page.evaluate(() => document.activeElement.id), "search-input");
    // The slash went to the shortcut, not into the box.
    assert.equal(await page.inputValue("#search-input"), "");
    // The query script loads on focus; the index only once there is a query.
    assert.deepEqual(requested.filter((url) => url.includes("/search/")), []);
  });
});

test("the port overview stays under 100 KB until the reader searches", async () => {
  await withPage({}, async (page) => {
    let bytes = 0;
    const loaded = [];
    page.on("response", async (response) => {
      const body = await response.body().catch(() => Buffer.alloc(0));
      bytes += body.length;
      loaded.push(response.url());
    });
    await page.goto(at("en/server/port-overview/"), { waitUntil: "networkidle" });
    assert.ok(loaded.some((url) => url.endsWith("js/search.js")), loaded.join("\n"));
    assert.ok(!loaded.some((url) => url.includes("search-query") || url.includes("/search/")), loaded.join("\n"));
    assert.ok(bytes < 100 * 1024, `${bytes} bytes: ${loaded.join(", ")}`);
  });
});

test("results are of the page's language, with the matches marked", async () => {
  await withPage({}, async (page) => {
    for (const lang of ["de", "en"]) {
      await page.goto(at(`${lang}/server/port-overview/`));
      const options = await search(page, "Firewall");
      assert.ok((await options.count()) >= 2, `${lang}: ${await options.count()} results`);
      for (const href of await hrefs(options)) {
        assert.ok(href.startsWith(at(`${lang}/`)), `${lang} page found ${href}`);
      }
      const marks = await options.first().locator(".search-excerpt mark").allTextContents();
      assert.ok(marks.length > 0, "the excerpt marks the match");
      for (const text of marks) assert.equal(text.toLowerCase(), "firewall");
      // The page whose title has the word ranks first.
      assert.match(await options.first().locator(".search-title").textContent(), /firewall/i);
      assert.equal(await page.getAttribute("#search-input", "aria-expanded"), "true");
    }
  });
});

test("arrow keys choose a result, Enter opens it, Escape closes the list", async () => {
  await withPage({}, async (page) => {
    await page.goto(at("en/"));
    const options = await search(page, "pascom server");
    const count = await options.count();
    assert.ok(count >= 2, `${count} results`);
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    assert.equal(await options.nth(1).getAttribute("aria-selected"), "true");
    assert.equal(await options.nth(0).getAttribute("aria-selected"), "false");
    assert.equal(
      await page.getAttribute("#search-input", "aria-activedescendant"),
      await options.nth(1).getAttribute("id"),
    );
    await page.keyboard.press("ArrowUp");
    await page.keyboard.press("ArrowUp");
    assert.equal(await options.nth(count - 1).getAttribute("aria-selected"), "true", "up from the first wraps");

    await page.keyboard.press("Escape");
    assert.equal(await page.locator(".search-panel").isVisible(), false);
    assert.equal(await page.getAttribute("#search-input", "aria-expanded"), "false");

    await page.keyboard.press("ArrowDown");
    const target = (await hrefs(options))[0];
    await Promise.all([page.waitForURL(target), page.keyboard.press("Enter")]);
    assert.equal(page.url(), target);
  });
});

test("a German compound is found by its part", async () => {
  await withPage({}, async (page) => {
    await page.goto(at("de/"));
    const options = await search(page, "liste");
    assert.deepEqual(await hrefs(options), [at("de/server/port-overview/")]);
    const marks = await options.locator("mark").allTextContents();
    assert.ok(marks.includes("liste"), `marked: ${marks}`);
    // "Portliste" holds it as a part: the mark is inside the word.
    assert.match(await options.locator(".search-excerpt").textContent(), /Portliste/);

    const umlaut = await search(page, "portuebersicht");
    assert.ok((await hrefs(umlaut)).includes(at("de/server/port-overview/")), "ue stands for ü");
  });
});

test("a query nothing matches says so", async () => {
  await withPage({}, async (page) => {
    await page.goto(at("en/"));
    const options = await search(page, "firewall zzzqqq");
    assert.equal(await options.count(), 0);
    assert.equal(
      await page.textContent(".search-status"),
      await page.getAttribute("[data-search]", "data-search-none"),
    );
  });
});

test("without JavaScript no search control is shown", async () => {
  await withPage({ javaScriptEnabled: false }, async (page) => {
    for (const path of ["en/", "de/server/port-overview/", "en/missing/"]) {
      // Waiting for the favicon keeps the next navigation from cancelling it.
      await page.goto(at(path), { waitUntil: "networkidle" });
      assert.equal(await page.locator("[data-search]").count(), 1, path);
      assert.equal(await page.locator("[data-search]").isVisible(), false, path);
      assert.equal(await page.locator("input").filter({ visible: true }).count(), 0, path);
    }
  });
});

test("opened from disk, the search works without script errors", async () => {
  const folder = process.env.TAFEL_SITE_FOLDER;
  assert.ok(folder, "TAFEL_SITE_FOLDER is set");
  await withPage({}, async (page, made) => {
    const errors = [];
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });
    await page.goto(pathToFileURL(join(folder, "de/server/port-overview/index.html")).href);
    const options = await search(page, "telefonanlage");
    assert.ok((await options.count()) >= 1, await page.textContent(".search-panel"));
    const found = await hrefs(options);
    for (const href of found) {
      assert.ok(href.startsWith("file://") && href.endsWith("/index.html"), href);
      assert.ok(href.includes("/de/"), href);
    }
    assert.deepEqual(errors, []);
    assert.deepEqual(made.problems, []);
  });
});

test("an index that cannot be loaded is said so, without a script error", async () => {
  const browser = await launch();
  try {
    const made = await browser.newContext();
    const page = await made.newPage();
    const errors = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.route("**/search/en/words.js", (route) => route.fulfill({ status: 404, body: "" }));
    await page.goto(at("en/"));
    await search(page, "firewall");
    assert.equal(
      await page.textContent(".search-status"),
      await page.getAttribute("[data-search]", "data-search-failed"),
    );
    assert.equal(await page.locator("#search-results [role=option]").count(), 0);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
