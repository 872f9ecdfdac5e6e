// The organiser's console: one static page, nothing sent anywhere.
//   1 the office's plan (?plan=<URL>, a file, or the one used last here),
//     its problems and warnings;
//   2 registrations (CSV or Excel) screened with the office's key: counts,
//     warnings, reasons, the screening result as CSV or Excel;
//   3 the commitment published before the draw (seed, pool and targets
//     digests), the draw in a Web Worker (outlook, time limit, progress,
//     cancel, stop with the best so far where the page is isolated), the record
//     verified and published after it, the panel and reserves as CSV,
//     Excel and a printable list;
//   4-6 the roster, the day and the ledger (console-day.js,
//     console-ledger.js), whose journals live in IndexedDB (console-store.js)
//     and survive a reload.
import init, {
  loadPlan, examplePlanJson, exampleRegistrationsCsv, demoPseudonymKey, screenCsv, Pool, Targets, Roster,
  seedCommitment, verify, writeCsv, writeXlsx, selectedList,
} from "../pkg/openday.js";
import { $, describe, offer, row, showError, withdrawAll, XLSX } from "./ui.js";
import { store, persist } from "./console-store.js";
import { drawControls, incompleteText } from "./draw-run.js";
import { renderRoster, setupRoster } from "./console-day.js";
import { restoreLedger, setupLedger } from "./console-ledger.js";

const params = new URLSearchParams(location.search);
/** Everything the page knows; `saved` is what IndexedDB keeps for this plan. */
export const app = { plan: null, planText: "", planSource: "", saved: null, report: null, pool: null, targets: null, roster: null, ledger: null };

function listProblems(id, problems) {
  $(id).replaceChildren(...problems.map((p) => {
    const li = document.createElement("li");
    li.dataset.severity = p.severity;
    li.dataset.code = p.code;
    li.textContent = `${p.severity === "error" ? "错误 error" : "提示 warning"} ${p.path}：${p.messageZh} ${p.messageEn}`;
    return li;
  }));
}

function reset() {
  withdrawAll();
  Object.assign(app, { saved: null, report: null, pool: null, targets: null, roster: null, ledger: null });
  for (const id of ["counts", "draw-figures"]) $(id).textContent = "";
  for (const id of ["screen-warnings", "panel", "people", "timetable", "cases"]) $(id).replaceChildren();
  for (const id of ["commitment", "drawn", "reasons", "roster-section", "day-section", "ledger-section", "outlook", "incomplete"]) $(id).hidden = true;
  $("commit").disabled = true;
}

function usePlan(text, source) {
  reset();
  showError("");
  try {
    app.plan = loadPlan(text, source);
  } catch (e) {
    app.plan = null;
    $("title").textContent = "组织者工作台 Organiser's console";
    listProblems("plan-problems", e.problems ?? []);
    showError(describe("无法读取开放日方案", "The plan could not be read", e));
    return false;
  }
  Object.assign(app, { planText: text, planSource: source, targets: Targets.fromPlan(app.plan) });
  $("title").textContent = `组织者工作台 · ${app.plan.title}`;
  $("plan-source").textContent = source === "example" ? "示例方案（仅供演示）Example plan, for demonstration only" : `方案 Plan: ${source}`;
  listProblems("plan-problems", app.plan.problems);
  $("seed").value = params.get("seed") ?? `${app.plan.id} public seed`;
  return true;
}

