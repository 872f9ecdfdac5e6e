// Running a draw in the worker (`draw-worker.js`), shared by the draw page
// and the console: the time limit, the outlook shown before the solve, the
// cancel (nothing drawn) and, where the page is cross-origin isolated, the
// stop that keeps the best lottery found so far; and the words for a draw
// that stopped before the end.

/**
 * Start `message` in a new worker. `on.outlook(o)`, `on.progress(p)`,
 * `on.result(r)` and `on.error(e)` are called with what it posts.
 * Gives `{ cancel(), stop() }`; `stop` is `null` when the page cannot signal
 * a running worker (no `SharedArrayBuffer` without cross-origin isolation).
 */
export function runDraw(message, on) {
  const worker = new Worker(new URL("./draw-worker.js", import.meta.url), { type: "module" });
  const flag = globalThis.crossOriginIsolated ? new Int32Array(new SharedArrayBuffer(4)) : null;
  let done = false;
  const end = () => { done = true; worker.terminate(); };
  worker.onmessage = ({ data }) => {
    if (done) return;
    if (data.outlook) return on.outlook?.(data.outlook);
    if (data.progress) return on.progress?.(data.progress);
    end();
    if (data.error) on.error(data.error);
    else on.result(data.result);
  };
  worker.onerror = (e) => {
    if (done) return;
    end();
    on.error({ code: "worker", message: e.message ?? String(e), messageZh: "", problems: [] });
  };
  worker.postMessage({ ...message, stop: flag?.buffer ?? null });
  return {
    cancel: () => { if (!done) end(); },
    stop: flag ? () => Atomics.store(flag, 0, 1) : null,
  };
}

/**
 * The draw's controls on a page with the elements `progress`, `stop`,
 * `outlook` and `max-seconds`: `page.busy(on)` enables the page's own
 * buttons, `page.showError(message)` shows an alert. `start(message, on)`
 * reads the time limit (an alert, and `false`, if it is not one), runs the
 * draw and calls `on.result(r)` or `on.error(e)`; `cancel()` ends it with
 * nothing drawn; `stop()` asks it to stop with the best lottery so far.
 */
export function drawControls(page) {
  const $ = (id) => document.getElementById(id);
  let running = null;
  const done = (then) => (x) => {
    running = null;
    page.busy(false);
    return then(x);
  };
  return {
    start(message, on) {
      let seconds;
      try {
        seconds = maxSeconds($("max-seconds"));
      } catch (e) {
        page.showError(e.message);
        return false;
      }
      page.busy(true);
      document.body.dataset.status = "drawing";
      running = runDraw({ ...message, maxSeconds: seconds }, {
        outlook: (o) => {
          $("outlook").textContent = outlookText(o);
          $("outlook").hidden = false;
          document.body.dataset.slow = String(o.slow);
        },
        progress: (p) => { $("progress").value = p.fraction; },
        result: done(on.result),
        error: done(on.error),
      });
      $("stop").hidden = !running.stop;
      return true;
    },
    cancel() {
      if (!running) return;
      running.cancel();
      running = null;
      page.busy(false);
      page.showError("已取消抽选，未产生结果。 The draw was cancelled; nothing was drawn.");
      document.body.dataset.status = "cancelled";
    },
    stop() {
      if (!running?.stop) return;
      running.stop();
      $("stop").disabled = true;
      document.body.dataset.status = "stopping";
    },
  };
}

/** The time limit typed in `input` (seconds), or `undefined` for none. */
export function maxSeconds(input) {
  const v = input.value.trim();
  if (!v) return undefined;
  const s = Number(v);
  if (!Number.isFinite(s) || s < 0) throw new RangeError(`时限应为不小于 0 的秒数 The time limit must be a number of seconds, 0 or more (not "${v}")`);
  return s;
}

/** The outlook in words, Chinese first. */
export function outlookText(o) {
  const households = o.householdClasses
    ? `（其中同户组合 ${o.householdClasses} 类；不计同户为 ${o.types} 类 of them household make-ups; ${o.types} types with households set aside）`
    : "";
  let text = `可抽选 ${o.drawable} 人，分为 ${o.classes} 类${households}。 ` +
    `${o.drawable} people can be drawn, in ${o.classes} classes.`;
  if (o.slow) {
    text += ` 类别较多，抽选可能需要数分钟；可设时限，到时给出当前最优的有效结果。 ` +
      `Many classes: the draw may take minutes; set a time limit to get the best valid lottery found by then.`;
  }
  const free = o.features.filter((f) => f.freeText).map((f) => f.feature);
  if (free.length) {
    text += ` 特征 ${free.join("、")} 像自由填写的文本（多数取值只有一人），未设名额的取值不会拆分类别。 ` +
      `${free.join(", ")} looks like free text (most values held by one person); values without a quota do not split classes.`;
  }
  return text;
}

/** For a draw cut short by its time limit or a stop: what it is and is not (`s`, its stats, if known). */
export function incompleteText(s) {
  const figures = s
    ? [`最小入选概率 ${s.minProbability.toFixed(6)}，可达到的最优值不超过 ${s.minProbabilityBound.toFixed(6)}。`,
      ` Smallest selection probability ${s.minProbability.toFixed(6)}; the best possible is at most ${s.minProbabilityBound.toFixed(6)}.`]
    : ["", ""];
  return `抽选在完成前停止（时限或手动停止）：结果有效（名额与同户限制均满足），可按记录核验，但还不是最终的最公平分布。${figures[0]} ` +
    `The draw stopped before the end (time limit or stop): it is valid (every quota and household limit holds) and verifiable from its record, ` +
    `but not yet the fairest lottery.${figures[1]}`;
}
