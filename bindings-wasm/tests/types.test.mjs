// The declarations in openday.d.ts against the objects the package really
// returns: for each interface, every key an object has is declared, and
// every key declared without `?` is there. A renamed or added field in Rust
// without its declaration fails here.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const pkg = process.env.OPENDAY_WASM_PKG ?? join(here, "..", "pkg");
const require = createRequire(import.meta.url);
const openday = require(pkg);
const dts = readFileSync(join(pkg, "openday.d.ts"), "utf8");

/** The top-level properties of `export interface name { ... }`: name → optional. */
function declared(name) {
  const start = dts.indexOf(`export interface ${name} {`);
  assert.ok(start >= 0, `interface ${name} is declared`);
  const end = dts.indexOf("\n}", start);
  const props = new Map();
  const lines = dts.slice(start, end).split("\n").slice(1);
  // Top-level members are at the first member's indentation.
  const indent = /^\s*/.exec(lines.find((l) => /^\s+\w+\??:/.test(l)) ?? "")[0];
  for (const line of lines) {
    const m = new RegExp(`^${indent}(\\w+)(\\?)?:`).exec(line);
    if (m) props.set(m[1], m[2] === "?");
  }
  return props;
}

function conforms(name, value) {
  assert.ok(value && typeof value === "object", `${name}: an object`);
  const props = declared(name);
  for (const key of Object.keys(value)) assert.ok(props.has(key), `${name}.${key} is returned but not declared`);
  for (const [key, optional] of props) {
    if (!optional) assert.ok(key in value, `${name}.${key} is declared but not returned`);
  }
}

/** The string literals of a union type alias's `field: "…"` members. */
function literals(alias, field) {
  const start = dts.indexOf(`export type ${alias} =`);
  assert.ok(start >= 0, `type ${alias} is declared`);
  const end = dts.indexOf(";\n", dts.indexOf("\n", start) + 1);
  return new Set([...dts.slice(start, end).matchAll(new RegExp(`${field}: "(\\w+)"`, "g"))].map((m) => m[1]));
}

test("returned objects have exactly the declared keys", () => {
  const plan = openday.loadPlan(openday.examplePlanJson());
  const report = openday.screenCsv(plan, openday.exampleRegistrationsCsv(), { pseudonymKey: openday.demoPseudonymKey() });
  const targets = openday.Targets.fromPlan(plan);
  conforms("TargetsJson", targets.toJSON());
  conforms("SelectionPolicy", targets.toJSON().policy);
  const pool = openday.Pool.fromScreening(report, plan, targets);
  conforms("Origin", pool.origin(pool.candidates()[0].id));
  assert.equal(pool.origin("nobody"), null);
  const d = openday.draw(pool, targets, "types");
  conforms("DrawRecord", d.record());
  conforms("DrawQuota", d.quotas()[0]);
  conforms("DrawStats", d.stats());
  conforms("SupportPanel", d.support()[0]);
  const r = openday.replacement(pool, targets, d.panel, d.panel[0], d.reserves);
  conforms("Replacement", r);
  const gaps = openday.quotaGaps(pool, targets, d.panel.slice(5));
  assert.ok(gaps.length > 0);
  conforms("QuotaGap", gaps[0]);

  const roster = new openday.Roster(plan, pool, targets);
  roster.screened("2025-09-18T08:00:00+08:00", "team", report);
  roster.drawn("2025-09-18T09:00:00+08:00", "team", d.record());
  roster.call("2025-09-18T10:00:00+08:00", "caller", d.panel[0], "confirmed");
  roster.call("2025-09-18T10:00:00+08:00", "caller", d.panel[1], { outcome: "declined", reason: "away" });
  roster.checkIn("2025-09-24T14:30:00+08:00", "desk", d.panel[0]);
  roster.walkIn("2025-09-24T14:31:00+08:00", "desk", "walk-in 1");
  roster.segmentEnded({ segment: "check-in", endedAt: "2025-09-24T14:40:00+08:00" }, "site");
  roster.closeCheckIn("2025-09-24T15:30:00+08:00", "desk");
  const kinds = literals("JournalEvent", "type");
  for (const e of roster.entries()) {
    conforms("JournalEntry", e);
    assert.ok(kinds.has(e.event.type), `event type ${e.event.type} is declared`);
  }
  const statuses = new Set([...dts.slice(dts.indexOf("export type PersonStatus =")).split(";")[0].matchAll(/"(\w+)"/g)].map((m) => m[1]));
  for (const p of roster.people()) {
    conforms("Person", p);
    assert.ok(statuses.has(p.status), p.status);
  }
  conforms("CallSheetRow", roster.callSheet("2025-09-18T12:00:00+08:00", report)[0]);
  conforms("RosterRow", roster.checkInList(report)[0]);
  conforms("RosterRow", roster.confirmedRoster(report)[0]);
  conforms("Attendance", roster.attendance());
  conforms("AttendanceLine", roster.attendance().lines[0]);

  const scenario = JSON.parse(readFileSync(join(root, "testdata", "ledger", "scenario.json"), "utf8"));
  const ledger = openday.Ledger.replay(plan, scenario.events, openday.WorkCalendar.china());
  for (const c of ledger.cases()) conforms("LedgerCase", c);
  for (const c of ledger.records()) conforms("LedgerRecord", c);
  const lr = ledger.report(scenario.as_of);
  conforms("LedgerReport", lr);
  conforms("OverdueRow", lr.overdue[0]);
  conforms("UnitRow", lr.units[0]);

  const review = roster.review(plan, report, d, ledger, scenario.as_of);
  conforms("Review", review);
  conforms("SegmentOutcome", review.day.segments[0]);
  conforms("Attendance", review.attendance);

  const prep = new openday.Preparation(plan);
  for (const s of prep.duties()) {
    conforms("DutyState", s);
    conforms("Duty", s.duty);
  }
  const readiness = prep.readiness("2025-09-01T10:00:00+08:00");
  conforms("Readiness", readiness);
  conforms("DutyLine", readiness.blocking[0]);
  conforms("DutyTally", Object.values(readiness.byUnit)[0]);
  conforms("TaskSheet", prep.taskSheets()[0]);
  const guide = openday.registrationGuide(plan, "2025-09-01T10:00:00+08:00");
  conforms("RegistrationGuide", guide);
  for (const f of guide.fields) conforms("FormField", f);
});

test("no any in the public declarations", () => {
  const code = dts.split("\n").filter((l) => !/^\s*(\*|\/\/|\/\*\*)/.test(l)).join("\n");
  assert.deepEqual(code.match(/\bany\b/g) ?? [], []);
});
