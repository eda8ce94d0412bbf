// Tabs on the reader's side. Groups whose tabs have the same keys switch together and the
// choice is remembered across pages and visits; `#onsite`, `?tab=onsite` and a fragment inside
// a hidden panel open the tab and bring the group into view; the language switcher passes the
// place on; without JavaScript no tab strip shows and every panel is readable under its own
// heading. Run by tests/cli/reader.rs on the example site plus `server/tab-groups/`, a page of
// three groups: Cloud/Onsite, Onsite/Cloud (the same keys in another order), Windows/Linux.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { at, launch, context, assertNoProblems } from "./harness.mjs";

const GROUPS = "en/server/tab-groups/";
const OVERVIEW = "en/server/port-overview/";
const shots = process.env.TAFEL_SCREENSHOTS || tmpdir();

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser.close();
});

/** For each tab group of the page, the key of its selected tab and the keys of its shown panels. */
function selection(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll("[data-tabs]")].map((group) => ({
      selected: [...group.querySelectorAll('[role="tab"][aria-selected="true"]')].map(
        (tab) => tab.dataset.tabKey,
      ),
      shown: [...group.querySelectorAll('[role="tabpanel"]')]
        .filter((panel) => panel.getClientRects().length > 0)
        .map((panel) => panel.dataset.tabKey),
    })),
  );
}

/** Asserts that group N shows exactly the tab `key`, for each key given (null: not checked). */
async function assertShown(page, keys, message) {
  const groups = await selection(page);
  keys.forEach((key, index) => {
    if (key === null) return;
    assert.deepEqual(groups[index], { selected: [key], shown: [key] }, `${message}: group ${index + 1}`);
  });
}

/**
 * Where an element is, for "in view": its box, the bottom of the sticky header, the window's
 * height and how far the page is scrolled.
 */
function placeOf(page, selector) {
  return page.evaluate((selector) => {
    const box = document.querySelector(selector).getBoundingClientRect();
    return {
      top: box.top,
      bottom: box.bottom,
      header: document.querySelector(".site-header").getBoundingClientRect().bottom,
      height: window.innerHeight,
      scrolled: window.scrollY,
    };
  }, selector);
}

/** Asserts that the top of `selector` is in the window, below the sticky header, after scrolling. */
async function assertInView(page, selector, message) {
  // Scrolling happens as the page loads; give a late fragment scroll of the browser its turn.
  await page.waitForTimeout(150);
  const place = await placeOf(page, selector);
  assert.ok(place.scrolled > 0, `${message}: the page did not scroll (${JSON.stringify(place)})`);
  assert.ok(
    place.top >= place.header - 1 && place.top < place.height - 50,
    `${message}: ${selector} is not in view (${JSON.stringify(place)})`,
  );
}

/** Group N's tab strip (1-based), once `markStrips` has named it. */
const strip = (n) => `#tabs-probe-${n}`;

/** Marks each group's tab strip with an id the selectors above can name. */
async function markStrips(page) {
  await page.evaluate(() =>
    document.querySelectorAll('[data-tabs] > [role="tablist"]').forEach((list, index) => {
      list.id = `tabs-probe-${index + 1}`;
    }),
  );
}

/** Clicks the tab `key` of group N. */
async function click(page, n, key) {
  await page.locator("[data-tabs]").nth(n - 1).locator(`[role="tab"][data-tab-key="${key}"]`).click();
}

test("groups with the same keys switch together; a group with other keys does not", async () => {
  const made = await context(browser);
  const page = await made.newPage();
  await page.goto(at(GROUPS));
  // The second group lists Onsite first, yet agrees with the first group from the start.
  await assertShown(page, ["cloud", "cloud", "windows"], "at first");

  await click(page, 1, "onsite");
  await assertShown(page, ["onsite", "onsite", "windows"], "after choosing Onsite in group 1");

  await click(page, 3, "linux");
  await assertShown(page, ["onsite", "onsite", "linux"], "after choosing Linux in group 3");

  await click(page, 2, "cloud");
  await assertShown(page, ["cloud", "cloud", "linux"], "after choosing Cloud in group 2");

  // The keyboard still works as before: arrows wrap, the focus moves, the other group follows.
  await page.locator("[data-tabs]").nth(1).locator('[role="tab"][data-tab-key="cloud"]').press("ArrowRight");
  await assertShown(page, ["onsite", "onsite", "linux"], "after ArrowRight in group 2");
  assert.equal(
    await page.evaluate(() => document.activeElement.dataset.tabKey + " " + document.activeElement.tabIndex),
    "onsite 0",
  );
  await page.keyboard.press("End");
  await assertShown(page, ["cloud", "cloud", "linux"], "after End in group 2");
  await page.keyboard.press("Home");
  await assertShown(page, ["onsite", "onsite", "linux"], "after Home in group 2");
  assertNoProblems(made);
  await made.close();
});

