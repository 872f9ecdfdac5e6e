#![allow(clippy::unwrap_used, clippy::missing_panics_doc)]
//! The `openday` tool as a script runs it: exit codes, JSON output, CSV and
//! Excel registrations, a draw verified with the right key and refused with
//! a wrong one or a tampered record, a roster journal and a ledger.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(path)
}

const GUYUAN: &str = "core/data/examples/guyuan-2025/plan.openday.json";
const REGS: &str = "core/data/examples/guyuan-2025/registrations.csv";

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("openday-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn openday(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_openday"))
        .args(args)
        .current_dir(dir)
        .env("LANG", "en_US.UTF-8")
        .output()
        .unwrap()
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn code(out: &Output) -> i32 {
    out.status.code().unwrap()
}

fn p(path: &str) -> String {
    repo(path).display().to_string()
}

#[test]
fn check_gives_0_for_every_example_1_for_a_broken_plan_and_3_for_a_blocked_stage() {
    let dir = tmp("check");
    for (name, _) in openday::examples::PLANS {
        let path = p(&format!("core/data/examples/{name}/plan.openday.json"));
        let out = openday(&["check", &path], &dir);
        assert_eq!(
            code(&out),
            0,
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = openday(
        &[
            "--json",
            "check",
            &p("testdata/plans/five-mistakes.openday.json"),
        ],
        &dir,
    );
    assert_eq!(code(&out), 1);
    let doc = json(&out);
    assert_eq!(doc["error"]["kind"], "PlanValidationError");
    assert_eq!(doc["error"]["problems"].as_array().unwrap().len(), 5);
    assert_eq!(doc["error"]["exit_code"], 1);
    // Text mode: the problems on stderr in the chosen language.
    let out = openday(
        &[
            "--lang",
            "zh",
            "check",
            &p("testdata/plans/five-mistakes.openday.json"),
        ],
        &dir,
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("错误 seats：名额为 0"), "{err}");
    // A plan whose confirmation section is broken loads, but that stage is blocked.
    let mut doc: Value =
        serde_json::from_str(&std::fs::read_to_string(repo(GUYUAN)).unwrap()).unwrap();
    doc["confirmation"] = serde_json::json!({"deadline_hours_before_start": 4_294_967_295_u64});
    let blocked = dir.join("blocked.openday.json");
    std::fs::write(&blocked, doc.to_string()).unwrap();
    let out = openday(&["--json", "check", blocked.to_str().unwrap()], &dir);
    assert_eq!(code(&out), 3, "{}", String::from_utf8_lossy(&out.stdout));
    // Usage errors are 2; help is 0.
    assert_eq!(code(&openday(&["check"], &dir)), 2);
    assert_eq!(code(&openday(&["frobnicate"], &dir)), 2);
    assert_eq!(code(&openday(&["draw", "--help"], &dir)), 0);
    // A missing file is refused input, named.
    let out = openday(&["check", "nowhere.json"], &dir);
    assert_eq!(code(&out), 1);
    assert!(String::from_utf8_lossy(&out.stderr).contains("nowhere.json"));
}

/// The example registrations as an Excel workbook, as an office saves one:
/// a title row, then the header; phones as numbers.
fn workbook(dir: &Path) -> PathBuf {
    let csv = std::fs::read_to_string(repo(REGS)).unwrap();
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.write_string(0, 0, "报名登记表").unwrap();
    for (c, h) in header.iter().enumerate() {
        ws.write_string(1, u16::try_from(c).unwrap(), h).unwrap();
    }
    for (i, rec) in r.records().enumerate() {
        let row = u32::try_from(i).unwrap() + 2;
        for (c, cell) in rec.unwrap().iter().enumerate() {
            let col = u16::try_from(c).unwrap();
            if header[c] == "联系电话"
                && !cell.is_empty()
                && cell.bytes().all(|b| b.is_ascii_digit())
            {
                ws.write_number(row, col, cell.parse::<f64>().unwrap())
                    .unwrap();
            } else if !cell.is_empty() {
                ws.write_string(row, col, cell).unwrap();
            }
        }
    }
    let path = dir.join("报名.xlsx");
    book.save(&path).unwrap();
    path
}

#[test]
fn screen_reads_csv_and_excel_alike_and_exports_both() {
    let dir = tmp("screen");
    let book = workbook(&dir);
    let from_csv = json(&openday(
        &["--json", "screen", &p(GUYUAN), &p(REGS), "-o", "out.csv"],
        &dir,
    ));
    let from_xlsx = json(&openday(
        &[
            "--json",
            "screen",
            &p(GUYUAN),
            book.to_str().unwrap(),
            "-o",
            "out.xlsx",
        ],
        &dir,
    ));
    assert_eq!(from_csv["counts"], from_xlsx["counts"]);
    assert_eq!(from_csv["reasons"], from_xlsx["reasons"]);
    let rows = from_csv["counts"]["rows"].as_u64().unwrap();
    assert_eq!(rows, 500);
    // Both exports hold every row, masked by default.
    let csv_out = std::fs::read_to_string(dir.join("out.csv")).unwrap();
    assert_eq!(csv_out.lines().count() as u64, rows + 1);
    assert!(!csv_out.contains("13638821928"));
    let back = openday::xlsx::read_workbook(
        &std::fs::read(dir.join("out.xlsx")).unwrap(),
        "out.xlsx",
        None,
    )
    .unwrap();
    assert_eq!(back.rows.len() as u64, rows);
    // A sheet that is not there.
    let out = openday(
        &[
            "screen",
            &p(GUYUAN),
            book.to_str().unwrap(),
            "--sheet",
            "Sheet9",
        ],
        &dir,
    );
    assert_eq!(code(&out), 1);
    assert!(String::from_utf8_lossy(&out.stderr).contains("no sheet named \"Sheet9\""));
    // An export name that is neither .csv nor .xlsx is a usage error.
    assert_eq!(
        code(&openday(
            &["screen", &p(GUYUAN), &p(REGS), "-o", "out.pdf"],
            &dir
        )),
        2
    );
}

#[test]
fn draw_then_verify_with_the_key_and_refuse_a_wrong_key_or_a_tampered_record() {
    let dir = tmp("draw");
    std::fs::write(dir.join("key"), "the organiser's secret").unwrap();
    std::fs::write(dir.join("other"), "someone else's secret").unwrap();
    let out = openday(
        &[
            "--json",
            "draw",
            &p(GUYUAN),
            &p(REGS),
            "--seed",
            "2025-09-20 317",
            "--key-file",
            "key",
            "--record",
            "rec.json",
            "-o",
            "panel.xlsx",
        ],
        &dir,
    );
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let doc = json(&out);
    assert_eq!(doc["record"]["panel"].as_array().unwrap().len(), 30);
    let list = doc["list"].as_array().unwrap();
    assert!(
        list.iter()
            .all(|r| r["name"].as_str().unwrap().contains('*')),
        "masked"
    );
    let verify = |record: &str, key: &str| {
        openday(
            &["verify", record, &p(GUYUAN), &p(REGS), "--key-file", key],
            &dir,
        )
    };
    assert_eq!(code(&verify("rec.json", "key")), 0);
    assert_eq!(code(&verify("rec.json", "other")), 4);
    // The same seed and key give the same record (a second run, the same bytes).
    let again = openday(
        &[
            "draw",
            &p(GUYUAN),
            &p(REGS),
            "--seed",
            "2025-09-20 317",
            "--key-file",
            "key",
            "--record",
            "rec2.json",
            "-q",
        ],
        &dir,
    );
    assert_eq!(code(&again), 0);
    assert_eq!(
        std::fs::read(dir.join("rec.json")).unwrap(),
        std::fs::read(dir.join("rec2.json")).unwrap()
    );
    // A panel member swapped for a reserve: refused.
    let mut record: Value =
        serde_json::from_slice(&std::fs::read(dir.join("rec.json")).unwrap()).unwrap();
    let reserve = record["reserves"][0].clone();
    record["panel"][0] = reserve;
    std::fs::write(dir.join("bad.json"), record.to_string()).unwrap();
    assert_eq!(code(&verify("bad.json", "key")), 4);
    std::fs::write(dir.join("junk.json"), "{not json").unwrap();
    assert_eq!(code(&verify("junk.json", "key")), 1);
    // Too few eligible for the plan's seats: 3, with the reason.
    let altona = p("core/data/examples/altona-2026/plan.openday.json");
    let out = openday(
        &[
            "draw",
            &altona,
            &p(REGS),
            "--seed",
            "x",
            "--key-file",
            "key",
        ],
        &dir,
    );
    assert_eq!(code(&out), 3, "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn a_roster_journal_from_the_command_line() {
    let dir = tmp("roster");
    std::fs::write(dir.join("key"), "k").unwrap();
    let draw = openday(
        &[
            "draw",
            &p(GUYUAN),
            &p(REGS),
            "--seed",
            "s",
            "--key-file",
            "key",
            "--record",
            "rec.json",
        ],
        &dir,
    );
    assert_eq!(code(&draw), 0);
    let record: Value =
        serde_json::from_slice(&std::fs::read(dir.join("rec.json")).unwrap()).unwrap();
    let first = record["panel"][0].as_str().unwrap().to_owned();
    let roster = |at: &str, action: &[&str]| {
        let (plan, regs) = (p(GUYUAN), p(REGS));
        let mut args = vec![
            "--json",
            "roster",
            plan.as_str(),
            regs.as_str(),
            "--key-file",
            "key",
            "--journal",
            "j.jsonl",
            "--at",
            at,
        ];
        args.extend_from_slice(action);
        openday(&args, &dir)
    };
    assert_eq!(
        code(&roster("2025-09-18T09:00:00+08:00", &["drawn", "rec.json"])),
        0
    );
    let out = roster("2025-09-18T10:00:00+08:00", &["call", &first, "confirmed"]);
    assert_eq!(code(&out), 0);
    assert_eq!(json(&out)["by_status"]["confirmed"], 1);
    // Checking in before the window is a refused step (exit 1), the journal unchanged.
    let out = roster("2025-09-18T10:30:00+08:00", &["check-in", &first]);
    assert_eq!(code(&out), 1);
    assert_eq!(json(&out)["error"]["kind"], "RosterError");
    let out = roster("2025-09-24T14:30:00+08:00", &["check-in", &first]);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stdout));
    assert_eq!(json(&out)["attendance"]["came"], 1);
    assert_eq!(json(&out)["entries"], 4);
    // The day's segments end in order; an unknown one is refused (exit 1,
    // ReplanError), the journal unchanged.
    let out = roster("2025-09-24T14:40:00+08:00", &["segment-ended", "check-in"]);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stdout));
    assert_eq!(json(&out)["day"]["window_holds"], true);
    let out = roster("2025-09-24T14:41:00+08:00", &["segment-ended", "nowhere"]);
    assert_eq!(code(&out), 1);
    assert_eq!(json(&out)["error"]["kind"], "ReplanError");
    assert_eq!(json(&out)["error"]["code"], "unknown_segment");
    let out = roster("2025-09-24T15:30:00+08:00", &["close-check-in"]);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stdout));
    assert_eq!(json(&out)["entries"], 6);
    // A damaged journal stops everything with 4.
    let text = std::fs::read_to_string(dir.join("j.jsonl")).unwrap();
    std::fs::write(
        dir.join("j.jsonl"),
        text.replacen("confirmed", "declined!", 1),
    )
    .unwrap();
    let out = roster("2025-09-24T14:40:00+08:00", &["status"]);
    assert_eq!(code(&out), 4, "{}", String::from_utf8_lossy(&out.stdout));
    assert_eq!(json(&out)["error"]["code"], "damaged");
}

