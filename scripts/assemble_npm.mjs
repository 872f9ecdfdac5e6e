// Assemble the npm package `openday` from wasm-bindgen's two outputs (the
// `web` ES module and the `nodejs` CommonJS glue around the same .wasm):
//   node scripts/assemble_npm.mjs <wasm-bindgen dir> <package dir>
// The package's exports send Node's `import` to openday.mjs, `require` to
// openday.cjs and everything else (browsers, bundlers) to openday.js; all
// three have the same names, `init` and `initSync` included (no-ops in Node),
// so one set of types (openday.d.ts, and openday.d.cts for CommonJS) fits.
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const [gen, pkg] = process.argv.slice(2);
const wasmDir = join(dirname(fileURLToPath(import.meta.url)), "..", "bindings-wasm");

copyFileSync(join(gen, "web", "openday.js"), join(pkg, "openday.js"));
// InitOutput lists the module's raw exports (pointers typed any): not for
// users, so the types keep only the memory.
const raw = readFileSync(join(gen, "web", "openday.d.ts"), "utf8");
const dts = raw.replace(
  /export interface InitOutput \{[^}]*\}/,
  "export interface InitOutput {\n  readonly memory: WebAssembly.Memory;\n}",
);
if (dts === raw) throw new Error("InitOutput not found in the web declarations");
// `[Symbol.dispose]` needs lib esnext (TypeScript's default lib lacks it);
// the method stays at run time where the engine has it, `free()` everywhere.
const typed = dts.replace(/^\s*\[Symbol\.dispose\]\(\): void;\n/gm, "");
writeFileSync(join(pkg, "openday.d.ts"), typed);
writeFileSync(join(pkg, "openday.d.cts"), typed);

let cjs = readFileSync(join(gen, "node", "openday.js"), "utf8");
const names = [...cjs.matchAll(/^exports\.([A-Za-z_$][\w$]*) = /gm)].map((m) => m[1]);
if (names.length < 10) throw new Error(`only ${names.length} exports found in the nodejs glue`);
cjs += `
// The same entry points as the browser build: in Node the module is ready
// as soon as it is loaded, so init() and initSync() only hand it back.
Object.defineProperty(exports, "__esModule", { value: true });
exports.default = async function init() { return wasm; };
exports.initSync = function initSync() { return wasm; };
`;
writeFileSync(join(pkg, "openday.cjs"), cjs);

const all = [...names, "initSync"];
const mjs = `// Node ES module entry: the CommonJS build, re-exported by name.
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const cjs = require("./openday.cjs");
export const { ${all.join(", ")} } = cjs;
export default cjs.default;
`;
writeFileSync(join(pkg, "openday.mjs"), mjs);

const manifest = JSON.parse(readFileSync(join(wasmDir, "npm", "package.json"), "utf8"));
writeFileSync(join(pkg, "package.json"), JSON.stringify(manifest, null, 2) + "\n");
for (const f of ["README.md", "LICENSE-MIT", "LICENSE-APACHE"]) copyFileSync(join(wasmDir, f), join(pkg, f));
console.log(`assembled ${pkg}: ${names.length} exports`);
