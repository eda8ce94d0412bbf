// The default theme as a reader meets it: where a jumped-to heading lands, whether anything
// moves while a page loads, the navigation on a narrow screen without script, the light/dark
// switch, the table of contents following the reader, the sidebar, the 404 page below a path,
// and device names in port tables. The site is the example site with one long page
// (`en/server/long-read/`, sections `section-1` to `section-6`), see tests/cli/reader.rs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { at, launch, context, assertNoProblems, withPage } from "./harness.mjs";

const overview = at("en/server/port-overview/");
const longRead = at("en/server/long-read/");

/** The channels of a computed CSS colour, `[r, g, b, alpha]`. */
function channels(color) {
  const [r, g, b, a = 1] = color.match(/[\d.]+/g).map(Number);
  return [r, g, b, a];
}

/** Relative luminance (0 black, 1 white) of a computed colour. */
function luminance(color) {
  const [r, g, b] = channels(color).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

async function backgroundOf(page) {
  return page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
}

for (const width of [1280, 500]) {
  test(`a heading jumped to lands below the sticky header (${width} px)`, async () => {
    await withPage({ viewport: { width, height: 800 } }, async (page, made) => {
      for (const id of ["section-3", "section-5"]) {
        await page.goto(`${longRead}#${id}`);
        await page.evaluate((id) => document.getElementById(id).scrollIntoView(), id);
        const header = await page.locator(".site-header").boundingBox();
        const heading = await page.locator(`#${id}`).boundingBox();
        assert.ok(heading.y >= header.y + header.height, `#${id} at ${heading.y}, under the header ending at ${header.y + header.height}`);
        assert.ok(heading.y < header.y + header.height + 64, `#${id} at ${heading.y}: far below the header`);
      }
      assertNoProblems(made);
    });
  });
}

for (const width of [1280, 1024, 800, 500]) {
  test(`nothing moves while a page loads slowly (${width} px)`, async () => {
    await withPage({ viewport: { width, height: 900 } }, async (page, made) => {
      // A slow line delivers the page in pieces, so the browser paints before the whole
      // document has arrived, as a reader on a slow connection sees it.
      const cdp = await made.newCDPSession(page);
      await cdp.send("Network.enable");
      await cdp.send("Network.emulateNetworkConditions", {
        offline: false,
        latency: 40,
        downloadThroughput: 40 * 1024,
        uploadThroughput: 40 * 1024,
      });
      await page.addInitScript(() => {
        window.shifts = [];
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) {
            if (!entry.hadRecentInput) {
              window.shifts.push({
                value: entry.value,
                moved: entry.sources.map((s) => (s.node && s.node.outerHTML ? s.node.outerHTML.slice(0, 60) : "?")),
              });
            }
          }
        }).observe({ type: "layout-shift", buffered: true });
      });
      for (const url of [overview, longRead]) {
        await page.goto(url, { waitUntil: "load" });
        await page.waitForTimeout(300);
        const shifts = await page.evaluate(() => window.shifts);
        const total = shifts.reduce((sum, s) => sum + s.value, 0);
        assert.ok(total < 0.001, `layout shift ${total} on ${url}: ${JSON.stringify(shifts)}`);
      }
      assertNoProblems(made);
    });
  });
}

test("a narrow window without script: the navigation is opaque and never lies over the text", async () => {
  await withPage({ viewport: { width: 500, height: 800 }, javaScriptEnabled: false }, async (page, made) => {
    await page.goto(overview);
    const nav = page.locator("#site-nav");
    assert.ok(await nav.isVisible(), "without script the navigation is shown");
    const background = await nav.evaluate((n) => getComputedStyle(n).backgroundColor);
    assert.equal(channels(background)[3], 1, `navigation background ${background}`);
    for (const scroll of [300, 900, 1600]) {
      await page.evaluate((y) => window.scrollTo(0, y), scroll);
      const overlaps = await page.evaluate(() => {
        const box = document.getElementById("site-nav").getBoundingClientRect();
        return Array.from(document.querySelectorAll("main p, main h2, main table"))
          .map((el) => [el.tagName, el.getBoundingClientRect()])
          .filter(([, r]) => r.bottom > 0 && r.top < window.innerHeight)
          .filter(([, r]) => r.top < box.bottom && r.bottom > box.top && r.left < box.right && r.right > box.left)
          .map(([tag]) => tag);
      });
      assert.deepEqual(overlaps, [], `scrolled to ${scroll}: the navigation covers ${overlaps}`);
    }
    // No dead controls: what needs the script stays hidden.
    assert.equal(await page.locator(".theme-toggle").isVisible(), false, "theme switch shown without script");
    assert.equal(await page.locator(".nav-toggle").isVisible(), false, "navigation toggle shown without script");
    assert.equal(await page.locator(".tab-list").first().isVisible(), false, "tab list shown without script");
    assert.ok(await page.locator(".tab-panel-title").first().isVisible(), "tab panels have their headings");
    assertNoProblems(made);
  });
});

