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
const openday = require(process.env.OPENDAY_WASM_PKG ?? join(here, "..", "pkg"));
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
  assert.equal(roster.day(), undefined);
  for (const s of V.segments_ended) {
    roster.segmentEnded({ segment: s.segment, endedAt: s.ended_at, startedAt: s.started_at }, "desk");
  }
  assert.equal(roster.day().windowHolds, V.expect.day.window_holds);
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
  assert.deepEqual(snake(r.day), e.day);
  // Without the roster: no attendance, the same registrations.
  const plain = openday.review(plan, report, drawn, ledger, V.as_of);
  assert.equal(plain.attendance, null);
  assert.equal((r.html.match(/<svg/g) ?? []).length, 5);
  assert.equal(plain.day, null);
});

/** camelCase keys back to the vector's snake_case. */
function snake(v) {
  if (Array.isArray(v)) return v.map(snake);
  if (v === null || typeof v !== "object") return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k.replace(/[A-Z]/g, (c) => "_" + c.toLowerCase()), snake(x)]));
}

test("segments end in order, each once", () => {
  const plan = openday.loadPlan(readFileSync(join(root, V.plan), "utf8"));
  const report = openday.screenCsv(plan, readFileSync(join(root, V.registrations), "utf8"), { pseudonymKey: openday.demoPseudonymKey() });
  const targets = openday.Targets.fromPlan(plan);
  const pool = openday.Pool.fromScreening(report, plan, targets);
  const roster = new openday.Roster(plan, pool, targets);
  const first = V.segments_ended[0];
  assert.throws(() => roster.segmentEnded({ segment: "nowhere", endedAt: first.ended_at }, "desk"), (e) => e.name === "ReplanError" && e.code === "unknown_segment");
  roster.segmentEnded({ segment: first.segment, endedAt: first.ended_at }, "desk");
  assert.throws(() => roster.segmentEnded({ segment: first.segment, endedAt: first.ended_at }, "desk"), (e) => e.name === "ReplanError" && e.code === "repeated");
  assert.equal(roster.entries().length, 1);
});
