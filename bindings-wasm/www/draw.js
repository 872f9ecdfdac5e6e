// The organiser's balanced draw, in the browser: the office's plan (from
// `?plan=<URL>` or a file; the embedded example otherwise), its
// registrations, its own pseudonym key and the public seed; screening and
// the LEXIMIN lottery run in a Web Worker with progress and cancel; the
// quota table, the masked panel and reserves, and downloads of the draw
// record (to publish), the panel and the reserves; the pool's outlook
// before the solve, an optional time limit, and a clear notice when the
// draw stopped before the end. With `?vectors=1` it runs the shared
// selection vectors instead (for the tests).
import init, {
  loadPlan, examplePlanJson, exampleRegistrationsCsv, screenCsv, Pool, Targets, draw, seedCommitment, syntheticInstance,
  syntheticRegistrationsCsv, demoPseudonymKey, writeCsv, writeXlsx,
} from "../pkg/openday.js";
import { drawControls, incompleteText } from "./draw-run.js";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const DEFAULT_SEED = "2025-09-20 福彩3D 第2025254期 开奖号码 317";
let plan = { text: "", source: "", example: true };
const urls = [];

function cell(row, text) {
  const td = document.createElement("td");
  td.textContent = text;
  row.appendChild(td);
}

function download(id, data, type) {
  const url = URL.createObjectURL(new Blob([data], { type }));
  urls.push(url);
  $(id).href = url;
}

function clearResults() {
  $("result").hidden = true;
  $("error").hidden = true;
  $("incomplete").hidden = true;
  $("outlook").hidden = true;
  for (const id of ["panel", "reserves"]) $(id).replaceChildren();
  $("quotas").querySelector("tbody").replaceChildren();
  while (urls.length) URL.revokeObjectURL(urls.pop());
  delete document.body.dataset.panel;
  delete document.body.dataset.complete;
}

function showError(message) {
  clearResults();
  const e = $("error");
  e.textContent = message;
  e.hidden = false;
  document.body.dataset.status = "error";
}

function render(r) {
  const s = r.stats;
  $("figures").textContent = `${r.title}：报名 ${r.counts.rows} 条，符合条件 ${r.counts.eligible} 人，入选 ${r.panel.length} 人；` +
    `入选概率最小 ${s.minProbability.toFixed(4)}、最大 ${s.maxProbability.toFixed(4)}；用时 ${r.ms.toFixed(0)} ms。 ` +
    `Rows ${r.counts.rows}, eligible ${r.counts.eligible}, drawn ${r.panel.length}; selection probability ${s.minProbability.toFixed(4)}–${s.maxProbability.toFixed(4)}.`;
  if (!s.complete) {
    $("incomplete").textContent = incompleteText(s);
    $("incomplete").hidden = false;
  }
  document.body.dataset.complete = String(s.complete);
  const body = $("quotas").querySelector("tbody");
  for (const q of r.quotas) {
    const tr = document.createElement("tr");
    tr.dataset.feature = q.feature;
    tr.dataset.value = q.value;
    tr.dataset.panel = q.panel;
    for (const t of [q.feature, q.value, q.listed ? `${q.min}–${q.max}` : "—", q.pool, q.panel, q.expected.toFixed(2)]) cell(tr, String(t));
    body.appendChild(tr);
  }
  const list = (id, people) => {
    $(id).replaceChildren(...people.map((p) => {
      const li = document.createElement("li");
      li.dataset.id = p.id;
      li.textContent = p.row ? `${p.name} (第${p.row}行)` : p.id;
      return li;
    }));
  };
  list("panel", r.panel);
  list("reserves", r.reserves);
  // The lists through the core's one CSV and Excel writer (formula-safe cells).
  const rows = (people, rank) => people.map((p) => ({ [rank]: p.rank, "报名表行号 row": p.row ?? "", "姓名（已脱敏）name (masked)": p.name, "编号 id": p.id }));
  const panel = rows(r.panel, "序号 seat");
  const reserves = rows(r.reserves, "候补顺序 rank");
  download("dl-record", JSON.stringify(r.record, null, 2) + "\n", "application/json");
  download("dl-panel", writeCsv(panel), "text/csv");
  download("dl-reserves", writeCsv(reserves), "text/csv");
  download("dl-panel-xlsx", writeXlsx(panel, "入选名单"), XLSX);
  download("dl-reserves-xlsx", writeXlsx(reserves, "候补"), XLSX);
  $("result").hidden = false;
  document.body.dataset.panel = r.panel.map((p) => p.id).join(",");
  document.body.dataset.status = "drawn";
}

function busy(on) {
  $("go").disabled = on;
  $("cancel").disabled = !on;
  $("stop").disabled = !on;
  $("progress").hidden = !on;
  if (on) $("progress").value = 0;
}

