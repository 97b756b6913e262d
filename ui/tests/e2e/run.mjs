// End-to-end through the real window: tauri-driver (WebDriver on port 4444)
// starts WebKitWebDriver, which starts the app binary with a fresh temporary
// database. The clerk's whole cycle: the demo meetings are listed; a meeting
// is created; items are added; a report PDF is attached to a public item and
// a private one (the native file dialog is replaced by the test seam
// AGENDAPACK_TEST_PICK_FILES); one item is made private on paragraph 3; the
// public pack is generated and read back with pdftotext (public report in,
// the private report's canary "Kestrel Lodge" out); a minute is written; the
// meeting is marked held and its minutes approved at a later meeting.
// The public pack is previewed in the app (pdf.js): a page drawn, bookmarks
// listed and followed, no CSP violation. Screenshots of each main screen go
// to a temporary folder, or to docs/screenshots/ (the README's) with
// AGENDAPACK_SCREENSHOTS=1. Prints the cold start: process spawn to an
// interactive meetings list.
//
// Run under a display, e.g.  xvfb-run -a npm run e2e
// First it builds what it tests: the UI (vite build) and the app binary with
//   cargo build -p agendapack-desktop --features tauri/custom-protocol
// so the binary loads the bundled UI rather than the dev server (a plain
// `cargo build` binary shows nothing to WebDriver). Set AGENDAPACK_APP to
// test a binary you built yourself (no build step then); TAURI_DRIVER to
// use another tauri-driver.

import { spawn, spawnSync } from "node:child_process";
import { copyFile, mkdtemp, mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir, homedir } from "node:os";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import { remote } from "webdriverio";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../../..");
const application = path.resolve(
  process.env.AGENDAPACK_APP ?? path.join(repo, "target/debug/agendapack-desktop"),
);
const driverPath = process.env.TAURI_DRIVER ?? path.join(homedir(), ".cargo/bin/tauri-driver");
// Committed screenshots change only when asked for, so a CI run leaves the
// working tree clean.
const shots =
  process.env.AGENDAPACK_SCREENSHOTS === "1"
    ? path.join(repo, "docs/screenshots")
    : await mkdtemp(path.join(tmpdir(), "agendapack-e2e-shots-"));

