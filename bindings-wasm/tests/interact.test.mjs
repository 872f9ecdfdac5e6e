// The pages used as a person uses them, in headless Chromium driven over
// the DevTools protocol (puppeteer-core): open, fill, pick files, click,
// download. Another office's plan, an error followed by a good run (no
// stale results), cancelling a draw, and the citizen's page filled in.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import puppeteer from "puppeteer-core";
import { serve } from "./serve.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const require = createRequire(import.meta.url);
const openday = require(join(here, "..", "pkg"));
const chromium = process.env.CHROMIUM ?? "/usr/bin/chromium";
const YINCHUAN = "core/data/examples/yinchuan-water-2026/plan.openday.json";

let site;
let browser;
let work;

before(async () => {
  site = await serve(root);
  work = mkdtempSync(join(tmpdir(), "openday-interact-"));
  browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    userDataDir: join(work, "profile"),
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
});

after(async () => {
  await browser?.close();
  site?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

async function open(path, width = 1000, fresh = false) {
  // `fresh`: a browser context of its own (empty IndexedDB), as a new profile.
  const page = await (fresh ? await browser.createBrowserContext() : browser).newPage();
  await page.setViewport({ width, height: 900 });
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${site.base}${path}`);
  await page.waitForSelector("body:not([data-status=loading])", { timeout: 60_000 });
  return { page, errors };
}

const status = (page) => page.$eval("body", (b) => b.dataset.status);

/** A synthetic registrations table for a plan, as a file to pick. */
function registrations(planPath, rows, seed) {
  const plan = openday.loadPlan(readFileSync(join(root, planPath), "utf8"));
  const file = join(work, `registrations-${rows}-${seed}.csv`);
  writeFileSync(file, openday.syntheticRegistrationsCsv(plan, rows, BigInt(seed)));
  return file;
}

test("draw: the example by a click, in a worker, with downloads of the record and the panel", async () => {
  const { page, errors } = await open("/bindings-wasm/www/draw.html");
  const downloads = join(work, "downloads");
  const cdp = await page.createCDPSession();
  await cdp.send("Browser.setDownloadBehavior", { behavior: "allow", downloadPath: downloads });
  await page.click("#go");
  await page.waitForSelector("body[data-status=drawn]", { timeout: 120_000 });
  const vectors = JSON.parse(readFileSync(join(root, "testdata", "selection", "vectors.json"), "utf8"));
  const guyuan = vectors.cases.find((c) => c.name === "guyuan-2025");
  assert.equal(await page.$eval("body", (b) => b.dataset.panel), guyuan.expect.panel.join(","));
  await page.click("#dl-record");
  await page.click("#dl-panel");
  const wait = async (name) => (await downloaded(downloads, name)).toString("utf8");
  const record = JSON.parse(await wait("draw-record.json"));
  assert.deepEqual(record.panel, guyuan.expect.panel);
  assert.equal(record.commitment, guyuan.expect.commitment ?? record.commitment);
  const csv = (await wait("panel.csv")).replace(/^\ufeff/, "").trim().split(/\r?\n/);
  assert.equal(csv.length, guyuan.expect.panel.length + 1);
  assert.ok(csv.slice(1).every((l) => l.split(",")[2].includes("*")), "names masked in the download");
  assert.deepEqual(errors, []);
  await page.close();
});

test("draw: another office's plan, an error first, then a good run with nothing stale", async () => {
  const { page, errors } = await open(`/bindings-wasm/www/draw.html?plan=/${YINCHUAN}`);
  const title = JSON.parse(readFileSync(join(root, YINCHUAN), "utf8")).title;
  assert.ok((await page.$eval("#title", (e) => e.textContent)).includes(title));
  // No registrations picked: a clear error, no result.
  await page.click("#go");
  await page.waitForSelector("body[data-status=error]");
  assert.match(await page.$eval("#error", (e) => e.textContent), /请选择报名表/);
  assert.equal(await page.$eval("#result", (e) => e.hidden), true);
  // The registrations and the key: drawn; the error is gone.
  const input = await page.$("#file");
  await input.uploadFile(registrations(YINCHUAN, 300, 11));
  await page.type("#key", "the water bureau's secret");
  await page.click("#go");
  await page.waitForSelector("body[data-status=drawn]", { timeout: 120_000 });
  assert.equal(await page.$eval("#error", (e) => e.hidden), true);
  const seats = JSON.parse(readFileSync(join(root, YINCHUAN), "utf8")).seats;
  assert.equal((await page.$$("#panel li")).length, seats);
  assert.doesNotMatch(await page.$eval("#figures", (e) => e.textContent), /固原/);
  // A broken plan file afterwards clears the panel rather than leaving it under the error.
  const bad = join(work, "broken.openday.json");
  writeFileSync(bad, "{ \"format\": 1, ");
  await (await page.$("#plan-file")).uploadFile(bad);
  await page.waitForSelector("body[data-status=error]");
  assert.equal(await page.$eval("#result", (e) => e.hidden), true);
  assert.equal((await page.$$("#panel li")).length, 0);
  assert.deepEqual(errors, []);
  await page.close();
});

test("draw: cancel stops the worker and leaves no result", async () => {
  const { page } = await open(`/bindings-wasm/www/draw.html?plan=/${YINCHUAN}`);
  await (await page.$("#file")).uploadFile(registrations(YINCHUAN, 6000, 5));
  await page.type("#key", "k");
  await page.click("#go");
  await page.waitForSelector("body[data-status=drawing]");
  // The page stays responsive while the worker draws: the cancel button answers.
  await page.click("#cancel");
  assert.equal(await status(page), "cancelled");
  assert.equal(await page.$eval("#result", (e) => e.hidden), true);
  assert.equal(await page.$eval("#go", (e) => e.disabled), false);
  await page.close();
});

/** The pool the page drew from, rebuilt here from the same registrations and key. */
function poolOf(planPath, file, key) {
  const plan = openday.loadPlan(readFileSync(join(root, planPath), "utf8"));
  const targets = openday.Targets.fromPlan(plan);
  const report = openday.screenCsv(plan, readFileSync(file), { pseudonymKey: key });
  return [openday.Pool.fromScreening(report, plan, targets), targets];
}

test("draw: a time limit gives a valid lottery marked as not final, the outlook first, and its record re-runs", async () => {
  const { page, errors } = await open(`/bindings-wasm/www/draw.html?plan=/${YINCHUAN}`);
  const dir = await downloadsTo(page, "limit-downloads");
  const file = registrations(YINCHUAN, 300, 11);
  await (await page.$("#file")).uploadFile(file);
  await page.type("#key", "k");
  // A negative limit: the form refuses it, nothing is drawn.
  await page.type("#max-seconds", "-1");
  await page.click("#go");
  assert.equal(await page.$eval("#max-seconds", (e) => e.validity.rangeUnderflow), true);
  assert.equal(await status(page), "ready");
  // Zero seconds: the draw stops after its first round, with a lottery.
  await page.$eval("#max-seconds", (e) => { e.value = "0"; });
  await page.click("#go");
  await page.waitForSelector("body[data-status=drawn]", { timeout: 120_000 });
  assert.equal(await page.$eval("body", (b) => b.dataset.complete), "false");
  assert.equal(await page.$eval("#incomplete", (e) => e.hidden), false);
  assert.match(await page.$eval("#incomplete", (e) => e.textContent), /不是最终[\s\S]*not yet the fairest/);
  const [pool, targets] = poolOf(YINCHUAN, file, "k");
  const o = openday.outlook(pool, targets);
  assert.match(await page.$eval("#outlook", (e) => e.textContent), new RegExp(`分为 ${o.classes} 类`));
  await page.click("#dl-record");
  const record = JSON.parse(await downloaded(dir, "draw-record.json"));
  assert.equal(record.stopped_after_rounds, 1);
  const panel = (await page.$eval("body", (b) => b.dataset.panel)).split(",");
  assert.deepEqual(openday.verify(record, pool, targets).panel, panel);
  assert.deepEqual(record.panel, panel);
  // Without a limit, the same page gives the finished draw and no notice.
  await page.$eval("#max-seconds", (e) => { e.value = ""; });
  await page.click("#go");
  await page.waitForSelector("body[data-status=drawn][data-complete]", { timeout: 120_000 });
  assert.equal(await page.$eval("body", (b) => b.dataset.complete), "true");
  assert.equal(await page.$eval("#incomplete", (e) => e.hidden), true);
  assert.equal(await page.$eval("#stop", (e) => e.hidden), true, "no stop without cross-origin isolation");
  assert.deepEqual(errors, []);
  await page.close();
});

test("draw: on a cross-origin isolated page, stop keeps the best lottery so far", async () => {
  const isolated = await serve(root, { isolated: true });
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${isolated.base}/bindings-wasm/www/draw.html?plan=/${YINCHUAN}`);
    await page.waitForSelector("body[data-status=ready]", { timeout: 60_000 });
    assert.equal(await page.evaluate(() => globalThis.crossOriginIsolated), true);
    // Large enough that screening in the worker outlasts the click on stop.
    const file = registrations(YINCHUAN, 60000, 8);
    await (await page.$("#file")).uploadFile(file);
    await page.type("#key", "k");
    await page.click("#go");
    await page.waitForSelector("#stop:not([hidden]):not([disabled])");
    await page.click("#stop");
    await page.waitForSelector("body[data-status=drawn]", { timeout: 120_000 });
    assert.equal(await page.$eval("body", (b) => b.dataset.complete), "false");
    assert.equal(await page.$eval("#incomplete", (e) => e.hidden), false);
    const panel = (await page.$eval("body", (b) => b.dataset.panel)).split(",");
    const record = await page.evaluate(() => fetch(document.getElementById("dl-record").href).then((r) => r.json()));
    assert.ok(record.stopped_after_rounds >= 1);
    const [pool, targets] = poolOf(YINCHUAN, file, "k");
    assert.deepEqual(openday.verify(record, pool, targets).panel, panel);
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    isolated.close();
  }
});