test("the theme switch follows the system, toggles, and is remembered across pages and visits", async () => {
  const browser = await launch();
  try {
    const made = await context(browser, { colorScheme: "light" });
    const page = await made.newPage();
    await page.goto(overview);
    const toggle = page.locator(".theme-toggle");
    assert.ok(await toggle.isVisible(), "the script reveals the switch");
    assert.equal(await toggle.getAttribute("aria-pressed"), "false");
    assert.ok(luminance(await backgroundOf(page)) > 0.8, "light by the system's preference");
    const accessible = await toggle.ariaSnapshot();
    assert.match(accessible, /button "Dark theme"/);

    await toggle.click();
    assert.equal(await toggle.getAttribute("aria-pressed"), "true");
    assert.ok(luminance(await backgroundOf(page)) < 0.05, "dark after pressing");
    // Diagrams follow the choice, not only the system preference.
    const arrow = page.locator(".tafel-diagram .td-out").first();
    assert.equal(await arrow.evaluate((n) => getComputedStyle(n).stroke), "rgb(108, 178, 255)");

    // Another page of the site, then a later visit (a new tab of the same browser profile).
    await page.click(".nav-home");
    assert.equal(page.url(), at("en/"));
    assert.ok(luminance(await backgroundOf(page)) < 0.05, "dark on the next page");
    const later = await made.newPage();
    await later.goto(at("de/server/"));
    assert.ok(luminance(await backgroundOf(later)) < 0.05, "dark on a later visit");
    assert.equal(await later.locator(".theme-toggle").getAttribute("aria-pressed"), "true");
    await later.locator(".theme-toggle").click();
    await later.reload();
    assert.ok(luminance(await backgroundOf(later)) > 0.8, "light again, remembered");
    assert.equal(await later.locator(".theme-toggle").getAttribute("aria-pressed"), "false");
    assertNoProblems(made);

    // A reader whose system prefers dark gets dark until choosing otherwise.
    const darkSystem = await context(browser, { colorScheme: "dark" });
    const dark = await darkSystem.newPage();
    await dark.goto(overview);
    assert.ok(luminance(await backgroundOf(dark)) < 0.05, "dark by the system's preference");
    assert.equal(await dark.locator(".theme-toggle").getAttribute("aria-pressed"), "true");
    await dark.locator(".theme-toggle").click();
    assert.ok(luminance(await backgroundOf(dark)) > 0.8, "light chosen over a dark system");
    const light = dark.locator(".tafel-diagram .td-out").first();
    assert.equal(await light.evaluate((n) => getComputedStyle(n).stroke), "rgb(37, 99, 235)");
    assertNoProblems(darkSystem);
  } finally {
    await browser.close();
  }
});

test("the table of contents marks the section being read while scrolling", async () => {
  await withPage({ viewport: { width: 1280, height: 800 } }, async (page, made) => {
    await page.goto(longRead);
    const marked = () =>
      page.evaluate(() => Array.from(document.querySelectorAll('.toc a[aria-current="true"]'), (a) => a.getAttribute("href")));
    assert.deepEqual(await marked(), ["#section-1"], "at the top");
    for (const id of ["section-2", "section-4", "section-3"]) {
      await page.evaluate((id) => document.getElementById(id).scrollIntoView(), id);
      await page.waitForFunction((id) => document.querySelector(`.toc a[href="#${id}"]`).getAttribute("aria-current") === "true", id);
      assert.deepEqual(await marked(), [`#${id}`]);
    }
    // Half way through a section it is still the one being read.
    await page.evaluate(() => window.scrollBy(0, 300));
    await page.waitForTimeout(100);
    assert.deepEqual(await marked(), ["#section-3"]);
    // Clicking an entry marks it.
    await page.click('.toc a[href="#section-5"]');
    await page.waitForFunction(() => document.querySelector('.toc a[href="#section-5"]').getAttribute("aria-current") === "true");
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await page.waitForFunction(() => document.querySelector('.toc a[href="#section-6"]').getAttribute("aria-current") === "true");
    assert.deepEqual(await marked(), ["#section-6"], "at the end");
    assertNoProblems(made);
  });
});

