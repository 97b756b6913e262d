// The UI alone in Debian's headless Chromium, with the Tauri IPC mocked:
// the meetings list renders, is keyboard operable, has no serious or critical
// axe-core violations, and a screenshot is saved.
//
//   npm run test:browser            (CHROMIUM=/path/to/chromium to override)

import { createServer } from "vite";
import { chromium } from "playwright-core";
import { readFile, mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import path from "node:path";
import assert from "node:assert/strict";

const here = path.dirname(fileURLToPath(import.meta.url));
const uiRoot = path.resolve(here, "../..");
const shots = path.resolve(uiRoot, "test-results");
const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";

const server = await createServer({
  root: uiRoot,
  configFile: path.join(uiRoot, "vite.config.ts"),
  logLevel: "error",
  server: { port: 0, strictPort: false, host: "127.0.0.1" },
});
await server.listen();
const address = server.httpServer.address();
const base = `http://127.0.0.1:${address.port}/tests/browser/index.html`;

const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
});

let failures = 0;
async function check(name, fn) {
  const started = Date.now();
  try {
    await fn();
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    failures += 1;
    console.log(`FAIL ${name}\n${error.stack ?? error}`);
  }
}

async function newPage() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "en-GB" });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(new Error(m.text()));
  });
  return { page, errors, close: () => context.close() };
}

try {
  await check("Home lists the demo meetings", async () => {
    const { page, errors, close } = await newPage();
    await page.goto(base);
    const table = page.getByRole("table");
    await table.waitFor();
    const rows = table.locator("tbody tr");
    assert.equal(await rows.count(), 2);
    const text = await table.innerText();
    for (const expected of [
      "Education and Children's Services Scrutiny Board (2)",
      "Thursday, 28th November, 2024",
      "Thursday, 17th October, 2024",
      "10.00 am",
      "Diamond Room 2 - Council House",
      "Items 49\u201357",
      "Items 43\u201348",
    ]) {
      assert.ok(text.includes(expected), `the table shows ${expected}:\n${text}`);
    }
    assert.equal(await page.title(), "AgendaPack");
    assert.equal(await page.locator("html").getAttribute("lang"), "en-GB");
    await mkdir(shots, { recursive: true });
    await page.screenshot({ path: path.join(shots, "home-browser.png"), fullPage: true });
    assert.deepEqual(errors, []);
    await close();
  });

  await check("no serious or critical axe-core violations", async () => {
    const axeSource = await readFile(path.join(uiRoot, "node_modules/axe-core/axe.min.js"), "utf8");
    const { page, close } = await newPage();
    for (const hash of ["#/", "#/committees", "#/settings", "#/meetings/2", "#/meetings"]) {
      await page.goto(base + hash);
      await page.locator("h1").first().waitFor();
      await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
      await page.addScriptTag({ content: axeSource });
      const result = await page.evaluate(async () => {
        // eslint-disable-next-line no-undef
        const r = await axe.run(document, { resultTypes: ["violations"] });
        return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, help: v.help }));
      });
      const name = hash.replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "home";
      await page.screenshot({ path: path.join(shots, `screen-${name}.png`), fullPage: true });
      const bad = result.filter((v) => v.impact === "serious" || v.impact === "critical");
      assert.deepEqual(bad, [], `axe on ${hash}: ${JSON.stringify(result, null, 2)}`);
      if (result.length > 0) console.log(`     axe on ${hash}, minor: ${JSON.stringify(result)}`);
    }
    await close();
  });

  await check("keyboard: skip link, tabs and a meeting link work without a mouse", async () => {
    const { page, close } = await newPage();
    await page.goto(base);
    await page.getByRole("table").waitFor();
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), "Skip to main content");
    await page.keyboard.press("Enter");
    assert.equal(await page.evaluate(() => document.activeElement?.id), "main");
    // Onwards from main: the first link is the first meeting.
    await page.keyboard.press("Tab");
    const first = await page.evaluate(() => document.activeElement?.textContent?.trim());
    assert.equal(first, "Education and Children's Services Scrutiny Board (2)");
    await page.keyboard.press("Enter");
    await page.waitForURL(/#\/meetings\/\d+$/);
    const h1 = page.locator("h1");
    await h1.waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.tagName), "H1");
    // The current tab is marked for assistive technology.
    assert.equal(await page.getByRole("link", { name: "Meeting", exact: true }).getAttribute("aria-current"), "page");
    // A visible focus ring on a focused tab.
    await page.getByRole("link", { name: "Settings" }).focus();
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.equal(outline, "solid");
    await close();
  });

  await check("a database problem is shown as an alert with the path", async () => {
    const { page, close } = await newPage();
    await page.addInitScript(() => {
      window.__AGENDAPACK_FAIL__ = true;
    });
    await page.goto(base);
    const alert = page.getByRole("alert");
    await alert.waitFor();
    const text = await alert.innerText();
    assert.ok(text.includes("/nowhere/agendapack.sqlite3"), text);
    assert.ok(text.includes("restart AgendaPack"), text);
    await close();
  });
} finally {
  await browser.close();
  await server.close();
}

if (failures > 0) {
  console.log(`${failures} browser check(s) failed`);
  process.exit(1);
}
console.log("all browser checks passed");