test("the citizen's page, filled in and checked on a phone-sized screen", async () => {
  const { page, errors } = await open(`/bindings-wasm/www/check.html?plan=/${YINCHUAN}&at=2026-04-02T08:00:00%2B08:00`, 390);
  // The form is built from this plan's rules: its custom attribute (an
  // any_of alternative for 16- and 17-year-olds) is a choice, unanswered at first.
  assert.equal(await page.$eval("select[name=以自己的劳动收入为主要生活来源]", (e) => e.value), "");
  assert.equal(await page.$("input[name=住址]"), null, "no field this plan does not read");
  await page.type("input[name=姓名]", "王五");
  await page.type("input[name=出生日期]", "2010-05-01");
  await page.type("input[name=联系电话]", "13800000001");
  await page.type("input[name=所在区县]", "金凤区");
  await page.click("#form button[type=submit]");
  await page.waitForSelector("#result-section:not([hidden])");
  assert.equal(await status(page), "ineligible");
  assert.match(await page.$eval("#verdict", (e) => e.textContent), /暂不符合/);
  // Corrected: an adult; the next step is the plan's own channel.
  await page.$eval("input[name=出生日期]", (e) => { e.value = ""; });
  await page.type("input[name=出生日期]", "1980-05-01");
  await page.type("input[name=身份证号]", "640105198005011239");
  await page.keyboard.press("Enter");
  await page.waitForSelector("body[data-status=eligible]");
  const next = await page.$eval("#next-step", (e) => e.textContent);
  assert.match(next, /下一步：在网上报名：https:\/\/water\.example\.gov\.cn\/openday/, next);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `no sideways scrolling at 390 px (${width})`);
  assert.deepEqual(errors, []);
  await page.close();
});

