// The console's ledger (台账): opinion forms recorded at the discussion
// (a checked-in participant by pseudonym, or anonymous), each point
// answered on the spot or filed with the category's unit and time limit,
// then resolved, verified and the citizen told; every step an event kept
// in IndexedDB and replayed on reload; the ledger as CSV or Excel.
import { Ledger } from "../pkg/openday.js";
import { $, button, describe, local, offer, row, showError, XLSX } from "./ui.js";
import { record } from "./console-store.js";

const STATUS = {
  received: "待处理 received", filed: "已列入台账 filed", assigned: "已交办 assigned", in_progress: "办理中 in progress",
  returned: "已退回 returned", resolved: "已办结 resolved", verified: "已核实 verified", shelved: "暂缓 shelved", closed: "已关闭 closed",
};

/** The plan's opinion categories, read once per plan. */
const cache = new WeakMap();
function categories(app) {
  if (!cache.has(app.plan)) cache.set(app.plan, JSON.parse(app.plan.toJsonString()).feedback?.categories ?? []);
  return cache.get(app.plan);
}

/** The ledger rebuilt from the saved events (an empty one after a new draw). */
export function restoreLedger(app) {
  try {
    app.ledger = Ledger.replay(app.plan, app.saved.ledger ?? []);
  } catch (e) {
    app.ledger = null;
    showError(describe("意见台账无法重放", "The ledger does not replay", e));
  }
}

/** Apply a ledger action at the page's time, through the one recorder. */
const apply = (app, action) => record(app, () => app.ledger.apply({ at: $("at").value, actor: "console", action }), renderLedger);

export function renderLedger(app) {
  if (!app.ledger) return;
  $("ledger-section").hidden = false;
  const cats = categories(app);
  const name = (id) => cats.find((c) => c.id === id)?.name ?? id;
  const people = app.roster.people().filter((p) => ["checked_in", "confirmed"].includes(p.status));
  const who = $("o-participant");
  who.replaceChildren(new Option("匿名 anonymous", ""), ...people.map((p) => new Option(app.saved.names?.[p.id] ?? p.id, p.id)));
  const cat = $("o-category");
  if (cat.options.length !== cats.length) cat.replaceChildren(...cats.map((c) => new Option(`${c.name} ${c.id}`, c.id)));
  const cases = app.ledger.cases();
  $("cases").replaceChildren(...cases.map((c) => {
    const tr = row([c.id, name(c.category), c.text, STATUS[c.status] ?? c.status, c.unit, local(c.due)]);
    tr.dataset.point = c.id;
    tr.dataset.status = c.status;
    const td = document.createElement("td");
    const note = document.createElement("input");
    note.size = 14;
    note.placeholder = "答复/结果 answer/result";
    note.setAttribute("aria-label", `${c.id} 答复或结果 answer or result`);
    const text = () => note.value.trim() || "（见台账 see the ledger）";
    const act = (label, action, make) => button(label, () => apply(app, make()), action);
    const unit = cats.find((k) => k.id === c.category)?.unit ?? "";
    if (c.status === "received") {
      td.append(note, act("当场答复 Answered", "answered_on_spot", () => ({ action: "answered_on_spot", point: c.id, answer: text(), unit })),
        act("列入台账 File", "filed", () => ({ action: "filed", point: c.id })));
    } else if (c.status === "filed" || c.status === "returned") {
      td.append(act("交办 Assign", "assigned", () => ({ action: "assigned", point: c.id, unit })));
    } else if (c.status === "assigned") {
      td.append(act("开始办理 Start", "started", () => ({ action: "started", point: c.id })));
    } else if (c.status === "in_progress") {
      td.append(note, act("办结 Resolved", "resolved", () => ({ action: "resolved", point: c.id, result: text() })));
    } else if (c.status === "resolved") {
      td.append(act("核实 Verified", "verified", () => ({ action: "verified", point: c.id, ok: true })));
    }
    if (["resolved", "verified", "shelved"].includes(c.status) || (c.status === "closed" && !c.informedAt && !c.anonymous)) {
      if (c.anonymous) td.append(act("公开结果 Published", "closed_anonymous", () => ({ action: "closed_anonymous", point: c.id, note: "已公开 published" })));
      else if (!c.informedAt) td.append(act("已告知市民 Citizen told", "citizen_informed", () => ({ action: "citizen_informed", point: c.id, via: "phone" })));
    }
    tr.appendChild(td);
    return tr;
  }));
  const open = cases.filter((c) => c.status !== "closed").length;
  $("ledger-summary").textContent = `意见 ${cases.length} 条，未关闭 ${open} 条。 ${cases.length} points, ${open} open.`;
  document.body.dataset.points = String(cases.length);
  if (cases.length) {
    offer("dl-ledger-csv", app.ledger.toCsv(), "text/csv", `${app.plan.id}-ledger.csv`);
    offer("dl-ledger-xlsx", app.ledger.toXlsx(), XLSX, `${app.plan.id}-ledger.xlsx`);
  }
}

export function setupLedger(app) {
  // Who may hand in a form follows the roster (check-ins).
  document.addEventListener("roster-changed", () => renderLedger(app));
  $("opinion").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const forms = app.ledger.events().filter((e) => e.action.action === "form_received").length;
    const participant = $("o-participant").value;
    const form = {
      id: `F${forms + 1}`,
      ...(participant ? { participant, contact: "phone" } : {}),
      points: [{ category: $("o-category").value, text: $("o-text").value }],
    };
    $("o-text").value = "";
    apply(app, { action: "form_received", form });
  });
}
