// The working calendar and the feedback ledger through the wasm package (Node).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const openday = require(process.env.OPENDAY_WASM_PKG ?? join(here, "..", "pkg"));
const plan = openday.loadPlan(openday.examplePlanJson());
const DAY = "2025-09-24T17:30:00+08:00";
const ev = (at, action) => ({ at, actor: "办公室", action });
const form = (id, categories) =>
  ev(DAY, {
    action: "form_received",
    form: { id, participant: "row-1", contact_name: "张三丰", contact_phone: "13800000007", points: categories.map((c) => ({ category: c, text: `${c}问题` })) },
  });

test("the calendar knows holidays and make-up working days", () => {
  const cal = openday.WorkCalendar.china();
  assert.equal(cal.addWorkingDays("2025-09-28", 5), "2025-10-11");
  assert.equal(cal.isWorkingDay("2026-02-28"), true);
  assert.ok(cal.holiday("2025-10-01"));
  assert.equal(cal.holiday("2025-09-28"), undefined);
  assert.throws(() => cal.isWorkingDay("2027-01-04"), (e) => e.name === "CalendarError" && e.code === "year_not_covered");
});

test("the ledger: triage, lifecycle, report, replay, masking", () => {
  const ledger = new openday.Ledger(plan);
  for (const e of [
    form("F1", ["street-lights", "greening", "digital"]),
    ev(DAY, { action: "answered_on_spot", point: "F1-3", answer: "现场演示", unit: "command-centre" }),
    ev(DAY, { action: "filed", point: "F1-1" }),
    ev(DAY, { action: "filed", point: "F1-2" }),
    ev("2025-09-25T17:30:00+08:00", { action: "started", point: "F1-2" }),
    ev("2025-09-26T17:30:00+08:00", { action: "resolved", point: "F1-2", result: "已补植" }),
  ]) {
    ledger.apply(e);
  }
  const cases = Object.fromEntries(ledger.cases().map((c) => [c.id, c]));
  assert.equal(cases["F1-3"].status, "closed");
  assert.equal(cases["F1-1"].due, "2025-09-30T18:00:00+08:00");
  const report = ledger.report("2025-10-24T09:00:00+08:00");
  assert.deepEqual(report.overdue.map((o) => [o.point, o.lateWorkingDays]), [["F1-1", 13]]);
  assert.deepEqual(report.replies.map((r) => r.point), ["F1-2"]);
  const again = new openday.Ledger(plan);
  for (const e of ledger.events()) again.apply(e);
  assert.deepEqual(again.cases(), ledger.cases());
  assert.ok(ledger.toCsv().includes("138****0007") && !ledger.toCsv().includes("13800000007"));
  assert.ok(ledger.toCsv(true).includes("13800000007"));
  assert.throws(
    () => ledger.apply(ev("2025-10-01T09:00:00+08:00", { action: "citizen_informed", point: "F1-1", via: "phone" })),
    (e) => e.name === "LedgerError" && e.code === "illegal_transition" && e.point === "F1-1" && /is assigned: it cannot be citizen_informed/.test(e.message) &&
      e.messageZh === "台账操作未被接受：F1-1 当前为“已交办”，不能告知市民",
  );
  assert.throws(() => ledger.apply({ at: "yesterday", actor: "x", action: { action: "started", point: "F1-1" } }), TypeError);
});

test("shared calendar table and ledger scenario", async () => {
  const { readFileSync } = await import("node:fs");
  const root = join(here, "..", "..", "testdata");
  const table = JSON.parse(readFileSync(join(root, "calendar", "cn-working-days.json"), "utf8"));
  const cal = openday.WorkCalendar.china();
  for (const c of table.add) assert.equal(cal.addWorkingDays(c.start, c.n), c.expect, c.why);
  for (const c of table.working) assert.equal(cal.isWorkingDay(c.date), c.expect, c.date);
  const scenario = JSON.parse(readFileSync(join(root, "ledger", "scenario.json"), "utf8"));
  const ledger = new openday.Ledger(plan);
  for (const e of scenario.events) ledger.apply(e);
  const cases = ledger.cases();
  assert.deepEqual(Object.fromEntries(cases.map((c) => [c.id, c.status])), scenario.expect.status);
  assert.deepEqual(Object.fromEntries(cases.filter((c) => c.due).map((c) => [c.id, c.due])), scenario.expect.due);
  const report = ledger.report(scenario.as_of);
  const again = openday.Ledger.replay(plan, scenario.events);
  assert.deepEqual(again.cases(), cases);
  for (const c of cases) {
    assert.equal(again.status(c.id), c.status);
    assert.equal(again.due(c.id), c.due ?? undefined);
  }
  assert.equal(again.reportText(scenario.as_of), ledger.reportText(scenario.as_of));
  assert.match(ledger.reportText(scenario.as_of), /Overdue/);
  assert.deepEqual(report.overdue.map((o) => [o.point, o.lateWorkingDays]), scenario.expect.overdue);
  assert.deepEqual(report.replies.map((r) => r.point), scenario.expect.replies);
  // Data keys (state codes) stay as the core and the journal write them.
  const states = new Set(cases.map((c) => c.status));
  for (const row of report.categories) {
    for (const key of Object.keys(row.byStatus)) assert.ok(states.has(key), `${key} is a state code`);
  }
});