async function screen() {
  showError("");
  const file = $("file").files[0];
  let key = $("key").value;
  if (!file && app.planSource !== "example") return showError("请选择报名表（CSV 或 Excel）。 Choose the registrations table (CSV or Excel).");
  if (!key) {
    if (file) return showError("请输入假名密钥（主办方保管的秘密，不要公开）。 Enter the pseudonym key (the organiser's secret).");
    key = demoPseudonymKey(); // the example's public key, for the example data only
  }
  const data = file ? new Uint8Array(await file.arrayBuffer()) : exampleRegistrationsCsv();
  let report;
  try {
    report = screenCsv(app.plan, data, { pseudonymKey: key });
  } catch (e) {
    return showError(describe("报名表无法读取", "The registrations could not be read", e));
  }
  const pool = Pool.fromScreening(report, app.plan, app.targets);
  if (app.saved?.commitment && pool.digest() !== app.saved.commitment.poolDigest) {
    return showError("这份报名表（或密钥）与已公布承诺的报名池不同，未采用。 This table (or key) gives a different pool from the one committed to; it was not used.");
  }
  app.report = report;
  app.pool = pool;
  const c = report.counts();
  $("counts").textContent = `${report.source}（${report.encoding}）：共 ${c.rows} 行，符合条件 ${c.eligible}，不符合 ${c.ineligible}，无效 ${c.invalid}，重复 ${c.duplicate}；可抽选 ${pool.length} 人。 ` +
    `Rows ${c.rows}: eligible ${c.eligible}, not eligible ${c.ineligible}, invalid ${c.invalid}, duplicate ${c.duplicate}; ${pool.length} in the pool.`;
  document.body.dataset.rows = String(c.rows);
  listProblems("screen-warnings", report.warnings);
  const body = $("reasons").querySelector("tbody");
  body.replaceChildren(...report.reasons().map(([code, n]) => row([code, n])));
  $("reasons").hidden = body.children.length === 0;
  offer("dl-screening-csv", report.toCsv(), "text/csv", `${app.plan.id}-screening.csv`);
  offer("dl-screening-xlsx", report.toXlsx(), XLSX, `${app.plan.id}-screening.xlsx`);
  $("commit").disabled = Boolean(app.saved?.record);
  if (app.roster) renderRoster(app);
  document.body.dataset.status = "screened";
}

function commitment() {
  const seed = $("seed").value;
  const c = { plan: app.plan.id, seed, seedCommitment: seedCommitment(seed), poolDigest: app.pool.digest(), targetsDigest: app.targets.digest(), pool: app.pool.length, publishedAt: new Date().toISOString() };
  app.saved = { planText: app.planText, planSource: app.planSource, commitment: c, features: app.pool.features, candidates: app.pool.candidates() };
  showCommitment(c);
  $("seed").disabled = true;
  return persist(app);
}

function showCommitment(c) {
  $("c-seed").textContent = c.seedCommitment;
  $("c-pool").textContent = c.poolDigest;
  $("c-targets").textContent = c.targetsDigest;
  const published = { ...c };
  delete published.seed; // the seed itself is published after the draw, in the record
  offer("dl-commitment", JSON.stringify(published, null, 2) + "\n", "application/json", `${c.plan}-commitment.json`);
  $("commitment").hidden = false;
  $("commit").disabled = true;
}

function busy(on) {
  $("draw").disabled = on;
  $("cancel").disabled = !on;
  $("stop").disabled = !on;
  $("progress").hidden = !on;
  if (on) $("progress").value = 0;
}

const controls = drawControls({ busy, showError });

function draw() {
  showError("");
  const { features, candidates, seed } = { ...app.saved, seed: app.saved.commitment.seed };
  controls.start({ planText: app.planText, planSource: app.planSource, features, candidates, seed }, {
    result: async (r) => {
      try {
        await drawn(r.record, r.stats);
      } catch (e) {
        showError(describe("名单未建立", "The roster was not started", e));
      }
    },
    error: (e) => showError(describe("抽选未完成", "The draw was not made", e)),
  });
}

/** A record from the worker: verified here against the committed pool, then the roster starts. */
async function drawn(record, stats) {
  const pool = new Pool(app.saved.features, app.saved.candidates);
  verify(record, pool, app.targets); // throws a DrawVerificationError if it does not re-run
  const names = {};
  for (const id of [...record.panel, ...record.reserves]) names[id] = app.pool?.origin(id)?.name ?? id;
  const roster = new Roster(app.plan, pool, app.targets);
  const at = $("at").value;
  if (app.report) roster.screened(at, "console", app.report);
  roster.drawn(at, "console", record);
  const { complete, minProbability, minProbabilityBound } = stats;
  Object.assign(app.saved, { record, names, stats: { complete, minProbability, minProbabilityBound }, journal: roster.exportJournal(), ledger: [] });
  app.roster = roster;
  await persist(app);
  showDraw();
  restoreLedger(app);
  renderRoster(app);
}

