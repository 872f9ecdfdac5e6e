// A trap (a Rust panic: `RuntimeError: unreachable`) must not poison the
// instance: the panic hook schedules a fresh one, so 2,000 traps in a row
// are followed by a call that works. Its own file: a reset makes every
// object made before it stale.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const openday = require(process.env.OPENDAY_WASM_PKG ?? join(here, "..", "pkg"));

test("2,000 traps in a row, then a call that works on a fresh instance", () => {
  const before = openday.loadPlan(openday.examplePlanJson());
  for (let i = 0; i < 2000; i++) {
    // Each trap happens under 64 KiB of stack that a poisoned instance would keep.
    assert.throws(() => openday.__panicForTests(64), (e) => e instanceof WebAssembly.RuntimeError);
  }
  const plan = openday.loadPlan(openday.examplePlanJson());
  assert.equal(plan.timetable().length, 6);
  const report = openday.screenCsv(plan, openday.exampleRegistrationsCsv());
  assert.equal(report.counts().rows, 500);
  // An object from the poisoned instance is refused, not misread.
  assert.throws(() => before.timetable());
});
