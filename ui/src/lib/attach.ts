// Reports being attached, one file after another: what the shell tells as
// each file starts and lands, turned into what the clerk sees.

import type { AttachStep } from "../bindings/AttachStep";
import type { AttachStage } from "../bindings/AttachStage";
import type { ReportLine } from "../bindings/ReportLine";

/** One file reached so far. */
export type AttachRow = { fileName: string; stage: AttachStage; message: string };

/** The files of one "Add report…" or drop: how many, and those reached so far, in order. */
export type AttachProgress = { total: number; rows: AttachRow[] };

/** Nothing being attached. */
export const idle: AttachProgress = { total: 0, rows: [] };

/** The progress once `step` has been heard (a new row, or a row's new stage). */
export function applyStep(progress: AttachProgress, step: AttachStep): AttachProgress {
  const rows = progress.rows.slice();
  rows[step.index] = { fileName: step.fileName, stage: step.stage, message: step.message };
  // A row not heard of yet (a message lost or out of order) is not left a hole.
  for (let i = 0; i < rows.length; i++) {
    rows[i] ??= { fileName: "", stage: "working", message: "" };
  }
  return { total: Math.max(step.total, progress.total), rows };
}

/** Files finished, attached or not. */
export function finished(progress: AttachProgress): number {
  return progress.rows.filter((r) => r.stage !== "working").length;
}

/** Whether every file has been dealt with. */
export function isDone(progress: AttachProgress): boolean {
  return progress.total > 0 && finished(progress) === progress.total;
}

/**
 * The line over the progress bar: "File 2 of 3: report.docx" while working,
 * "All 3 files dealt with: 2 attached, 1 not attached" at the end.
 */
export function progressLabel(progress: AttachProgress): string {
  const { total, rows } = progress;
  if (total === 0) return "";
  if (isDone(progress)) {
    const attached = rows.filter((r) => r.stage === "attached").length;
    const refused = total - attached;
    const parts = [`${attached} attached`];
    if (refused > 0) parts.push(`${refused} not attached`);
    const files = total === 1 ? "The file" : `All ${total} files`;
    return `${files} dealt with: ${parts.join(", ")}`;
  }
  const current = rows.findIndex((r) => r.stage === "working");
  const at = current >= 0 ? current : rows.length;
  const name = rows[at]?.fileName;
  return name ? `File ${at + 1} of ${total}: ${name}` : `File ${Math.min(at + 1, total)} of ${total}`;
}

/** The word beside each file. */
export function stageLabel(stage: AttachStage): string {
  switch (stage) {
    case "working":
      return "In progress";
    case "attached":
      return "Attached";
    case "refused":
      return "Not attached";
  }
}

/**
 * What intake did to a report, for its row: "Converted from Word by
 * LibreOffice 7.4; original kept: report.docx", "Repaired on intake;
 * original kept: scan.pdf"; `null` when the PDF is the file as attached.
 */
export function intakeNoteText(report: Pick<ReportLine, "intakeNote" | "originalFileName">): string | null {
  const note = report.intakeNote?.trim();
  if (!note) return null;
  const said = note.charAt(0).toUpperCase() + note.slice(1);
  return report.originalFileName ? `${said}; original kept: ${report.originalFileName}` : said;
}
