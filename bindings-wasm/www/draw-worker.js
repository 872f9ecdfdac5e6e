// The draw off the page's thread: screening and the lottery run here, the
// page stays responsive, shows progress, and can cancel (by ending this
// worker). Messages in: { planText, planSource, seed, maxSeconds?, stop? }
// with either { csv (string | Uint8Array: CSV or Excel), key } or a pool as
// pseudonyms { features, candidates }; `stop` is a SharedArrayBuffer whose
// first Int32 the page sets to 1 to stop with the best lottery so far.
// Out: { outlook } before the solve, then { progress }, and { result } or
// { error }.
import init, { loadPlan, screenCsv, Pool, Targets, draw, outlook } from "../pkg/openday.js";

const ready = init();

self.onmessage = async ({ data }) => {
  try {
    await ready;
    const plan = loadPlan(data.planText, data.planSource);
    const targets = Targets.fromPlan(plan);
    // A pool given as pseudonyms (the console's committed pool), or screened here.
    let pool;
    let counts = null;
    if (data.candidates) pool = new Pool(data.features, data.candidates);
    else {
      const report = screenCsv(plan, data.csv, { pseudonymKey: data.key });
      counts = report.counts();
      pool = Pool.fromScreening(report, plan, targets);
    }
    self.postMessage({ outlook: outlook(pool, targets) });
    const flag = data.stop ? new Int32Array(data.stop) : null;
    const started = performance.now();
    // With a budget object, a stop (the callback's false) keeps the best so far.
    const d = draw(pool, targets, data.seed, (p) => {
      self.postMessage({ progress: p });
      return !(flag && Atomics.load(flag, 0) === 1);
    }, { maxSeconds: data.maxSeconds ?? undefined });
    const ms = performance.now() - started;
    const who = (id, i) => ({ id, rank: i + 1, ...(pool.origin(id) ?? { row: null, name: "" }) });
    self.postMessage({
      result: {
        title: plan.title,
        counts,
        pool: pool.length,
        ms,
        record: d.record(),
        stats: d.stats(),
        quotas: d.quotas(),
        panel: d.panel.map(who),
        reserves: d.reserves.map(who),
        // For a roster kept in the browser: the pool as pseudonyms only.
        features: pool.features,
        candidates: pool.candidates(),
      },
    });
  } catch (e) {
    self.postMessage({ error: { code: e.code ?? "", message: e.message ?? String(e), messageZh: e.messageZh ?? "", problems: e.problems ?? [] } });
  }
};
