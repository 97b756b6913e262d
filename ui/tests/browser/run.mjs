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

const previewPdf = await readFile(path.resolve(uiRoot, "../tests/fixtures/pdfs/gs_report.pdf"));

async function newPage() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "en-GB" });
  await context.route("**/__fixture/preview.pdf", (route) =>
    route.fulfill({ status: 200, contentType: "application/pdf", body: previewPdf }),
  );
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(new Error(m.text()));
  });
  return { page, errors, close: () => context.close() };
}

// Warm the dev server up before anything is timed: the first visit to the
// minutes screen (TipTap) and the pack preview (pdf.js) makes Vite bundle
// them, and that burst of work must not land in the middle of a check.
{
  const { page, close } = await newPage();
  await page.goto(base + "#/meetings/2/minutes");
  await page.locator('[role="textbox"][contenteditable="true"]').first().waitFor();
  await page.waitForLoadState("networkidle");
  await close();
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
    const screens = [
      "#/",
      "#/committees",
      "#/settings",
      "#/meetings/2",
      "#/meetings/2/agenda?item",
      "#/meetings/2/checks",
      "#/meetings/2/packs",
      "#/meetings/2/minutes",
      "#/meetings/1/minutes",
      "#/meetings",
    ];
    for (const target of screens) {
      const [hash, select] = target.split("?");
      await page.goto(base + hash);
      await page.locator("h1").first().waitFor();
      await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
      if (select) {
        await page.getByRole("button", { name: /^57\./ }).click();
        await page.getByLabel("Title", { exact: true }).waitFor();
      }
      await page.addScriptTag({ content: axeSource });
      const result = await page.evaluate(async () => {
        // eslint-disable-next-line no-undef
        const r = await axe.run(document, { resultTypes: ["violations"] });
        return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, help: v.help }));
      });
      const name = target.replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "home";
      await page.screenshot({ path: path.join(shots, `screen-${name}.png`), fullPage: true });
      const bad = result.filter((v) => v.impact === "serious" || v.impact === "critical");
      assert.deepEqual(bad, [], `axe on ${target}: ${JSON.stringify(result, null, 2)}`);
      if (result.length > 0) console.log(`     axe on ${target}, minor: ${JSON.stringify(result)}`);
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

  await check("Home shows the deadline badge, minutes to do and open actions", async () => {
    const { page, errors, close } = await newPage();
    await page.goto(base);
    const upcoming = page.getByTestId("upcoming");
    await upcoming.waitFor();
    const text = await upcoming.innerText();
    assert.ok(text.includes("Publish by Wed 20 Nov \u2014 13 working days left"), text);
    assert.ok((await page.getByRole("heading", { name: "Open actions" }).count()) === 1);
    assert.ok((await page.getByLabel("Committee").inputValue()).startsWith("Education"));
    assert.deepEqual(errors, []);
    await close();
  });

  await check("Agenda: grouped items, details with the Schedule 12A words, keyboard moves", async () => {
    const { page, errors, close } = await newPage();
    await page.goto(base + "#/meetings/2");
    await page.getByTestId("public-items").waitFor();
    const publicText = await page.getByTestId("public-items").innerText();
    const privateText = await page.getByTestId("private-items").innerText();
    assert.ok(publicText.includes("52.") && !publicText.includes("57."), publicText);
    assert.ok(privateText.includes("57.") && privateText.includes("Private \u00b6"), privateText);
    // Select item 57 with the keyboard.
    await page.getByRole("button", { name: /^57\./ }).focus();
    await page.keyboard.press("Enter");
    await page.getByLabel("Title", { exact: true }).waitFor();
    assert.equal(await page.getByTestId("private-toggle").isChecked(), true);
    const p3 = page.getByText("Paragraph 3.");
    assert.ok((await p3.locator("xpath=..").innerText()).includes("financial or business affairs"));
    // Move buttons are labelled with the item number; the last one cannot go down.
    assert.equal(await page.getByRole("button", { name: "Move item 57 down" }).isDisabled(), true);
    await page.getByRole("button", { name: "Move item 56 up" }).click();
    await page.waitForFunction(() => window.__AGENDAPACK_CALLS__.some((c) => c.cmd === "move_item"));
    const moves = await page.evaluate(() => window.__AGENDAPACK_CALLS__.filter((c) => c.cmd === "move_item"));
    assert.deepEqual(moves[0].args, { meetingId: 2, key: "aob", to: 6 });
    // Typing saves after a pause, without a Save button.
    await page.getByLabel("Title", { exact: true }).fill("Homes for Children in Care (private)");
    await page.getByTestId("save-state").filter({ hasText: "Saved" }).waitFor();
    await page.waitForFunction(() => window.__AGENDAPACK_CALLS__.some((c) => c.cmd === "update_item"));
    const saves = await page.evaluate(() => window.__AGENDAPACK_CALLS__.filter((c) => c.cmd === "update_item"));
    assert.equal(saves.at(-1).args.edit.title, "Homes for Children in Care (private)");
    assert.deepEqual(saves.at(-1).args.edit.paragraphs.length > 0, true);
    await mkdir(shots, { recursive: true });
    await page.screenshot({ path: path.join(shots, "agenda-browser.png"), fullPage: true });
    assert.deepEqual(errors, []);
    await close();
  });

  await check("Agenda: dragging an item moves it before or after the row it is dropped on", async () => {
    const { page, errors, close } = await newPage();
    await page.goto(base + "#/meetings/2");
    await page.getByTestId("public-items").waitFor();
    const row = (n) => page.locator("li.row", { has: page.getByRole("button", { name: new RegExp(`^${n}\\.`) }) });
    const moves = () => page.evaluate(() => window.__AGENDAPACK_CALLS__.filter((c) => c.cmd === "move_item").map((c) => c.args));
    // 55 "Work Programme" onto the top half of 52: it goes before 52.
    const box52 = await row(52).boundingBox();
    await row(55).dragTo(row(52), { targetPosition: { x: 40, y: 4 } });
    await page.waitForFunction(() => window.__AGENDAPACK_CALLS__.some((c) => c.cmd === "move_item"));
    assert.deepEqual(await moves(), [{ meetingId: 2, key: "work-programme", to: 3 }]);
    // 52 onto the bottom half of 53: it goes after 53.
    const box53 = await row(53).boundingBox();
    await row(52).dragTo(row(53), { targetPosition: { x: 40, y: box53.height - 4 } });
    await page.waitForFunction(() => window.__AGENDAPACK_CALLS__.filter((c) => c.cmd === "move_item").length === 2);
    assert.deepEqual((await moves())[1], { meetingId: 2, key: "haf", to: 4 });
    // Dropped on itself: nothing moves.
    await row(54).dragTo(row(54), { targetPosition: { x: 40, y: 4 } });
    await page.waitForTimeout(200);
    assert.equal((await moves()).length, 2);
    assert.ok(box52.height > 10);
    assert.deepEqual(errors, []);
    await close();
  });

  await check("a refused report shows why, and a deleted item can be undone", async () => {
    const { page, close } = await newPage();
    await page.addInitScript(() => {
      window.__AGENDAPACK_REFUSE_REPORT__ = true;
    });
    await page.goto(base + "#/meetings/2");
    await page.getByRole("button", { name: /^52\./ }).click();
    await page.getByRole("button", { name: "Add report…" }).click();
    const alert = page.getByTestId("refused");
    await alert.waitFor();
    const text = await alert.innerText();
    assert.ok(text.includes("notes.pdf") && text.includes("item 52"), text);
    assert.equal(await alert.getAttribute("role"), "alert");
    await page.getByRole("button", { name: "Delete item 52" }).click();
    const toast = page.getByTestId("toast");
    await toast.waitFor();
    assert.ok((await toast.innerText()).includes("Deleted item 52"));
    await toast.getByRole("button", { name: "Undo" }).click();
    const calls = await page.evaluate(() => window.__AGENDAPACK_CALLS__.map((c) => c.cmd));
    assert.ok(calls.includes("undo"), calls.join(", "));
    await close();
  });

  await check("New meeting: made from the template, opened, and its warnings shown until dismissed", async () => {
    const { page, errors, close } = await newPage();
    await page.goto(base + "#/");
    await page.getByLabel("Date").fill("2025-01-16");
    await page.getByLabel("Time").fill("10:00");
    await page.getByRole("button", { name: "Create meeting" }).click();
    await page.waitForFunction(() => window.location.hash.startsWith("#/meetings/2"));
    const created = await page.evaluate(() => window.__AGENDAPACK_CALLS__.filter((c) => c.cmd === "create_meeting").at(-1).args);
    assert.equal(created.form.date, "2025-01-16");
    assert.equal(created.form.time, "10:00");
    const toastBox = page.getByTestId("toast");
    await toastBox.waitFor();
    assert.match(await toastBox.innerText(), /could not be attached to the Minutes item/);
    await mkdir(shots, { recursive: true });
    await page.screenshot({ path: path.join(shots, "new-meeting-warning-browser.png") });
    await page.waitForTimeout(6500); // longer than a plain message lasts
    assert.ok(await toastBox.isVisible(), "the warning stays until dismissed");
    await page.getByRole("button", { name: "Dismiss message" }).click();
    await toastBox.waitFor({ state: "detached" });
    assert.deepEqual(errors, []);
    await close();
  });

  await check("Minutes: one rich-text editor per item, saved as Markdown with 1) lists", async () => {
    const { page, errors, close } = await newPage();
    await page.goto(base + "#/meetings/2/minutes");
    await page.getByRole("heading", { name: "Attendance" }).waitFor();
    const editors = page.locator('[role="textbox"][contenteditable="true"]');
    await editors.first().waitFor();
    assert.equal(await editors.count(), 9);
    const editor = page.getByRole("textbox", { name: /^Minute 56,/ });
    await editor.click();
    // ProseMirror settles a click's selection asynchronously: move the caret
    // to the end until it is there, rather than trusting one key press.
    const caretAtEnd = () =>
      page.evaluate(() => {
        const ed = document.querySelector('[data-testid="minute-aob"] [contenteditable="true"]');
        const sel = getSelection();
        if (!ed || !sel?.focusNode || !ed.contains(sel.focusNode)) return false;
        const rest = document.createRange();
        rest.setStart(sel.focusNode, sel.focusOffset);
        rest.setEnd(ed, ed.childNodes.length);
        return rest.toString() === "";
      });
    for (let tries = 0; !(await caretAtEnd()); tries++) {
      assert.ok(tries < 20, "the caret never reached the end of the minute");
      await page.keyboard.press("Control+End");
      await page.waitForTimeout(50);
    }
    // ProseMirror takes the DOM selection on a later "selectionchange" task.
    await page.waitForTimeout(150);
    await page.keyboard.press("Enter");
    // A new, empty paragraph after the minute's text, not before it.
    await page.waitForFunction(() => {
      const ed = document.querySelector('[data-testid="minute-aob"] [contenteditable="true"]');
      const last = ed?.lastElementChild;
      return last?.tagName === "P" && last.textContent === "" && ed.firstElementChild?.textContent !== "";
    });
    await page.getByTestId("minute-aob").getByRole("button", { name: "Numbered list" }).click();
    // The toolbar keeps the editor's focus: typing goes on in the new list.
    await page.waitForFunction(() => document.activeElement?.closest('[data-testid="minute-aob"] [contenteditable="true"]'));
    await page.keyboard.type("the report be noted");
    await editor.blur();
    await page.waitForFunction(() => window.__AGENDAPACK_CALLS__.some((c) => c.cmd === "set_minute"));
    const saved = await page.evaluate(() => window.__AGENDAPACK_CALLS__.filter((c) => c.cmd === "set_minute").at(-1).args);
    assert.equal(saved.key, "aob");
    assert.match(saved.text, /^1\) the report be noted$/m, saved.text);
    // The approved October minutes are read-only and say why.
    await page.goto(base + "#/meetings/1/minutes");
    await page.getByTestId("locked").waitFor();
    assert.ok((await page.getByTestId("locked").innerText()).includes("locked"));
    assert.equal(await page.locator('[role="textbox"][contenteditable="true"]').count(), 0);
    assert.deepEqual(errors, []);
    await close();
  });

  await check("Packs: the preview draws the pack's pages with pdf.js, turns pages, lists bookmarks; axe clean", async () => {
    const { page, errors, close } = await newPage();
    await page.goto(base + "#/meetings/2/packs");
    await page.getByTestId("pack-files").waitFor();
    await page.getByRole("button", { name: "Preview Public pack" }).click();
    const preview = page.getByTestId("pack-preview");
    await preview.waitFor();
    const canvas = page.getByTestId("preview-canvas");
    await page.waitForFunction(() => document.querySelector('[data-testid="preview-canvas"]')?.getAttribute("data-rendered-page") === "1");
    const inked = () =>
      canvas.evaluate((c) => {
        const { data } = c.getContext("2d").getImageData(0, 0, c.width, c.height);
        let dark = 0;
        for (let i = 0; i < data.length; i += 4) if (data[i] < 128 && data[i + 1] < 128 && data[i + 2] < 128) dark += 1;
        return { dark, width: c.width, height: c.height };
      });
    const first = await inked();
    assert.ok(first.width > 300 && first.height > 400, JSON.stringify(first));
    assert.ok(first.dark > 500, `page 1 has text drawn on it: ${JSON.stringify(first)}`);
    assert.equal((await page.getByTestId("preview-page-count").innerText()).trim(), "of 3");
    // The pack's own call names the meeting and the kind, nothing else.
    const asked = await page.evaluate(() => window.__AGENDAPACK_CALLS__.filter((c) => c.cmd === "pack_preview").map((c) => c.args));
    assert.deepEqual(asked, [{ meetingId: 2, kind: "public" }]);
    // Next page, then back through the bookmark.
    await page.getByRole("button", { name: "Next page" }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid="preview-canvas"]')?.getAttribute("data-rendered-page") === "2");
    assert.equal(await page.getByTestId("preview-page-number").inputValue(), "2");
    const second = await inked();
    assert.ok(second.dark > 100, JSON.stringify(second));
    assert.equal(await page.getByRole("img", { name: "Page 2 of 3 of the public pack" }).count(), 1);
    const bookmarks = page.getByTestId("preview-bookmarks");
    assert.ok((await bookmarks.innerText()).includes("CANARY-OUTLINE Ghostscript report"));
    await bookmarks.getByRole("button", { name: /Ghostscript report/ }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid="preview-canvas"]')?.getAttribute("data-rendered-page") === "1");
    assert.equal(await bookmarks.getByRole("button", { name: /Ghostscript report/ }).getAttribute("aria-current"), "page");
    // Keyboard: Page Down on the page view turns the page.
    await page.getByRole("group", { name: /^Page view/ }).focus();
    await page.keyboard.press("PageDown");
    await page.waitForFunction(() => document.querySelector('[data-testid="preview-canvas"]')?.getAttribute("data-rendered-page") === "2");
    const axeSource = await readFile(path.join(uiRoot, "node_modules/axe-core/axe.min.js"), "utf8");
    await page.addScriptTag({ content: axeSource });
    const violations = await page.evaluate(async () => {
      // eslint-disable-next-line no-undef
      const r = await axe.run(document, { resultTypes: ["violations"] });
      return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help }));
    });
    const bad = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    assert.deepEqual(bad, [], JSON.stringify(violations, null, 2));
    await mkdir(shots, { recursive: true });
    await page.screenshot({ path: path.join(shots, "preview-browser.png"), fullPage: true });
    assert.deepEqual(errors, []);
    await close();
  });

  await check("Settings: the council is renamed, and an empty name is refused with the reason", async () => {
    const { page, errors, close } = await newPage();
    await page.goto(base + "#/settings");
    const name = page.getByLabel("Council's name, as the papers print it");
    await name.waitFor();
    assert.equal(await name.inputValue(), "Coventry City Council");
    const rename = page.getByRole("button", { name: "Rename" });
    assert.equal(await rename.isDisabled(), true, "nothing to save yet");
    await name.fill("  ");
    await rename.click();
    const alert = page.getByTestId("council-error");
    await alert.waitFor();
    assert.ok((await alert.innerText()).includes("cannot be empty"));
    await name.fill("Warwick District Council");
    await name.press("Enter");
    await page.getByTestId("settings-message").filter({ hasText: "Warwick District Council" }).waitFor();
    const calls = await page.evaluate(() => window.__AGENDAPACK_CALLS__.filter((c) => c.cmd === "set_council_name").map((c) => c.args));
    assert.deepEqual(calls, [{ name: "  " }, { name: "Warwick District Council" }]);
    assert.deepEqual(errors, []);
    await close();
  });

  await check("a database problem is shown as an alert with the path", async () => {
    const { page, close } = await newPage();
    await page.addInitScript(() => {
      window.__AGENDAPACK_FAIL__ = true;
    });
    await page.goto(base);
    const alert = page.getByRole("alert").first();
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
