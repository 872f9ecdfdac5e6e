// Eligibility self-check: the citizen's answers are checked by the openday
// wasm package against the plan's rules, in the browser.
import init, { loadPlan, examplePlanJson, checkRegistrant } from "../pkg/openday.js";

const $ = (id) => document.getElementById(id);

function show(verdict) {
  const list = $("result");
  list.replaceChildren();
  const items = verdict.failures ?? verdict.errors ?? [];
  for (const f of items) {
    const li = document.createElement("li");
    li.dataset.code = f.code;
    li.textContent = `${f.messageZh} (${f.messageEn})`;
    list.appendChild(li);
  }
  const verdictLine = $("verdict");
  verdictLine.className = verdict.eligible ? "ok" : "no";
  verdictLine.textContent = verdict.eligible
    ? "符合报名条件 You can register"
    : verdict.bucket === "invalid" ? "请检查填写的信息 Please check your answers" : "暂不符合报名条件 Not eligible";
  $("result-section").hidden = false;
  document.body.dataset.status = verdict.bucket;
}

async function main() {
  await init();
  const plan = loadPlan(examplePlanJson());
  $("title").textContent = `报名资格自查 · ${plan.title}`;
  const form = $("form");
  // Answers may also arrive in the link (e.g. from a registration form).
  const params = new URLSearchParams(location.search);
  for (const [k, v] of params) if (form.elements[k]) form.elements[k].value = v;
  const check = () => {
    const record = {};
    for (const el of form.elements) if (el.name) record[el.name] = el.value;
    // Registering now (or at the instant given in the link as ?at=...):
    // the registration window is part of the check.
    record["报名时间"] = params.get("at") ?? new Date().toISOString();
    show(checkRegistrant(plan, record));
  };
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    check();
  });
  document.body.dataset.status = "ready";
  if (params.get("check") === "1") check();
}

main().catch((err) => {
  document.body.dataset.status = "crashed";
  $("title").textContent = String(err);
});