#[test]
fn preparation_duties_on_a_journal_from_the_command_line() {
    let dir = tmp("prepare");
    let plan = p("core/data/examples/yinchuan-water-2026/plan.openday.json");
    let prepare = |at: &str, actor: &str, action: &[&str]| {
        let mut args = vec![
            "--json",
            "prepare",
            plan.as_str(),
            "--journal",
            "prep.jsonl",
            "--at",
            at,
            "--actor",
            actor,
        ];
        args.extend_from_slice(action);
        openday(&args, &dir)
    };
    // Nothing done: not ready, every duty blocks; the notice is one of them.
    let out = prepare("2026-01-05T09:00:00+08:00", "office", &["status"]);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let status = json(&out);
    assert_eq!(status["ready"], false);
    let blocking = status["blocking"].as_array().unwrap().len();
    assert!(blocking > 3);
    assert!(
        status["blocking"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["id"] == "notice")
    );
    // Done by the office; verifying one's own work is refused (exit 1, the
    // journal unchanged); another post verifies it.
    let out = prepare(
        "2026-01-06T09:00:00+08:00",
        "局办公室",
        &["done", "notice", "--document", "公告（定稿）"],
    );
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stdout));
    assert_eq!(json(&out)["status"], "done");
    let out = prepare(
        "2026-01-06T10:00:00+08:00",
        "局办公室",
        &["verify", "notice"],
    );
    assert_eq!(code(&out), 1);
    assert_eq!(json(&out)["error"]["kind"], "PreparationError");
    assert_eq!(json(&out)["error"]["duty"], "notice");
    let out = prepare("2026-01-06T11:00:00+08:00", "督查组", &["verify", "notice"]);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stdout));
    assert_eq!(json(&out)["entries"], 2);
    // A step on a duty the plan does not have is refused.
    let out = prepare("2026-01-06T12:00:00+08:00", "x", &["start", "no-such-duty"]);
    assert_eq!(code(&out), 1);
    // Readiness replays the journal: one duty fewer blocks; the task sheets
    // are written.
    let out = prepare(
        "2026-01-07T09:00:00+08:00",
        "office",
        &["status", "--sheets", "sheets.md"],
    );
    let status = json(&out);
    assert_eq!(status["blocking"].as_array().unwrap().len(), blocking - 1);
    let sheets = std::fs::read_to_string(dir.join("sheets.md")).unwrap();
    assert!(sheets.contains("局办公室"), "{sheets}");
    // The journal's lines are the steps; a damaged one stops with 4.
    let text = std::fs::read_to_string(dir.join("prep.jsonl")).unwrap();
    std::fs::write(dir.join("prep.jsonl"), text.replacen("督查组", "督察组", 1)).unwrap();
    let out = prepare("2026-01-07T09:00:00+08:00", "office", &["status"]);
    assert_eq!(code(&out), 4, "{}", String::from_utf8_lossy(&out.stdout));
}

