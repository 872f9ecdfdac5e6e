// Notices through the wasm package: the same text as Rust and Python.
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
const vectors = JSON.parse(readFileSync(join(root, "testdata", "notices", "vectors.json"), "utf8"));

for (const c of vectors.cases) {
  test(`shared notices: ${c.plan}`, () => {
    const plan = openday.loadPlan(readFileSync(join(root, c.plan), "utf8"));
    const n = openday.registrationNotice(plan);
    assert.deepEqual({ markdown_zh: n.markdownZh, markdown_en: n.markdownEn }, c.registration);
    assert.ok(n.html.startsWith("<!doctype html>"));
    assert.deepEqual(openday.textMessages(plan, c.confirm_by), c.text_messages);
  });
}

test("a published list masks names; a postponement notice gives both dates", () => {
  const plan = openday.loadPlan(openday.examplePlanJson());
  const n = openday.selectedList(plan, [{ name: "张三丰", district: "原州区" }], "s", "c".repeat(64));
  assert.ok(!n.markdownZh.includes("张三丰") && n.markdownZh.includes("张*丰"));
  const moved = plan.postpone("2025-09-26", "2025-09-22T17:00:00+08:00");
  assert.match(openday.postponementNotice(plan, moved).markdownZh, /2025年9月26日（星期五）14:20/);
});

test("the reply to a citizen is masked unless asked", () => {
  const plan = openday.loadPlan(openday.examplePlanJson());
  const scenario = JSON.parse(readFileSync(join(root, "testdata", "ledger", "scenario.json"), "utf8"));
  const ledger = openday.Ledger.replay(plan, scenario.events, openday.WorkCalendar.china());
  const reply = ledger.reply("F1");
  assert.ok(reply.markdownZh.includes("尊敬的张*丰") && !reply.html.includes("张三丰"));
  assert.ok(ledger.reply("F1", true).markdownZh.includes("张三丰"));
  assert.equal(ledger.reply("A"), null);
});

test("the shared registration guide vectors (camelCase keys)", () => {
  const vectors = JSON.parse(readFileSync(join(root, "testdata", "guide", "vectors.json"), "utf8"));
  const camel = (o) =>
    Array.isArray(o) ? o.map(camel)
      : o && typeof o === "object" ? Object.fromEntries(Object.entries(o).map(([k, v]) => [k.replace(/_([a-z])/g, (_, c) => c.toUpperCase()), camel(v)]))
        : o;
  for (const c of vectors.cases) {
    const plan = openday.loadPlan(readFileSync(join(root, c.plan), "utf8"));
    assert.deepEqual(openday.registrationGuide(plan, c.at), camel(c.expect), c.plan);
    assert.deepEqual(openday.registrationGuide(plan, new Date(c.at)), camel(c.expect), `${c.plan} (Date)`);
  }
  // Without an instant: now (every example's window is past or future, never an error).
  const plan = openday.loadPlan(openday.examplePlanJson());
  assert.ok(["not_open", "open", "closed"].includes(openday.registrationGuide(plan).window));
  assert.throws(() => openday.registrationGuide(plan, "yesterday"), (e) => e instanceof TypeError || e.name === "ValueError" || /ISO 8601/.test(e.message));
});
