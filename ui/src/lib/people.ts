// The people directory: search-as-you-type, the add/edit form, labels.

import type { PersonDetail } from "../bindings/PersonDetail";
import type { PersonForm } from "../bindings/PersonForm";
import type { PersonKind } from "../bindings/PersonKind";

/** The kinds of person, in the order the form offers them. */
export const PERSON_KINDS: { kind: PersonKind; label: string }[] = [
  { kind: "councillor", label: "Councillor" },
  { kind: "co-opted", label: "Co-opted member" },
  { kind: "officer", label: "Officer" },
  { kind: "other", label: "Other" },
];

/** "Councillor", "Co-opted member", "Officer", "Other". */
export function kindLabel(kind: PersonKind): string {
  return PERSON_KINDS.find((k) => k.kind === kind)?.label ?? kind;
}

/** Lower case without accents or punctuation, for matching what is typed. */
export function fold(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9@.\s-]/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

/** Whether `person` matches every word of `query` (in their name, group,
 * job title, service area or e-mail; a word matches from the start of one). */
export function matches(person: PersonDetail, query: string): boolean {
  const words = fold(query).split(" ").filter((w) => w.length > 0);
  if (words.length === 0) return true;
  const haystack = [
    person.displayName,
    person.group ?? "",
    person.jobTitle ?? "",
    person.serviceArea ?? "",
    person.email ?? "",
  ]
    .map(fold)
    .join(" ")
    .split(/[\s.@-]+/);
  return words.every((w) => haystack.some((h) => h.startsWith(w)));
}

/** People matching `query`, current before retired, then by surname. */
export function search(people: PersonDetail[], query: string, includeRetired = true): PersonDetail[] {
  return people
    .filter((p) => (includeRetired || p.retiredOn === null) && matches(p, query))
    .sort(
      (a, b) =>
        Number(a.retiredOn !== null) - Number(b.retiredOn !== null) ||
        surname(a.name).localeCompare(surname(b.name), "en-GB") ||
        a.name.localeCompare(b.name, "en-GB"),
    );
}

/** The last word of a name: "Thomas" of "CE Thomas". */
export function surname(name: string): string {
  const words = name.trim().split(/\s+/);
  return words[words.length - 1] ?? name;
}

/** A blank form for a new person. */
export function blankPerson(kind: PersonKind = "councillor"): PersonForm {
  return { key: "", kind, name: "", group: "", jobTitle: "", serviceArea: "", email: "", phone: "" };
}

/** The form for editing `p`. */
export function personForm(p: PersonDetail): PersonForm {
  return {
    key: p.key,
    kind: p.kind,
    name: p.name,
    group: p.group ?? "",
    jobTitle: p.jobTitle ?? "",
    serviceArea: p.serviceArea ?? "",
    email: p.email ?? "",
    phone: p.phone ?? "",
  };
}

/** The form as sent: trimmed, and only the fields that apply to its kind
 * (a councillor's job title, an officer's group are dropped). */
export function cleanPerson(form: PersonForm): PersonForm {
  const t = (s: string) => s.trim().replace(/\s+/g, " ");
  const officer = form.kind === "officer";
  return {
    key: t(form.key),
    kind: form.kind,
    name: t(form.name),
    group: form.kind === "councillor" ? t(form.group) : "",
    jobTitle: officer ? t(form.jobTitle) : "",
    serviceArea: officer ? t(form.serviceArea) : "",
    email: t(form.email),
    phone: t(form.phone),
  };
}

/** What is missing before the form can be sent, or null. */
export function personProblem(form: PersonForm): string | null {
  if (form.name.trim() === "") return "Enter the person's name.";
  if (form.kind === "councillor" && /^councillor\b/i.test(form.name.trim())) {
    return "Enter the name without “Councillor”: the papers add it.";
  }
  const email = form.email.trim();
  if (email !== "" && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return `“${email}” is not an e-mail address.`;
  return null;
}

/** Their political group, or job title and service area; empty when none is recorded. */
export function postLine(p: PersonDetail): string {
  switch (p.kind) {
    case "councillor":
      return p.group ?? "";
    case "officer":
      return [p.jobTitle, p.serviceArea].filter((s) => s).join(", ");
    case "co-opted":
    case "other":
      return "";
  }
}

/** One line under a person's name in a picker: their group, or job title and service area, else their kind. */
export function personSummary(p: PersonDetail): string {
  switch (p.kind) {
    case "councillor":
      return p.group ?? "Councillor";
    case "officer":
      return [p.jobTitle, p.serviceArea].filter((s) => s).join(", ") || "Officer";
    case "co-opted":
      return "Co-opted member";
    case "other":
      return "Other";
  }
}

/** A key for a new person from their name, unique among `taken`: "CE Thomas" → "ce-thomas". */
export function keyFor(name: string, taken: readonly string[]): string {
  const base =
    fold(name)
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "") || "person";
  let key = base;
  for (let n = 2; taken.includes(key); n++) key = `${base}-${n}`;
  return key;
}
