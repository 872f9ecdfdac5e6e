// The citizen's page: can I register for this open day, and how? The plan
// comes from `?plan=<URL>` (the office's published plan file), a file the
// citizen picks, or else the embedded example (labelled as such). The
// answers are checked against the plan's rules in this browser; nothing is
// sent anywhere.
import init, { loadPlan, examplePlanJson, checkRegistrant, registrationGuide } from "../pkg/openday.js";

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
/** The instant things are checked at: now, or `?at=` (for a preview or a test). */
const now = () => params.get("at") ?? new Date().toISOString();
let plan = null;
let guide = null;

function line(zh, en) {
  const p = document.createDocumentFragment();
  p.append(zh, " ");
  const span = document.createElement("span");
  span.className = "en";
  span.textContent = en;
  p.append(span);
  return p;
}

function showGuide() {
  guide = registrationGuide(plan, now());
  $("title").textContent = `报名资格自查 · ${guide.title}`;
  $("guide-status").replaceChildren(line(guide.statusZh, guide.statusEn));
  $("guide-event").replaceChildren(line(guide.eventZh, guide.eventEn));
  const steps = $("guide-steps");
  steps.replaceChildren();
  guide.stepsZh.forEach((zh, i) => {
    const li = document.createElement("li");
    li.append(line(zh, guide.stepsEn[i] ?? ""));
    steps.appendChild(li);
  });
  $("guide-bring").replaceChildren(guide.bringZh ? line(guide.bringZh, guide.bringEn ?? "") : "");
  $("guide-chosen").replaceChildren(line(guide.chosenZh, guide.chosenEn));
  $("guide").hidden = false;
  document.body.dataset.window = guide.window;
  buildForm(guide.fields);
}

/**
 * The form asks for what this plan's rules read and its registration
 * requires (guide.fields), under the column names the checks take; what was
 * already typed is kept when the plan changes.
 */
function buildForm(fields) {
  const typed = {};
  for (const el of $("form").elements) if (el.name) typed[el.name] = el.value;
  $("fields").replaceChildren(...fields.map((f) => {
    const label = document.createElement("label");
    const span = document.createElement("span");
    span.textContent = f.labelZh === f.labelEn ? f.labelZh : `${f.labelZh} ${f.labelEn}`;
    if (f.required) span.append(" *");
    let input;
    if (f.choices.length) {
      // Civil capacity defaults to full (an adult is presumed to have it);
      // any other attribute starts unanswered.
      input = document.createElement("select");
      const options = f.choices.map((c) => new Option(c === "完全" ? "完全 full" : c === "限制" ? "限制 limited" : c, c));
      const none = new Option(f.field === "civil_capacity" ? "不确定 unsure" : "否或不确定 no or unsure", "");
      if (f.field === "civil_capacity") input.append(...options, none);
      else input.append(none, ...options);
    } else {
      input = document.createElement("input");
      if (f.field === "birth_date") input.placeholder = "1990-01-01";
      if (f.field === "phone") input.type = "tel";
      if (f.field === "email") input.type = "email";
    }
    input.name = f.header;
    if (f.field === "name") input.required = true;
    if (typed[f.header] !== undefined) input.value = typed[f.header];
    label.append(span, input);
    return label;
  }));
}

/** Codes about the registration window: the guide already says it in words. */
const WINDOW_CODES = new Set(["after_deadline", "before_opening"]);

function show(verdict) {
  const list = $("result");
  list.replaceChildren();
  // The reasons worded for the citizen (not the staff messages).
  const items = verdict.citizen.filter((c) => !WINDOW_CODES.has(c.code));
  for (const c of items) {
    const li = document.createElement("li");
    li.dataset.code = c.code;
    li.append(line(c.zh, c.en));
    list.appendChild(li);
  }
  const verdictLine = $("verdict");
  const next = $("next-step");
  const windowClosed = guide.window !== "open";
  let status = verdict.bucket;
  if (verdict.eligible || (items.length === 0 && windowClosed && verdict.bucket === "ineligible")) {
    // Meets every rule about the person.
    status = windowClosed ? `eligible_${guide.window}` : "eligible";
    verdictLine.className = windowClosed ? "" : "ok";
    verdictLine.textContent = "您符合报名条件 You meet the conditions to take part";
    next.replaceChildren(
      windowClosed
        ? line(guide.statusZh, guide.statusEn)
        : line(`下一步：${guide.stepsZh[0] ?? "按上面的方式报名"}。`, `Next: ${guide.stepsEn[0] ?? "register as shown above"}.`),
    );
  } else if (verdict.bucket === "invalid") {
    verdictLine.className = "no";
    verdictLine.textContent = "请检查填写的内容 Please check what you typed";
    next.replaceChildren();
  } else {
    verdictLine.className = "no";
    verdictLine.textContent = "很抱歉，您暂不符合本次报名条件 Sorry, you cannot take part this time";
    next.replaceChildren(line("原因如下；如有疑问，请按上面的电话或地址咨询。", "The reasons are below; ask the office by the phone or address above if in doubt."));
  }
  $("result-section").hidden = false;
  document.body.dataset.status = status;
}

function check() {
  const form = $("form");
  const record = {};
  for (const el of form.elements) if (el.name) record[el.name] = el.value;
  record["报名时间"] = now();
  show(checkRegistrant(plan, record));
}

function usePlan(text, source) {
  const loaded = loadPlan(text, source);
  plan = loaded;
  $("plan-error").hidden = true;
  $("result-section").hidden = true;
  $("plan-source").textContent = source;
  showGuide();
}

function planError(err, what) {
  // A broken plan clears what an earlier one showed: no stale guide or verdict.
  plan = null;
  $("guide").hidden = true;
  $("result-section").hidden = true;
  $("title").textContent = "报名资格自查 Can I register?";
  const e = $("plan-error");
  e.textContent = `无法读取开放日方案（${what}）${err.messageZh ? `：${err.messageZh}` : ""}。请向主办单位索取正确的方案文件。 The open day's plan could not be read (${what}): ${err.message ?? err}; ask the organiser for the right plan file.`;
  e.hidden = false;
  document.body.dataset.status = "plan_error";
}

async function main() {
  await init();
  const url = params.get("plan");
  if (url) {
    try {
      const res = await fetch(url);
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      usePlan(await res.text(), `方案 Plan: ${url}`);
    } catch (err) {
      planError(err, url);
      return;
    }
  } else {
    usePlan(examplePlanJson(), "示例方案（仅供演示）Example plan, for demonstration only");
  }
  const form = $("form");
  for (const [k, v] of params) if (form.elements[k]) form.elements[k].value = v;
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    if (plan) check();
  });
  $("plan-file").addEventListener("change", async (e) => {
    const file = e.target.files?.[0];
    if (!file) return;
    try {
      usePlan(await file.text(), `方案 Plan: ${file.name}`);
      document.body.dataset.status = "ready";
    } catch (err) {
      planError(err, file.name);
    }
  });
  document.body.dataset.status = "ready";
  if (params.get("check") === "1") check();
}

main().catch((err) => {
  document.body.dataset.status = "crashed";
  $("title").textContent = String(err);
});
