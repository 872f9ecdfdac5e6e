// Screening registrations through the wasm package (Node).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const require = createRequire(import.meta.url);
const openday = require(process.env.OPENDAY_WASM_PKG ?? join(here, "..", "pkg"));
const plan = openday.loadPlan(openday.examplePlanJson());
const HEADER = "姓名,身份证号,联系电话,工作学习单位,单位所在区县,住址,所在区县,职业,民事行为能力,报名方式,报名时间";

const camel = (k) => k.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
const camelKeys = (v) =>
  Array.isArray(v) ? v.map(camelKeys) : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [camel(k), camelKeys(x)])) : v;

function residentId(birth, seq) {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const first = `640402${birth}${seq}`;
  const sum = [...first].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  return first + "10X98765432"[sum % 11];
}
const row = (name, birth, phone, time) =>
  `${name},${residentId(birth, phone.slice(-3))},${phone},固原市人民医院,原州区,原州区文化路1号,原州区,医务人员,完全,电话,${time}`;

test("the shared screening vector gives the same records as Rust and Python", () => {
  const report = openday.screenCsv(plan, openday.exampleRegistrationsCsv());
  const expected = JSON.parse(readFileSync(join(root, "testdata", "screening", "guyuan-2025.expected.json"), "utf8"));
  assert.deepEqual(report.counts(), expected.counts);
  assert.deepEqual(report.reasons(), expected.reasons);
  assert.deepEqual(report.records(), camelKeys(expected.records));
  assert.equal(report.length, 500);
});

test("bytes in GBK and UTF-16 give the same records as UTF-8 text", () => {
  const text = `${HEADER}\n${row("张三", "19800101", "13800000001", "2025-09-10 10:00:00")}\n`;
  const ref = openday.screenCsv(plan, text).records(true);
  const utf16 = new Uint8Array([0xff, 0xfe, ...new Uint8Array(new Uint16Array([...text].flatMap((c) => { const u = c.codePointAt(0); return [u]; })).buffer)]);
  const r16 = openday.screenCsv(plan, utf16);
  assert.equal(r16.encoding, "UTF-16LE");
  assert.deepEqual(r16.records(true), ref);
  const utf8 = openday.screenCsv(plan, new TextEncoder().encode(text));
  assert.deepEqual(utf8.records(true), ref);
});

test("records from objects with JS values, and a self-check", () => {
  const people = [
    { name: "王五", birth_date: new Date("1990-04-30T16:00:00Z"), phone: 13800000001, address: "原州区文化路1号", civil_capacity: "完全", channel: "电话", submitted_at: new Date("2025-09-17T10:30:00Z") },
    { name: "赵六", birth_date: "2010-01-01", phone: "138 0000 0002", address: "原州区", civil_capacity: "完全", channel: "online", submitted_at: new Date("2025-09-17T10:30:01Z") },
    { name: "孙七", birth_date: null, phone: undefined, address: "原州区", channel: "电话", submitted_at: "2025-09-01 09:00" },
  ];
  const report = openday.screenRecords(plan, people);
  assert.deepEqual(report.records().map((r) => r.bucket), ["eligible", "ineligible", "ineligible"]);
  // The seed plan takes phone and on-site registrations: online ones are refused.
  assert.equal(report.records()[1].reasons, "channel_not_accepted;under_minimum_age;after_deadline");
  // A Date for a birth date is read as the date in the event's zone.
  assert.equal(report.records(true)[0].birthDate, "1990-05-01");
  // Fact names are data keys: the same as in Python and the journal.
  const far = openday.screenRecords(plan, [{ name: "钱八", birth_date: "1980-01-01", phone: "13800000009", address: "西吉县", district: "西吉县", channel: "电话", submitted_at: "2025-09-01 09:00" }]);
  assert.ok("work_district" in far.explain(1).failures[0].facts);
  const why = report.explain(2);
  assert.equal(why.bucket, "ineligible");
  assert.equal(why.failures[1].facts.on, "2025-09-24");
  assert.match(why.failures[1].messageZh, /未满18周岁/);
  assert.deepEqual(openday.checkRegistrant(plan, people[0]), { bucket: "eligible", eligible: true, citizen: [] });
  const bad = openday.checkRegistrant(plan, { 姓名: "李四", 联系电话: "12345" });
  assert.equal(bad.eligible, false);
  assert.equal(bad.errors[0].code, "phone_format");
  // The same reasons worded for the citizen, one per reason.
  assert.deepEqual(bad.citizen.map((c) => c.code), bad.errors.map((e) => e.code));
  assert.match(bad.citizen[0].zh, /联系电话似乎有误/);
  assert.equal(bad.errors[0].column, "联系电话");
});

test("options: duplicates policy, history, column mapping; bad options are TypeErrors", () => {
  const a = row("甲", "19800101", "13800000001", "2025-09-10 10:00:00");
  const b = a.replace("2025-09-10 10:00:00", "2025-09-01 09:00:00");
  const data = `${HEADER}\n${a}\n${b}\n`;
  assert.deepEqual(openday.screenCsv(plan, data).records().map((r) => r.bucket), ["duplicate", "eligible"]);
  assert.deepEqual(openday.screenCsv(plan, data, { duplicates: "keep_latest" }).records().map((r) => r.bucket), ["eligible", "duplicate"]);
  assert.throws(() => openday.screenCsv(plan, data, { duplicates: "keep_some" }), (e) => e instanceof TypeError && e.code === "invalid_argument");
  assert.throws(() => openday.screenCsv(plan, data, { nonsense: 1 }), TypeError);
  const doc = JSON.parse(plan.toJsonString());
  doc.eligibility.rules.push({ rule: "not_recently_attended", open_days: 2 });
  const strict = openday.loadPlan(JSON.stringify(doc));
  const history = [{ openDay: "2024", date: "2024-09-20", idNumber: residentId("19800101", "001") }];
  assert.equal(openday.screenCsv(strict, `${HEADER}\n${a}\n`, { history }).records()[0].reasons, "recently_attended");
  const renamed = data.replace("联系电话", "手机号码 (mobile)");
  assert.throws(() => openday.screenCsv(plan, renamed, { columns: { phone: "手机" } }), (e) => e.name === "RegistrationsError" && e.code === "unknown_column");
  assert.equal(openday.screenCsv(plan, renamed, { columns: { phone: "手机号码 (mobile)" } }).counts().eligible, 1);
});

