// The post-event summary through the wasm package: the same figures as
// Rust and Python for the same inputs (testdata/review/vector.json).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const require = createRequire(import.meta.url);
const openday = require(process.env.OPENDAY_WASM_PKG ?? join(here, "..", "pkg-node", "openday.js"));
const V = JSON.parse(readFileSync(join(root, "testdata", "review", "vector.json"), "utf8"));

test("the shared review vector", () => {
  const plan = openday.loadPlan(readFileSync(join(root, V.plan), "utf8"));
  const report = openday.screenCsv(plan, readFileSync(join(root, V.registrations), "utf8"), { pseudonymKey: openday.demoPseudonymKey() });
  const targets = openday.Targets.fromPlan(plan);
  const pool = openday.Pool.fromScreening(report, plan, targets);
  const drawn = openday.draw(pool, targets, V.seed);
  const roster = new openday.Roster(plan, pool, targets);
  roster.drawn(V.drawn_at, "office", drawn.record());
  for (const p of drawn.panel.slice(0, V.confirm)) roster.call(V.call_at, "caller", p, "confirmed");
  for (const p of drawn.panel.slice(0, V.check_in)) roster.checkIn(V.check_in_at, "desk", p);
  const scenario = JSON.parse(readFileSync(join(root, V.ledger), "utf8"));
  const ledger = openday.Ledger.replay(plan, scenario.events, openday.WorkCalendar.china());
  const r = roster.review(plan, report, drawn, ledger, V.as_of);
  const e = V.expect;
  assert.deepEqual(r.registrations, e.registrations);
  assert.deepEqual(r.byChannel, e.by_channel);
  assert.deepEqual(r.topReasons, e.top_reasons);
  assert.equal(r.seats, e.seats);
  assert.deepEqual(r.opinionsByCategory, e.opinions_by_category);
  assert.deepEqual(r.ledgerCounts, e.ledger_counts);
  assert.equal(r.repliesOwed, e.replies_owed);
  assert.deepEqual(
    { satisfied: r.satisfaction.satisfied, fairly: r.satisfaction.fairly, not_satisfied: r.satisfaction.notSatisfied, unanswered: r.satisfaction.unanswered },
    e.satisfaction,
  );
  assert.deepEqual({ confirmed: r.attendance.confirmed, came: r.attendance.came }, e.attendance);
  assert.deepEqual(r.quotas.map((q) => [q.feature, q.value, q.drawn, q.came]), e.quotas.map((q) => [q.feature, q.value, q.drawn, q.came]));
  assert.ok(Math.abs(r.minProbability - e.min_probability) < 1e-9);
  // Without the roster: no attendance, the same registrations.
  const plain = openday.review(plan, report, drawn, ledger, V.as_of);
  assert.equal(plain.attendance, null);
  assert.equal((r.html.match(/<svg/g) ?? []).length, 4);
});
