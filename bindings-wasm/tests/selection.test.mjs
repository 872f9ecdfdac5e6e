// Balanced selection through the wasm package (Node), checked against the
// shared vectors that Rust and Python also run.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const openday = require(process.env.OPENDAY_WASM_PKG ?? join(here, "..", "pkg"));
const vectors = JSON.parse(readFileSync(join(here, "..", "..", "testdata", "selection", "vectors.json"), "utf8"));

function inputs(c) {
  if (c.plan_file) {
    const plan = openday.loadPlan(readFileSync(join(here, "..", "..", c.plan_file), "utf8"), c.plan_file);
    const csv = openday.syntheticRegistrationsCsv(plan, c.generated.rows, BigInt(c.generated.seed));
    const report = openday.screenCsv(plan, csv, { pseudonymKey: openday.demoPseudonymKey() });
    assert.deepEqual(report.counts(), c.expect.counts);
    const targets = openday.Targets.fromPlan(plan);
    return [openday.Pool.fromScreening(report, plan, targets), targets];
  }
  if (c.synthetic) return openday.syntheticInstance(c.synthetic);
  if (c.guyuan) {
    const plan = openday.loadPlan(openday.examplePlanJson());
    const report = openday.screenCsv(plan, openday.exampleRegistrationsCsv(), { pseudonymKey: openday.demoPseudonymKey() });
    const targets = openday.Targets.fromPlan(plan);
    return [openday.Pool.fromScreening(report, plan, targets), targets];
  }
  return [new openday.Pool(c.pool.features, c.pool.candidates), new openday.Targets(c.targets.seats, c.targets.policy)];
}

for (const c of vectors.cases) {
  test(`shared vector ${c.name}`, () => {
    const [pool, targets] = inputs(c);
    if (c.expect.error) {
      assert.throws(
        () => openday.draw(pool, targets, c.seed),
        (e) => {
          assert.equal(e.name, "InfeasibleQuotasError");
          assert.equal(e.code, c.expect.error);
          assert.deepEqual(e.relaxation, c.expect.relaxation);
          return true;
        },
      );
      return;
    }
    const d = c.max_rounds === undefined
      ? openday.draw(pool, targets, c.seed)
      : openday.draw(pool, targets, c.seed, undefined, { maxRounds: c.max_rounds });
    const record = d.record();
    if (c.max_rounds !== undefined) {
      assert.equal(d.stats().complete, false);
      assert.equal(record.stopped_after_rounds, c.expect.stopped_after_rounds);
      assert.ok(Math.abs(d.stats().minProbabilityBound - c.expect.min_probability_bound) < 1e-6);
      assert.deepEqual(openday.verify(record, pool, targets).panel, d.panel);
    } else {
      assert.equal(d.stats().complete, true);
      assert.equal(record.stopped_after_rounds, undefined);
    }
    assert.deepEqual(d.panel, c.expect.panel);
    assert.deepEqual(d.reserves, c.expect.reserves);
    assert.ok(Math.abs(d.stats().minProbability - c.expect.min_probability) < 1e-6);
    assert.equal(record.commitment, c.expect.commitment);
    assert.equal(openday.seedCommitment(c.seed), c.expect.commitment);
    assert.equal(record.pool_digest, c.expect.pool_digest);
    assert.equal(pool.digest(), c.expect.pool_digest);
    assert.equal(targets.digest(), c.expect.targets_digest);
  });
}

const small = () => openday.syntheticInstance({ pool: 120, seats: 12, features: 3, households: 0.2, tolerance: 0.05, seed: 9 });

test("a draw meets its quotas, verifies, and a tampered record does not", () => {
  const [pool, targets] = small();
  const d = openday.draw(pool, targets, "seed");
  assert.equal(d.panel.length, 12);
  assert.deepEqual(openday.quotaGaps(pool, targets, d.panel), []);
  const total = Object.values(d.probabilities).reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(total - 12) < 1e-6);
  for (const q of d.quotas()) assert.ok(q.min <= q.panel && q.panel <= q.max);
  assert.deepEqual(openday.verify(JSON.stringify(d.record()), pool, targets).panel, d.panel);
  assert.throws(
    () => openday.verify({ ...d.record(), seed: "another" }, pool, targets),
    (e) => e.name === "DrawVerificationError" && e.code === "commitment",
  );
  const leaving = d.panel[0];
  const r = openday.replacement(pool, targets, d.panel, leaving, d.reserves);
  assert.ok(d.reserves.includes(r.id));
  if (r.keepsQuotas) assert.deepEqual(openday.quotaGaps(pool, targets, [...d.panel.filter((p) => p !== leaving), r.id]), []);
});

