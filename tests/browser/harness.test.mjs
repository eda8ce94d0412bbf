// The harness itself: the served site answers, its pages load without errors, and a missing
// page gets the site's 404 page.
import { test } from "node:test";
import assert from "node:assert/strict";
import { at, launch, context, assertNoProblems } from "./harness.mjs";

test("the port overview loads without script errors or failed requests", async () => {
  const browser = await launch();
  try {
    const made = await context(browser);
    const page = await made.newPage();
    const response = await page.goto(at("en/server/port-overview/"));
    assert.equal(response.status(), 200);
    assert.match(await page.textContent("h1"), /Port/);
    assertNoProblems(made);
  } finally {
    await browser.close();
  }
});

test("a missing page is answered with the site's 404 page", async () => {
  const browser = await launch();
  try {
    const page = await browser.newPage();
    const response = await page.goto(at("en/missing/page/"));
    assert.equal(response.status(), 404);
    assert.equal(await page.locator("main h1").count(), 1);
  } finally {
    await browser.close();
  }
});
