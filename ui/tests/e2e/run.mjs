// End-to-end through the real window: tauri-driver (WebDriver on port 4444)
// starts WebKitWebDriver, which starts the app binary with a fresh temporary
// database; the demo meetings must be listed. Saves docs/screenshots/home.png.
//
// Run under a display, e.g.  xvfb-run -a npm run e2e
// First it builds what it tests: the UI (vite build) and the app binary with
//   cargo build -p agendapack-desktop --features tauri/custom-protocol
// so the binary loads the bundled UI rather than the dev server (a plain
// `cargo build` binary shows nothing to WebDriver). Set AGENDAPACK_APP to
// test a binary you built yourself (no build step then); TAURI_DRIVER to
// use another tauri-driver.

import { spawn, spawnSync } from "node:child_process";
import { mkdtemp, mkdir, rm, stat } from "node:fs/promises";
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
const screenshot = path.join(repo, "docs/screenshots/home.png");

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
const env = { ...process.env, AGENDAPACK_DB: path.join(dataDir, "agendapack.sqlite3") };

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

const driver = spawn(driverPath, ["--native-driver", "/usr/bin/WebKitWebDriver"], {
  env,
  stdio: ["ignore", "inherit", "inherit"],
});
let browser;
let failed = false;
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
  const visibleAfter = Date.now() - launched;

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

  await mkdir(path.dirname(screenshot), { recursive: true });
  await browser.saveScreenshot(screenshot);

  // Settings shows the temporary database, so the app really used it.
  await (await browser.$("a=Settings")).click();
  const dbPath = await browser.$("[data-testid=database-path]");
  await dbPath.waitForDisplayed({ timeout: 5000 });
  assert.equal(await dbPath.getText(), env.AGENDAPACK_DB);

  console.log(`ok   e2e: launch to meetings list visible in ${visibleAfter} ms; screenshot ${screenshot}`);
} catch (error) {
  failed = true;
  console.log(`FAIL e2e\n${error.stack ?? error}`);
} finally {
  await browser?.deleteSession().catch(() => {});
  driver.kill();
  await rm(dataDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