#[test]
fn ledger_record_and_report_from_the_command_line() {
    let dir = tmp("ledger");
    let scenario: Value = serde_json::from_str(
        &std::fs::read_to_string(repo("testdata/ledger/scenario.json")).unwrap(),
    )
    .unwrap();
    std::fs::write(dir.join("events.json"), scenario["events"].to_string()).unwrap();
    let out = openday(
        &["ledger", "record", &p(GUYUAN), "l.jsonl", "events.json"],
        &dir,
    );
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let out = openday(
        &[
            "--json",
            "ledger",
            "report",
            &p(GUYUAN),
            "l.jsonl",
            "--as-of",
            scenario["as_of"].as_str().unwrap(),
            "-o",
            "ledger.xlsx",
        ],
        &dir,
    );
    assert_eq!(code(&out), 0);
    let doc = json(&out);
    assert!(doc["overdue"].is_array(), "{doc}");
    let book =
        openday::xlsx::read_workbook(&std::fs::read(dir.join("ledger.xlsx")).unwrap(), "l", None)
            .unwrap();
    assert!(!book.rows.is_empty());
    let all: String = book.rows.iter().flatten().cloned().collect();
    assert!(!all.contains("13800000007"), "masked by default");
    // Recording the same events again is refused (a form id twice) and appends nothing.
    let before = std::fs::read(dir.join("l.jsonl")).unwrap();
    let out = openday(
        &["ledger", "record", &p(GUYUAN), "l.jsonl", "events.json"],
        &dir,
    );
    assert_eq!(code(&out), 1);
    assert_eq!(std::fs::read(dir.join("l.jsonl")).unwrap(), before);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("event 1 of"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // A batch whose last event is bad records none of it.
    let mut events = scenario["events"].as_array().unwrap().clone();
    let bad = events[0].clone();
    events.truncate(1);
    events[0]["action"]["form"]["id"] = "F-new".into();
    events.push(bad);
    std::fs::write(dir.join("mixed.json"), Value::Array(events).to_string()).unwrap();
    let out = openday(
        &["ledger", "record", &p(GUYUAN), "l.jsonl", "mixed.json"],
        &dir,
    );
    assert_eq!(code(&out), 1);
    assert!(String::from_utf8_lossy(&out.stderr).contains("event 2 of 2"));
    assert_eq!(std::fs::read(dir.join("l.jsonl")).unwrap(), before);
}

#[test]
fn day_exports_from_the_command_line() {
    let dir = tmp("day");
    let out = openday(&["ics", &p(GUYUAN), "-o", "day.ics"], &dir);
    assert_eq!(code(&out), 0);
    let ics = std::fs::read_to_string(dir.join("day.ics")).unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR") && ics.contains("BEGIN:VTIMEZONE"));
    assert_eq!(
        code(&openday(
            &["run-sheets", &p(GUYUAN), "-o", "sheets.xlsx"],
            &dir
        )),
        0
    );
    let sheets =
        openday::xlsx::read_workbook(&std::fs::read(dir.join("sheets.xlsx")).unwrap(), "s", None)
            .unwrap();
    assert_eq!(sheets.header[0], "unit");
    let out = openday(&["timeline", &p(GUYUAN)], &dir);
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("<svg"));
}

