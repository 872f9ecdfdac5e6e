// The console's storage: one IndexedDB record per plan id (its text, the
// commitment, the pool as pseudonyms, masked names, the draw record, the
// roster's journal as JSON Lines, the ledger's events), and "last" naming
// the plan used last. Nothing here holds a phone number or a full name.
import { $, describe, showError } from "./ui.js";

function db() {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open("openday-console", 1);
    req.onupgradeneeded = () => req.result.createObjectStore("rosters");
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** `method` ("get", "put", "delete", "clear") on the one object store. */
export async function store(method, ...args) {
  const d = await db();
  return new Promise((resolve, reject) => {
    const tx = d.transaction("rosters", method === "get" ? "readonly" : "readwrite");
    const req = tx.objectStore("rosters")[method](...args);
    tx.oncomplete = () => resolve(req.result);
    tx.onerror = () => reject(tx.error);
  });
}

/**
 * Record one step: run `change` (a roster or ledger call), save, or say in
 * words why it was not recorded; then `render`. A refused step leaves the
 * page in the "error" status (the tests wait on it).
 */
export async function record(app, change, render) {
  showError("");
  try {
    change();
    await persist(app);
  } catch (e) {
    showError(describe("未记录", "Not recorded", e));
  }
  const failed = !$("error").hidden;
  render(app);
  if (failed) document.body.dataset.status = "error";
}

/** Save the app's state for its plan (the journals as they stand now). */
export async function persist(app) {
  const saved = app.saved;
  if (app.roster) saved.journal = app.roster.exportJournal();
  if (app.ledger) saved.ledger = app.ledger.events();
  await store("put", saved, app.plan.id);
  await store("put", app.plan.id, "last");
}