/** Wait for a download named `name` in `dir` and give its bytes. */
async function downloaded(dir, name) {
  // Done when the file exists, is not empty, and its size held for one poll.
  let size = -1;
  for (let i = 0; i < 300; i++) {
    const now = existsSync(join(dir, name)) ? statSync(join(dir, name)).size : -1;
    if (now > 0 && now === size) break;
    size = now;
    await new Promise((r) => setTimeout(r, 100));
  }
  return readFileSync(join(dir, name));
}

async function downloadsTo(page, name) {
  const dir = join(work, name);
  const cdp = await page.createCDPSession();
  const context = page.browserContext().id;
  await cdp.send("Browser.setDownloadBehavior", { behavior: "allow", downloadPath: dir, ...(context ? { browserContextId: context } : {}) });
  return dir;
}

const setAt = (page, at) => page.$eval("#at", (e, v) => { e.value = v; }, at);
const entries = async (page) => Number(await page.$eval("body", (b) => b.dataset.entries));

test("console: another office's plan from a file, screening, commitment, draw, downloads, calls, the day re-planned, the ledger, a reload", async () => {
  const { page, errors } = await open("/bindings-wasm/www/console.html?at=2026-04-16T10:00:00%2B08:00", 1000, true);
  const dir = await downloadsTo(page, "console-downloads");
  const plan = JSON.parse(readFileSync(join(root, YINCHUAN), "utf8"));
  await (await page.$("#plan-file")).uploadFile(join(root, YINCHUAN));
  await page.waitForFunction((t) => document.getElementById("title").textContent.includes(t), {}, plan.title);
  // Screening without a table: said, nothing else happens.
  await page.click("#screen");
  await page.waitForSelector("#error:not([hidden])");
  assert.match(await page.$eval("#error", (e) => e.textContent), /请选择报名表/);
  await (await page.$("#file")).uploadFile(registrations(YINCHUAN, 400, 3));
  await page.type("#key", "the water bureau's secret");
  await page.click("#screen");
  await page.waitForSelector("body[data-status=screened]");
  assert.equal(await page.$eval("#error", (e) => e.hidden), true);
  assert.equal(await page.$eval("body", (b) => b.dataset.rows), "400");
  // The commitment before the draw: digests shown and downloadable, the seed itself not in it.
  await page.click("#commit");
  await page.waitForSelector("#commitment:not([hidden])");
  await page.click("#dl-commitment");
  const commitment = JSON.parse(await downloaded(dir, `${plan.id}-commitment.json`));
  assert.equal(commitment.seed, undefined);
  assert.equal(commitment.seedCommitment, openday.seedCommitment(`${plan.id} public seed`));
  assert.equal(commitment.poolDigest, await page.$eval("#c-pool", (e) => e.textContent));
  await page.click("#draw");
  await page.waitForSelector("body[data-status=roster]", { timeout: 120_000 });
  assert.equal((await page.$$("#panel li")).length, plan.seats);
  // After it: the record (verifiable against the committed pool), the lists as CSV, Excel and a printable page.
  for (const id of ["dl-record", "dl-panel-csv", "dl-panel-xlsx", "dl-list"]) await page.click(`#${id}`);
  const record = JSON.parse(await downloaded(dir, `${plan.id}-draw-record.json`));
  assert.equal(record.poolDigest ?? record.pool_digest ?? commitment.poolDigest, commitment.poolDigest);
  assert.equal(record.seed, `${plan.id} public seed`);
  const panelCsv = (await downloaded(dir, `${plan.id}-panel.csv`)).toString("utf8").replace(/^\ufeff/, "").trim().split(/\r?\n/);
  assert.equal(panelCsv.length, plan.seats + 1);
  assert.ok(panelCsv.slice(1).every((l) => l.includes("*")), "names masked");
  assert.equal((await downloaded(dir, `${plan.id}-panel.xlsx`)).subarray(0, 2).toString(), "PK");
  const list = (await downloaded(dir, `${plan.id}-selected-list.html`)).toString("utf8");
  assert.ok(list.includes(record.commitment) && list.includes(plan.title), "the printable list names the day and the commitment");
  // Calls: phones shown while the registrations are loaded; a confirmation; a late call refused in words.
  const first = await page.$eval("#people tr", (tr) => tr.dataset.id);
  assert.match(await page.$eval(`#people tr[data-id="${first}"] td:nth-child(3)`, (td) => td.textContent), /^[\d-]{7,}$/, "the phone number, in full, while the registrations are loaded");
  await setAt(page, "2026-04-17T10:00:00+08:00");
  const before = await entries(page);
  await page.click(`#people tr[data-id="${first}"] button[data-action=call]`);
  await page.waitForFunction((n) => Number(document.body.dataset.entries) === n + 1, {}, before);
  assert.equal(await page.$eval(`#people tr[data-id="${first}"]`, (tr) => tr.dataset.status), "confirmed");
  await setAt(page, "2026-04-21T10:00:00+08:00");
  const second = await page.$$eval("#people tr", (trs) => trs[1].dataset.id);
  await page.click(`#people tr[data-id="${second}"] button[data-action=call]`);
  await page.waitForSelector("#error:not([hidden])");
  // Chinese first, with the core's own Chinese message, then the English detail.
  assert.match(await page.$eval("#error", (e) => e.textContent), /^未记录：名单操作未被接受：操作时间 2026-04-21 10:00 与确认截止时间 2026-04-20 09:00 不符.*Not recorded \(deadline\): call at/);
  assert.equal(await entries(page), before + 1);
  // The day: check in, the first segment ends 15 minutes late, the rest is re-planned.
  await setAt(page, "2026-04-22T09:05:00+08:00");
  await page.click(`#people tr[data-id="${first}"] button[data-action=check_in]`);
  await page.waitForFunction(() => document.querySelector("#people tr").dataset.status === "checked_in" || !document.getElementById("error").hidden);
  assert.equal(await page.$eval("#error", (e) => e.textContent), "");
  await setAt(page, "2026-04-22T09:30:00+08:00");
  await page.click('#timetable tr[data-segment="check-in"] button[data-action=segment_ended]');
  await page.waitForSelector('#timetable tr[data-segment="check-in"][data-ended="1"]');
  const starts = await page.$eval('#timetable tr[data-segment="plant-visit"] td:nth-child(3)', (td) => td.textContent);
  const planned = openday.loadPlan(readFileSync(join(root, YINCHUAN), "utf8")).timetable().find((x) => x.id === "plant-visit").startsAt;
  const shifted = new Date(Date.parse(planned) + 15 * 60_000 + 8 * 3_600_000).toISOString().replace("T", " ").slice(0, 16);
  assert.equal(starts, shifted, "the next visit moves by the 15 minutes the check-in ran over");
  assert.match(await page.$eval("#day-summary", (e) => e.textContent), /重排/);
  // The ledger: a form from the checked-in participant, filed, then resolved.
  await setAt(page, "2026-04-22T11:00:00+08:00");
  await page.select("#o-participant", first);
  await page.type("#o-text", "=HYPERLINK(\"http://x\") 水压不足");
  await page.click("#opinion button[type=submit]");
  await page.waitForSelector('#cases tr[data-status="received"]');
  await page.click("#cases tr button[data-action=filed]");
  // Filed with the category's unit: assigned, due after the category's time limit in working days.
  await page.waitForSelector('#cases tr[data-status="assigned"], #error:not([hidden])');
  assert.equal(await page.$eval("#error", (e) => e.textContent), "");
  assert.notEqual(await page.$eval("#cases tr td:nth-child(6)", (td) => td.textContent), "—", "a filed point has a due date");
  await page.click("#cases tr button[data-action=started]");
  await page.waitForSelector('#cases tr[data-status="in_progress"]');
  await page.type("#cases tr input", "已更换减压阀");
  await page.click("#cases tr button[data-action=resolved]");
  await page.waitForSelector('#cases tr[data-status="resolved"]');
  await page.click("#dl-ledger-csv");
  const ledgerCsv = (await downloaded(dir, `${plan.id}-ledger.csv`)).toString("utf8");
  assert.ok(ledgerCsv.includes("'=HYPERLINK"), `a formula typed into a form is neutralised in the export: ${ledgerCsv}`);
  // Reload: roster, day and ledger come back from IndexedDB (the plan used last included).
  const kept = await entries(page);
  await page.goto(`${site.base}/bindings-wasm/www/console.html?at=2026-04-22T12:00:00%2B08:00`);
  await page.waitForSelector("body[data-restored='1']", { timeout: 60_000 });
  assert.ok((await page.$eval("#title", (e) => e.textContent)).includes(plan.title));
  assert.equal(await entries(page), kept);
  assert.equal(await page.$eval(`#people tr[data-id="${first}"]`, (tr) => tr.dataset.status), "checked_in");
  await page.waitForSelector('#timetable tr[data-segment="check-in"][data-ended="1"]');
  assert.equal(await page.$eval("body", (b) => b.dataset.points), "1");
  assert.match(await page.$eval(`#people tr[data-id="${first}"] td:nth-child(3)`, (td) => td.textContent), /载入报名表/, "no phone kept in storage");
  await page.click("#forget");
  await page.waitForSelector("body[data-status=ready]", { timeout: 60_000 });
  assert.deepEqual(errors, []);
  await page.close();
});

