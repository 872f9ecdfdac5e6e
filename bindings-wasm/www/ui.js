// Small helpers shared by the pages: elements by id, table rows, error
// banners in Chinese and English, and downloads made from bytes or text in
// this browser (object URLs; nothing is sent anywhere).
export const $ = (id) => document.getElementById(id);

/** A table row of text cells (never HTML). */
export function row(cells) {
  const tr = document.createElement("tr");
  for (const c of cells) {
    const td = document.createElement("td");
    td.textContent = String(c ?? "—");
    tr.appendChild(td);
  }
  return tr;
}

/** A button that calls `onClick`. */
export function button(label, onClick, action) {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = label;
  if (action) b.dataset.action = action;
  b.addEventListener("click", onClick);
  return b;
}

/** Show `message` in the page's alert (empty hides it). */
export function showError(message) {
  const e = $("error");
  e.textContent = message;
  e.hidden = !message;
  if (message) document.body.dataset.status = "error";
}

/**
 * An openday error in words, Chinese first: the context and the error's
 * own Chinese message (`messageZh`), then the English context, the code
 * and the English detail.
 */
export function describe(zh, en, e) {
  const detailZh = e?.messageZh ? `：${e.messageZh}` : "";
  return `${zh}${detailZh}。 ${en} (${e?.code || e?.name || "error"}): ${e?.message ?? String(e)}`;
}

const urls = new Map();
/** Point link `id` at a file made of `data` (text or bytes) named `name`. */
export function offer(id, data, type, name) {
  const old = urls.get(id);
  if (old) URL.revokeObjectURL(old);
  const url = URL.createObjectURL(new Blob([data], { type }));
  urls.set(id, url);
  const a = $(id);
  a.href = url;
  if (name) a.download = name;
  a.hidden = false;
}

/** Forget every offered file (their links hidden). */
export function withdrawAll() {
  for (const [id, url] of urls) {
    URL.revokeObjectURL(url);
    const a = document.getElementById(id);
    if (a) { a.removeAttribute("href"); a.hidden = true; }
  }
  urls.clear();
}

/** Save `data` as a file now. */
export function save(data, type, name) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob([data], { type }));
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

export const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** "2025-09-24T09:00:00+08:00" as "2025-09-24 09:00" (the plan's local time as written). */
export const local = (iso) => (iso ? iso.replace("T", " ").slice(0, 16) : "—");
