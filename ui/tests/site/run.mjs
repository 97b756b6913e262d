// The council's meeting web pages (`agendapack site DIR`) in Debian's
// headless Chromium: the site is built for the demo council with the real
// CLI binary, then axe-core runs on the index, the committee page and both
// meeting pages (no violations of any impact), and the committee and
// meeting pages are photographed.
//
//   npm run test:site                 (CHROMIUM=/path/to/chromium to override;
//                                      AGENDAPACK_BIN=/path/to/agendapack to skip the build;
//                                      AGENDAPACK_SCREENSHOTS=1 to refresh docs/screenshots/)

import { chromium } from "playwright-core";
import { readFile, mkdir, mkdtemp, rm } from "node:fs/promises";
import { execFileSync } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import os from "node:os";
import path from "node:path";
import assert from "node:assert/strict";

const here = path.dirname(fileURLToPath(import.meta.url));
const uiRoot = path.resolve(here, "../..");
const repo = path.resolve(uiRoot, "..");
const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";
const shots =
  process.env.AGENDAPACK_SCREENSHOTS === "1"
    ? path.join(repo, "docs/screenshots")
    : path.join(uiRoot, "test-results");

// The real CLI binary: built here unless named.
function agendapackBinary() {
  if (process.env.AGENDAPACK_BIN) return process.env.AGENDAPACK_BIN;
  execFileSync("cargo", ["build", "-q", "-p", "agendapack", "--bin", "agendapack"], {
    cwd: repo,
    stdio: "inherit",
  });
  const meta = JSON.parse(
    execFileSync("cargo", ["metadata", "--format-version", "1", "--no-deps"], { cwd: repo, encoding: "utf8" }),
  );
  return path.join(meta.target_directory, "debug", "agendapack");
}

const bin = agendapackBinary();
const tmp = await mkdtemp(path.join(os.tmpdir(), "agendapack-site-"));
const db = path.join(tmp, "site.sqlite3");
const site = path.join(tmp, "site");
const cli = (...args) =>
  execFileSync(bin, ["--db", db, ...args], { encoding: "utf8", env: { ...process.env, AGENDAPACK_DB: "" } });
cli("demo");
console.log(cli("site", site, "--today", "2024-11-01").trim());

const pages = {
  index: "index.html",
  committee: "scrutiny-board-2/index.html",
  "meeting-2024-11-28": "scrutiny-board-2/2024-11-28/index.html",
  "meeting-2024-10-17": "scrutiny-board-2/2024-10-17/index.html",
};

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
    "--allow-file-access-from-files",
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

const axeSource = await readFile(path.join(uiRoot, "node_modules/axe-core/axe.min.js"), "utf8");

try {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, locale: "en-GB" });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(new Error(m.text()));
  });
  await mkdir(shots, { recursive: true });

  for (const [name, file] of Object.entries(pages)) {
    await check(`${name}: no axe-core violations, lang en-GB, landmarks, one h1`, async () => {
      await page.goto(pathToFileURL(path.join(site, file)).href);
      assert.equal(await page.locator("html").getAttribute("lang"), "en-GB");
      for (const role of ["banner", "navigation", "main", "contentinfo"]) {
        assert.ok((await page.getByRole(role).count()) >= 1, `${file} has no ${role} landmark`);
      }
      assert.equal(await page.locator("h1").count(), 1);
      // The stylesheet loaded (the header is coloured, not the default white).
      const bg = await page.locator("header").evaluate((h) => getComputedStyle(h).backgroundColor);
      assert.notEqual(bg, "rgba(0, 0, 0, 0)", "the stylesheet did not load");
      await page.addScriptTag({ content: axeSource });
      const result = await page.evaluate(async () => {
        // eslint-disable-next-line no-undef
        const r = await axe.run(document, { resultTypes: ["violations"] });
        return r.violations.map((v) => ({
          id: v.id,
          impact: v.impact,
          help: v.help,
          nodes: v.nodes.slice(0, 3).map((n) => n.html),
        }));
      });
      assert.deepEqual(result, [], `axe on ${file}: ${JSON.stringify(result, null, 2)}`);
      assert.deepEqual(errors, []);
    });
  }

  await check("the meeting page: items 49-57, document links named, cross-reference jumps", async () => {
    await page.goto(pathToFileURL(path.join(site, pages["meeting-2024-11-28"])).href);
    const headings = await page.locator("h3").allInnerTexts();
    assert.equal(headings.length, 9, headings.join("\n"));
    assert.match(headings[0], /^49\.\s+Declarations of Interests$/);
    assert.match(headings[8], /^57\.\s+Homes for Children in Care - Update Report$/);
    const frontsheet = page.getByRole("link", { name: /^Agenda frontsheet, Thursday, 28th November, 2024 \(?PDF \d+ KB\)?$/ });
    assert.equal(await frontsheet.count(), 1);
    await page.getByRole("link", { name: "Minute 57 below" }).click();
    assert.ok(page.url().endsWith("#item-57"), page.url());
  });

  await check("screenshots of the committee page and the meeting page", async () => {
    await page.setViewportSize({ width: 1100, height: 900 });
    await page.goto(pathToFileURL(path.join(site, pages.committee)).href);
    await page.screenshot({ path: path.join(shots, "site-committee.png"), fullPage: true });
    await page.goto(pathToFileURL(path.join(site, pages["meeting-2024-11-28"])).href);
    await page.setViewportSize({ width: 1100, height: 1500 });
    await page.screenshot({ path: path.join(shots, "site-meeting.png"), fullPage: false });
    console.log(`     screenshots in ${shots}`);
  });
  await context.close();
} finally {
  await browser.close();
  await rm(tmp, { recursive: true, force: true });
}

if (failures > 0) {
  console.log(`${failures} site check(s) failed`);
  process.exit(1);
}
console.log("all site checks passed");