test("the choice is remembered on other pages and on a new visit; links do not overwrite it", async () => {
  const made = await context(browser);
  const first = await made.newPage();
  await first.goto(at(GROUPS));
  await click(first, 1, "onsite");
  await click(first, 3, "linux");

  // Another page with the same tabs, in the same visit.
  const other = await made.newPage();
  await other.goto(at(OVERVIEW));
  await assertShown(other, ["onsite"], "the port overview after choosing Onsite elsewhere");

  // A new visit: every page closed (once it has loaded all it asks for, the icon too), a new
  // one opened.
  for (const page of [first, other]) {
    await page.waitForLoadState("networkidle");
    await page.close();
  }
  const again = await made.newPage();
  await again.goto(at(GROUPS));
  await assertShown(again, ["onsite", "onsite", "linux"], "a new visit");

  // A link's choice holds for that page only: it is not the reader's choice.
  await again.goto(at(`${GROUPS}?tab=cloud`));
  await assertShown(again, ["cloud", "cloud", "linux"], "with ?tab=cloud");
  await again.goto(at(OVERVIEW));
  await assertShown(again, ["onsite"], "after a link named Cloud");
  assertNoProblems(made);
  await made.close();
});

test("#onsite and ?tab=onsite open the tab and bring the group into view", async () => {
  const made = await context(browser, { viewport: { width: 1280, height: 600 } });
  const page = await made.newPage();

  await page.goto(at(`${OVERVIEW}#onsite`));
  await markStrips(page);
  await assertShown(page, ["onsite"], "the port overview at #onsite");
  await assertInView(page, strip(1), "the port overview at #onsite");

  await page.goto(at(`${OVERVIEW}?tab=onsite`));
  await markStrips(page);
  await assertShown(page, ["onsite"], "the port overview with ?tab=onsite");
  await assertInView(page, strip(1), "the port overview with ?tab=onsite");

  // On a page of several groups: the one the fragment names, and the first with the key.
  await page.goto(at(`${GROUPS}#onsite-1`));
  await markStrips(page);
  await assertShown(page, ["onsite", "onsite", "windows"], "#onsite-1");
  await assertInView(page, strip(2), "#onsite-1, the second group's heading");

  await page.goto(at(`${GROUPS}?tab=linux`));
  await markStrips(page);
  await assertShown(page, ["cloud", "cloud", "linux"], "?tab=linux");
  await assertInView(page, strip(3), "?tab=linux");

  // `?tab=` comes before the fragment; the group of the fragment is still what is shown.
  await page.goto(at(`${GROUPS}?tab=cloud#onsite`));
  await markStrips(page);
  await assertShown(page, ["cloud", "cloud", "windows"], "?tab=cloud#onsite");
  await assertInView(page, strip(1), "?tab=cloud#onsite");
  assertNoProblems(made);
  await made.close();
});

test("a fragment inside a hidden panel opens it, on load and when it changes", async () => {
  const made = await context(browser, { viewport: { width: 1280, height: 600 } });
  const page = await made.newPage();

  await page.goto(at(`${GROUPS}#onsite-firewall`));
  await assertShown(page, ["onsite", "onsite", "windows"], "#onsite-firewall on load");
  await assertInView(page, "#onsite-firewall", "#onsite-firewall on load");

  // A fragment below a group still lands where it points once the other panel is hidden.
  await page.goto(at(`${OVERVIEW}#port-list-for-your-firewall`));
  await assertInView(page, "#port-list-for-your-firewall", "a heading after the group");

  // The panel's own id, as links made before keys existed have it.
  await page.goto(at(`${OVERVIEW}#panel-2-2`));
  await assertShown(page, ["onsite"], "#panel-2-2");

  // After load: the fragment changes within the page.
  await page.goto(at(GROUPS));
  await assertShown(page, ["cloud", "cloud", "windows"], "before the fragment changes");
  await page.evaluate(() => {
    window.location.hash = "onsite-firewall";
  });
  await page.waitForFunction(() => document.getElementById("onsite-firewall").getClientRects().length > 0);
  await assertShown(page, ["onsite", "onsite", "windows"], "after the hash changed to #onsite-firewall");
  await assertInView(page, "#onsite-firewall", "after the hash changed to #onsite-firewall");

  await page.evaluate(() => {
    window.location.hash = "linux";
  });
  await page.waitForFunction(() => document.getElementById("linux").closest("section").hidden === false);
  await assertShown(page, ["onsite", "onsite", "linux"], "after the hash changed to #linux");
  assertNoProblems(made);
  await made.close();
});

