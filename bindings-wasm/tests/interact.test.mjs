// The pages used as a person uses them, in headless Chromium driven over
// the DevTools protocol (puppeteer-core): open, fill, pick files, click,
// download. Another office's plan, an error followed by a good run (no
// stale results), cancelling a draw, and the citizen's page filled in.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
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

async function open(path, width = 1000) {
  const page = await browser.newPage();
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
  const wait = async (name) => {
    for (let i = 0; i < 300 && !existsSync(join(downloads, name)); i++) await new Promise((r) => setTimeout(r, 100));
    return readFileSync(join(downloads, name), "utf8");
  };
  const record = JSON.parse(await wait("draw-record.json"));
  assert.deepEqual(record.panel, guyuan.expect.panel);
  assert.equal(record.commitment, guyuan.expect.commitment ?? record.commitment);
  const csv = (await wait("panel.csv")).replace(/^\ufeff/, "").trim().split("\r\n");
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

test("the citizen's page, filled in and checked on a phone-sized screen", async () => {
  const { page, errors } = await open(`/bindings-wasm/www/check.html?plan=/${YINCHUAN}&at=2026-04-02T08:00:00%2B08:00`, 390);
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

test("console: draw, call, check in; a reload restores the journal from IndexedDB", async () => {
  const { page, errors } = await open("/bindings-wasm/www/console.html?at=2025-09-18T10:00:00%2B08:00");
  await page.click("#draw");
  await page.waitForSelector("body[data-status=roster]", { timeout: 120_000 });
  const entries = async () => Number(await page.$eval("body", (b) => b.dataset.entries));
  assert.equal(await entries(), 1, "the draw is the first entry");
  const first = await page.$eval("#people tr", (tr) => tr.dataset.id);
  await page.click(`#people tr[data-id="${first}"] button[data-action=call]`);
  await page.waitForFunction(() => document.body.dataset.entries === "2");
  assert.equal(await page.$eval(`#people tr[data-id="${first}"]`, (tr) => tr.dataset.status), "confirmed");
  // A call after the deadline is refused, in words, and nothing is recorded.
  await page.$eval("#at", (e) => { e.value = "2025-09-30T10:00:00+08:00"; });
  const second = await page.$$eval("#people tr", (trs) => trs[1].dataset.id);
  await page.click(`#people tr[data-id="${second}"] button[data-action=call]`);
  await page.waitForSelector("#error:not([hidden])");
  assert.match(await page.$eval("#error", (e) => e.textContent), /未记录 Not recorded/);
  assert.equal(await entries(), 2);
  // Reload: the roster comes back from the browser's storage.
  await page.reload();
  await page.waitForSelector("body[data-restored='1']", { timeout: 60_000 });
  assert.equal(await entries(), 2);
  assert.equal(await page.$eval(`#people tr[data-id="${first}"]`, (tr) => tr.dataset.status), "confirmed");
  // Check-in on the day.
  await page.$eval("#at", (e) => { e.value = "2025-09-24T14:25:00+08:00"; });
  await page.click(`#people tr[data-id="${first}"] button[data-action=check_in]`);
  await page.waitForFunction(() => document.body.dataset.entries === "3");
  assert.equal(await page.$eval(`#people tr[data-id="${first}"]`, (tr) => tr.dataset.status), "checked_in");
  assert.deepEqual(errors, []);
  await page.close();
});
