// What a reader's browser fetches for the port overview: every response of the page load
// (HTML, style sheet, scripts, icon, the section list), counted uncompressed. The search
// index is fetched only when the reader searches, so it is not part of the page's weight.
import { test } from "node:test";
import assert from "node:assert/strict";
import { at, assertNoProblems, withPage } from "./harness.mjs";

const BUDGET = 100 * 1024;

for (const lang of ["de", "en"]) {
  test(`the ${lang} port overview loads in under 100 KB, without a request to another host`, async () => {
    await withPage({}, async (page, made) => {
      const fetched = [];
      page.on("response", async (response) => {
        fetched.push(response.body().then((body) => [response.url(), body.length], () => [response.url(), 0]));
      });
      await page.goto(at(`${lang}/server/port-overview/`), { waitUntil: "networkidle" });
      const sizes = await Promise.all(fetched);
      const total = sizes.reduce((sum, [, length]) => sum + length, 0);
      const site = new URL(at(""));
      for (const [url] of sizes) {
        assert.equal(new URL(url).host, site.host, `${url} is on another host`);
      }
      console.log(`${lang}: ${sizes.length} requests, ${total} bytes\n` + sizes.map(([url, length]) => `  ${length}\t${url}`).join("\n"));
      assert.ok(total < BUDGET, `${total} bytes`);
      assert.ok(sizes.length >= 3, "the page, its style sheet and its script at least");
      assertNoProblems(made);
    });
  });
}