if (!process.env.AGENDAPACK_APP) {
  for (const [cmd, args, cwd] of [
    ["npm", ["run", "build", "--silent"], path.join(repo, "ui")],
    ["cargo", ["build", "-p", "agendapack-desktop", "--features", "tauri/custom-protocol"], repo],
  ]) {
    const started = Date.now();
    const run = spawnSync(cmd, args, { cwd, stdio: "inherit" });
    if (run.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed`);
    console.log(`     built: ${cmd} ${args.join(" ")} (${Date.now() - started} ms)`);
  }
}

await stat(application).catch(() => {
  throw new Error(`no app binary at ${application}; build it first (see the top of this file)`);
});
if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  throw new Error("no display: run under xvfb-run -a");
}

const dataDir = await mkdtemp(path.join(tmpdir(), "agendapack-e2e-"));
// The reports the scripted "file dialog" hands out, one per pick.
const reports = path.join(repo, "tests/fixtures/meetings/reports/2024-11-28");
const publicReport = path.join(dataDir, "youth-services-briefing.pdf");
const privateReport = path.join(dataDir, "residential-placements.pdf");
await copyFile(path.join(reports, "52-holiday-activities-and-food.pdf"), publicReport);
await copyFile(path.join(reports, "57-homes-for-children-in-care-private.pdf"), privateReport);
// Two files chosen together: a Word report LibreOffice converts, and a text
// file that is refused.
const wordReport = path.join(dataDir, "cabinet-report.docx");
const notes = path.join(dataDir, "notes.txt");
await copyFile(path.join(repo, "tests/fixtures/office/report.docx"), wordReport);
await writeFile(notes, "Notes for the chair, not a report.\n");
const env = {
  ...process.env,
  AGENDAPACK_DB: path.join(dataDir, "agendapack.sqlite3"),
  AGENDAPACK_TEST_PICK_FILES: [publicReport, `${wordReport}|${notes}`, privateReport].join(":"),
};

/** The ISO date of the next Thursday at least `days` from today. */
function thursdayIn(days) {
  const d = new Date();
  d.setDate(d.getDate() + days);
  while (d.getDay() !== 4) d.setDate(d.getDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** When the newest process running `binary` started (ms since the epoch,
 * ±10 ms), from /proc; null if it cannot be found. */
async function processStart(binary) {
  const found = spawnSync("pgrep", ["-n", "-f", binary], { encoding: "utf8" });
  const pid = found.stdout.trim();
  if (found.status !== 0 || !pid) return null;
  const stat = await readFile(`/proc/${pid}/stat`, "utf8");
  // Field 22 (after the parenthesised name): start time in clock ticks since boot.
  const ticks = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19]);
  const hz = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim()) || 100;
  const uptime = Number((await readFile("/proc/uptime", "utf8")).split(" ")[0]);
  const bootedAt = Date.now() - uptime * 1000;
  return bootedAt + (ticks / hz) * 1000;
}

function waitForPort(port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const socket = net.connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.end();
        resolve();
      });
      socket.once("error", () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`nothing listening on port ${port}`));
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}

function waitForPortFree(port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const socket = net.connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`port ${port} is still in use`));
        else setTimeout(attempt, 100);
      });
      socket.once("error", () => {
        socket.destroy();
        resolve();
      });
    };
    attempt();
  });
}

const driver = spawn(driverPath, ["--native-driver", "/usr/bin/WebKitWebDriver"], {
  env,
  stdio: ["ignore", "inherit", "inherit"],
});
let browser;
let failed = false;
const started = Date.now();
const step = (what) => console.log(`     ${((Date.now() - started) / 1000).toFixed(1)} s: ${what}`);

/** Sets an input's value the way typing does (Svelte listens for "input"). */
async function setInput(element, value) {
  await browser.execute(
    (el, v) => {
      el.focus();
      el.value = v;
      el.dispatchEvent(new Event("input", { bubbles: true }));
      el.dispatchEvent(new Event("change", { bubbles: true }));
    },
    element,
    value,
  );
}

/** Clicks an element after scrolling it to the middle of the window (clear of the toast). */
async function click(element) {
  await element.scrollIntoView({ block: "center" });
  await element.click();
}

/** Saves a screenshot of the window scrolled to the top, without a toast. */
async function shot(name) {
  await browser.execute(() => {
    window.scrollTo(0, 0);
    document.querySelector('[aria-label="Dismiss message"]')?.click();
  });
  await browser.pause(150);
  await browser.saveScreenshot(path.join(shots, name));
}

async function waitForText(selector, expected, timeout = 10000) {
  await browser.waitUntil(
    async () => {
      const el = await browser.$(selector);
      return (await el.isExisting()) && (await el.getText()).includes(expected);
    },
    { timeout, timeoutMsg: `${selector} never showed “${expected}”` },
  );
}
try {
  await waitForPort(4444, 15000);
  const launched = Date.now();
  browser = await remote({
    hostname: "127.0.0.1",
    port: 4444,
    logLevel: "error",
    capabilities: { "tauri:options": { application } },
  });
  const table = await browser.$("table[data-testid=meetings]");
  await table
    .waitForDisplayed({ timeout: 20000 })
    .catch((e) => {
      throw new Error(
        `the meetings list never appeared (${e.message}); is the binary built with --features tauri/custom-protocol?`,
      );
    });
  // Interactive: the first meeting's link can be clicked.
  await (await browser.$("table[data-testid=meetings] tbody tr a")).waitForClickable({ timeout: 20000 });
  const interactiveAt = Date.now();
  const visibleAfter = interactiveAt - launched;
  const spawnedAt = await processStart(application);
  const coldStart = spawnedAt === null ? null : interactiveAt - spawnedAt;

  const rows = await browser.$$("table[data-testid=meetings] tbody tr");
  assert.equal(rows.length, 2, "two demo meetings");
  const text = await table.getText();
  for (const expected of [
    "Education and Children's Services Scrutiny Board (2)",
    "Thursday, 28th November, 2024",
    "Thursday, 17th October, 2024",
    "10.00 am",
    "Diamond Room 2 - Council House",
    "Items 49\u201357",
    "Items 43\u201348",
  ]) {
    assert.ok(text.includes(expected), `the list shows ${expected}:\n${text}`);
  }
  assert.equal(await browser.getTitle(), "AgendaPack");

  // The strict CSP is in force in the real webview: no eval.
  const evalBlocked = await browser.execute(() => {
    try {
      return new Function("return 'eval ran'")() !== "eval ran";
    } catch {
      return true;
    }
  });
  assert.equal(evalBlocked, true, "the CSP should forbid eval");

  // From here on, any CSP violation (pdf.js's worker, fonts …) is recorded.
  await browser.execute(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });

  await mkdir(shots, { recursive: true });
  step(`home (meetings list interactive ${visibleAfter} ms after the WebDriver session was requested)`);
  console.log(
    `     COLD START: ${coldStart === null ? "unknown (process not found)" : `${coldStart} ms`} from process spawn to an interactive meetings list (${application.includes("/release/") ? "release" : "debug"} build, Xvfb)`,
  );

  // Settings shows the temporary database, so the app really used it.
  await (await browser.$("a=Settings")).click();
  const dbPath = await browser.$("[data-testid=database-path]");
  await dbPath.waitForDisplayed({ timeout: 5000 });
  assert.equal(await dbPath.getText(), env.AGENDAPACK_DB);
  await (await browser.$("[data-testid=council]")).waitForDisplayed({ timeout: 5000 });
  await shot("settings.png");
  step("settings");

  await (await browser.$("a=Committees")).click();
  await (await browser.$("[data-testid=committees]")).waitForDisplayed({ timeout: 5000 });
  await shot("committees.png");
  await click(await browser.$("[data-testid=committees] h2 a"));
  await (await browser.$("caption*=Members today")).waitForDisplayed({ timeout: 5000 });
  step("committees");

  // --- Two new meetings: the one we work on, and a later one to approve its minutes at.
  const later = thursdayIn(90);
  const date = thursdayIn(45);
  const createMeeting = async (iso) => {
    await (await browser.$("a=Home")).click();
    const dateInput = await browser.$("#new-date");
    await dateInput.waitForDisplayed({ timeout: 5000 });
    await (await browser.$("#new-committee option")).waitForExist({ timeout: 5000 });
    await setInput(dateInput, iso);
    await (await browser.$("button=Create meeting")).click();
    await browser.waitUntil(async () => /#\/meetings\/\d+\/agenda$/.test(await browser.getUrl()), {
      timeout: 10000,
      timeoutMsg: "the new meeting did not open",
    });
    const id = Number((await browser.getUrl()).match(/meetings\/(\d+)/)[1]);
    await (await browser.$("[data-testid=public-items]")).waitForDisplayed({ timeout: 10000 });
    return id;
  };
  const laterId = await createMeeting(later);
  const meetingId = await createMeeting(date);
  assert.notEqual(laterId, meetingId);
  step("created two meetings");
  // Home now shows both with their publication deadlines.
  await click(await browser.$("a=Home"));
  await waitForText("[data-testid=upcoming]", "working days left");
  await shot("home.png");
  await click(await browser.$(`[data-testid=upcoming] a[href="#/meetings/${meetingId}"]`));
  await (await browser.$("[data-testid=public-items]")).waitForDisplayed({ timeout: 10000 });

  // --- Agenda: two new items, each with a report.
  const addItem = async (title) => {
    await click(await browser.$("button=Add item"));
    const titleInput = await browser.$("#item-title");
    await titleInput.waitForDisplayed({ timeout: 5000 });
    await browser.waitUntil(async () => (await titleInput.getValue()) === "New item", { timeout: 5000 });
    await setInput(titleInput, title);
    await click(await browser.$("#item-purpose")); // leaving the field saves
    await waitForText("[data-testid=save-state]", "Saved");
    await waitForText("[data-testid=public-items]", title);
  };
  const addReport = async (fileName) => {
    await click(await browser.$("button=Add report…"));
    await waitForText("[data-testid=reports]", fileName);
  };
  await addItem("Youth Services Review");
  await addReport("youth-services-briefing.pdf");
  // Several files at once: converted one after another, each shown as it lands.
  await click(await browser.$("button=Add report…"));
  await waitForText("[data-testid=attach-progress]", "cabinet-report.docx", 20000);
  await waitForText("[data-testid=attach-progress]", "All 2 files dealt with: 1 attached, 1 not attached", 90000);
  await waitForText("[data-testid=reports]", "Converted from Word by LibreOffice");
  await waitForText("[data-testid=refused]", "notes.txt");
  await browser.execute(() => document.querySelector("[data-testid=attach-progress]")?.scrollIntoView({ block: "center" }));
  await browser.pause(150);
  await browser.saveScreenshot(path.join(shots, "attach-several.png"));
  step("agenda: a Word report and a refused file picked together");
  await addItem("Residential Placements Contract");
  await addReport("residential-placements.pdf");
  // Private on paragraph 3: it moves to Private Business with its badge.
  await click(await browser.$("[data-testid=private-toggle]"));
  const p3 = await browser.$("[data-testid=paragraph-3]");
  await p3.waitForDisplayed({ timeout: 5000 });
  await click(p3);
  await waitForText("[data-testid=private-items]", "Residential Placements Contract");
  await waitForText("[data-testid=private-items]", "Private \u00b63");
  const publicList = await (await browser.$("[data-testid=public-items]")).getText();
  assert.ok(publicList.includes("Youth Services Review"), publicList);
  await shot("meeting-agenda.png");
  step("agenda: items, reports, private item");

  // --- Checks.
  await (await browser.$("a=Checks")).click();
  await (await browser.$("[data-testid=findings]")).waitForDisplayed({ timeout: 10000 });
  await shot("checks.png");
  step("checks");

  // --- Packs: the public pack, read back from the file.
  await (await browser.$("a=Packs")).click();
  await (await browser.$("[data-testid=generate-public]")).click();
  const generated = await browser.$("[data-testid=generated]");
  await generated.waitForDisplayed({ timeout: 60000 });
  const saved = (await generated.getText()).match(/saved as (\S+\.pdf)/);
  assert.ok(saved, await generated.getText());
  const packPath = saved[1];
  assert.ok(packPath.startsWith(dataDir), packPath);
  const pdf = spawnSync("pdftotext", ["-layout", packPath, "-"], { encoding: "utf8" });
  assert.equal(pdf.status, 0, pdf.stderr);
  for (const expected of [
    "Youth Services Review",
    "Holiday Activities and Food",
    "Residential Placements Contract",
    "Places taken up by ward", // the Word report, converted
  ]) {
    assert.ok(pdf.stdout.includes(expected), `the public pack contains ${expected}`);
  }
  assert.ok(!/kestrel/i.test(pdf.stdout), "the private report's text must not be in the public pack");
  assert.ok(pdf.stdout.includes("Schedule 12A"), "the private item is replaced by its notice");
  await (await browser.$("[data-testid=pack-files]")).waitForDisplayed({ timeout: 5000 });
  await shot("meeting-packs.png");
  step(`packs: public pack ${packPath} read back, no canary`);

  // --- The in-app preview of that pack: pdf.js in the real webview.
  await click(await browser.$("[data-testid=preview-generated]"));
  const previewed = (n) =>
    browser.waitUntil(
      async () => (await (await browser.$("[data-testid=preview-canvas]")).getAttribute("data-rendered-page")) === String(n),
      { timeout: 20000, timeoutMsg: `the preview never drew page ${n}` },
    );
  await previewed(1);
  const inked = await browser.execute(() => {
    const c = document.querySelector("[data-testid=preview-canvas]");
    const { data } = c.getContext("2d").getImageData(0, 0, c.width, c.height);
    let dark = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i] < 128 && data[i + 1] < 128 && data[i + 2] < 128) dark += 1;
    return { dark, width: c.width, height: c.height };
  });
  assert.ok(inked.width > 300 && inked.dark > 1000, `the front sheet is drawn: ${JSON.stringify(inked)}`);
  const pages = spawnSync("pdfinfo", [packPath], { encoding: "utf8" }).stdout.match(/Pages:\s+(\d+)/)[1];
  assert.equal((await (await browser.$("[data-testid=preview-page-count]")).getText()).trim(), `of ${pages}`);
  const marks = await browser.$("[data-testid=preview-bookmarks]");
  await marks.waitForDisplayed({ timeout: 5000 });
  const marksText = await marks.getText();
  assert.ok(marksText.includes("Youth Services Review"), marksText);
  assert.ok(!/kestrel/i.test(marksText), "no private text in the public pack's bookmarks");
  const youthMark = async () => marks.$("button*=Youth Services Review");
  const youth = await youthMark();
  const target = Number((await youth.getText()).match(/page (\d+)/)[1]);
  assert.ok(target > 1, `the item's bookmark goes past the front sheet: ${await youth.getText()}`);
  await click(youth);
  await previewed(target);
  assert.equal(await (await browser.$("[data-testid=preview-page-number]")).getValue(), String(target));
  await click(await browser.$("button=Previous page"));
  await previewed(target - 1);
  const violations = await browser.execute(() => window.__cspViolations);
  assert.deepEqual(violations, [], "the preview needs nothing the CSP forbids");
  await click(await youthMark());
  await previewed(target);
  await (await browser.$("[data-testid=pack-preview]")).scrollIntoView({ block: "start" });
  await browser.pause(150);
  await browser.saveScreenshot(path.join(shots, "meeting-preview.png"));
  step(`preview: ${pages} pages, bookmark to page ${target} followed, no CSP violation`);

  // --- Minutes: held, attendance, one minute, approval at the later meeting.
  await (await browser.$("a=Minutes")).click();
  await (await browser.$("button=Mark as held")).click();
  await (await browser.$("h2=Attendance")).waitForDisplayed({ timeout: 5000 });
  await browser.waitUntil(async () => !(await (await browser.$("button=Mark as held")).isExisting()), {
    timeout: 5000,
  });
  const chairPresent = await browser.$('input[aria-label="Councillor CE Thomas: Present"]');
  await click(chairPresent);
  await browser.waitUntil(async () => chairPresent.isSelected(), { timeout: 5000 });
  const editor = await browser.$('[role=textbox][aria-label^="Minute"][aria-label*="Youth Services Review"]');
  await click(editor);
  await browser.keys("The Board RESOLVED that the briefing note be noted.".split(""));
  await click(await browser.$("#closed-at")); // leave the editor: it saves
  await browser.waitUntil(
    async () => (await (await browser.$("[data-testid^=minute-item] .save-state")).getText()) === "Saved",
    { timeout: 10000, timeoutMsg: "the minute was not saved" },
  );
  await shot("meeting-minutes.png");
  const approveAt = await browser.$("#approve-at");
  await approveAt.waitForDisplayed({ timeout: 5000 });
  assert.equal(await (await browser.$("#approve-chair")).getValue(), "Councillor CE Thomas");
  await click(await browser.$("button=Approve at meeting…"));
  await (await browser.$("button=Approve minutes")).click();
  await waitForText("[data-testid=locked]", "locked");
  await waitForText("[data-testid=approval]", "Approved at the meeting of");
  assert.equal(
    await browser.$$('[role=textbox][contenteditable="true"]').length,
    0,
    "approved minutes are read-only",
  );
  step("minutes: held, written, approved and locked");

  console.log(
    `ok   e2e: cold start ${coldStart ?? "unknown"} ms (spawn to interactive list), session to list ${visibleAfter} ms; screenshots in ${shots}`,
  );
} catch (error) {
  failed = true;
  console.log(`FAIL e2e\n${error.stack ?? error}`);
} finally {
  await browser?.deleteSession().catch(() => {});
  driver.kill();
  await rm(dataDir, { recursive: true, force: true });
}

// --- A council sets itself up, on an empty database (no demo): people, a
// committee with nine members and a chair, a meeting from its template, and
// the front sheet's membership line read back from the public pack.
const setUpDir = await mkdtemp(path.join(tmpdir(), "agendapack-e2e-setup-"));
const setUpEnv = {
  ...process.env,
  AGENDAPACK_DB: path.join(setUpDir, "agendapack.sqlite3"),
  AGENDAPACK_NO_DEMO: "1",
};
await waitForPortFree(4444, 15000);
const driver2 = spawn(driverPath, ["--native-driver", "/usr/bin/WebKitWebDriver"], {
  env: setUpEnv,
  stdio: ["ignore", "inherit", "inherit"],
});
browser = undefined;
try {
  await waitForPort(4444, 15000);
  browser = await remote({
    hostname: "127.0.0.1",
    port: 4444,
    logLevel: "error",
    capabilities: { "tauri:options": { application } },
  });
  await (await browser.$("h1=Meetings")).waitForDisplayed({ timeout: 20000 });
  await waitForText("main", "No meetings yet");
  await waitForText("main", "No committees yet");
  step("empty database: no meetings, no committees");

  // People: an officer and nine councillors, through the form.
  const councillors = ["M Ali", "J Blundell", "R Brown", "G Duggins", "L Harvard", "K Maton", "C Miks", "P Seaman", "T Sawdon"];
  const chair = "G Duggins";
  await click(await browser.$("a=People"));
  await (await browser.$("[data-testid=people]")).waitForDisplayed({ timeout: 5000 });
  /** The picker's option naming `text`. */
  const option = (text) => `//li[@role="option"][contains(., "${text}")]`;
  const addPerson = async (name, kind, jobTitle, group) => {
    await click(await browser.$("#add-person"));
    const nameInput = await browser.$("#person-name");
    await nameInput.waitForDisplayed({ timeout: 5000 });
    await setInput(nameInput, name);
    if (group) await setInput(await browser.$("#person-group"), group);
    if (kind) {
      await setInput(await browser.$("#person-kind"), kind);
      await (await browser.$("#person-job")).waitForDisplayed({ timeout: 5000 });
      await setInput(await browser.$("#person-job"), jobTitle);
      await setInput(await browser.$("#person-email"), "carolyn.sinclair@example.gov.uk");
    }
    await click(await browser.$(".person-form button[type=submit]"));
    await waitForText("[data-testid=people]", name);
    await (await browser.$(".person-form")).waitForExist({ timeout: 5000, reverse: true });
  };
  await addPerson("Carolyn Sinclair", "officer", "Governance Services Officer");
  for (const [i, name] of councillors.entries()) await addPerson(name, null, null, i % 3 === 2 ? "Conservative" : "Labour");
  await shot("people.png");
  step("people: an officer and nine councillors added");

  // A committee with its usual venue and contact officer.
  await click(await browser.$("a=Committees"));
  await click(await browser.$("#new-committee"));
  await (await browser.$("#new-committee-name")).waitForDisplayed({ timeout: 5000 });
  await setInput(await browser.$("#new-committee-name"), "Planning Committee");
  await setInput(await browser.$("#new-committee-short"), "Planning");
  await setInput(await browser.$("#new-committee-quorum"), "3");
  await setInput(await browser.$("#new-committee-venue"), "Committee Room 3 - Council House");
  const contact = await browser.$("#new-committee-contact");
  await setInput(contact, "Sinclair");
  await (await browser.$(option("Carolyn Sinclair"))).waitForDisplayed({ timeout: 5000 });
  await browser.keys("Enter");
  await browser.waitUntil(async () => (await contact.getValue()) === "Carolyn Sinclair", { timeout: 5000 });
  await shot("committee-new.png");
  await click(await browser.$("button=Create committee"));
  await browser.waitUntil(async () => (await browser.getUrl()).includes("#/committees/Planning%20Committee"), {
    timeout: 10000,
    timeoutMsg: "the new committee did not open",
  });
  await (await browser.$("#member-person")).waitForDisplayed({ timeout: 10000 });

  // Nine members, the chair first, each picked by typing part of the name.
  for (const name of [chair, ...councillors.filter((n) => n !== chair)]) {
    await setInput(await browser.$("#member-role"), name === chair ? "chair" : "member");
    const picker = await browser.$("#member-person");
    await setInput(picker, name.split(" ")[1]);
    await (await browser.$(option(`Councillor ${name}`))).waitForDisplayed({ timeout: 5000 });
    await browser.keys("Enter");
    await browser.waitUntil(async () => (await picker.getValue()) === `Councillor ${name}`, { timeout: 5000 });
    await click(await browser.$("button=Add member"));
    await waitForText("[data-testid=memberships]", `Councillor ${name}`);
  }
  await waitForText("[data-testid=memberships]", "Members today (9)");
  const memberships = await (await browser.$("[data-testid=memberships]")).getText();
  assert.match(memberships, new RegExp(`Councillor ${chair}\\s*Chair`), memberships);
  await shot("committee.png");
  await (await browser.$("[data-testid=template]")).scrollIntoView({ block: "start" });
  await browser.pause(150);
  await browser.saveScreenshot(path.join(shots, "committee-template.png"));
  step("committee: created, nine members, Councillor G Duggins in the chair");

  // A meeting from its template, then its public pack's front sheet.
  const setUpDate = thursdayIn(40);
  await click(await browser.$("a=Home"));
  const committeeSelect = await browser.$("#new-committee");
  await (await browser.$("#new-committee option")).waitForExist({ timeout: 5000 });
  await setInput(committeeSelect, "Planning Committee");
  await setInput(await browser.$("#new-date"), setUpDate);
  assert.equal(await (await browser.$("#new-venue")).getAttribute("placeholder"), "Committee Room 3 - Council House");
  await click(await browser.$("button=Create meeting"));
  await browser.waitUntil(async () => /#\/meetings\/\d+\/agenda$/.test(await browser.getUrl()), {
    timeout: 10000,
    timeoutMsg: "the new meeting did not open",
  });
  const setUpId = Number((await browser.getUrl()).match(/meetings\/(\d+)/)[1]);
  await (await browser.$("[data-testid=public-items]")).waitForDisplayed({ timeout: 10000 });
  const items = await (await browser.$("[data-testid=public-items]")).getText();
  assert.ok(/Apologies/.test(items) && /Declarations/.test(items), `the standard items: ${items}`);
  await waitForText("[data-testid=meeting-header]", "Committee Room 3 - Council House");

  // Reschedule it a week later: the header and the deadline follow.
  const deadlineBefore = await (await browser.$("[data-testid=meeting-header]")).getText();
  await click(await browser.$("button=Reschedule…"));
  const newDate = thursdayIn(47);
  await setInput(await browser.$("#reschedule-date"), newDate);
  await browser.pause(150);
  await browser.saveScreenshot(path.join(shots, "meeting-reschedule.png"));
  await click(await browser.$("button=Reschedule"));
  await browser.waitUntil(async () => (await (await browser.$("[data-testid=meeting-header]")).getText()) !== deadlineBefore, {
    timeout: 10000,
    timeoutMsg: "the header did not follow the new date",
  });
  step(`meeting ${setUpId}: made from the template, rescheduled to ${newDate}`);

  await click(await browser.$("a=Packs"));
  await click(await browser.$("[data-testid=generate-public]"));
  const made = await browser.$("[data-testid=generated]");
  await made.waitForDisplayed({ timeout: 60000 });
  const packFile = (await made.getText()).match(/saved as (\S+\.pdf)/)[1];
  const front = spawnSync("pdftotext", ["-f", "1", "-l", "2", packFile, "-"], { encoding: "utf8" });
  assert.equal(front.status, 0, front.stderr);
  const flat = front.stdout.replace(/\s+/g, " ");
  const bySurname = councillors.filter((n) => n !== chair).sort((a, b) => a.split(" ").at(-1).localeCompare(b.split(" ").at(-1)));
  const expectedLine = `Membership: Councillors ${chair} (Chair), ${bySurname.slice(0, -1).join(", ")} and ${bySurname.at(-1)}`;
  assert.ok(flat.includes(expectedLine), `the front sheet reads “${expectedLine}”:\n${flat}`);
  assert.ok(flat.includes("Carolyn Sinclair"), "the contact officer is on the front sheet");
  step(`front sheet: “${expectedLine}”`);

  // Delete the draft, then Undo puts it back.
  await click(await browser.$("a=Agenda"));
  await click(await browser.$("button=Delete draft"));
  await waitForText("[data-testid=toast]", "Deleted the draft meeting of Planning Committee");
  await click(await (await browser.$("[data-testid=toast]")).$("button=Undo"));
  await browser.waitUntil(async () => (await browser.getUrl()).endsWith(`#/meetings/${setUpId}`), {
    timeout: 10000,
    timeoutMsg: "Undo did not bring the meeting back",
  });
  await (await browser.$("[data-testid=public-items]")).waitForDisplayed({ timeout: 10000 });
  step("deleted the draft and undid it");
  console.log(`ok   e2e: council set-up on an empty database; screenshots in ${shots}`);
} catch (error) {
  failed = true;
  console.log(`FAIL e2e (council set-up)\n${error.stack ?? error}`);
} finally {
  await browser?.deleteSession().catch(() => {});
  driver2.kill();
  await rm(setUpDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