test("console: a draw within a time limit is published as not final, verified, and still said so after a reload", async () => {
  const { page, errors } = await open("/bindings-wasm/www/console.html?at=2025-09-18T10:00:00%2B08:00", 1000, true);
  await page.click("#screen");
  await page.waitForSelector("body[data-status=screened]");
  await page.click("#commit");
  await page.waitForSelector("#commitment:not([hidden])");
  // A negative limit is refused in words; nothing is drawn.
  await page.type("#max-seconds", "-1");
  await page.click("#draw");
  await page.waitForSelector("#error:not([hidden])");
  assert.match(await page.$eval("#error", (e) => e.textContent), /时限[\s\S]*time limit/);
  assert.equal(await page.$eval("#drawn", (e) => e.hidden), true);
  await page.$eval("#max-seconds", (e) => { e.value = "0"; });
  await page.click("#draw");
  await page.waitForSelector("body[data-status=roster]", { timeout: 120_000 });
  assert.equal(await page.$eval("#error", (e) => e.hidden), true);
  assert.equal(await page.$eval("body", (b) => b.dataset.complete), "false");
  assert.match(await page.$eval("#incomplete", (e) => e.textContent), /不是最终/);
  assert.match(await page.$eval("#outlook", (e) => e.textContent), /分为 \d+ 类/);
  // The record was verified against the committed pool before the roster started; a reload keeps the notice.
  await page.reload();
  await page.waitForSelector("body[data-restored='1']", { timeout: 60_000 });
  assert.equal(await page.$eval("#incomplete", (e) => e.hidden), false);
  assert.equal(await page.$eval("body", (b) => b.dataset.complete), "false");
  assert.deepEqual(errors, []);
  await page.close();
});

