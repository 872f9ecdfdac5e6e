// Re-planning, postponement and exports through the wasm package (Node).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const openday = require(process.env.OPENDAY_WASM_PKG ?? join(here, "..", "pkg"));
const plan = openday.loadPlan(openday.examplePlanJson());
const hm = (iso) => iso.slice(11, 16);

test("slack and transport", () => {
  assert.deepEqual(plan.timetable().map((s) => s.slackMinutes), [0, 0, 0, 0, 0, 0]);
  const need = plan.transport();
  assert.equal(need.vehicleCount, 1);
  assert.deepEqual(need.vehicles, [{ vehicle: "大巴", seats: 45, count: 1 }]);
  assert.equal(need.fits, true);
  assert.deepEqual(need.legs, ["site-1", "site-2", "site-3", "site-4"]);
});

test("a 15-minute overrun at site 2 is absorbed before the discussion", () => {
  const r = plan.replan([
    { segment: "check-in", endedAt: "2025-09-24T14:40:00+08:00" },
    { segment: "site-1", endedAt: new Date("2025-09-24T07:20:00Z") },
    { segment: "site-2", endedAt: "2025-09-24T16:15:00+08:00" },
  ]);
  assert.deepEqual(r.timetable.slice(3).map((s) => [s.id, hm(s.startsAt), hm(s.endsAt), s.actual]), [
    ["site-3", "16:15", "16:35", false],
    ["site-4", "16:35", "17:00", false],
    ["discussion", "17:00", "18:00", false],
  ]);
  assert.ok(r.windowHolds);
  assert.equal(r.newEnd, "2025-09-24T18:00:00+08:00");
  assert.deepEqual(r.changes.map((c) => [c.segment, c.shiftMinutes, c.shortenedMinutes]), [["site-3", 15, 10], ["site-4", 5, 5]]);
  assert.throws(() => plan.replan([{ segment: "site-1", endedAt: "2025-09-24T15:20:00+08:00" }]), (e) => e.name === "ReplanError" && e.code === "out_of_order");
  assert.throws(() => plan.replan([{ segment: "check-in", endedAt: "14:40" }]), (e) => e instanceof TypeError);
});

test("postponement with notice, change set and who to tell", () => {
  const moved = plan.postpone("2025-09-26", "2025-09-23T14:20:00+08:00", "09:00");
  assert.equal(moved.newStart, "2025-09-26T09:00:00+08:00");
  assert.equal(moved.plan.startsAt, "2025-09-26T09:00:00+08:00");
  assert.deepEqual(moved.changes()[0], { field: "day.date", from: "2025-09-24", to: "2025-09-26" });
  assert.ok(moved.notify().some((n) => n.audience === "unit" && n.id === "office"));
  assert.throws(() => plan.postpone("2025-09-26", new Date("2025-09-23T07:00:00Z")), (e) => e.name === "PostponeError" && e.code === "notice_too_short");
  const back = moved.plan.postpone("2025-09-24", "2025-09-20T00:00:00+08:00", "14:20");
  assert.equal(back.plan.summary(), plan.summary());
});

test("exports: iCalendar, run sheets, SVG timeline", () => {
  const ics = plan.toIcal("2025-09-01T00:00:00Z");
  const lines = ics.replaceAll("\r\n ", "").split("\r\n");
  assert.ok(lines.includes("DTSTAMP:20250901T000000Z"));
  assert.ok(lines.includes("DTSTART;TZID=Asia/Shanghai:20250924T170000"));
  assert.equal(lines.filter((l) => l === "BEGIN:VEVENT").length, 6);
  assert.ok(ics.split("\r\n").every((l) => new TextEncoder().encode(l).length <= 75));
  const sheets = plan.runSheets();
  assert.ok(sheets.find((s) => s.unit === "gardens").markdown.includes("观摩点一：大原广场"));
  const svg = plan.timelineSvg([{ segment: "check-in", endedAt: "2025-09-24T14:45:00+08:00" }]);
  assert.equal((svg.match(/<g class="segment"/g) ?? []).length, 6);
  assert.equal((svg.match(/class="actual"/g) ?? []).length, 1);
  assert.equal((svg.match(/class="replanned"/g) ?? []).length, 5);
});
