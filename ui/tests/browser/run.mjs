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
      "#/people",
      "#/people?add",
      `#/committees/${encodeURIComponent("Education and Children's Services Scrutiny Board (2)")}`,
      "#/committees?new",
      "#/meetings/2?reschedule",
    ];
    for (const target of screens) {
      const [hash, select] = target.split("?");
      await page.goto(base + hash);
      await page.locator("h1").first().waitFor();
      await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
      if (select === "item") {
        await page.getByRole("button", { name: /^57\./ }).click();
        await page.getByLabel("Title", { exact: true }).waitFor();
      } else if (select === "add") {
        await page.getByRole("button", { name: "Add person" }).click();
        await page.getByLabel(/^Name/).waitFor();
      } else if (select === "new") {
        await page.getByRole("button", { name: "New committee" }).click();
        await page.getByLabel(/^Name/).waitFor();
      } else if (select === "reschedule") {
        await page.addInitScript(() => {
          window.__AGENDAPACK_STATUS__ = "published";
        });
        await page.reload();
        await page.locator("h1").first().waitFor();
        await page.getByRole("button", { name: "Reschedule…" }).click();
        await page.getByTestId("republish-notice").waitFor();
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

  await check("several reports at once: each file's progress and result shown as it lands; intake notes; axe clean", async () => {
    const { page, errors, close } = await newPage();
    await page.addInitScript(() => {
      window.__AGENDAPACK_ATTACH_SEVERAL__ = true;
      window.__AGENDAPACK_HOLD__ = true;
    });
    await page.goto(base + "#/meetings/2");
    await page.getByRole("button", { name: /^52\./ }).click();
    await page.getByRole("button", { name: "Add report…" }).click();
    const progress = page.getByTestId("attach-progress");
    await progress.waitFor();
    // The first two files have landed while the third is still being worked on.
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="attach-row"]').length === 3);
    const rows = page.getByTestId("attach-row");
    assert.match(await rows.nth(0).innerText(), /Attached[\s\S]*cabinet-report\.docx[\s\S]*3 pages, converted from Word/);
    assert.match(await rows.nth(1).innerText(), /Not attached[\s\S]*notes\.txt/);
    assert.match(await rows.nth(2).innerText(), /In progress[\s\S]*scanned-letter\.pdf/);
    assert.equal(await progress.locator("p").first().innerText(), "File 3 of 3: scanned-letter.pdf");
    assert.equal(await progress.locator("progress").getAttribute("value"), "2");
    assert.equal(await progress.getAttribute("aria-busy"), "true");
    // The refusal is announced as it lands, naming the file and the item.
    const refusedBox = page.getByTestId("refused");
    await refusedBox.waitFor();
    assert.ok((await refusedBox.innerText()).includes("‘notes.txt’ is not a document"), await refusedBox.innerText());
    // The converted report is in the item's list already, with what intake did.
    const reports = page.getByTestId("reports");
    await reports.getByText("Cabinet report").waitFor();
    assert.ok(
      (await reports.innerText()).includes("Converted from Word by LibreOffice 7.4; original kept: cabinet-report.docx"),
      await reports.innerText(),
    );
    assert.equal(await page.getByRole("button", { name: "Adding…" }).isDisabled(), true);
    // The window stays usable meanwhile: the title can be edited.
    const title = page.getByLabel("Title", { exact: true });
    await title.fill("Holiday Activities and Food Programme 2025");
    assert.equal(await title.inputValue(), "Holiday Activities and Food Programme 2025");
    const axeSource = await readFile(path.join(uiRoot, "node_modules/axe-core/axe.min.js"), "utf8");
    await page.addScriptTag({ content: axeSource });
    const violations = await page.evaluate(async () => {
      // eslint-disable-next-line no-undef
      const r = await axe.run(document, { resultTypes: ["violations"] });
      return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target) }));
    });
    const bad = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    assert.deepEqual(bad, [], JSON.stringify(violations, null, 2));
    await mkdir(shots, { recursive: true });
    await progress.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(shots, "attach-progress-browser.png"), fullPage: true });
    // The last file lands: all dealt with, the repaired scan noted on its row.
    await page.evaluate(() => {
      window.__AGENDAPACK_HOLD__ = false;
    });
    await progress.getByText("All 3 files dealt with: 2 attached, 1 not attached").waitFor();
    assert.equal(await progress.getAttribute("aria-busy"), "false");
    await reports.getByText("Repaired on intake; original kept: scanned-letter.pdf").waitFor();
    assert.equal((await page.getByTestId("intake-note").allInnerTexts()).length, 2);
    await page.getByRole("button", { name: "Add report…" }).waitFor();
    await page.screenshot({ path: path.join(shots, "attach-done-browser.png"), fullPage: true });
    assert.deepEqual(errors, []);
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

  await check("People: type-to-filter search, add a councillor with the keyboard alone, edit, retire", async () => {
    const { page, errors, close } = await newPage();
    await page.goto(base + "#/people");
    const table = page.getByTestId("people");
    await table.waitFor();
    assert.equal(await table.locator("tbody tr").count(), 21);
    // Keyboard only: skip link, then Tab to "Add person", Enter, type, Enter.
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), "Skip to main content");
    await page.keyboard.press("Enter");
    for (let i = 0; i < 6 && (await page.evaluate(() => document.activeElement?.id)) !== "add-person"; i++) {
      await page.keyboard.press("Tab");
    }
    assert.equal(await page.evaluate(() => document.activeElement?.id), "add-person");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.activeElement?.id === "person-name");
    await page.keyboard.type("A Khan");
    await page.keyboard.press("Tab"); // Kind: councillor already
    await page.keyboard.press("Tab"); // Political group
    assert.equal(await page.evaluate(() => document.activeElement?.id), "person-group");
    await page.keyboard.type("Labour");
    await page.keyboard.press("Enter"); // submits the form
    await page.waitForFunction(() => document.querySelector('[data-testid="people"]')?.textContent?.includes("Councillor A Khan"));
    const added = await page.evaluate(() => window.__AGENDAPACK_CALLS__.filter((c) => c.cmd === "add_person").map((c) => c.args));
    assert.deepEqual(added, [
      { form: { key: "a-khan", kind: "councillor", name: "A Khan", group: "Labour", jobTitle: "", serviceArea: "", email: "", phone: "" } },
    ]);
    assert.equal(await page.evaluate(() => document.activeElement?.id), "add-person", "focus returns to Add person");
    // Type to filter: each word matches the start of a name, group, post or e-mail.
    await page.getByLabel(/^Search people/).fill("thom");
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="people"] tbody tr').length === 1);
    assert.ok((await table.innerText()).includes("Councillor CE Thomas"));
    await page.getByLabel(/^Search people/).fill("governance rob");
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="people"] tbody tr').length === 1);
    assert.ok((await table.innerText()).includes("Tom Robinson"));
    await page.getByLabel(/^Search people/).fill("khan lab");
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="people"] tbody tr').length === 1);
    await page.getByLabel(/^Search people/).fill("");
    // An officer's job title; a bad e-mail is refused before anything is sent.
    await page.getByRole("button", { name: "Edit Tom Robinson" }).click();
    assert.equal(await page.getByLabel("Job title", { exact: true }).inputValue(), "Governance Services Officer");
    await page.getByLabel(/^E-mail/).fill("tom.robinson");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByTestId("person-problem").filter({ hasText: "is not an e-mail address" }).waitFor();
    assert.equal((await page.evaluate(() => window.__AGENDAPACK_CALLS__.filter((c) => c.cmd === "edit_person"))).length, 0);
    await page.getByLabel(/^E-mail/).fill("tom.robinson@coventry.gov.uk");
    await page.getByLabel("Service area").fill("Law and Governance");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.waitForFunction(() => window.__AGENDAPACK_CALLS__.some((c) => c.cmd === "edit_person"));
    // Retire: confirmed in a dialog, then shown only with "Show people who have left".
    await page.getByRole("button", { name: "Retire Councillor R Thay" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Retire" }).click();
    await page.waitForFunction(() => !document.querySelector('[data-testid="people"]')?.textContent?.includes("Councillor R Thay"));
    await page.getByLabel(/Show people who have left/).check();
    await page.getByText("Left Friday, 1st November, 2024").waitFor();
    await mkdir(shots, { recursive: true });
    await page.screenshot({ path: path.join(shots, "people-browser.png"), fullPage: true });
    assert.deepEqual(errors, []);
    await close();
  });

  await check("Committees: create one, add a member as Chair, all from the keyboard", async () => {
    const { page, errors, close } = await newPage();
    await page.goto(base + "#/committees");
    await page.getByTestId("committees").waitFor();
    await page.getByRole("button", { name: "New committee" }).focus();
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.activeElement?.id === "new-committee-name");
    await page.keyboard.type("Planning Committee");
    await page.keyboard.press("Tab");
    await page.keyboard.type("Planning");
    // The contact officer: search as you type, Enter picks.
    await page.getByRole("combobox", { name: /^Contact officer/ }).focus();
    await page.keyboard.type("robin");
    await page.getByRole("option", { name: /Tom Robinson/ }).waitFor();
    await page.keyboard.press("Enter");
    assert.equal(await page.getByRole("combobox", { name: /^Contact officer/ }).inputValue(), "Tom Robinson");
    await page.getByLabel(/^Usual venue/).focus();
    await page.keyboard.type("Committee Room 3 - Council House");
    await page.keyboard.press("Enter"); // submits
    await page.waitForFunction(() => window.location.hash === "#/committees/Planning%20Committee");
    const form = await page.evaluate(() => window.__AGENDAPACK_CALLS__.find((c) => c.cmd === "add_committee").args.form);
    assert.deepEqual(form, {
      name: "Planning Committee",
      shortName: "Planning",
      executive: false,
      yearStart: "05-01",
      quorum: null,
      defaultVenue: "Committee Room 3 - Council House",
      contactOfficer: "tom-robinson",
      apologiesItem: true,
    });
    await page.getByRole("heading", { level: 1, name: "Planning Committee" }).waitFor();
    // From the heading, Tab reaches the role; type "Chair"; Tab to the person;
    // type, Enter picks the match, Enter again adds the member.
    await page.waitForFunction(() => document.activeElement?.tagName === "H1" || document.activeElement === document.body);
    await page.locator("h1").focus();
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.id), "member-role");
    await page.keyboard.type("Chair");
    assert.equal(await page.locator("#member-role").inputValue(), "chair");
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.id), "member-person");
    await page.keyboard.type("thom");
    await page.getByRole("option", { name: /Councillor CE Thomas/ }).waitFor();
    await page.keyboard.press("Enter");
    await page.keyboard.press("Enter");
    const members = page.getByTestId("memberships");
    await members.getByText("Councillor CE Thomas").waitFor();
    const added = await page.evaluate(() => window.__AGENDAPACK_CALLS__.filter((c) => c.cmd === "add_member").map((c) => c.args));
    assert.deepEqual(added, [{ committee: "Planning Committee", form: { person: "ce-thomas", role: "chair", from: "", to: "" } }]);
    assert.ok((await members.innerText()).includes("Chair"));
    // A second member by the mouse; the picker no longer offers the Chair.
    await page.getByRole("combobox", { name: /^Person/ }).fill("Councillor");
    assert.equal(await page.getByRole("option", { name: /CE Thomas/ }).count(), 0);
    await page.getByRole("option", { name: /J Birdi/ }).click();
    await page.getByRole("button", { name: "Add member" }).click();
    await members.getByText("Councillor J Birdi").waitFor();
    // No person chosen: said, nothing sent.
    await page.getByRole("button", { name: "Add member" }).click();
    await page.getByTestId("member-problem").waitFor();
    assert.equal((await page.evaluate(() => window.__AGENDAPACK_CALLS__.filter((c) => c.cmd === "add_member"))).length, 2);
    // End a membership on a date.
    await page.getByRole("button", { name: "End Councillor J Birdi's membership" }).click();
    await page.getByLabel("Last day").fill("2025-05-14");
    await page.getByRole("button", { name: "End membership" }).click();
    await page.waitForFunction(() => window.__AGENDAPACK_CALLS__.some((c) => c.cmd === "end_member"));
    const ended = await page.evaluate(() => window.__AGENDAPACK_CALLS__.find((c) => c.cmd === "end_member").args);
    assert.deepEqual(ended, { committee: "Planning Committee", person: "j-birdi", on: "2025-05-14" });
    await page.getByText("Former members (1)").waitFor();
    await mkdir(shots, { recursive: true });
    await page.screenshot({ path: path.join(shots, "committee-browser.png"), fullPage: true });
    assert.deepEqual(errors, []);
    await close();
  });

  await check("Standard items: add, move up and down, remove, edit sub-items, save", async () => {
    const { page, errors, close } = await newPage();
    await page.goto(base + `#/committees/${encodeURIComponent("Education and Children's Services Scrutiny Board (2)")}`);
    const template = page.getByTestId("template");
    await template.waitFor();
    assert.equal(await template.locator("li.row").count(), 4);
    assert.equal(await page.getByRole("button", { name: "Move “Declarations of Interests” up" }).isDisabled(), true);
    assert.equal(await page.getByRole("button", { name: "Save standard items" }).isDisabled(), true, "nothing to save yet");
    // Add: before Any Other Business, focused.
    await page.getByRole("button", { name: "Add standard item" }).click();
    await page.keyboard.press("Control+a");
    await page.keyboard.type("Petitions");
    assert.equal(await page.getByRole("button", { name: "Move “Petitions” down" }).isDisabled(), false);
    // Move it up above Work Programme with the keyboard: focus stays on the button.
    await page.getByRole("button", { name: "Move “Petitions” up" }).focus();
    await page.keyboard.press("Enter");
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("aria-label")), "Move “Petitions” up");
    await page.getByRole("button", { name: "Remove “Declarations of Interests”" }).click();
    await page.getByRole("button", { name: "Move “Minutes” down" }).click();
    const sub = template.locator("li.row").nth(0).getByLabel(/^Sub-items/);
    await template.locator("li.row").nth(0).locator("summary").click();
    await sub.fill("From members of the public\n\nFrom councillors");
    await page.getByTestId("template-state").waitFor();
    await page.getByRole("button", { name: "Save standard items" }).click();
    await page.waitForFunction(() => window.__AGENDAPACK_CALLS__.some((c) => c.cmd === "set_template"));
    const sent = await page.evaluate(() => window.__AGENDAPACK_CALLS__.find((c) => c.cmd === "set_template").args);
    assert.deepEqual(
      sent.items.map((i) => [i.key, i.title, i.kind]),
      [
        ["petitions", "Petitions", "substantive"],
        ["minutes", "Minutes", "minutes"],
        ["work-programme", "Work Programme", "work-programme"],
        ["aob", "Any Other Business", "any-other-business"],
      ],
    );
    // The Minutes item keeps its sub-items and their placeholder.
    assert.deepEqual(sent.items[1].subItems, ["To agree the minutes of {previous_meeting}", "Matters Arising"]);
    assert.deepEqual(sent.items[0].subItems, ["From members of the public", "From councillors"]);
    await page.getByTestId("template-state").waitFor({ state: "detached" });
    // An empty title is refused before saving.
    await template.locator("li.row").nth(1).getByLabel("Title", { exact: true }).fill("  ");
    await page.getByRole("button", { name: "Save standard items" }).click();
    await page.getByTestId("template-problems").filter({ hasText: "Item 2 has no title" }).waitFor();
    assert.equal((await page.evaluate(() => window.__AGENDAPACK_CALLS__.filter((c) => c.cmd === "set_template"))).length, 1);
    assert.deepEqual(errors, []);
    await close();
  });

  await check("Meeting changes: reschedule (a published one asks to confirm), cancel, delete a draft with undo, export", async () => {
    const { page, errors, close } = await newPage();
    await page.addInitScript(() => {
      window.__AGENDAPACK_STATUS__ = "published";
    });
    await page.goto(base + "#/meetings/2");
    await page.getByRole("button", { name: "Reschedule…" }).click();
    const dialog = page.getByRole("dialog", { name: "Reschedule the meeting" });
    await dialog.waitFor();
    assert.equal(await dialog.getByLabel("Date").inputValue(), "2024-11-28");
    await dialog.getByLabel("Date").fill("2024-12-05");
    await dialog.getByRole("button", { name: "Reschedule and re-publish" }).click();
    await dialog.getByTestId("reschedule-problem").waitFor();
    assert.equal((await page.evaluate(() => window.__AGENDAPACK_CALLS__.filter((c) => c.cmd === "reschedule_meeting"))).length, 0);
    await dialog.getByLabel("I will publish the agenda again").check();
    await mkdir(shots, { recursive: true });
    await page.screenshot({ path: path.join(shots, "reschedule-browser.png") });
    await dialog.getByRole("button", { name: "Reschedule and re-publish" }).click();
    await page.getByRole("heading", { level: 1, name: /5 December 2024/ }).waitFor();
    const sent = await page.evaluate(() => window.__AGENDAPACK_CALLS__.find((c) => c.cmd === "reschedule_meeting").args);
    assert.deepEqual(sent, {
      meetingId: 2,
      form: { date: "2024-12-05", time: "10:00", venue: "Diamond Room 2 - Council House", confirmRepublish: true },
    });
    // Cancel: confirmed, then marked.
    await page.getByRole("button", { name: "Cancel meeting…" }).click();
    await page.getByRole("dialog", { name: "Cancel this meeting?" }).getByRole("button", { name: "Cancel meeting" }).click();
    await page.getByTestId("meeting-header").getByText("Cancelled").waitFor();
    // Export: the shell asks where; the toast says where it went.
    await page.getByRole("button", { name: "Export…" }).click();
    await page.getByTestId("toast").filter({ hasText: "/home/clerk/Documents/2024-11-28.json" }).waitFor();
    await close();
    // A draft: deleted at once, and Undo brings it back.
    const draft = await newPage();
    await draft.page.addInitScript(() => {
      window.__AGENDAPACK_STATUS__ = "draft";
    });
    await draft.page.goto(base + "#/meetings/2");
    await draft.page.getByRole("button", { name: "Delete draft" }).click();
    await draft.page.waitForFunction(() => window.location.hash === "#/");
    const toast = draft.page.getByTestId("toast");
    await toast.filter({ hasText: "Deleted the draft meeting" }).waitFor();
    await toast.getByRole("button", { name: "Undo" }).click();
    await draft.page.waitForFunction(() => window.location.hash === "#/meetings/2");
    const calls = await draft.page.evaluate(() => window.__AGENDAPACK_CALLS__.filter((c) => c.cmd === "undo").map((c) => c.args));
    assert.deepEqual(calls, [{ token: 7 }]);
    assert.deepEqual(errors, []);
    assert.deepEqual(draft.errors, []);
    await draft.close();
  });

  await check("Import: a refused meeting file lists its problems by JSON path; a good one opens", async () => {
    const { page, errors, close } = await newPage();
    await page.addInitScript(() => {
      window.__AGENDAPACK_IMPORT__ = "refused";
    });
    await page.goto(base);
    await page.getByRole("button", { name: "Import meeting file…" }).click();
    const problems = page.getByTestId("import-problems");
    await problems.waitFor();
    const text = await problems.innerText();
    assert.ok(text.includes("2025-01-16.json was not imported (2 problems); nothing was written"), text);
    assert.ok(text.includes("meeting.items[3].title: an item needs a title"), text);
    assert.ok(text.includes("committee.members[2].person"), text);
    await mkdir(shots, { recursive: true });
    await page.screenshot({ path: path.join(shots, "import-browser.png"), fullPage: true });
    await page.evaluate(() => {
      window.__AGENDAPACK_IMPORT__ = "ok";
    });
    await page.getByRole("button", { name: "Import meeting file…" }).click();
    await page.waitForFunction(() => window.location.hash === "#/meetings/2");
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
