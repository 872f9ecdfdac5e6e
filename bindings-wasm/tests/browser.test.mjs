// Headless Chromium loads the example page, which loads plans through the
// wasm package (web target); the DOM it renders is checked here.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, rmSync, existsSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "./serve.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const chromium = process.env.CHROMIUM ?? "/usr/bin/chromium";

let server;
let base;

before(async () => {
  assert.ok(existsSync(chromium), `Chromium not found at ${chromium}; scripts/test installs it`);
  assert.ok(existsSync(join(root, "bindings-wasm", "pkg", "openday.js")), "build the web package first (scripts/test does)");
  server = await serve(root);
  base = server.base;
});

after(() => server?.close());

// Chromium runs asynchronously so that this process's server can answer it.
async function dumpDom(path) {
  const profile = mkdtempSync(join(tmpdir(), "openday-chromium-"));
  try {
    const child = spawn(chromium, [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
      "--no-first-run", "--disable-quic", `--user-data-dir=${profile}`,
      "--virtual-time-budget=15000", "--dump-dom", `${base}${path}`,
    ]);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 90_000);
    const code = await new Promise((resolve) => child.on("close", resolve));
    clearTimeout(timer);
    assert.equal(code, 0, `chromium exited with ${code}: ${stderr}`);
    return stdout;
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

test("the page shows the example plan's timetable", async () => {
  const dom = await dumpDom("/bindings-wasm/www/index.html");
  assert.match(dom, /<body[^>]*data-status="ok"/);
  assert.match(dom, /data-segments="6"/);
  assert.match(dom, /固原市城市管理局2025年“政府开放日”活动/);
  const rows = [...dom.matchAll(/<tr data-id="([^"]+)"[^>]*><td[^>]*>([^<]+)<\/td>/g)].map((m) => [m[1], m[2]]);
  assert.deepEqual(rows, [
    ["check-in", "14:20–14:40"],
    ["site-1", "14:40–15:20"],
    ["site-2", "15:20–16:00"],
    ["site-3", "16:00–16:30"],
    ["site-4", "16:30–17:00"],
    ["discussion", "17:00–18:00"],
  ]);
  // The SVG timeline made by the wasm package is in the page, one group per segment.
  assert.equal((dom.match(/<g class="segment" data-id="/g) ?? []).length, 6);
});

test("the page lists every problem of a broken plan", async () => {
  const dom = await dumpDom("/bindings-wasm/www/index.html?plan=/testdata/plans/five-mistakes.openday.json");
  assert.match(dom, /<body[^>]*data-status="invalid"/);
  const problems = [...dom.matchAll(/<li data-path="([^"]*)" data-code="([^"]+)"/g)].map((m) => ({ path: m[1], code: m[2] }));
  const vectors = JSON.parse(readFileSync(join(root, "testdata", "plans", "vectors.json"), "utf8"));
  assert.deepEqual(problems, vectors.find((v) => v.name === "five-mistakes").expect.error.problems);
});

test("a citizen's self-check page explains why they are not eligible", async () => {
  const q = new URLSearchParams({ 姓名: "李四", 出生日期: "2008-01-01", 联系电话: "13800000001", 住址: "原州区文化路1号", 民事行为能力: "完全", at: "2025-09-10T10:00:00+08:00", check: "1" });
  const dom = await dumpDom(`/bindings-wasm/www/check.html?${q}`);
  assert.match(dom, /<body[^>]*data-status="ineligible"/);
  const codes = [...dom.matchAll(/<li data-code="([^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual(codes, ["under_minimum_age"]);
  assert.match(dom, /本次活动要求年满 18 周岁/);
  assert.doesNotMatch(dom, /向报名人|registrant/, "worded for the citizen, not for staff");
  const ok = { 姓名: "张三", 出生日期: "1990-01-01", 联系电话: "13800000001", 住址: "原州区文化路1号", 民事行为能力: "完全", check: "1" };
  const onTime = new URLSearchParams({ ...ok, at: "2025-09-10T10:00:00+08:00" });
  assert.match(await dumpDom(`/bindings-wasm/www/check.html?${onTime}`), /<body[^>]*data-status="eligible"/);
  // Eligible while registration is open: the next step is the plan's first channel.
  const onTimeDom = await dumpDom(`/bindings-wasm/www/check.html?${onTime}`);
  assert.match(onTimeDom, /下一步：拨打电话 0954-2030007 报名/);
  assert.match(onTimeDom, /<body[^>]*data-window="open"/);
  // Checked after the deadline, the same person is told that registration
  // has closed, in words, not as a failed rule.
  const late = new URLSearchParams({ ...ok, at: "2025-09-18T09:00:00+08:00" });
  const lateDom = await dumpDom(`/bindings-wasm/www/check.html?${late}`);
  assert.match(lateDom, /<body[^>]*data-status="eligible_closed"/);
  assert.deepEqual([...lateDom.matchAll(/<li data-code="([^"]+)"/g)].map((m) => m[1]), []);
  assert.match(lateDom, /本次活动报名已于 2025年9月17日 18:30 截止/);
  assert.doesNotMatch(lateDom, /registrant|报名人核实|MOD 11-2/);
});

test("the citizen's page reads another office's plan from a URL, and a broken one leaves nothing stale", async () => {
  const plan = "/core/data/examples/yinchuan-water-2026/plan.openday.json";
  const title = JSON.parse(readFileSync(join(root, plan.slice(1)), "utf8")).title;
  const q = new URLSearchParams({ plan, at: "2026-04-02T08:00:00+08:00" });
  const dom = await dumpDom(`/bindings-wasm/www/check.html?${q}`);
  assert.match(dom, /<body[^>]*data-status="ready"/);
  assert.match(dom, /<body[^>]*data-window="open"/);
  assert.ok(dom.includes(title), "the plan's own title");
  assert.match(dom, /在网上报名：https:\/\/water\.example\.gov\.cn\/openday/);
  assert.match(dom, /报名时请提供：姓名、联系电话、身份证号。/);
  assert.doesNotMatch(dom, /固原/, "nothing of the embedded example");
  // Before it opens, the page says when it will.
  const early = await dumpDom(`/bindings-wasm/www/check.html?${new URLSearchParams({ plan, at: "2026-03-01T08:00:00+08:00" })}`);
  assert.match(early, /<body[^>]*data-window="not_open"/);
  assert.match(early, /报名尚未开始：2026年4月1日 09:00 起接受报名/);
  // A plan that is not there: an error in both languages, no guide, no form result.
  const broken = await dumpDom(`/bindings-wasm/www/check.html?${new URLSearchParams({ plan: "/no/such/plan.json", check: "1" })}`);
  assert.match(broken, /<body[^>]*data-status="plan_error"/);
  assert.match(broken, /无法读取开放日方案/);
  assert.match(broken, /<section id="guide"[^>]*hidden/);
  // On a phone (390 px wide), kept as an artefact.
  const png = await screenshot(`/bindings-wasm/www/check.html?${q}&check=1&姓名=王五&出生日期=1990-01-01&联系电话=13800000001&身份证号=`, "citizen-page-390.png", 390, 1400);
  assert.ok(statSync(png).size > 10_000, "a screenshot with content");
});

test("the browser gives the shared selection vectors' panels", async () => {
  const dom = await dumpDom("/bindings-wasm/www/draw.html?vectors=1");
  assert.match(dom, /<body[^>]*data-status="vectors"/);
  const vectors = JSON.parse(readFileSync(join(root, "testdata", "selection", "vectors.json"), "utf8"));
  const attr = (li, name) => li.match(new RegExp(`data-${name}="([^"]*)"`))?.[1];
  const items = [...dom.matchAll(/<li data-case="[^"]+"[^>]*>/g)].map((m) => m[0]);
  assert.equal(items.length, vectors.cases.length);
  for (const [i, c] of vectors.cases.entries()) {
    const li = items[i];
    assert.equal(attr(li, "case"), c.name);
    if (c.expect.error) {
      assert.equal(attr(li, "error"), c.expect.error);
      continue;
    }
    assert.equal(attr(li, "panel"), c.expect.panel.join(","), c.name);
    assert.equal(attr(li, "reserves"), c.expect.reserves.join(","), c.name);
    assert.equal(attr(li, "commitment"), c.expect.commitment);
    assert.ok(Math.abs(Number(attr(li, "min-probability")) - c.expect.min_probability) < 1e-6);
  }
});

// The draw page runs its draw in a Web Worker, which --dump-dom does not
// wait for: interact.test.mjs drives it by clicks instead.

/** A screenshot of `page` kept as a test artefact (target/artefacts/). */
async function screenshot(page, name, width, height) {
  const artefacts = join(root, "target", "artefacts");
  mkdirSync(artefacts, { recursive: true });
  const png = join(artefacts, name);
  const profile = mkdtempSync(join(tmpdir(), "openday-chromium-"));
  try {
    const child = spawn(chromium, [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
      "--no-first-run", `--user-data-dir=${profile}`, "--hide-scrollbars", "--virtual-time-budget=5000",
      `--window-size=${width},${height}`, `--screenshot=${png}`, `${base}${page}`,
    ]);
    const code = await new Promise((resolve) => child.on("close", resolve));
    assert.equal(code, 0);
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
  return png;
}

// The post-event summary the main job wrote renders: its five SVG charts in
// the DOM (the fifth: minutes per segment, planned against as run), and a
// screenshot kept as a test artefact (target/artefacts/).
test("the post-event summary renders with its charts", async () => {
  const page = "/target/open_day/guyuan-2025/summary.html";
  assert.ok(existsSync(join(root, page)), "run the main job on the example plans first (scripts/test does, before this test)");
  const dom = await dumpDom(page);
  assert.equal((dom.match(/<svg/g) ?? []).length, 5);
  assert.match(dom, /活动总结 Summary/);
  assert.match(dom, /日程执行 The day, planned against actual/);
  const png = await screenshot(page, "summary.png", 900, 3200);
  assert.ok(statSync(png).size > 10_000, "a screenshot with content");
});