const controls = drawControls({ busy, showError });

async function start() {
  clearResults();
  const file = $("file").files[0];
  let csv;
  if (file) csv = new Uint8Array(await file.arrayBuffer());
  else if (plan.example) csv = exampleRegistrationsCsv();
  else return showError("请选择报名表（CSV 或 Excel）。 Choose the registrations table (CSV or Excel).");
  let key = $("key").value;
  if (!key) {
    if (!plan.example || file) return showError("请输入假名密钥（主办方保管的秘密，不要公开）。 Enter the pseudonym key (the organiser's secret).");
    key = demoPseudonymKey(); // the example's public key, for the example only
  }
  const message = { planText: plan.text, planSource: plan.source, csv, seed: $("seed").value, key };
  controls.start(message, {
    result: render,
    error: (e) => {
      const lines = [`抽选未完成${e.messageZh ? `：${e.messageZh}` : ""}。 The draw was not made (${e.code}): ${e.message}`];
      for (const p of e.problems) lines.push(`${p.path}：${p.messageZh} ${p.messageEn}`);
      showError(lines.join("\n"));
    },
  });
}

function usePlan(text, source, example) {
  try {
    const p = loadPlan(text, source);
    plan = { text, source, example };
    $("title").textContent = `均衡选取 · ${p.title}`;
    $("plan-source").textContent = example ? "示例方案与示例报名表（仅供演示）Example plan and registrations, for demonstration only" : `方案 Plan: ${source}`;
    clearResults();
    return true;
  } catch (e) {
    plan = { text: "", source: "", example: false };
    $("title").textContent = "均衡选取 · Balanced draw";
    showError(`无法读取开放日方案（${source}）${e.messageZh ? `：${e.messageZh}` : ""}。 The plan could not be read: ${e.message}`);
    return false;
  }
}

async function runVectors() {
  const vectors = await (await fetch("/testdata/selection/vectors.json")).json();
  for (const c of vectors.cases) {
    const li = document.createElement("li");
    li.dataset.case = c.name;
    try {
      let pool, targets;
      if (c.synthetic) [pool, targets] = syntheticInstance(c.synthetic);
      else if (c.plan_file) {
        const p = loadPlan(await (await fetch(`/${c.plan_file}`)).text(), c.plan_file);
        const csv = syntheticRegistrationsCsv(p, c.generated.rows, BigInt(c.generated.seed));
        targets = Targets.fromPlan(p);
        pool = Pool.fromScreening(screenCsv(p, csv, { pseudonymKey: demoPseudonymKey() }), p, targets);
      } else if (c.guyuan) {
        const p = loadPlan(examplePlanJson());
        targets = Targets.fromPlan(p);
        pool = Pool.fromScreening(screenCsv(p, exampleRegistrationsCsv(), { pseudonymKey: demoPseudonymKey() }), p, targets);
      } else {
        pool = new Pool(c.pool.features, c.pool.candidates);
        targets = new Targets(c.targets.seats, c.targets.policy);
      }
      const d = c.max_rounds === undefined
        ? draw(pool, targets, c.seed)
        : draw(pool, targets, c.seed, undefined, { maxRounds: c.max_rounds });
      li.dataset.panel = d.panel.join(",");
      li.dataset.reserves = d.reserves.join(",");
      li.dataset.commitment = d.record().commitment;
      li.dataset.minProbability = String(d.stats().minProbability);
    } catch (e) {
      li.dataset.error = e.code ?? String(e);
    }
    $("vectors").appendChild(li);
  }
  document.body.dataset.status = "vectors";
}

async function main() {
  await init();
  if (params.get("vectors")) return runVectors();
  const url = params.get("plan");
  if (url) {
    try {
      const res = await fetch(url);
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      if (!usePlan(await res.text(), url, false)) return;
    } catch (e) {
      return showError(`无法读取开放日方案（${url}）：${e.message} The plan could not be read.`);
    }
  } else usePlan(examplePlanJson(), "example", true);
  const seedInput = $("seed");
  seedInput.value = params.get("seed") ?? DEFAULT_SEED;
  const showCommitment = () => { $("commitment").textContent = seedCommitment(seedInput.value); };
  seedInput.addEventListener("input", showCommitment);
  showCommitment();
  $("plan-file").addEventListener("change", async (e) => {
    const f = e.target.files?.[0];
    if (f) usePlan(await f.text(), f.name, false);
  });
  $("form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    start();
  });
  $("cancel").addEventListener("click", controls.cancel);
  $("stop").addEventListener("click", controls.stop);
  if (params.get("seconds")) $("max-seconds").value = params.get("seconds");
  document.body.dataset.status = "ready";
  if (params.get("draw")) start();
}

main().catch((e) => {
  document.body.dataset.status = "error";
  document.body.append(String(e));
});
