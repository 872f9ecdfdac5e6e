// The organiser's balanced draw, in the browser: screening, the LEXIMIN
// lottery with a public seed, the quota table and the reserve list. With
// `?vectors=1` it runs the shared selection vectors instead (for the tests).
import init, {
  loadPlan, examplePlanJson, exampleRegistrationsCsv, screenCsv, Pool, Targets, draw, seedCommitment, syntheticInstance,
  syntheticRegistrationsCsv, demoPseudonymKey,
} from "../pkg/openday.js";

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const DEFAULT_SEED = "2025-09-20 福彩3D 第2025254期 开奖号码 317";

function cell(row, text) {
  const td = document.createElement("td");
  td.textContent = text;
  row.appendChild(td);
}

function render(plan, csv, seed) {
  // The embedded example's data are drawn under the public example key; an
  // office's own data would be keyed by its own secret.
  const report = screenCsv(plan, csv, { pseudonymKey: demoPseudonymKey() });
  const targets = Targets.fromPlan(plan);
  const pool = Pool.fromScreening(report, plan, targets);
  const started = performance.now();
  const d = draw(pool, targets, seed);
  const ms = performance.now() - started;
  const stats = d.stats();
  $("figures").textContent = `${d.panel.length} / ${pool.length}; min ${stats.minProbability.toFixed(4)}, max ${stats.maxProbability.toFixed(4)}; ${ms.toFixed(0)} ms`;
  const body = $("quotas").querySelector("tbody");
  body.replaceChildren();
  for (const q of d.quotas()) {
    const tr = document.createElement("tr");
    tr.dataset.feature = q.feature;
    tr.dataset.value = q.value;
    tr.dataset.panel = q.panel;
    for (const t of [q.feature, q.value, q.listed ? `${q.min}–${q.max}` : "—", q.pool, q.panel, q.expected.toFixed(2)]) cell(tr, String(t));
    body.appendChild(tr);
  }
  const list = (id, ids) => {
    $(id).replaceChildren(...ids.map((i) => {
      const li = document.createElement("li");
      li.dataset.id = i;
      const o = pool.origin(i);
      li.textContent = o ? `${o.name} (第${o.row}行)` : i;
      return li;
    }));
  };
  list("panel", d.panel);
  list("reserves", d.reserves);
  $("result").hidden = false;
  document.body.dataset.panel = d.panel.join(",");
  document.body.dataset.status = "drawn";
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
        const plan = loadPlan(await (await fetch(`/${c.plan_file}`)).text(), c.plan_file);
        const csv = syntheticRegistrationsCsv(plan, c.generated.rows, BigInt(c.generated.seed));
        targets = Targets.fromPlan(plan);
        pool = Pool.fromScreening(screenCsv(plan, csv, { pseudonymKey: demoPseudonymKey() }), plan, targets);
      } else if (c.guyuan) {
        const plan = loadPlan(examplePlanJson());
        targets = Targets.fromPlan(plan);
        pool = Pool.fromScreening(screenCsv(plan, exampleRegistrationsCsv(), { pseudonymKey: demoPseudonymKey() }), plan, targets);
      } else {
        pool = new Pool(c.pool.features, c.pool.candidates);
        targets = new Targets(c.targets.seats, c.targets.policy);
      }
      const d = draw(pool, targets, c.seed);
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
  const plan = loadPlan(examplePlanJson());
  $("title").textContent = `均衡选取 · ${plan.title}`;
  const seedInput = $("seed");
  seedInput.value = params.get("seed") ?? DEFAULT_SEED;
  const showCommitment = () => { $("commitment").textContent = seedCommitment(seedInput.value); };
  seedInput.addEventListener("input", showCommitment);
  showCommitment();
  $("form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const file = $("file").files[0];
    const csv = file ? new Uint8Array(await file.arrayBuffer()) : exampleRegistrationsCsv();
    try {
      render(plan, csv, seedInput.value);
    } catch (e) {
      document.body.dataset.status = "error";
      $("figures").textContent = `${e.name}: ${e.message}`;
      $("result").hidden = false;
    }
  });
  if (params.get("draw")) render(plan, exampleRegistrationsCsv(), seedInput.value);
  else document.body.dataset.status = "ready";
}

main().catch((e) => {
  document.body.dataset.status = "error";
  document.body.append(String(e));
});
