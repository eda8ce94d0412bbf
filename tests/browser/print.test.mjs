// Printing: paper is white whatever the reader's colour preference or chosen palette, so the
// print style sheet always uses the light palette, diagrams included; headings stay with what
// follows them, diagrams fit a page, and external links show their address.
import { test } from "node:test";
import assert from "node:assert/strict";
import { at, assertNoProblems, withPage } from "./harness.mjs";

const overview = at("en/server/port-overview/");

/** Relative luminance (0 black, 1 white) of a computed colour. */
function luminance(color) {
  const [r, g, b] = color.match(/[\d.]+/g).slice(0, 3).map((c) => {
    const s = Number(c) / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The colours print shows: body text, the page, and the diagram's text, lines and arrows. */
async function colours(page) {
  return page.evaluate(() => {
    const diagram = document.querySelector(".tafel-diagram");
    const style = (el) => getComputedStyle(el);
    return {
      text: style(document.body).color,
      page: style(document.documentElement).backgroundColor,
      diagramText: style(diagram.querySelector("text")).fill,
      diagramLine: style(diagram.querySelector('rect[stroke="currentColor"]')).stroke,
      outbound: style(diagram.querySelector(".td-out")).stroke,
      inbound: style(document.querySelectorAll(".tafel-diagram")[1].querySelector(".td-in")).stroke,
    };
  });
}

/** Asserts dark text and lines on a light page, and the diagram's light accent colours. */
function assertLightPalette(seen, when) {
  const message = `${when}: ${JSON.stringify(seen)}`;
  assert.ok(luminance(seen.text) < 0.05, `body text ${message}`);
  assert.ok(luminance(seen.page) > 0.9, `page ${message}`);
  assert.ok(luminance(seen.diagramText) < 0.05, `diagram text ${message}`);
  assert.ok(luminance(seen.diagramLine) < 0.05, `diagram lines ${message}`);
  assert.equal(seen.outbound, "rgb(37, 99, 235)", `outbound arrows ${message}`);
  assert.equal(seen.inbound, "rgb(180, 83, 9)", `inbound arrows ${message}`);
}

test("printing with a dark colour preference uses the light palette, diagrams included", async () => {
  await withPage({ colorScheme: "dark" }, async (page, made) => {
    await page.goto(overview);
    const screen = await colours(page);
    assert.ok(luminance(screen.text) > 0.5, `on screen the dark preference shows light text: ${JSON.stringify(screen)}`);
    assert.equal(screen.outbound, "rgb(108, 178, 255)");
    await page.emulateMedia({ media: "print", colorScheme: "dark" });
    assertLightPalette(await colours(page), "printed with a dark preference");
    assertNoProblems(made);
  });
});

test("printing after choosing the dark palette still uses the light one", async () => {
  await withPage({ colorScheme: "light" }, async (page, made) => {
    await page.goto(overview);
    await page.click(".theme-toggle");
    assert.ok(luminance((await colours(page)).text) > 0.5, "dark chosen on screen");
    await page.emulateMedia({ media: "print", colorScheme: "light" });
    assertLightPalette(await colours(page), "printed with the dark palette chosen");
    assertNoProblems(made);
  });
});

test("headings are kept with what follows them", async () => {
  await withPage({}, async (page) => {
    await page.goto(overview);
    await page.emulateMedia({ media: "print" });
    const breaks = await page.evaluate(() =>
      Array.from(document.querySelectorAll("main h1, main h2, main h3"), (h) => getComputedStyle(h).breakAfter),
    );
    assert.ok(breaks.length >= 3);
    assert.deepEqual([...new Set(breaks)], ["avoid"]);
  });
});

test("external links print their address after the text; links within the site do not", async () => {
  await withPage({}, async (page) => {
    await page.goto(overview);
    const after = (selector) =>
      page.$eval(selector, (a) => getComputedStyle(a, "::after").content);
    const external = 'main a[href="https://www.pascom.net/en/voip-phone-system/"]';
    assert.equal(await after(external), "none", "not on screen");
    await page.emulateMedia({ media: "print" });
    assert.equal(await after(external), '" (https://www.pascom.net/en/voip-phone-system/)"');
    assert.ok(["none", "normal"].includes(await after('main a[href$="ports.json"]')), "a file of the site");
  });
});

test("a diagram fits in half a printed page, so it rarely leaves a gap before it", async () => {
  // The content area of an A4 page with the theme's 12 mm margins, at 96 px per inch.
  const page_ = { width: Math.round(((210 - 24) / 25.4) * 96), height: Math.round(((297 - 24) / 25.4) * 96) };
  await withPage({ viewport: page_ }, async (page) => {
    await page.goto(overview);
    await page.emulateMedia({ media: "print" });
    const heights = await page.evaluate(() =>
      Array.from(document.querySelectorAll(".tafel-diagram"), (svg) => {
        const box = svg.getBoundingClientRect();
        return { height: box.height, natural: svg.viewBox.baseVal.height, display: getComputedStyle(svg.closest(".tab-panel")).display };
      }),
    );
    assert.equal(heights.length, 2);
    for (const { height, natural, display } of heights) {
      assert.notEqual(display, "none", "every tab panel prints");
      assert.ok(height > 0 && height <= page_.height / 2 + 1, `${height} px of a ${page_.height} px page`);
      assert.ok(height >= Math.min(natural, page_.height / 2) - 1, `${height} px: shrunk more than needed`);
    }
  });
});

test("the port overview prints to a PDF: light, every section, a few pages", async () => {
  await withPage({ colorScheme: "dark" }, async (page) => {
    await page.goto(overview);
    await page.emulateMedia({ media: "print", colorScheme: "dark" });
    const pdf = await page.pdf({ format: "A4" });
    assert.equal(pdf.subarray(0, 5).toString(), "%PDF-");
    const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) || []).length;
    console.log(`the port overview prints on ${pages} A4 pages`);
    // Two deployments with a diagram, three tables and the exports: more than two pages, and
    // not one per block, as when every diagram moves to a page of its own.
    assert.ok(pages >= 3 && pages <= 6, `${pages} pages`);
  });
});
