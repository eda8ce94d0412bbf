// Accessibility of every page type, checked by axe-core in Chromium: the home page, a section,
// the port overview and the 404 page, in both languages, in the light and the dark palette.
// Serious and critical violations fail; the others are reported.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { at, launch, context, assertNoProblems } from "./harness.mjs";

const axe = fileURLToPath(new URL("./node_modules/axe-core/axe.min.js", import.meta.url));

const pages = [
  ["home", "LANG/"],
  ["section", "LANG/server/"],
  ["port overview", "LANG/server/port-overview/"],
  ["404 page", "LANG/404.html"],
];

/** Runs axe on the loaded page; the violations with their impact, rule and elements. */
async function violations(page) {
  await page.addScriptTag({ path: axe });
  return page.evaluate(async () => {
    const results = await window.axe.run(document, { resultTypes: ["violations"] });
    return results.violations.map((v) => ({
      impact: v.impact,
      id: v.id,
      help: v.help,
      targets: v.nodes.map((node) => node.target.join(" ")),
    }));
  });
}

for (const scheme of ["light", "dark"]) {
  for (const lang of ["de", "en"]) {
    for (const [kind, path] of pages) {
      test(`${kind} (${lang}, ${scheme}): no serious or critical axe violations`, async () => {
        const browser = await launch();
        try {
          const made = await context(browser, { colorScheme: scheme });
          const page = await made.newPage();
          await page.goto(at(path.replace("LANG", lang)));
          // The script has run: the tabs, the theme switch and the table of contents are
          // enhanced, as a reader sees them.
          await page.waitForFunction(() => !document.querySelector(".theme-toggle[hidden]"));
          const found = await violations(page);
          const minor = found.filter((v) => !["serious", "critical"].includes(v.impact));
          for (const v of minor) console.log(`note: ${v.impact} ${v.id} (${v.help}): ${v.targets.join(", ")}`);
          const serious = found.filter((v) => ["serious", "critical"].includes(v.impact));
          assert.deepEqual(serious, [], JSON.stringify(serious, null, 2));
          assertNoProblems(made);
        } finally {
          await browser.close();
        }
      });
    }
  }
}

test("axe finds a violation planted in a page, so the check can fail", async () => {
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await page.goto(at("en/"));
    await page.evaluate(() => {
      const anchor = document.createElement("a");
      anchor.href = "#main";
      anchor.setAttribute("aria-hidden", "true");
      anchor.textContent = "#";
      document.querySelector("main h1").append(anchor);
    });
    const found = await violations(page);
    assert.ok(found.some((v) => v.id === "aria-hidden-focus" && v.impact === "serious"), JSON.stringify(found));
  } finally {
    await browser.close();
  }
});
