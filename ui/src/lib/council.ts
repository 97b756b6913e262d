// Committee settings and memberships as the committee screen edits them.

import type { CommitteeDetail } from "../bindings/CommitteeDetail";
import type { CommitteeForm } from "../bindings/CommitteeForm";
import type { MembershipLine } from "../bindings/MembershipLine";
import type { Role } from "../bindings/Role";

/** The roles, in the order the papers list them. */
export const ROLES: { role: Role; label: string }[] = [
  { role: "chair", label: "Chair" },
  { role: "vice-chair", label: "Deputy Chair" },
  { role: "member", label: "Member" },
  { role: "substitute", label: "Substitute" },
  { role: "co-opted-voting", label: "Co-opted member (voting)" },
  { role: "co-opted-non-voting", label: "Co-opted member (non-voting)" },
];

export function roleLabel(role: Role): string {
  return ROLES.find((r) => r.role === role)?.label ?? role;
}

/** A blank form for a new committee (municipal year from 1 May, with Apologies). */
export function blankCommittee(): CommitteeForm {
  return {
    name: "",
    shortName: "",
    executive: false,
    yearStart: "05-01",
    quorum: null,
    defaultVenue: "",
    contactOfficer: "",
    apologiesItem: true,
  };
}

/** The form for editing `c`. */
export function committeeForm(c: CommitteeDetail): CommitteeForm {
  return {
    name: c.name,
    shortName: c.shortName ?? "",
    executive: c.executive,
    yearStart: c.yearStartValue,
    quorum: c.quorum,
    defaultVenue: c.defaultVenue ?? "",
    contactOfficer: c.contactOfficer?.key ?? "",
    apologiesItem: c.apologiesItem,
  };
}

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const DAYS_IN = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** "05-01" → { month: 5, day: 1 }, or null when it is no day of the year. */
export function parseYearStart(text: string): { month: number; day: number } | null {
  const m = /^(\d{2})-(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const month = Number(m[1]);
  const day = Number(m[2]);
  if (month < 1 || month > 12 || day < 1 || day > (DAYS_IN[month - 1] ?? 0)) return null;
  return { month, day };
}

/** { 5, 1 } → "05-01". */
export function yearStartValue(month: number, day: number): string {
  return `${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

export { MONTHS, DAYS_IN };

/** What is wrong with the form before it is sent, or null. */
export function committeeProblem(form: CommitteeForm): string | null {
  if (form.name.trim() === "") return "Enter the committee's name.";
  if (!parseYearStart(form.yearStart)) return "Choose the first day of the municipal year.";
  if (form.quorum !== null && (!Number.isInteger(form.quorum) || form.quorum < 1)) {
    return "The quorum is a whole number of members, at least 1.";
  }
  return null;
}

/** The form as sent: text trimmed. */
export function cleanCommittee(form: CommitteeForm): CommitteeForm {
  const t = (s: string) => s.trim().replace(/\s+/g, " ");
  return {
    ...form,
    name: t(form.name),
    shortName: t(form.shortName),
    defaultVenue: t(form.defaultVenue),
    contactOfficer: form.contactOfficer.trim(),
  };
}

/** Memberships split into those that hold today (in the papers' order,
 * as the core gives them), future ones, and past ones (latest first). */
export function splitMemberships(list: readonly MembershipLine[], today: string) {
  const current = list.filter((m) => m.current);
  const future = list.filter((m) => !m.current && m.from !== null && m.from.date > today);
  const past = list
    .filter((m) => !m.current && !(m.from !== null && m.from.date > today))
    .sort((a, b) => (b.to?.date ?? "").localeCompare(a.to?.date ?? ""));
  return { current, future, past };
}

/** Today as "2024-11-28" in local time. */
export function isoToday(now: Date = new Date()): string {
  const y = now.getFullYear();
  const m = String(now.getMonth() + 1).padStart(2, "0");
  const d = String(now.getDate()).padStart(2, "0");
  return `${y}-${m}-${d}`;
}
