import { describe, expect, it } from "vitest";
import type { PersonDetail } from "../../src/bindings/PersonDetail";
import { keyFor, blankPerson, cleanPerson, fold, matches, personForm, personProblem, postLine, search } from "../../src/lib/people";

const person = (over: Partial<PersonDetail>): PersonDetail => ({
  key: "x",
  kind: "councillor",
  name: "X",
  displayName: "Councillor X",
  group: null,
  jobTitle: null,
  serviceArea: null,
  email: null,
  phone: null,
  retiredOn: null,
  ...over,
});

const thomas = person({ key: "ce-thomas", name: "CE Thomas", displayName: "Councillor CE Thomas", group: "Labour" });
const robinson = person({
  key: "tom-robinson",
  kind: "officer",
  name: "Tom Robinson",
  displayName: "Tom Robinson",
  jobTitle: "Governance Services Officer",
  serviceArea: "Law and Governance",
  email: "tom.robinson@coventry.gov.uk",
});
const obrien = person({ key: "s-obrien", name: "Seán O'Brien", displayName: "Councillor Seán O'Brien" });
const gone = person({
  key: "a-abbott",
  name: "A Abbott",
  displayName: "Councillor A Abbott",
  retiredOn: { date: "2024-05-01", text: "Wednesday, 1st May, 2024" },
});

describe("search as you type", () => {
  it("matches each word from the start of a name, group, post or e-mail", () => {
    expect(matches(thomas, "thom")).toBe(true);
    expect(matches(thomas, "labour th")).toBe(true);
    expect(matches(thomas, "homas")).toBe(false);
    expect(matches(robinson, "governance rob")).toBe(true);
    expect(matches(robinson, "coventry")).toBe(true);
    expect(matches(robinson, "thom")).toBe(false);
    expect(matches(thomas, "   ")).toBe(true);
  });
  it("ignores accents, case and apostrophes", () => {
    expect(fold("Seán O'Brien")).toBe("sean obrien");
    expect(matches(obrien, "SEAN obr")).toBe(true);
  });
  it("lists current people before retired ones, by surname", () => {
    expect(search([thomas, gone, robinson, obrien], "").map((p) => p.key)).toEqual([
      "s-obrien",
      "tom-robinson",
      "ce-thomas",
      "a-abbott",
    ]);
    expect(search([thomas, gone], "", false).map((p) => p.key)).toEqual(["ce-thomas"]);
  });
});

describe("the person form", () => {
  it("round-trips a person and keeps only the fields of their kind", () => {
    const form = personForm(robinson);
    expect(form.jobTitle).toBe("Governance Services Officer");
    expect(cleanPerson({ ...form, group: "Labour", name: "  Tom   Robinson " })).toEqual({
      ...form,
      name: "Tom Robinson",
      group: "",
    });
    const councillor = cleanPerson({ ...personForm(thomas), jobTitle: "Chair of Governors" });
    expect(councillor.jobTitle).toBe("");
    expect(councillor.group).toBe("Labour");
  });
  it("says what is missing or wrong", () => {
    expect(personProblem(blankPerson())).toBe("Enter the person's name.");
    expect(personProblem({ ...blankPerson(), name: "Councillor CE Thomas" })).toMatch(/without “Councillor”/);
    expect(personProblem({ ...blankPerson("officer"), name: "Councillor Liaison" })).toBeNull();
    expect(personProblem({ ...blankPerson(), name: "A Khan", email: "a.khan" })).toBe("“a.khan” is not an e-mail address.");
    expect(personProblem({ ...blankPerson(), name: "A Khan", email: "a.khan@coventry.gov.uk" })).toBeNull();
  });
  it("shows a group or a post, and nothing made up", () => {
    expect(postLine(thomas)).toBe("Labour");
    expect(postLine(obrien)).toBe("");
    expect(postLine(robinson)).toBe("Governance Services Officer, Law and Governance");
  });
});

describe("keys of new people", () => {
  it("are made from the name, unique in the directory", () => {
    expect(keyFor("CE Thomas", [])).toBe("ce-thomas");
    expect(keyFor("Seán O'Brien", [])).toBe("sean-obrien");
    expect(keyFor("CE Thomas", ["ce-thomas", "ce-thomas-2"])).toBe("ce-thomas-3");
  });
});
