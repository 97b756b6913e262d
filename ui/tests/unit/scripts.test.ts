// scripts/check-node.sh (run by scripts/setup-debian.sh): a Node.js older
// than 20.19 is refused with what to install.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const script = path.resolve(__dirname, "../../../scripts/check-node.sh");

/** Runs the check with a fake `node` printing `version` (and an npm). */
function check(version: string | null) {
  const bin = mkdtempSync(path.join(tmpdir(), "fake-node-"));
  if (version !== null) {
    writeFileSync(path.join(bin, "node"), `#!/bin/sh\necho ${version}\n`);
    chmodSync(path.join(bin, "node"), 0o755);
  }
  writeFileSync(path.join(bin, "npm"), "#!/bin/sh\nexit 0\n");
  chmodSync(path.join(bin, "npm"), 0o755);
  return spawnSync("/bin/bash", [script], {
    encoding: "utf8",
    env: { PATH: bin, HOME: bin },
  });
}

describe("check-node.sh", () => {
  it("accepts Node.js 20.19 and newer", () => {
    for (const v of ["v20.19.0", "v20.20.1", "v22.13.0", "v24.1.0"]) {
      const run = check(v);
      expect(run.status, `${v}: ${run.stderr}`).toBe(0);
    }
  });
  it("refuses Debian 12's Node.js 18 and 20 before .19, saying what to install", () => {
    for (const v of ["v18.19.0", "v20.18.3", "v12.22.12"]) {
      const run = check(v);
      expect(run.status, v).toBe(1);
      expect(run.stderr).toContain("needs Node.js 20.19 or newer");
      expect(run.stderr).toContain(`found ${v}`);
      expect(run.stderr).toContain("NodeSource");
    }
  });
  it("says so when there is no node at all", () => {
    const run = check(null);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('no "node" on PATH');
  });
});
