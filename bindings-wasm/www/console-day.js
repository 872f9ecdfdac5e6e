// The console's roster and day: the people drawn with their status, calls
// and check-in by click (a refused step is said in words and not
// recorded), the call sheet with phone numbers while the registrations are
// loaded, releases and the close of check-in; the timetable with each
// segment's end recorded by click and the rest of the day re-planned live.
import { Roster, Pool, writeCsv, writeXlsx } from "../pkg/openday.js";
import { $, button, describe, local, offer, row, save, showError, XLSX } from "./ui.js";
import { persist, record, store } from "./console-store.js";

const STATUS = {
  selected: "待通知 to call", notified: "已联系 called", confirmed: "已确认 confirmed", declined: "已拒绝 declined",
  unreachable: "联系不上 unreachable", released: "已释放 released", checked_in: "已签到 checked in", no_show: "未到 no-show",
  reserve: "候补 reserve", offered: "递补待确认 offered",
};

/** Run `change` on the roster at the page's time, through the one recorder. */
const step = (app, change) => record(app, () => change(app.roster, $("at").value), renderRoster);

function phones(app) {
  if (!app.report) return null;
  try {
    return new Map(app.roster.callSheet($("at").value, app.report, true).map((r) => [r.id, r]));
  } catch {
    return null;
  }
}

export function renderRoster(app) {
  const { roster, saved } = app;
  $("roster-section").hidden = false;
  $("deadline").textContent = `确认截止 Confirm by ${local(roster.deadline)}`;
  const sheet = phones(app);
  const people = roster.people().filter((p) => p.seat !== null || p.status === "offered");
  people.sort((a, b) => (a.seat ?? 999) - (b.seat ?? 999));
  $("people").replaceChildren(...people.map((p) => {
    const phone = sheet ? (sheet.get(p.id)?.phone ?? "—") : "（载入报名表后显示 load the registrations）";
    const tr = row([p.seat ?? "—", saved.names?.[p.id] ?? p.id, phone, STATUS[p.status] ?? p.status]);
    tr.dataset.id = p.id;
    tr.dataset.status = p.status;
    const td = document.createElement("td");
    const call = (label, outcome) => button(label, () => step(app, (r, at) => r.call(at, "console", p.id, outcome)), "call");
    if (["selected", "notified", "offered"].includes(p.status)) {
      td.append(call("确认 Confirmed", "confirmed"), call("拒绝 Declined", "declined"), call("未接 No answer", "no_answer"));
    }
    if (p.status === "confirmed") td.append(button("签到 Check in", () => step(app, (r, at) => r.checkIn(at, "console", p.id)), "check_in"));
    tr.appendChild(td);
    return tr;
  }));
  if (sheet) {
    const rows = [...sheet.values()].map((r) => ({ "座位 seat": r.seat ?? "", "姓名 name": r.name, "电话 phone": r.phone, "状态 status": r.status, "已拨打 attempts": r.attempts }));
    offer("dl-calls-csv", writeRows(rows, "csv"), "text/csv", `${app.plan.id}-call-sheet.csv`);
    offer("dl-calls-xlsx", writeRows(rows, "xlsx"), XLSX, `${app.plan.id}-call-sheet.xlsx`);
  }
  const a = roster.attendance();
  const n = roster.entries().length;
  $("summary").textContent = `日志 ${n} 条；名额 ${a.seats}，已确认 ${a.confirmed}，已签到 ${a.came}。 Journal ${n} entries; seats ${a.seats}, confirmed ${a.confirmed}, came ${a.came}.`;
  document.body.dataset.entries = String(n);
  document.body.dataset.status = "roster";
  renderDay(app);
  document.dispatchEvent(new CustomEvent("roster-changed"));
}

const writeRows = (rows, kind) => (kind === "csv" ? writeCsv(rows) : writeXlsx(rows, "电话清单"));

/** The timetable as planned, or as re-planned from the ends recorded so far. */
export function renderDay(app) {
  const { roster } = app;
  const day = roster.day();
  const ended = new Set(roster.entries().filter((e) => e.event.type === "segment_ended").map((e) => e.event.actual.segment));
  const segments = day ? day.timetable : app.plan.timetable();
  $("timetable").replaceChildren(...segments.map((s) => {
    const tr = row([s.title, s.venue ?? "—", local(s.startsAt), local(s.endsAt)]);
    tr.dataset.segment = s.id;
    const td = document.createElement("td");
    if (ended.has(s.id)) {
      tr.dataset.ended = "1";
      td.textContent = "已结束 ended";
    } else {
      td.append(button("结束于操作时间 Ended at the step's time", () => step(app, (r, at) => r.segmentEnded({ segment: s.id, endedAt: at }, "console")), "segment_ended"));
    }
    tr.appendChild(td);
    return tr;
  }));
  $("day-summary").textContent = day
    ? `按实际进度重排：预计 ${local(day.newEnd)} 结束，${day.windowHolds ? "仍在活动时段内" : `超出活动时段 ${day.overrunMinutes} 分钟`}。 Re-planned from the actual times: ends ${local(day.newEnd)}, ${day.windowHolds ? "within the day's window" : `${day.overrunMinutes} min past the window`}.`
    : "按方案 As planned.";
  document.body.dataset.windowHolds = day ? String(day.windowHolds) : "";
  $("day-section").hidden = false;
}

export function setupRoster(app) {
  $("release").addEventListener("click", () => step(app, (r, at) => r.releaseDue(at, "console")));
  $("close-check-in").addEventListener("click", () => step(app, (r, at) => r.closeCheckIn(at, "console")));
  $("export").addEventListener("click", () => save(app.roster.exportJournal(), "application/jsonl", `${app.plan.id}-journal.jsonl`));
  $("import").addEventListener("change", async (e) => {
    const f = e.target.files?.[0];
    if (!f || !app.roster) return;
    try {
      app.roster = Roster.importJournal(app.plan, new Pool(app.saved.features, app.saved.candidates), app.targets, await f.text());
      await persist(app);
      showError("");
      renderRoster(app);
    } catch (err) {
      showError(describe("日志无法导入", "The journal was not imported", err));
    }
  });
  $("forget").addEventListener("click", async () => {
    await store("delete", app.plan.id);
    await store("delete", "last");
    location.reload();
  });
}
