// The shared hostile vectors (testdata/hostile/vectors.json) through the wasm
// package: inputs that once crashed (a trap in the browser), lost rows or
// leaked personal data reach the same outcomes as in Rust and Python.
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
const vectors = JSON.parse(readFileSync(join(root, "testdata", "hostile", "vectors.json"), "utf8"));
const read = (path) => readFileSync(join(root, path), "utf8");
const planAt = (path) => openday.loadPlan(read(path));

function patched(c) {
  const doc = JSON.parse(read(c.base));
  for (const [pointer, value] of c.set) {
    const parts = pointer.replace(/^\//, "").split("/");
    const key = parts.pop();
    let node = doc;
    for (const p of parts) node = node[p];
    node[key] = value;
  }
  return JSON.stringify(doc);
}

function hasProblems(found, expected = []) {
  const pairs = new Set(found.map((p) => `${p.path} ${p.code}`));
  for (const want of expected) assert.ok(pairs.has(`${want.path} ${want.code}`), `${want.path} ${want.code}`);
}

/** Run `f`, expecting an openday error: the error, never a trap. */
function caught(f) {
  try {
    f();
  } catch (e) {
    assert.ok(!(e instanceof WebAssembly.RuntimeError), `a trap: ${e}`);
    return e;
  }
  assert.fail("no error");
}

for (const c of vectors.plans) {
  test(`hostile plan: ${c.name}`, () => {
    const expect = c.expect;
    const text = patched(c);
    if (expect.error) {
      const e = caught(() => openday.loadPlan(text));
      assert.equal(e.name, expect.error);
      assert.equal(e.code, expect.code);
      hasProblems(e.problems, expect.problems);
      for (const [code, n] of Object.entries(expect.count ?? {})) {
        assert.equal(e.problems.filter((p) => p.code === code).length, n);
      }
      return;
    }
    const plan = openday.loadPlan(text);
    hasProblems(plan.problems, expect.problems);
    if (expect.roster_error) {
      const features = JSON.parse(plan.toJsonString()).selection.features.map((f) => f.name);
      const e = caught(() => new openday.Roster(plan, new openday.Pool(features, []), openday.Targets.fromPlan(plan)));
      assert.equal(e.name, expect.roster_error);
    }
  });
}

const codes = (report) => report.records().map((r) => r.reasons.split(";").filter((s) => s));
const hex = (text) => Uint8Array.from(text.match(/../g), (b) => parseInt(b, 16));

for (const c of vectors.screenings) {
  test(`hostile screening: ${c.name}`, () => {
    const expect = c.expect;
    const plan = planAt(c.plan);
    const data = c.csv ?? hex(c.csv_hex);
    const never = expect.never_shown ?? [];
    if (expect.error) {
      const e = caught(() => openday.screenCsv(plan, data));
      assert.equal(e.name, expect.error);
      assert.equal(e.code, expect.code);
      const shown = `${e} ${e.message} ${JSON.stringify(e)}`;
      for (const secret of never) assert.ok(!shown.includes(secret), shown);
      return;
    }
    const report = openday.screenCsv(plan, data);
    if (expect.codes) assert.deepEqual(codes(report), expect.codes);
    if (expect.encoding) assert.equal(report.encoding, expect.encoding);
    hasProblems(report.warnings, expect.problems);
    const summary = report.summary();
    for (const s of expect.summary_contains ?? []) assert.ok(summary.includes(s), summary);
    for (const s of expect.summary_lacks ?? []) assert.ok(!summary.includes(s), summary);
    const masked = [summary, report.toCsv(), JSON.stringify(report.records())];
    for (const secret of never) for (const shown of masked) assert.ok(!shown.includes(secret), secret);
    const messages = report.records(true).map((r) => r.messagesEn).join(" ");
    for (const s of expect.messages_contain ?? []) assert.ok(messages.includes(s), messages);
    const unmasked = report.toCsv(true);
    for (const s of expect.unmasked_csv_contains ?? []) assert.ok(unmasked.includes(s), s);
    for (const s of expect.unmasked_csv_lacks ?? []) assert.ok(!unmasked.includes(s), s);
  });
}

for (const c of vectors.calendars) {
  test(`hostile calendar: ${c.name}`, () => {
    if (c.expect.loads) openday.WorkCalendar.fromJson(c.json);
    else assert.equal(caught(() => openday.WorkCalendar.fromJson(c.json)).name, "CalendarError");
  });
}

for (const c of vectors.draws) {
  test(`hostile draw: ${c.name}`, () => {
    const plan = planAt(c.plan);
    const policy = JSON.parse(plan.toJsonString()).selection;
    const pool = new openday.Pool(policy.features.map((f) => f.name), []);
    const targets = new openday.Targets(c.seats, policy);
    assert.equal(caught(() => openday.draw(pool, targets, "hostile")).name, c.expect.error);
  });
}

for (const c of vectors.ledgers) {
  test(`hostile ledger: ${c.name}`, () => {
    const ledger = openday.Ledger.replay(planAt(c.plan), c.events, openday.WorkCalendar.china());
    const masked = ledger.toCsv();
    const unmasked = ledger.toCsv(true);
    for (const s of c.expect.masked_csv_contains ?? []) assert.ok(masked.includes(s), s);
    for (const s of c.expect.masked_csv_lacks ?? []) {
      assert.ok(!masked.includes(s), s);
      assert.ok(!JSON.stringify(ledger.records()).includes(s), s);
    }
    for (const s of c.expect.unmasked_csv_contains ?? []) assert.ok(unmasked.includes(s), s);
  });
}

for (const c of vectors.rosters) {
  test(`hostile roster: ${c.name}`, () => {
    const plan = planAt(c.plan);
    const report = openday.screenCsv(plan, read(c.registrations), { pseudonymKey: openday.demoPseudonymKey() });
    const targets = openday.Targets.fromPlan(plan);
    const pool = openday.Pool.fromScreening(report, plan, targets);
    const drawn = openday.draw(pool, targets, c.seed);
    const roster = new openday.Roster(plan, pool, targets);
    roster.drawn("2025-09-18T09:00:00+08:00", "hostile", drawn.record());
    const entries = roster.entries();
    const record = entries.find((e) => e.event.type === "drawn").event.record;
    const taken = new Set([...record.panel, ...record.reserves]);
    record.panel[0] = pool.candidates().find((p) => !taken.has(p.id)).id;
    const e = caught(() => openday.Roster.replay(plan, pool, targets, entries));
    assert.equal(e.name, c.expect.error);
    assert.ok(e.message.includes(c.expect.contains), e.message);
  });
}

test("a flipped byte in a complete journal record is damage, named by line, never dropped", () => {
  const plan = openday.loadPlan(openday.examplePlanJson());
  const report = openday.screenCsv(plan, openday.exampleRegistrationsCsv(), { pseudonymKey: openday.demoPseudonymKey() });
  const targets = openday.Targets.fromPlan(plan);
  const pool = openday.Pool.fromScreening(report, plan, targets);
  const roster = new openday.Roster(plan, pool, targets);
  roster.screened("2025-09-17T18:30:00+08:00", "报名组", report);
  roster.drawn("2025-09-18T09:00:00+08:00", "报名组", openday.draw(pool, targets, "flip").record());
  const text = roster.exportJournal();
  const lines = text.split("\n");
  // Line 2 is the first record; change one digit of its counts.
  const at = lines[1].indexOf('"rows":') + 7;
  const digit = lines[1][at] === "1" ? "2" : "1";
  lines[1] = lines[1].slice(0, at) + digit + lines[1].slice(at + 1);
  const e = caught(() => openday.Roster.importJournal(plan, pool, targets, lines.join("\n")));
  assert.equal(e.name, "JournalError");
  assert.equal(e.code, "damaged");
  assert.match(e.message, /line 2/);
  assert.equal(e.line, 2);
});

test("an Excel workbook in the browser build is refused with what to do", () => {
  const plan = openday.loadPlan(openday.examplePlanJson());
  // The start of any .xlsx: a ZIP local file header.
  const bytes = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]);
  const e = caught(() => openday.screenCsv(plan, bytes));
  assert.equal(e.name, "RegistrationsError");
  assert.equal(e.code, "workbook");
  assert.match(e.message, /CSV UTF-8/);
});