test("outlook tells the classes before the draw", () => {
  const [pool, targets] = small();
  const o = openday.outlook(pool, targets);
  assert.deepEqual(Object.keys(o).sort(), ["classes", "drawable", "features", "householdClasses", "slow", "types"]);
  assert.equal(o.classes, openday.draw(pool, targets, "seed").stats().classes);
  assert.ok(o.types > 0 && o.types <= o.classes);
  assert.equal(o.slow, false);
  assert.equal(o.features.length, 3);
  for (const f of o.features) {
    assert.deepEqual(Object.keys(f).sort(), ["alone", "binding", "feature", "freeText", "values"]);
    assert.equal(f.freeText, false);
  }
});

test("a time limit bounds the panel searches too: a pool whose one search takes minutes stops near its limit", () => {
  // The shape of the Nature 2021 paper's largest panel (sf_e): 1,727 people,
  // 110 seats, 7 features; one exact panel search here takes minutes, so a
  // limit checked only between rounds would not be kept.
  const [pool, targets] = openday.syntheticInstance({ pool: 1727, seats: 110, features: 7, households: 0, tolerance: 0.05, seed: 1 });
  const started = performance.now();
  const d = openday.draw(pool, targets, "seed", undefined, { maxSeconds: 1 });
  const seconds = (performance.now() - started) / 1000;
  assert.ok(seconds < 30, `a 1-second limit took ${seconds.toFixed(1)} s`);
  const s = d.stats();
  assert.equal(s.complete, false);
  assert.ok(s.minProbability <= s.minProbabilityBound + 1e-7);
  assert.equal(d.panel.length, 110);
  assert.ok(d.record().stopped_after_rounds >= 1);
  // Re-run without a clock, to the same round: the same panel.
  assert.deepEqual(openday.verify(d.record(), pool, targets).panel, d.panel);
});

test("progress is reported and can cancel; bad input is a clear error", () => {
  const [pool, targets] = small();
  const seen = [];
  openday.draw(pool, targets, "seed", (p) => { seen.push(p); });
  assert.ok(seen.length > 0 && seen.at(-1).fixed === seen.at(-1).classes);
  assert.throws(() => openday.draw(pool, targets, "seed", () => false), (e) => e.name === "DrawCancelled" && e.code === "cancelled");
  assert.throws(() => openday.draw(pool, targets, "seed", () => { throw new RangeError("mine"); }), RangeError);
  // With a budget, the draw stops with the best lottery so far instead.
  const cut = openday.draw(pool, targets, "seed", undefined, { maxRounds: 2 });
  assert.equal(cut.stats().complete, false);
  assert.equal(cut.record().stopped_after_rounds, 2);
  assert.ok(cut.stats().minProbability <= cut.stats().minProbabilityBound + 1e-7);
  assert.deepEqual(openday.verify(cut.record(), pool, targets).panel, cut.panel);
  const timed = openday.draw(pool, targets, "seed", undefined, { maxSeconds: 0 });
  assert.equal(timed.stats().complete, false);
  assert.throws(() => openday.draw(pool, targets, "seed", undefined, { maxSeconds: -1 }), (e) => e.code === "bad_budget");
  assert.throws(() => openday.draw(pool, targets, "seed", undefined, { maxRounds: 1.5 }), (e) => e.code === "invalid_argument");
  assert.throws(
    () => new openday.Pool(["district"], [{ id: "a", values: ["x"] }, { id: "a", values: ["y"] }]),
    (e) => e.name === "PoolError" && e.code === "duplicate_candidate",
  );
  assert.throws(() => new openday.Pool(["district"], [{ values: ["x"] }]), (e) => e.code === "invalid_argument");
});
