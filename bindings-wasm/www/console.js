// The organiser's console: draw (in a Web Worker), then keep the roster's
// journal in this browser's IndexedDB, so that a reload, a closed tab or a
// crash loses nothing; calls and check-in are journal entries; the journal
// exports and imports as JSON Lines (the same file as the openday command's).
// Only pseudonyms and masked names are stored.
import init, { loadPlan, examplePlanJson, exampleRegistrationsCsv, demoPseudonymKey, Pool, Targets, Roster, seedCommitment } from "../pkg/openday.js";

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const STATUS = {
  selected: "待通知 to call", notified: "已联系 called", confirmed: "已确认 confirmed", declined: "已拒绝 declined",
  unreachable: "联系不上 unreachable", released: "已释放 released", checked_in: "已签到 checked in", no_show: "未到 no-show",
  reserve: "候补 reserve", offered: "递补待确认 offered",
};
let plan;
let planText;
let state = null; // { pool, targets, roster, names }

// ---- IndexedDB: one record per plan id: { planText, features, candidates, names, journal }.
function db() {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open("openday-console", 1);
    req.onupgradeneeded = () => req.result.createObjectStore("rosters");
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}
async function store(method, ...args) {
  const d = await db();
  return new Promise((resolve, reject) => {
    const tx = d.transaction("rosters", method === "get" ? "readonly" : "readwrite");
    const req = tx.objectStore("rosters")[method](...args);
    tx.oncomplete = () => resolve(req.result);
    tx.onerror = () => reject(tx.error);
  });
}
const save = (saved) => store("put", saved, plan.id);

function showError(message) {
  const e = $("error");
  e.textContent = message;
  e.hidden = !message;
  if (message) document.body.dataset.status = "error";
}

function attach(features, candidates, names, journal) {
  const pool = new Pool(features, candidates);
  const targets = Targets.fromPlan(plan);
  const roster = journal ? Roster.importJournal(plan, pool, targets, journal) : new Roster(plan, pool, targets);
  state = { pool, targets, roster, names, features, candidates };
}

async function persist() {
  await save({ planText, features: state.features, candidates: state.candidates, names: state.names, journal: state.roster.exportJournal() });
}

function render() {
  const { roster, names } = state;
  $("roster-section").hidden = false;
  $("deadline").textContent = `确认截止 Confirm by ${roster.deadline.replace("T", " ").slice(0, 16)}`;
  const body = $("people");
  body.replaceChildren();
  const people = roster.people().filter((p) => p.seat !== null || p.status === "offered");
  people.sort((a, b) => (a.seat ?? 999) - (b.seat ?? 999));
  for (const p of people) {
    const tr = document.createElement("tr");
    tr.dataset.id = p.id;
    tr.dataset.status = p.status;
    const cells = [p.seat ?? "—", names[p.id] ?? p.id, STATUS[p.status] ?? p.status];
    for (const c of cells) {
      const td = document.createElement("td");
      td.textContent = String(c);
      tr.appendChild(td);
    }
    const td = document.createElement("td");
    const button = (label, action, outcome) => {
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = label;
      b.dataset.action = action;
      b.addEventListener("click", () => step(action, p.id, outcome));
      td.appendChild(b);
    };
    if (["selected", "notified", "offered"].includes(p.status)) {
      button("确认 Confirmed", "call", "confirmed");
      button("拒绝 Declined", "call", "declined");
      button("未接 No answer", "call", "no_answer");
    }
    if (p.status === "confirmed") button("签到 Check in", "check_in");
    tr.appendChild(td);
    body.appendChild(tr);
  }
  const a = roster.attendance();
  $("summary").textContent = `日志 ${roster.entries().length} 条；名额 ${a.seats}，已确认 ${a.confirmed}，已签到 ${a.came}。 Journal ${roster.entries().length} entries; seats ${a.seats}, confirmed ${a.confirmed}, came ${a.came}.`;
  document.body.dataset.entries = String(roster.entries().length);
  document.body.dataset.status = "roster";
}

async function step(action, id, outcome) {
  showError("");
  const at = $("at").value;
  try {
    if (action === "call") state.roster.call(at, "console", id, outcome);
    else state.roster.checkIn(at, "console", id);
    await persist();
  } catch (e) {
    showError(`未记录 Not recorded（${e.code ?? e.name}）：${e.message}`);
  }
  render();
  if ($("error").hidden === false) document.body.dataset.status = "error";
}

function draw() {
  showError("");
  const file = $("file").files[0];
  const key = $("key").value || (file ? "" : demoPseudonymKey());
  if (!key) return showError("请输入假名密钥。 Enter the pseudonym key.");
  const csvPromise = file ? file.arrayBuffer().then((b) => new Uint8Array(b)) : Promise.resolve(exampleRegistrationsCsv());
  document.body.dataset.status = "drawing";
  const worker = new Worker(new URL("./draw-worker.js", import.meta.url), { type: "module" });
  worker.onmessage = async ({ data }) => {
    if (data.progress) return;
    worker.terminate();
    if (data.error) return showError(`抽选未完成 The draw was not made（${data.error.code}）：${data.error.message}`);
    const r = data.result;
    const names = {};
    for (const p of [...r.panel, ...r.reserves]) names[p.id] = p.name;
    try {
      attach(r.features, r.candidates, names, null);
      state.roster.drawn($("at").value, "console", r.record);
      await persist();
      render();
    } catch (e) {
      showError(`名单未建立 The roster was not started（${e.code ?? e.name}）：${e.message}`);
    }
  };
  csvPromise.then((csv) => worker.postMessage({ planText, planSource: "plan", csv, seed: $("seed").value, key }));
}

async function main() {
  await init();
  const url = params.get("plan");
  planText = url ? await (await fetch(url)).text() : examplePlanJson();
  plan = loadPlan(planText, url ?? "example");
  $("title").textContent = `组织者工作台 · ${plan.title}`;
  $("plan-source").textContent = url ? `方案 Plan: ${url}` : "示例方案（仅供演示）Example plan, for demonstration only";
  $("at").value = params.get("at") ?? new Date().toISOString();
  $("seed").value = params.get("seed") ?? `${plan.id} public seed`;
  $("seed").title = `SHA-256: ${seedCommitment($("seed").value)}`;
  $("draw").addEventListener("click", draw);
  $("export").addEventListener("click", () => {
    const a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([state.roster.exportJournal()], { type: "application/jsonl" }));
    a.download = `${plan.id}-journal.jsonl`;
    a.click();
  });
  $("import").addEventListener("change", async (e) => {
    const f = e.target.files?.[0];
    if (!f || !state) return;
    try {
      attach(state.features, state.candidates, state.names, await f.text());
      await persist();
      showError("");
      render();
    } catch (err) {
      showError(`日志无法导入 The journal was not imported（${err.code ?? err.name}）：${err.message}`);
    }
  });
  $("forget").addEventListener("click", async () => {
    await store("delete", plan.id);
    location.reload();
  });
  // A roster kept earlier for this plan: replay its journal.
  const saved = await store("get", plan.id);
  if (saved) {
    try {
      attach(saved.features, saved.candidates, saved.names, saved.journal);
      render();
      document.body.dataset.restored = "1";
      return;
    } catch (e) {
      showError(`保存的日志无法重放 The saved journal does not replay（${e.code ?? e.name}）：${e.message}`);
      return;
    }
  }
  document.body.dataset.status = "ready";
}

main().catch((e) => {
  showError(String(e.message ?? e));
  document.body.dataset.status = "crashed";
});
