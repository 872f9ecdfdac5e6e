// Plan loading, validation and the timetable through the wasm package (Node).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const plans = join(root, "testdata", "plans");
const require = createRequire(import.meta.url);
const openday = require(process.env.OPENDAY_WASM_PKG ?? join(here, "..", "pkg"));

const vectors = JSON.parse(readFileSync(join(plans, "vectors.json"), "utf8"));

for (const c of vectors) {
  test(`shared vector ${c.name}`, () => {
    const json = readFileSync(join(plans, c.plan), "utf8");
    const expect = c.expect;
    if (expect.error) {
      let err;
      try {
        openday.loadPlan(json, c.plan);
      } catch (e) {
        err = e;
      }
      assert.ok(err instanceof Error, "loadPlan must throw an Error");
      assert.equal(err.code, expect.error.code, err.message);
      assert.equal(err.file, c.plan);
      assert.ok(err.message.startsWith(`${c.plan}: `), err.message);
      if (expect.error.problems) {
        assert.deepEqual(err.problems.map((p) => ({ path: p.path, code: p.code })), expect.error.problems);
      }
      if (expect.error.line !== undefined) {
        assert.equal(err.line, expect.error.line);
        assert.ok(err.column >= 1);
      }
      if (expect.error.path !== undefined) assert.equal(err.path, expect.error.path);
      return;
    }
    const plan = openday.loadPlan(json);
    const got = plan.timetable().map((s) => ({ id: s.id, starts_at: s.startsAt, ends_at: s.endsAt }));
    assert.deepEqual(got, expect.timetable);
    if (expect.warnings) {
      assert.deepEqual(plan.warnings.map((w) => ({ path: w.path, code: w.code })), expect.warnings);
      assert.ok(plan.warnings.every((w) => w.severity === "warning"));
    }
    const segments = new Map(plan.timetable().map((s) => [s.id, s]));
    for (const [id, want] of Object.entries(expect.turns ?? {})) {
      const turns = segments.get(id).turns.map((t) => ({ group: t.group, size: t.size, starts_at: t.startsAt, ends_at: t.endsAt }));
      assert.deepEqual(turns, want);
    }
    if (expect.summary) {
      assert.equal(plan.summary(), readFileSync(join(plans, expect.summary), "utf8"));
    }
  });
}

test("error names follow the core variants", () => {
  const json = openday.examplePlanJson();
  const name = (f) => {
    try {
      f();
    } catch (e) {
      return [e.name, e.code];
    }
    return null;
  };
  assert.deepEqual(name(() => openday.loadPlan(json.slice(0, -3))), ["PlanSyntaxError", "syntax"]);
  assert.deepEqual(name(() => openday.loadPlan(json.replace('"seats": 30', '"seats": "30"'))), ["PlanStructureError", "structure"]);
  assert.deepEqual(name(() => openday.loadPlan(json.replace('"format": 2', '"format": 7'))), ["PlanFormatError", "unsupported_format"]);
  const five = readFileSync(join(plans, "five-mistakes.openday.json"), "utf8");
  assert.deepEqual(name(() => openday.loadPlan(five)), ["PlanValidationError", "invalid"]);
});

test("five mistakes carry messages in both languages and validatePlan lists them", () => {
  const five = readFileSync(join(plans, "five-mistakes.openday.json"), "utf8");
  const problems = openday.validatePlan(five);
  assert.equal(problems.length, 5);
  for (const p of problems) {
    assert.match(p.messageZh, /[\u4e00-\u9fff]/);
    assert.ok(p.messageEn.length > 10);
  }
  assert.deepEqual(openday.validatePlan(openday.examplePlanJson()), []);
});

test("times are ISO 8601 in the event's zone and parse as Dates", () => {
  const plan = openday.loadPlan(openday.examplePlanJson());
  assert.equal(plan.timeZone, "Asia/Shanghai");
  assert.equal(plan.startsAt, "2025-09-24T14:20:00+08:00");
  assert.equal(plan.endsAt, "2025-09-24T18:00:00+08:00");
  assert.equal(plan.registrationDeadline, "2025-09-17T18:30:00+08:00");
  assert.equal(new Date(plan.startsAt).toISOString(), "2025-09-24T06:20:00.000Z");
  assert.equal(Date.parse(plan.startsAt) - Date.parse(plan.postponementNoticeDeadline), 24 * 3600 * 1000);
  assert.equal(plan.seats, 30);
  assert.equal(plan.id, "guyuan-cgj-2025");
});

test("the plan document round-trips through toJsonString", () => {
  const plan = openday.loadPlan(openday.examplePlanJson());
  const again = openday.loadPlan(plan.toJsonString());
  assert.equal(again.summary(), plan.summary());
  assert.equal(JSON.parse(openday.planSchema()).title, "openday plan");
});

test("synthetic registrations equal the Rust and Python output for the same seed", () => {
  const plan = openday.loadPlan(openday.examplePlanJson());
  assert.equal(openday.syntheticRegistrationsCsv(plan, 500, 2025n), openday.exampleRegistrationsCsv());
  const tally = openday.tallyChannels(openday.exampleRegistrationsCsv());
  assert.equal(tally.rows, 500);
  const counted = Object.values(tally.byChannel).reduce((a, b) => a + b, 0) + tally.unrecognisedRows.length;
  assert.equal(counted, 500);
});

test("a malformed registrations table is a RegistrationsError with the row", () => {
  try {
    openday.tallyChannels("姓名,报名方式\n甲,电话\n乙,现场,多余\n", "regs.csv");
    assert.fail("must throw");
  } catch (e) {
    assert.equal(e.name, "RegistrationsError");
    assert.equal(e.code, "csv");
    assert.equal(e.row, 2);
    assert.ok(e.message.startsWith("regs.csv: row 2:"));
  }
});

test("2,000 failed calls in a row leave the instance working", () => {
  for (let i = 0; i < 2000; i++) {
    assert.throws(() => openday.loadPlan(i % 2 ? "{" : '{"format": 2}'), (e) => e instanceof Error && typeof e.code === "string");
  }
  const plan = openday.loadPlan(openday.examplePlanJson());
  assert.equal(plan.timetable().length, 6);
});

test("weather, stage errors and screening warnings", () => {
  const doc = JSON.parse(openday.examplePlanJson());
  doc.postponement.weather = [
    { warning: "沙尘暴", min_level: "yellow", postpones: true },
    { warning: "暴雨", postpones: false },
  ];
  doc.eligibility.rules.push({ rule: "not_recently_attended", open_days: 2 });
  doc.selection.features[1].quotas.female.share = 1.5;
  const plan = openday.loadPlan(JSON.stringify(doc));
  assert.equal(plan.weather("沙尘暴预警", "橙色").decision, "postpones");
  assert.equal(plan.weather("暴雨", "red").decision, "does_not_postpone");
  assert.equal(plan.weather("高温", "red").decision, "not_covered");
  assert.throws(() => plan.weather("暴雨", "purple"), RangeError);
  assert.deepEqual(
    plan.problems.filter((p) => p.severity === "error").map((p) => [p.path, p.stage]),
    [["selection.features[1].quotas.female", "draw"]],
  );
  const report = openday.screenCsv(plan, openday.exampleRegistrationsCsv());
  const codes = new Set(report.warnings.map((w) => w.code));
  assert.ok(codes.has("bad_quota") && codes.has("history_missing"));
  assert.throws(() => openday.Targets.fromPlan(plan), (e) => e.name === "PlanValidationError" && e.code === "plan_blocked" && e.problems[0].stage === "draw");
});