#[test]
fn screen_takes_columns_and_a_default_channel_from_flags_and_warns_of_a_missing_one() {
    let dir = tmp("columns");
    let text = std::fs::read_to_string(repo(REGS)).unwrap();
    let (header, body) = text.split_once('\n').unwrap();
    // The office's own names for the phone and channel columns.
    let renamed = header
        .replace("联系电话", "联络号码")
        .replace("报名方式", "途径");
    std::fs::write(dir.join("own.csv"), format!("{renamed}\n{body}")).unwrap();
    let codes = |v: &Value| -> Vec<String> {
        v["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["code"].as_str().unwrap().to_owned())
            .collect()
    };
    let plain = json(&openday(&["--json", "screen", &p(GUYUAN), &p(REGS)], &dir));
    let own = json(&openday(&["--json", "screen", &p(GUYUAN), "own.csv"], &dir));
    let warned = codes(&own);
    assert!(warned.contains(&"missing_column".to_owned()), "{own}");
    assert!(warned.contains(&"channel_unchecked".to_owned()), "{own}");
    let missing = &own["warnings"][warned.iter().position(|c| c == "missing_column").unwrap()];
    assert!(
        missing["message_en"]
            .as_str()
            .unwrap()
            .contains("\"联络号码\""),
        "{missing}"
    );
    assert_eq!(own["counts"]["eligible"], 0);
    // Named with flags, the table screens as the one with the usual names.
    let plan_path = p(GUYUAN);
    let own_with = |flags: &[&str]| {
        let mut args = vec!["--json", "screen", plan_path.as_str(), "own.csv"];
        args.extend_from_slice(flags);
        json(&openday(&args, &dir))
    };
    let named = own_with(&["--column", "phone=联络号码", "--column", "channel=途径"]);
    assert_eq!(named["counts"], plain["counts"]);
    assert_eq!(codes(&named), codes(&plain));
    // A default channel instead of the channel column: not unchecked.
    let defaulted = own_with(&["--column", "phone=联络号码", "--default-channel", "phone"]);
    assert!(!codes(&defaulted).contains(&"channel_unchecked".to_owned()));
    assert!(!codes(&defaulted).contains(&"missing_column".to_owned()));
    // A field that does not exist, or no header: usage errors naming it.
    let out = openday(
        &["screen", &p(GUYUAN), "own.csv", "--column", "fone=x"],
        &dir,
    );
    assert_eq!(code(&out), 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("\"fone\" is not a field"));
    let out = openday(
        &["screen", &p(GUYUAN), "own.csv", "--column", "phone="],
        &dir,
    );
    assert_eq!(code(&out), 2);
    // A header the table does not have: said in the command's words.
    let out = openday(
        &["screen", &p(GUYUAN), "own.csv", "--column", "phone=手机号"],
        &dir,
    );
    assert_eq!(code(&out), 2);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("--column phone=手机号: own.csv has no column \"手机号\" (found: "),
        "{said}"
    );
    assert!(said.contains("联络号码"), "{said}");
    // In JSON the error keeps its code and file, with the same words.
    let out = openday(
        &[
            "--json",
            "screen",
            &p(GUYUAN),
            "own.csv",
            "--column",
            "phone=手机号",
        ],
        &dir,
    );
    assert_eq!(code(&out), 2);
    let doc = json(&out);
    let error = &doc["error"];
    assert_eq!(error["code"], "unknown_column", "{doc}");
    assert_eq!(error["exit_code"], 2, "{doc}");
    assert!(
        error["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("--column phone=手机号: own.csv has no column")),
        "{doc}"
    );
}
