// The draw in WebAssembly (Node), on the same synthetic pools as
// benches/selection.rs, for the side-by-side table in BENCHMARKS.md:
//   node benches/wasm_draw.mjs [pool ...]      (default: 200 1000)
// Prints the median of 5 runs (after one warm-up) per pool.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const openday = require(process.env.OPENDAY_WASM_PKG ?? join(here, "..", "bindings-wasm", "pkg"));

const pools = process.argv.slice(2).map(Number);
for (const pool of pools.length ? pools : [200, 1000]) {
  const spec = { pool, seats: 30, features: 4, households: 0, tolerance: 0.05, seed: 1, algorithm: "leximin" };
  const [p, t] = openday.syntheticInstance(spec);
  openday.draw(p, t, "bench");
  const times = [];
  for (let i = 0; i < 5; i++) {
    const start = process.hrtime.bigint();
    openday.draw(p, t, "bench");
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  console.log(`leximin/pool=${pool}/seats=30/features=4: median ${times[2].toFixed(0)} ms (min ${times[0].toFixed(0)}, max ${times[4].toFixed(0)})`);
}