/** The published record and the lists, from what is saved. */
export function showDraw() {
  const { record, names, commitment: c } = app.saved;
  showCommitment(c);
  $("seed").value = c.seed;
  $("seed").disabled = true;
  $("draw").disabled = true;
  const people = (ids, rank) => ids.map((id, i) => ({ [rank]: i + 1, "姓名（已脱敏）name (masked)": names[id] ?? id, "编号 id": id }));
  const panel = people(record.panel, "序号 seat");
  const reserves = people(record.reserves, "候补顺序 rank");
  $("draw-figures").textContent = `已抽选并核验：入选 ${record.panel.length} 人，候补 ${record.reserves.length} 人；种子 ${record.seed}。 ` +
    `Drawn and verified: ${record.panel.length} on the panel, ${record.reserves.length} reserves; seed ${record.seed}.`;
  $("panel").replaceChildren(...panel.map((p) => {
    const li = document.createElement("li");
    li.dataset.id = p["编号 id"];
    li.textContent = p["姓名（已脱敏）name (masked)"];
    return li;
  }));
  const id = app.plan.id;
  offer("dl-record", JSON.stringify(record, null, 2) + "\n", "application/json", `${id}-draw-record.json`);
  offer("dl-panel-csv", writeCsv(panel), "text/csv", `${id}-panel.csv`);
  offer("dl-panel-xlsx", writeXlsx(panel, "入选名单"), XLSX, `${id}-panel.xlsx`);
  offer("dl-reserves-csv", writeCsv(reserves), "text/csv", `${id}-reserves.csv`);
  offer("dl-reserves-xlsx", writeXlsx(reserves, "候补"), XLSX, `${id}-reserves.xlsx`);
  const list = selectedList(app.plan, record.panel.map((p) => ({ name: names[p] ?? p })), record.seed, record.commitment);
  offer("dl-list", list.html, "text/html", `${id}-selected-list.html`);
  // A draw stopped by its time limit is valid and verified, but says so.
  const stats = app.saved.stats;
  const stopped = stats ? !stats.complete : record.stopped_after_rounds != null;
  $("incomplete").hidden = !stopped;
  $("incomplete").textContent = stopped ? incompleteText(stats) : "";
  document.body.dataset.complete = String(!stopped);
  $("drawn").hidden = false;
  document.body.dataset.panel = record.panel.join(",");
}

async function main() {
  await init();
  $("at").value = params.get("at") ?? new Date().toISOString();
  const url = params.get("plan");
  let text = null;
  let source = null;
  if (url) {
    try {
      const res = await fetch(url);
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      [text, source] = [await res.text(), url];
    } catch (e) {
      showError(describe("无法读取开放日方案", "The plan could not be read", e));
    }
  } else {
    const last = await store("get", "last");
    const saved = last ? await store("get", last) : null;
    if (saved) [text, source] = [saved.planText, saved.planSource];
  }
  if (text === null && !url) [text, source] = [examplePlanJson(), "example"];
  $("plan-file").addEventListener("change", async (e) => {
    const f = e.target.files?.[0];
    if (f && usePlan(await f.text(), f.name)) await restore();
  });
  $("screen").addEventListener("click", screen);
  $("commit").addEventListener("click", commitment);
  $("draw").addEventListener("click", draw);
  $("cancel").addEventListener("click", controls.cancel);
  $("stop").addEventListener("click", controls.stop);
  $("print").addEventListener("click", () => window.print());
  setupRoster(app);
  setupLedger(app);
  if (text !== null && usePlan(text, source)) await restore();
  if (document.body.dataset.status === "loading") document.body.dataset.status = "ready";
}

/** A roster kept earlier for this plan: its commitment, record, journal and ledger replayed. */
async function restore() {
  const saved = await store("get", app.plan.id);
  if (!saved) return;
  app.saved = saved;
  if (!saved.record) return showCommitment(saved.commitment);
  try {
    const pool = new Pool(saved.features, saved.candidates);
    app.roster = Roster.importJournal(app.plan, pool, app.targets, saved.journal);
    showDraw();
    restoreLedger(app);
    renderRoster(app);
    document.body.dataset.restored = "1";
  } catch (e) {
    showError(describe("保存的日志无法重放", "The saved journal does not replay", e));
  }
}

main().catch((e) => {
  showError(String(e.message ?? e));
  document.body.dataset.status = "crashed";
});