test("personal data is masked unless asked, and table errors are RegistrationsErrors", () => {
  const report = openday.screenCsv(plan, openday.exampleRegistrationsCsv());
  const first = openday.exampleRegistrationsCsv().split("\n")[1].split(",");
  for (const secret of [first[1], first[3], first[5]]) {
    assert.ok(!report.toCsv().includes(secret));
    assert.ok(!report.summary().includes(secret));
    assert.ok(!JSON.stringify(report.records()).includes(secret));
  }
  assert.ok(report.toCsv(true).includes(first[1]));
  assert.throws(() => openday.screenCsv(plan, "电话\n1\n"), (e) => e.name === "RegistrationsError" && e.code === "no_name_column");
  assert.throws(() => openday.screenCsv(plan, 42), TypeError);
});

test("an office's workbook (written by openpyxl) screens like the CSV; Excel and CSV out through the one writer", () => {
  const book = new Uint8Array(readFileSync(join(root, "testdata/intake/guyuan-2025-office.xlsx")));
  const fromCsv = openday.screenCsv(plan, openday.exampleRegistrationsCsv());
  const fromXlsx = openday.screenCsv(plan, book);
  assert.deepEqual(fromXlsx.counts(), fromCsv.counts());
  assert.deepEqual(fromXlsx.records(true), fromCsv.records(true));
  assert.equal(fromXlsx.encoding, "xlsx (sheet 报名登记)");
  const skipped = fromXlsx.warnings.filter((w) => w.code === "skipped_rows");
  assert.equal(skipped.length, 1);
  assert.match(skipped[0].messageZh, /标题行 1 行/);
  // Out: the report as a workbook reads back with the CSV export's cells.
  const out = fromCsv.toXlsx();
  assert.ok(out instanceof Uint8Array);
  assert.equal(String.fromCharCode(out[0], out[1]), "PK");
  // Any records: CSV text with BOM, header in order of first appearance,
  // formula-like cells neutralised; the same records as a workbook
  // screen back (the reader and writer agree).
  assert.equal(
    openday.writeCsv([{ 姓名: "张三", 备注: "=1+2" }, { 姓名: "-李四", 分钟: -15 }]),
    "\ufeff姓名,备注,分钟\n张三,'=1+2,\n'-李四,,-15\n",
  );
  const rows = fromCsv.records(true).slice(0, 3);
  assert.ok(openday.writeXlsx(rows, "x").length > 1000);
  assert.throws(() => openday.writeCsv([1, 2]), (e) => e.name === "TypeError" && e.code === "invalid_argument");
});

test("every line end (CRLF, LF, CR alone as Excel for Mac writes) counts its lines and reads the same rows", () => {
  const text = openday.exampleRegistrationsCsv().replace(/^\uFEFF/, "");
  const lines = text.split(/\r\n|\n|\r/).filter((l, i, all) => i < all.length - 1 || l !== "");
  const reference = openday.screenCsv(plan, text);
  for (const end of ["\r\n", "\n", "\r"]) {
    const report = openday.screenCsv(plan, lines.join(end));
    assert.deepEqual(report.counts(), reference.counts(), JSON.stringify(end));
    assert.equal(report.counts().rows, lines.length - 1);
    assert.deepEqual(report.records(true), reference.records(true));
    assert.ok(!report.summary().includes("data lines made"), report.summary());
  }
});

test("a form's sign-off objects ending the records are skipped and named, not screened", () => {
  const people = [
    { 姓名: "王五", 联系电话: "13800000001", 所在区县: "原州区", 报名方式: "电话" },
    { 姓名: "赵六", 联系电话: "13800000002", 所在区县: "原州区", 报名方式: "电话" },
  ];
  const signoff = [{ 姓名: "填表人：李四", 所在区县: "审核人：钱八" }, {}, { 姓名: "填报日期：2025年9月12日" }];
  const report = openday.screenRecords(plan, [...people, ...signoff]);
  assert.deepEqual(report.counts(), openday.screenRecords(plan, people).counts());
  assert.equal(report.counts().rows, 2);
  const skipped = report.warnings.filter((w) => w.code === "skipped_rows");
  assert.deepEqual(skipped.map((w) => w.path), ["rows 3–5"]);
  assert.match(skipped[0].messageEn, /3 row\(s\) of the form's sign-off/);
  assert.ok(!report.warnings.some((w) => /李四|钱八/.test(w.messageEn + w.messageZh)));
  // With a registration after it, a sign-off line is a row.
  const middle = openday.screenRecords(plan, [...people, signoff[0], people[0]]);
  assert.equal(middle.counts().rows, 4);
  assert.ok(!middle.warnings.some((w) => w.code === "skipped_rows"));
});