test("the language switcher keeps the fragment and the chosen tab", async () => {
  const made = await context(browser);
  const page = await made.newPage();
  const german = page.locator('.language-switcher a[hreflang="de"]');

  await page.goto(at(`${GROUPS}?tab=onsite`));
  assert.match(await german.getAttribute("href"), /\/de\/server\/tab-groups\/\?tab=onsite$/);

  await page.goto(at(GROUPS));
  assert.match(await german.getAttribute("href"), /\/de\/server\/tab-groups\/$/, "no choice, no fragment");
  await click(page, 3, "linux");
  assert.match(await german.getAttribute("href"), /\/tab-groups\/\?tab=linux$/);
  await click(page, 1, "onsite");
  await page.evaluate(() => {
    window.location.hash = "onsite-firewall";
  });
  await page.waitForFunction(() =>
    document.querySelector('.language-switcher a[hreflang="de"]').getAttribute("href").endsWith("#onsite-firewall"),
  );
  assert.match(await german.getAttribute("href"), /\/de\/server\/tab-groups\/\?tab=onsite#onsite-firewall$/);

  // The German page opens on the same tab (labelled "Vor Ort" there), at the same place.
  await german.click();
  await page.waitForURL(/\/de\/server\/tab-groups\//);
  await assertShown(page, ["onsite", "onsite", "linux"], "the German page");
  assert.equal(await page.locator("#onsite-firewall").isVisible(), true);
  assert.equal(
    await page.locator('[data-tabs] [role="tab"][aria-selected="true"]').first().textContent(),
    "Vor Ort",
  );
  const english = page.locator('.language-switcher a[hreflang="en"]');
  assert.match(await english.getAttribute("href"), /\/en\/server\/tab-groups\/\?tab=onsite#onsite-firewall$/);
  assertNoProblems(made);
  await made.close();
});

test("tabs work where storage refuses, as in private windows", async () => {
  const made = await context(browser);
  await made.addInitScript(() => {
    Object.defineProperty(window, "localStorage", {
      get() {
        throw new DOMException("storage is disabled", "SecurityError");
      },
    });
  });
  const page = await made.newPage();
  await page.goto(at(GROUPS));
  await click(page, 1, "onsite");
  await assertShown(page, ["onsite", "onsite", "windows"], "without storage");
  assertNoProblems(made);
  await made.close();
});

test("without JavaScript no tab strip shows and every panel has its heading", async () => {
  const made = await context(browser, { javaScriptEnabled: false });
  const page = await made.newPage();
  for (const [path, panels] of [
    [OVERVIEW, 2],
    [GROUPS, 6],
  ]) {
    await page.goto(at(path));
    const tabs = page.getByRole("tab");
    for (const tab of await tabs.all()) {
      assert.equal(await tab.isVisible(), false, `${path}: a tab shows`);
    }
    assert.equal(await page.locator('[role="tablist"]').first().isVisible(), false, `${path}: the strip shows`);
    // Each panel shows under its heading, one level below the heading the group is under (h2).
    const headings = await page.evaluate(() =>
      [...document.querySelectorAll('[role="tabpanel"]')].map((panel) => {
        const heading = panel.querySelector(".tab-panel-title");
        let before = panel.closest("[data-tabs]").previousElementSibling;
        while (before && !/^H[1-6]$/.test(before.tagName)) before = before.previousElementSibling;
        return {
          panel: panel.getClientRects().length > 0,
          heading: heading.tagName,
          shown: heading.getClientRects().length > 0,
          under: before ? before.tagName : "H1",
        };
      }),
    );
    assert.equal(headings.length, panels, path);
    for (const heading of headings) {
      assert.deepEqual(heading, { panel: true, heading: "H3", shown: true, under: "H2" }, path);
    }
  }
  // To look at: the port overview without JavaScript, then with it.
  await page.goto(at(OVERVIEW));
  await page.screenshot({ path: join(shots, "port-overview-without-js.png"), fullPage: true });
  assertNoProblems(made);
  await made.close();

  const scripted = await context(browser);
  const shown = await scripted.newPage();
  await shown.goto(at(OVERVIEW));
  await shown.screenshot({ path: join(shots, "port-overview-with-js.png"), fullPage: true });
  assert.equal(await shown.getByRole("tab").first().isVisible(), true);
  assertNoProblems(scripted);
  await scripted.close();
  console.log(`screenshots: ${shots}`);
});