test("the sidebar links the start page and marks the current page lightly", async () => {
  await withPage({}, async (page, made) => {
    for (const [lang, name] of [["en", "Start page"], ["de", "Startseite"]]) {
      await page.goto(at(`${lang}/server/port-overview/`));
      const home = page.locator("#site-nav a.nav-home");
      assert.equal(await home.textContent().then((t) => t.trim()), name);
      assert.equal(await home.evaluate((a) => a.href), at(`${lang}/`));
      assert.equal(await home.getAttribute("aria-current"), null);
      const current = page.locator('#site-nav a[aria-current="page"]');
      assert.equal(await current.count(), 1);
      const style = await current.evaluate((a) => {
        const s = getComputedStyle(a);
        return { background: s.backgroundColor, color: s.color, bar: s.boxShadow };
      });
      const accent = await page.evaluate(() => {
        const probe = document.body.appendChild(document.createElement("span"));
        probe.style.color = "var(--accent)";
        const color = getComputedStyle(probe).color;
        probe.remove();
        return color;
      });
      // A tint, not a solid block of the accent colour, with text in the page's own colour.
      assert.ok(channels(style.background)[3] <= 0.25, `current page background ${style.background}`);
      assert.notEqual(style.color, await page.evaluate(() => getComputedStyle(document.body).backgroundColor));
      assert.ok(style.bar.includes(accent), `a bar in the accent colour ${accent}: ${style.bar}`);
      await home.click();
      assert.equal(await page.locator('#site-nav a.nav-home[aria-current="page"]').count(), 1);
      assert.equal(await page.locator("main h1").count(), 1);
    }
    assertNoProblems(made);
  });
});

test("the 404 page at a deep missing URL has its stylesheet, script and working links", async () => {
  await withPage({}, async (page, made) => {
    const loaded = [];
    page.on("response", (r) => loaded.push([r.url(), r.status()]));
    const response = await page.goto(at("en/some/deep/missing/page/"));
    assert.equal(response.status(), 404);
    for (const asset of ["css/tafel.css", "js/tafel.js"]) {
      assert.ok(loaded.some(([url, status]) => url === at(asset) && status === 200), `${asset} loaded: ${JSON.stringify(loaded)}`);
    }
    assert.equal(await page.locator(".site-header").evaluate((h) => getComputedStyle(h).position), "sticky");
    assert.ok(await page.locator(".theme-toggle").isVisible(), "the script ran");
    const links = await page.evaluate(() =>
      Array.from(document.querySelectorAll("a[href]"), (a) => a.href).filter((href) => !href.includes("#")),
    );
    assert.ok(links.length >= 4, `links: ${links}`);
    for (const link of links) {
      assert.ok(link.startsWith(at("")), `${link} is not below the site`);
      const answer = await page.request.get(link);
      assert.equal(answer.status(), 200, link);
    }
    assertNoProblems(made);
  });
});

test("a device's name shows on hover and on keyboard focus; its accessible name is unchanged", async () => {
  await withPage({}, async (page, made) => {
    await page.goto(overview);
    const cell = page.locator(".ports-devices").first();
    const device = cell.locator(".ports-device").first();
    const tip = device.locator(".ports-device-name");
    const label = await device.locator("svg").getAttribute("aria-label");
    assert.equal(label, "Desktop client");
    const before = await cell.ariaSnapshot();
    assert.equal(await tip.isVisible(), false, "hidden until asked for");

    await device.hover();
    assert.ok(await tip.isVisible(), "shown on hover");
    assert.equal(await tip.textContent(), label);
    const tipBox = await tip.boundingBox();
    const iconBox = await device.boundingBox();
    assert.ok(tipBox.y + tipBox.height <= iconBox.y, "above the icon, not covering it");
    assert.equal(await cell.ariaSnapshot(), before, "the accessible tree is the same while shown");
    await page.mouse.move(0, 0);
    assert.equal(await tip.isVisible(), false);

    // Keyboard: tab to the first device.
    let focused = false;
    for (let i = 0; i < 80 && !focused; i++) {
      await page.keyboard.press("Tab");
      focused = await device.evaluate((d) => d === document.activeElement);
    }
    assert.ok(focused, "the device is reached with Tab");
    assert.ok(await tip.isVisible(), "shown on keyboard focus");
    assert.equal(await cell.ariaSnapshot(), before);
    const table = page.locator(".ports-table").first();
    const named = await table.getByRole("img", { name: label, exact: true }).count();
    assert.ok(named > 0);
    assert.equal(named, await table.locator(`svg[aria-label="${label}"]`).count());
    assertNoProblems(made);
  });
});
