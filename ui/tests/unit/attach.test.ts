import { describe, expect, it } from "vitest";
import { applyStep, finished, idle, intakeNoteText, isDone, progressLabel, stageLabel } from "../../src/lib/attach";
import type { AttachStep } from "../../src/bindings/AttachStep";

const step = (index: number, stage: AttachStep["stage"], fileName: string, message = ""): AttachStep => ({
  index,
  total: 3,
  fileName,
  stage,
  message,
  report: null,
});

describe("attaching several files, one after another", () => {
  it("adds a row as each file starts and changes it as the file lands", () => {
    let p = applyStep(idle, step(0, "working", "report.docx", "Converting a Word document to PDF"));
    expect(p.total).toBe(3);
    expect(p.rows).toEqual([{ fileName: "report.docx", stage: "working", message: "Converting a Word document to PDF" }]);
    expect(progressLabel(p)).toBe("File 1 of 3: report.docx");
    expect(finished(p)).toBe(0);

    p = applyStep(p, step(0, "attached", "report.docx", "Attached: 3 pages"));
    expect(p.rows[0]?.stage).toBe("attached");
    expect(finished(p)).toBe(1);
    expect(progressLabel(p)).toBe("File 2 of 3");

    p = applyStep(p, step(1, "working", "notes.pdf", "Checking the file"));
    expect(progressLabel(p)).toBe("File 2 of 3: notes.pdf");
    p = applyStep(p, step(1, "refused", "notes.pdf", "Not added to item 52: ‘notes.pdf’ is not a PDF"));
    p = applyStep(p, step(2, "working", "figures.xlsx"));
    expect(isDone(p)).toBe(false);
    p = applyStep(p, step(2, "attached", "figures.xlsx"));
    expect(isDone(p)).toBe(true);
    expect(progressLabel(p)).toBe("All 3 files dealt with: 2 attached, 1 not attached");
    expect(p.rows.map((r) => r.fileName)).toEqual(["report.docx", "notes.pdf", "figures.xlsx"]);
  });

  it("does not change the progress it was given", () => {
    const before = applyStep(idle, step(0, "working", "a.docx"));
    applyStep(before, step(0, "attached", "a.docx"));
    expect(before.rows[0]?.stage).toBe("working");
  });

  it("leaves no hole when a file's start was not heard", () => {
    const p = applyStep(idle, step(1, "attached", "b.pdf"));
    expect(p.rows).toHaveLength(2);
    expect(p.rows[0]?.stage).toBe("working");
    expect(isDone(p)).toBe(false);
  });

  it("says one file in the singular, and nothing before the first step", () => {
    const one = applyStep(idle, { ...step(0, "attached", "a.pdf"), total: 1 });
    expect(progressLabel(one)).toBe("The file dealt with: 1 attached");
    expect(progressLabel(idle)).toBe("");
    expect(isDone(idle)).toBe(false);
  });

  it("names each stage for the clerk", () => {
    expect(stageLabel("working")).toBe("In progress");
    expect(stageLabel("attached")).toBe("Attached");
    expect(stageLabel("refused")).toBe("Not attached");
  });
});

describe("the intake note on a report's row", () => {
  it("says what intake did and which original is kept", () => {
    expect(intakeNoteText({ intakeNote: "repaired on intake", originalFileName: "scan.pdf" })).toBe(
      "Repaired on intake; original kept: scan.pdf",
    );
    expect(
      intakeNoteText({ intakeNote: "converted from Word by LibreOffice 7.4", originalFileName: "report.docx" }),
    ).toBe("Converted from Word by LibreOffice 7.4; original kept: report.docx");
    expect(intakeNoteText({ intakeNote: "decrypted on intake (owner password only)", originalFileName: null })).toBe(
      "Decrypted on intake (owner password only)",
    );
  });

  it("says nothing of a PDF stored as attached", () => {
    expect(intakeNoteText({ intakeNote: null, originalFileName: null })).toBeNull();
    expect(intakeNoteText({ intakeNote: "  ", originalFileName: "x.pdf" })).toBeNull();
  });
});