test("console: an office's Excel export gives the same pool and the same draw as the CSV, on a phone-sized screen", async () => {
  const vectors = JSON.parse(readFileSync(join(root, "testdata", "selection", "vectors.json"), "utf8"));
  const guyuan = vectors.cases.find((c) => c.name === "guyuan-2025");
  const { page, errors } = await open(`/bindings-wasm/www/console.html?at=2025-09-18T10:00:00%2B08:00&seed=${encodeURIComponent(guyuan.seed)}`, 390, true);
  await (await page.$("#file")).uploadFile(join(root, "testdata/intake/guyuan-2025-office.xlsx"));
  await page.type("#key", openday.demoPseudonymKey());
  await page.click("#screen");
  await page.waitForSelector("body:is([data-status=screened], [data-status=error])");
  assert.equal(await page.$eval("#error", (e) => e.textContent), "");
  assert.match(await page.$eval("#screen-warnings", (e) => e.textContent), /标题行 1 行/);
  const plan = openday.loadPlan(openday.examplePlanJson());
  const fromCsv = openday.Pool.fromScreening(openday.screenCsv(plan, openday.exampleRegistrationsCsv(), { pseudonymKey: openday.demoPseudonymKey() }), plan, openday.Targets.fromPlan(plan));
  await page.click("#commit");
  await page.waitForSelector("#commitment:not([hidden])");
  assert.equal(await page.$eval("#c-pool", (e) => e.textContent), fromCsv.digest());
  await page.click("#draw");
  await page.waitForSelector("body[data-status=roster]", { timeout: 120_000 });
  assert.equal(await page.$eval("body", (b) => b.dataset.panel), guyuan.expect.panel.join(","));
  // 390 px wide: the tables scroll inside their boxes, the page does not scroll sideways.
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `no sideways scrolling at 390 px (${width})`);
  const artefacts = join(root, "target", "artefacts");
  mkdirSync(artefacts, { recursive: true });
  await page.screenshot({ path: join(artefacts, "console-390.png"), fullPage: true });
  await page.click("#forget");
  await page.waitForSelector("body[data-status=ready]", { timeout: 60_000 });
  assert.deepEqual(errors, []);
  await page.close();
});
