// Confirmation, replacements and check-in through the wasm package (Node),
// with the journal exported and imported as JSON Lines.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const openday = require(process.env.OPENDAY_WASM_PKG ?? join(here, "..", "pkg"));

const plan = openday.loadPlan(openday.examplePlanJson());
const report = openday.screenCsv(plan, openday.exampleRegistrationsCsv(), { pseudonymKey: openday.demoPseudonymKey() });
const targets = openday.Targets.fromPlan(plan);
const pool = openday.Pool.fromScreening(report, plan, targets);
const drawn = openday.draw(pool, targets, "confirmation tests");
const panel = drawn.panel;

test("lifecycle, replacement, deadline release and check-in", () => {
  const roster = new openday.Roster(plan, pool, targets);
  assert.equal(roster.screened("2025-09-17T18:30:00+08:00", "报名组", report)[0].event.type, "screened");
  roster.drawn("2025-09-18T09:00:00+08:00", "报名组", drawn.record());
  assert.throws(
    () => roster.checkIn("2025-09-24T14:25:00+08:00", "签到", panel[0]),
    (e) => e.name === "RosterError" && e.code === "illegal_step" && /selected/.test(e.message),
  );
  roster.call("2025-09-18T10:00:00+08:00", "话务1", panel[0], "confirmed");
  const added = roster.call("2025-09-18T10:00:00+08:00", "话务1", panel[1], { outcome: "declined", reason: "出差" });
  assert.deepEqual(added.map((e) => e.event.type).slice(0, 2), ["called", "released"]);
  if (added[2].event.type === "offered") {
    assert.equal(added[2].event.keeps_quotas, true);
    const seated = roster.people().filter((p) => p.seat !== null).map((p) => p.id);
    assert.deepEqual(openday.quotaGaps(pool, targets, seated), []);
  }
  const sheet = roster.callSheet("2025-09-18T12:00:00+08:00", report);
  assert.ok(sheet.length > 0 && sheet.every((r) => r.phone === "" || r.phone.includes("*")));
  assert.throws(() => roster.releaseDue("2025-09-20T09:00:00+08:00", "办公室"), (e) => e.code === "deadline");
  roster.releaseDue(roster.deadline, "办公室");
  const confirmed = roster.confirmedRoster(report);
  assert.ok(confirmed.length >= 1 && confirmed.every((r) => r.name.includes("*")));
  assert.deepEqual(report.columns()[0], ["序号", "ignored"]);
  assert.ok(roster.people().filter((p) => p.seat !== null).every((p) => p.status === "confirmed"));
  roster.checkIn("2025-09-24T14:45:00+08:00", "签到", panel[0]);
  roster.walkIn("2025-09-24T14:46:00+08:00", "签到", "王*");
  roster.closeCheckIn("2025-09-24T15:10:00+08:00", "签到");
  const a = roster.attendance();
  assert.deepEqual([a.came, a.late, a.walkInsRefused], [1, 1, 1]);

  // Export, import (a torn last line is dropped), same state.
  const text = roster.exportJournal();
  assert.match(text, /^\{"openday_journal":2\}\n\{"hash":"[0-9a-f]{64}","record":/);
  const again = openday.Roster.importJournal(plan, pool, targets, text);
  assert.deepEqual(again.people(), roster.people());
  const torn = openday.Roster.importJournal(plan, pool, targets, text.slice(0, -9));
  assert.equal(torn.entries().length, roster.entries().length - 1);
  assert.throws(() => openday.Roster.importJournal(plan, pool, targets, '{"openday_journal":3}\n'), (e) => e.name === "JournalError" && e.code === "newer_format");
  assert.throws(() => roster.call("yesterday", "x", panel[2], "confirmed"), (e) => e.code === "invalid_argument");
  assert.throws(() => roster.call("2025-09-18T10:00:00+08:00", "x", panel[2], "maybe"), (e) => e.code === "invalid_argument" && /unknown call outcome/.test(e.message));
});
