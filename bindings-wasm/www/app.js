// The plan-check page: loads a plan through the openday wasm package and
// shows its timetable or every problem in it. Nothing leaves the browser.
import init, { loadPlan, examplePlanJson } from "../pkg/openday.js";

const $ = (id) => document.getElementById(id);

function hhmm(iso) {
  // ISO strings carry the event's offset; show the event's local time.
  return iso.slice(11, 16);
}

function cell(row, text) {
  const td = document.createElement("td");
  td.textContent = text;
  row.appendChild(td);
  return td;
}

function showPlan(plan) {
  $("title").textContent = plan.title;
  $("meta").textContent =
    `${plan.startsAt.slice(0, 10)} ${hhmm(plan.startsAt)}–${hhmm(plan.endsAt)} (${plan.timeZone}) · ` +
    `${plan.seats} 名额 seats · 报名截止 deadline ${plan.registrationDeadline.replace("T", " ").slice(0, 16)}`;
  const body = $("timetable");
  body.replaceChildren();
  for (const s of plan.timetable()) {
    const tr = document.createElement("tr");
    tr.dataset.id = s.id;
    tr.dataset.kind = s.kind;
    const time = cell(tr, `${hhmm(s.startsAt)}–${hhmm(s.endsAt)}`);
    if (s.approximate) time.className = "approx";
    cell(tr, s.title);
    cell(tr, s.venue ?? "");
    cell(tr, s.units.join("、"));
    body.appendChild(tr);
  }
  $("timetable-section").hidden = false;
  // The SVG is produced by openday with every text escaped.
  $("timeline").innerHTML = plan.timelineSvg();
  $("timeline-section").hidden = false;
  $("problems-section").hidden = true;
  document.body.dataset.status = "ok";
  document.body.dataset.segments = String(plan.timetable().length);
}

function showError(err) {
  const list = $("problems");
  list.replaceChildren();
  const problems = err.problems && err.problems.length ? err.problems : [{ path: err.path ?? "", code: err.code ?? "error", messageEn: err.message, messageZh: "" }];
  for (const p of problems) {
    const li = document.createElement("li");
    li.dataset.path = p.path;
    li.dataset.code = p.code;
    const code = document.createElement("code");
    code.textContent = p.path || "(plan)";
    li.append(code, ` ${p.messageZh} ${p.messageEn}`);
    list.appendChild(li);
  }
  $("problems-section").hidden = false;
  $("timetable-section").hidden = true;
  $("timeline-section").hidden = true;
  document.body.dataset.status = err.code === "invalid" ? "invalid" : "error";
  document.body.dataset.errorName = err.name;
}

function check(json, name) {
  try {
    showPlan(loadPlan(json, name));
  } catch (err) {
    showError(err);
  }
}

async function main() {
  await init();
  const url = new URLSearchParams(location.search).get("plan");
  if (url) {
    const response = await fetch(url);
    check(await response.text(), url.split("/").pop());
  } else {
    check(examplePlanJson(), undefined);
  }
  $("file").addEventListener("change", async (event) => {
    const file = event.target.files[0];
    if (file) check(await file.text(), file.name);
  });
}

main().catch((err) => {
  document.body.dataset.status = "crashed";
  $("meta").textContent = String(err);
});
