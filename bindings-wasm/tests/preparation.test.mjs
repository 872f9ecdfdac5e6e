// Preparation duties and readiness through the wasm package: the shared
// scenario gives the same readiness as in Rust and Python.
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
const scenario = JSON.parse(readFileSync(join(root, "testdata", "preparation", "scenario.json"), "utf8"));

function scenarioPlan() {
  const doc = JSON.parse(readFileSync(join(root, scenario.plan), "utf8"));
  doc.preparation = { duties: scenario.duties };
  return openday.loadPlan(JSON.stringify(doc));
}

test("the shared preparation scenario", () => {
  const prep = openday.Preparation.replay(scenarioPlan(), scenario.events, openday.WorkCalendar.china());
  const r = prep.readiness(scenario.as_of, scenario.horizon_days);
  const ids = (list) => list.map((d) => d.id);
  assert.deepEqual(
    {
      ready: r.ready,
      blocking: ids(r.blocking),
      overdue: ids(r.overdue),
      due_soon: ids(r.dueSoon),
      unverified: ids(r.unverified),
      by_unit: r.byUnit,
      by_person: r.byPerson,
    },
    scenario.expect,
  );
  const before = prep.duties();
  for (const refused of scenario.refused) {
    assert.throws(() => prep.apply(refused.event), (e) => e.name === "PreparationError" && e.code === refused.code);
  }
  assert.deepEqual(prep.duties(), before);
  assert.match(prep.readinessText(scenario.as_of), /NOT READY/);
  assert.ok(prep.taskSheets().some((s) => s.unit === "gardens" && s.markdown.includes("安全预案")));
  assert.equal(prep.length, prep.duties().length);
});
