#![allow(
    clippy::unwrap_used,
    clippy::missing_panics_doc,
    clippy::many_single_char_names,
    clippy::similar_names,
    clippy::cast_possible_truncation
)]
//! Registration intake and screening: rules, encodings, headers, duplicates,
//! masking, and the invariant that every row lands in exactly one bucket.

use openday::intake::{InputEncoding, IntakeError, IntakeOptions};
use openday::mask::Masking;
use openday::registration::RegistrationField;
use openday::screening::{
    Bucket, DuplicatePolicy, DuplicateReason, Outcome, ScreeningOptions, ScreeningReport,
    screen_csv,
};
use openday::synthetic::{RowProblem, SyntheticOptions, write_registrations_csv};
use openday::{OpenDayPlan, Plan};
use proptest::prelude::*;

const HEADER: &str = "姓名,身份证号,联系电话,工作学习单位,单位所在区县,住址,所在区县,职业,民事行为能力,报名方式,报名时间";

fn guyuan() -> Plan {
    Plan::from_json(openday::examples::GUYUAN_2025_PLAN).unwrap()
}

/// A plan with the seed's policy plus extra rules, for rule tests.
fn plan_with(rules: &str) -> Plan {
    let mut doc = OpenDayPlan::from_json(openday::examples::GUYUAN_2025_PLAN).unwrap();
    doc.eligibility.rules = serde_json::from_str(rules).unwrap();
    Plan::new(doc).unwrap()
}

fn id(birth: &str, seq: &str) -> String {
    let first = format!("640402{birth}{seq}");
    format!(
        "{first}{}",
        openday::resident_id::check_character(&first).unwrap()
    )
}

/// A clean row for the seed plan: adult in 原州区, on time. The ID number's
/// sequence digits are the phone's last three, so rows with different phones
/// are different people.
fn row(name: &str, birth: &str, phone: &str, time: &str) -> String {
    let seq = &phone[phone.len() - 3..];
    format!(
        "{name},{},{phone},固原市人民医院,原州区,原州区文化路1号,原州区,医务人员,完全,电话,{time}",
        id(birth, seq)
    )
}

fn screen(plan: &Plan, rows: &[String]) -> ScreeningReport {
    screen_with(plan, rows, &ScreeningOptions::default())
}

fn screen_with(plan: &Plan, rows: &[String], opts: &ScreeningOptions) -> ScreeningReport {
    let csv = format!("{HEADER}\n{}\n", rows.join("\n"));
    screen_csv(plan, csv.as_bytes(), "t.csv", opts).unwrap()
}

fn codes(report: &ScreeningReport, row: usize) -> Vec<&'static str> {
    match report.outcome(row).unwrap() {
        Outcome::Ineligible { failures } => failures.iter().map(|f| f.code).collect(),
        Outcome::Invalid { errors } => errors.iter().map(|e| e.code).collect(),
        Outcome::Duplicate { .. } => vec!["duplicate"],
        Outcome::Eligible => vec![],
    }
}

#[test]
fn minimum_age_is_exact_to_the_day() {
    // The day is 2025-09-24: 18 on the day is eligible, one day short is not.
    let r = screen(
        &guyuan(),
        &[
            row("甲", "20070924", "13800000001", "2025-09-10 10:00:00"),
            row("乙", "20070925", "13800000002", "2025-09-10 10:00:00"),
        ],
    );
    assert_eq!(codes(&r, 0), Vec::<&str>::new());
    assert_eq!(codes(&r, 1), vec!["under_minimum_age"]);
    let Outcome::Ineligible { failures } = r.outcome(1).unwrap() else {
        panic!()
    };
    assert_eq!(failures[0].facts["age"], "17 years 11 months");
    assert_eq!(failures[0].facts["on"], "2025-09-24");
    assert!(
        failures[0].message_zh.contains("未满18周岁"),
        "{}",
        failures[0].message_zh
    );
}

#[test]
fn day_after_birthday_convention_is_a_policy_setting() {
    let mut doc = OpenDayPlan::from_json(openday::examples::GUYUAN_2025_PLAN).unwrap();
    doc.eligibility.age_counts_from = openday::eligibility::AgeCountsFrom::DayAfterBirthday;
    let plan = Plan::new(doc).unwrap();
    let r = screen(
        &plan,
        &[row("甲", "20070924", "13800000001", "2025-09-10 10:00:00")],
    );
    assert_eq!(codes(&r, 0), vec!["under_minimum_age"]);
}

#[test]
fn deadline_is_inclusive_to_the_second() {
    let r = screen(
        &guyuan(),
        &[
            row("甲", "19800101", "13800000001", "2025-09-17 18:30:00"),
            row("乙", "19800102", "13800000002", "2025-09-17 18:30:01"),
            row("丙", "19800103", "13800000003", "2025-08-26 08:59:59"),
            row("丁", "19800104", "13800000004", "2025-09-17T10:30:00Z"),
        ],
    );
    assert_eq!(codes(&r, 0), Vec::<&str>::new());
    assert_eq!(codes(&r, 1), vec!["after_deadline"]);
    let Outcome::Ineligible { failures } = r.outcome(1).unwrap() else {
        panic!()
    };
    assert!(
        failures[0]
            .message_en
            .contains("0 min 1 s after the deadline"),
        "{}",
        failures[0].message_en
    );
    assert_eq!(codes(&r, 2), vec!["before_opening"]);
    assert_eq!(
        codes(&r, 3),
        Vec::<&str>::new(),
        "10:30Z is 18:30 in Shanghai"
    );
}

#[test]
fn civil_capacity_area_and_required_fields() {
    let base = |phone| row("甲", "19800101", phone, "2025-09-10 10:00:00");
    let limited = base("13800000001").replace(",完全,", ",限制,");
    let unknown = base("13800000002").replace(",完全,", ",,");
    let outside = base("13800000003").replace("原州区", "西吉县");
    let works_in = base("13800000004").replace("原州区文化路1号,原州区", "西吉县文化路1号,西吉县");
    let no_contact = "乙,,,,,,原州区,,完全,现场,2025-09-10 10:00:00".to_owned();
    let r = screen(
        &guyuan(),
        &[limited, unknown, outside, works_in, no_contact],
    );
    assert_eq!(codes(&r, 0), vec!["civil_capacity_not_full"]);
    // An adult who does not state capacity is presumed to have it (Civil
    // Code art. 17–18), and the verdict's basis says so.
    assert_eq!(codes(&r, 1), Vec::<&str>::new());
    assert_eq!(codes(&r, 2), vec!["outside_area"]);
    assert_eq!(
        codes(&r, 3),
        Vec::<&str>::new(),
        "lives in 西吉县 but works in 原州区"
    );
    // No ID or birth date, no phone, no employer or address: two rules fail.
    assert_eq!(codes(&r, 4), vec!["age_unknown", "missing_required_field"]);
    let Outcome::Ineligible { failures } = r.outcome(4).unwrap() else {
        panic!()
    };
    assert_eq!(
        failures[1].facts["missing"],
        "phone; employer_or_school or address"
    );
}

#[test]
fn studies_and_works_are_told_apart() {
    let plan = plan_with(r#"[{"rule":"area","areas":["原州区"],"relations":["studies"]}]"#);
    let worker = row("甲", "19800101", "13800000001", "2025-09-10 10:00:00")
        .replace("原州区文化路1号,原州区", "西吉县,西吉县");
    let student = worker
        .replace("医务人员", "学生")
        .replace("13800000001", "13800000002")
        .replace(&id("19800101", "001"), &id("19800101", "002"));
    let r = screen(&plan, &[worker, student]);
    assert_eq!(codes(&r, 0), vec!["outside_area"]);
    assert_eq!(codes(&r, 1), Vec::<&str>::new());
}

#[test]
fn maximum_age_attribute_and_verified_capacity_rules() {
    let plan = plan_with(
        r#"[{"rule":"maximum_age","years":70},
            {"rule":"attribute","name":"occupation","one_of":["教师","医务人员"]},
            {"rule":"civil_capacity","accept_declared":false}]"#,
    );
    let old = row("甲", "19500101", "13800000001", "2025-09-10 10:00:00");
    let other_job =
        row("乙", "19800101", "13800000002", "2025-09-10 10:00:00").replace("医务人员", "公务员");
    let r = screen(&plan, &[old, other_job]);
    assert_eq!(
        codes(&r, 0),
        vec!["over_maximum_age", "civil_capacity_not_verified"]
    );
    assert_eq!(
        codes(&r, 1),
        vec!["attribute_not_accepted", "civil_capacity_not_verified"]
    );
    // A verification column makes the declaration verified.
    let csv = format!(
        "{HEADER},能力核实\n{},是\n",
        row("丙", "19800101", "13800000003", "2025-09-10 10:00:00")
    );
    let plan = plan_with(r#"[{"rule":"civil_capacity","accept_declared":false}]"#);
    let r = screen_csv(&plan, csv.as_bytes(), "t.csv", &ScreeningOptions::default()).unwrap();
    assert_eq!(r.counts().eligible, 1);
}

#[test]
fn capacity_is_presumed_for_adults_only_and_a_plan_may_demand_a_declaration() {
    let adult = row("甲", "19800101", "13800000001", "2025-09-10 10:00:00").replace(",完全,", ",,");
    let minor = row("乙", "20080101", "13800000002", "2025-09-10 10:00:00").replace(",完全,", ",,");
    let no_birth = "丙,,13800000003,固原市人民医院,原州区,原州区文化路1号,原州区,医务人员,,电话,2025-09-10 10:00:00".to_owned();
    let plan = plan_with(r#"[{"rule":"civil_capacity"}]"#);
    let r = screen(&plan, &[adult.clone(), minor.clone(), no_birth]);
    assert_eq!(codes(&r, 0), Vec::<&str>::new());
    assert_eq!(codes(&r, 1), vec!["civil_capacity_minor"]);
    assert_eq!(codes(&r, 2), vec!["civil_capacity_unknown"]);
    let evaluator = openday::eligibility::Evaluator::new(&plan, None);
    let verdict = evaluator.evaluate(&r.registrant(0).unwrap());
    assert_eq!(verdict.basis.len(), 1);
    assert_eq!(verdict.basis[0].code, "civil_capacity_presumed");
    assert!(verdict.basis[0].message_zh.contains("民法典"));
    // The plan may instead demand a declaration from everyone.
    let strict = plan_with(r#"[{"rule":"civil_capacity","require_declaration":true}]"#);
    let r = screen(&strict, &[adult, minor]);
    assert_eq!(codes(&r, 0), vec!["civil_capacity_unknown"]);
    assert_eq!(codes(&r, 1), vec!["civil_capacity_unknown"]);
}

#[test]
fn a_channel_the_plan_does_not_offer_is_refused_with_a_reason() {
    // The seed plan takes phone and on-site registrations, not online ones.
    let online =
        row("甲", "19800101", "13800000001", "2025-09-10 10:00:00").replace(",电话,", ",网上报名,");
    let phone = row("乙", "19800102", "13800000002", "2025-09-10 10:00:00");
    let r = screen(&guyuan(), &[online, phone]);
    assert_eq!(codes(&r, 0), vec!["channel_not_accepted"]);
    assert_eq!(codes(&r, 1), Vec::<&str>::new());
    let Outcome::Ineligible { failures } = r.outcome(0).unwrap() else {
        panic!()
    };
    assert_eq!(failures[0].rule, None);
    assert_eq!(failures[0].facts["accepted"], "phone, on_site");
    assert!(
        failures[0].message_zh.contains("网上报名"),
        "{}",
        failures[0].message_zh
    );
    // An export without a channel column cannot be checked: a warning, not a refusal.
    let csv = "姓名,身份证号,联系电话,住址,所在区县,报名时间\n甲,110101198001010010,13800000001,原州区文化路1号,原州区,2025-09-10 10:00:00\n";
    let plan = plan_with(r#"[{"rule":"area","areas":["原州区"]}]"#);
    let r = screen_csv(&plan, csv.as_bytes(), "t.csv", &ScreeningOptions::default()).unwrap();
    assert_eq!(codes(&r, 0), Vec::<&str>::new());
    let w: Vec<_> = r.warnings.iter().map(|w| w.code.as_str()).collect();
    assert_eq!(w, ["channel_unchecked"]);
}

#[test]
fn a_history_rule_without_a_history_warns_instead_of_passing_silently() {
    let plan = plan_with(
        r#"[{"rule":"not_recently_attended","open_days":2,"history":"历年开放日签到表"}]"#,
    );
    let r = screen(
        &plan,
        &[row("甲", "19800101", "13800000001", "2025-09-10 10:00:00")],
    );
    assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
    let w = &r.warnings[0];
    assert_eq!(
        (w.path.as_str(), w.code),
        ("eligibility.rules[0]", openday::ProblemCode::HistoryMissing)
    );
    assert_eq!(w.severity, openday::Severity::Warning);
    assert!(w.message_en.contains("NOT checked") && w.message_en.contains("历年开放日签到表"));
    assert!(
        r.to_string().contains("WARNING eligibility.rules[0]"),
        "{r}"
    );
    // With a history, no warning.
    let opts = ScreeningOptions {
        history: Some(openday::eligibility::AttendanceHistory::default()),
        ..ScreeningOptions::default()
    };
    let r = screen_with(
        &plan,
        &[row("甲", "19800101", "13800000001", "2025-09-10 10:00:00")],
        &opts,
    );
    assert!(r.warnings.is_empty());
}

#[test]
fn alternatives_pass_on_any_group_and_record_which() {
    // 18 or older, or 16–17 living on their own labour income (Civil Code art. 18).
    let plan = plan_with(
        r#"[{"rule":"any_of","any_of":[
            {"label":"成年人","rules":[{"rule":"minimum_age","years":18}]},
            {"label":"16–17周岁以自己劳动收入为主要生活来源","rules":[
                {"rule":"minimum_age","years":16},
                {"rule":"attribute","name":"劳动收入为主要生活来源","one_of":["是"]}]}]}]"#,
    );
    let csv = format!(
        "{HEADER},劳动收入为主要生活来源\n{},\n{},是\n{},否\n",
        row("甲", "19800101", "13800000001", "2025-09-10 10:00:00"),
        row("乙", "20080101", "13800000002", "2025-09-10 10:00:00"),
        row("丙", "20080102", "13800000003", "2025-09-10 10:00:00"),
    );
    let r = screen_csv(&plan, csv.as_bytes(), "t.csv", &ScreeningOptions::default()).unwrap();
    assert_eq!(codes(&r, 0), Vec::<&str>::new());
    assert_eq!(codes(&r, 1), Vec::<&str>::new());
    assert_eq!(codes(&r, 2), vec!["no_alternative_met"]);
    let evaluator = openday::eligibility::Evaluator::new(&plan, None);
    let basis = evaluator.evaluate(&r.registrant(1).unwrap()).basis;
    assert_eq!(
        basis[0].message_zh,
        "符合条件：16–17周岁以自己劳动收入为主要生活来源"
    );
    let Outcome::Ineligible { failures } = r.outcome(2).unwrap() else {
        panic!()
    };
    assert!(
        failures[0].facts["alternatives"].contains("成年人: under_minimum_age"),
        "{:?}",
        failures[0].facts
    );
}

#[test]
fn recent_attendance_excludes_people_from_the_last_open_days() {
    let plan = plan_with(r#"[{"rule":"not_recently_attended","open_days":1}]"#);
    let history: openday::eligibility::AttendanceHistory = serde_json::from_str(&format!(
        r#"[{{"open_day":"2024","date":"2024-09-20","id_number":"{}"}},
            {{"open_day":"2023","date":"2023-09-22","name":"乙","phone":"138 0000 0002"}}]"#,
        id("19800101", "001")
    ))
    .unwrap();
    let opts = ScreeningOptions {
        history: Some(history),
        ..ScreeningOptions::default()
    };
    let r = screen_with(
        &plan,
        &[
            row("甲", "19800101", "13800000001", "2025-09-10 10:00:00"),
            row("乙", "19800102", "13800000002", "2025-09-10 10:00:00"),
        ],
        &opts,
    );
    assert_eq!(codes(&r, 0), vec!["recently_attended"]);
    assert_eq!(
        codes(&r, 1),
        Vec::<&str>::new(),
        "2023 is not among the last 1 open day"
    );
}

#[test]
fn duplicates_follow_the_policy_and_point_at_the_other_row() {
    let a = row("甲", "19800101", "13800000001", "2025-09-10 10:00:00");
    let b = a.replace("2025-09-10 10:00:00", "2025-09-01 09:00:00");
    let c = row("乙", "19800102", "139 0000 0003", "2025-09-05 10:00:00")
        .replace(&id("19800102", "003"), "");
    let d = row("乙", "19800102", "13900000003", "2025-09-06 10:00:00")
        .replace(&id("19800102", "003"), "");
    let rows = [a, b, c, d];
    let r = screen(&guyuan(), &rows);
    assert_eq!(
        *r.outcome(0).unwrap(),
        Outcome::Duplicate {
            of_row: 2,
            reason: DuplicateReason::SameIdNumber
        }
    );
    assert_eq!(r.outcome(1).unwrap().bucket(), Bucket::Eligible);
    assert_eq!(
        *r.outcome(3).unwrap(),
        Outcome::Duplicate {
            of_row: 3,
            reason: DuplicateReason::SameNameAndPhone
        }
    );
    let latest = ScreeningOptions {
        duplicates: DuplicatePolicy::KeepLatest,
        ..ScreeningOptions::default()
    };
    let r = screen_with(&guyuan(), &rows, &latest);
    assert_eq!(
        *r.outcome(1).unwrap(),
        Outcome::Duplicate {
            of_row: 1,
            reason: DuplicateReason::SameIdNumber
        }
    );
    let all = ScreeningOptions {
        duplicates: DuplicatePolicy::RejectAll,
        ..ScreeningOptions::default()
    };
    let r = screen_with(&guyuan(), &rows, &all);
    assert_eq!(r.counts().duplicate, 4);
    assert!(matches!(
        *r.outcome(1).unwrap(),
        Outcome::Duplicate { of_row: 1, .. }
    ));
    assert!(matches!(
        *r.outcome(0).unwrap(),
        Outcome::Duplicate { of_row: 2, .. }
    ));
}

#[test]
fn encodings_and_separators_give_the_same_records() {
    let rows = [
        row("张三", "19800101", "13800000001", "2025-09-10 10:00:00"),
        row("李四", "20080101", "13800000002", "2025-09-10 10:00:00"),
    ];
    let text = format!("{HEADER}\n{}\n", rows.join("\n"));
    let plan = guyuan();
    let opts = ScreeningOptions::default();
    let reference = screen_csv(&plan, text.as_bytes(), "t.csv", &opts).unwrap();
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(text.as_bytes());
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let tabs = text.replace(',', "\t");
    let inputs: Vec<(&str, Vec<u8>, &str)> = vec![
        ("bom", bom, "UTF-8"),
        ("gbk", gbk.into_owned(), "GB18030"),
        ("utf16", utf16, "UTF-16LE"),
        ("tabs", tabs.into_bytes(), "UTF-8"),
    ];
    for (name, bytes, encoding) in inputs {
        let r = screen_csv(&plan, &bytes, name, &opts).unwrap();
        assert_eq!(r.encoding, encoding, "{name}");
        assert_eq!(
            r.records(Masking::Unmasked),
            reference.records(Masking::Unmasked),
            "{name}"
        );
    }
    // Forcing the wrong encoding is a clear error, not garbage.
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    let forced = ScreeningOptions {
        intake: IntakeOptions {
            encoding: InputEncoding::Utf8,
            ..IntakeOptions::default()
        },
        ..ScreeningOptions::default()
    };
    let err = screen_csv(&plan, &gbk, "gbk.csv", &forced).unwrap_err();
    assert_eq!(err.code(), "decode");
    assert!(err.to_string().contains("CSV UTF-8"), "{err}");
}

#[test]
fn english_headers_and_configured_columns() {
    let plan = guyuan();
    let csv = format!(
        "name,id_number,mobile no.,employer,work_district,address,district,occupation,civil_capacity,channel,submitted_at\n{}\n",
        row("王五", "19800101", "13800000001", "2025-09-10 10:00:00")
    );
    let mut opts = ScreeningOptions::default();
    opts.intake
        .columns
        .insert(RegistrationField::Phone, "Mobile No.".into());
    let r = screen_csv(&plan, csv.as_bytes(), "en.csv", &opts).unwrap();
    assert_eq!(r.counts().eligible, 1, "{r}");
    assert!(
        r.columns
            .iter()
            .any(|c| c.header == "mobile no." && c.used_as == "field:phone")
    );
    opts.intake
        .columns
        .insert(RegistrationField::Phone, "Handy".into());
    let err = screen_csv(&plan, csv.as_bytes(), "en.csv", &opts).unwrap_err();
    assert!(matches!(err, IntakeError::UnknownColumn { .. }), "{err}");
    let err = screen_csv(
        &plan,
        "电话,手机\n1,2\n".as_bytes(),
        "x.csv",
        &ScreeningOptions::default(),
    )
    .unwrap_err();
    assert_eq!(err.code(), "ambiguous_column");
    let err = screen_csv(
        &plan,
        "电话\n1\n".as_bytes(),
        "x.csv",
        &ScreeningOptions::default(),
    )
    .unwrap_err();
    assert!(
        err.to_string().starts_with("x.csv: no name column"),
        "{err}"
    );
    let err = screen_csv(&plan, b"", "x.csv", &ScreeningOptions::default()).unwrap_err();
    assert_eq!(err.code(), "empty");
}

#[test]
fn broken_rows_are_invalid_with_their_column_and_nothing_is_lost() {
    let good = row("甲", "19800101", "13800000001", "2025-09-10 10:00:00");
    let bad_phone = good.replace("13800000001", "1380000");
    let bad_id = good.replace(&id("19800101", "001"), "640402198001010010");
    let ragged = format!("{good},extra");
    let blank = ",,,,,,,,,,".to_owned();
    let bad_time = good.replace("2025-09-10 10:00:00", "2025-09-10");
    let r = screen(
        &guyuan(),
        &[bad_phone, bad_id, ragged, blank, bad_time, good],
    );
    assert_eq!(codes(&r, 0), vec!["phone_format"]);
    let Outcome::Invalid { errors } = r.outcome(0).unwrap() else {
        panic!()
    };
    assert_eq!(errors[0].column.as_deref(), Some("联系电话"));
    assert_eq!(errors[0].field, Some(RegistrationField::Phone));
    assert_eq!(codes(&r, 1), vec!["id_check_character"]);
    assert_eq!(codes(&r, 2), vec!["row_length"]);
    assert_eq!(codes(&r, 3), vec!["blank_row"]);
    assert_eq!(codes(&r, 4), vec!["time_missing"]);
    let c = r.counts();
    assert_eq!((c.rows, c.invalid, c.eligible), (6, 5, 1));
    assert_eq!(
        r.rows().map(|x| x.row).collect::<Vec<_>>(),
        vec![1, 2, 3, 4, 5, 6]
    );
    assert_eq!(r.row(5).unwrap().line, 7);
}

#[test]
fn no_personal_data_in_messages_debug_or_masked_records() {
    let plan = guyuan();
    let csv = openday::examples::GUYUAN_2025_REGISTRATIONS;
    let report = screen_csv(&plan, csv.as_bytes(), "r.csv", &ScreeningOptions::default()).unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let mut secrets = Vec::new();
    for rec in reader.records() {
        let rec = rec.unwrap();
        for i in [1, 3, 5, 8] {
            // name, ID number, phone, address
            let v = rec[i].trim();
            if v.chars().count() >= 2 {
                secrets.push(v.to_owned());
            }
        }
    }
    let mut texts = vec![format!("{report}"), format!("{report:?}")];
    for r in report.rows() {
        texts.push(serde_json::to_string(&r.record(Masking::Masked)).unwrap());
        if let Some(g) = &r.registrant {
            texts.push(format!("{g:?} {g}"));
        }
    }
    let mut masked_csv = Vec::new();
    report.write_csv(&mut masked_csv, Masking::Masked).unwrap();
    texts.push(String::from_utf8(masked_csv).unwrap());
    for text in &texts {
        for s in &secrets {
            // Single-character surnames and 2-character names are masked to one character plus *.
            assert!(!text.contains(s.as_str()), "personal data leaked");
        }
    }
    // Unmasked export is an explicit option and does contain them.
    let mut plain = Vec::new();
    report.write_csv(&mut plain, Masking::Unmasked).unwrap();
    let plain = String::from_utf8(plain).unwrap();
    assert!(
        secrets
            .iter()
            .filter(|s| plain.contains(s.as_str()))
            .count()
            > secrets.len() / 2
    );
}

#[test]
fn buckets_match_the_generators_deliberate_problems() {
    let plan = guyuan();
    for seed in [1, 2, 3] {
        let opts = SyntheticOptions::for_plan(&plan, 2000, seed);
        let mut csv = Vec::new();
        let stats = write_registrations_csv(&opts, &mut csv).unwrap();
        let report = screen_csv(&plan, &csv, "s.csv", &ScreeningOptions::default()).unwrap();
        let c = report.counts();
        assert_eq!(c.rows, 2000);
        let reasons: std::collections::HashMap<_, _> = report.reasons().into_iter().collect();
        let want = |p| stats.problems.get(&p).copied().unwrap_or(0) as u64;
        assert_eq!(c.duplicate, want(RowProblem::Duplicate), "seed {seed}");
        assert_eq!(
            reasons.get("id_check_character").copied().unwrap_or(0),
            want(RowProblem::BadIdNumber)
        );
        assert_eq!(
            reasons.get("under_minimum_age").copied().unwrap_or(0),
            want(RowProblem::UnderAge)
        );
        assert_eq!(
            reasons.get("after_deadline").copied().unwrap_or(0),
            want(RowProblem::AfterDeadline)
        );
        assert_eq!(
            reasons.get("civil_capacity_not_full").copied().unwrap_or(0),
            want(RowProblem::LimitedCapacity)
        );
        assert_eq!(
            reasons.get("missing_required_field").copied().unwrap_or(0),
            want(RowProblem::MissingPhone)
        );
    }
}

fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[\\u{4e00}-\\u{9fa5}]{1,4}",
        "1[3-9][0-9]{9}",
        "[0-9 ,\"\\-]{0,20}",
        "\\PC{0,12}",
        Just("2025-09-10 10:00:00".to_owned()),
        Just("完全".to_owned()),
        Just("电话".to_owned()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn every_row_lands_in_exactly_one_bucket(rows in prop::collection::vec(prop::collection::vec(cell(), 9..13), 0..40)) {
        let mut w = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
        w.write_record(HEADER.split(',')).unwrap();
        for r in &rows {
            w.write_record(r).unwrap();
        }
        let bytes = w.into_inner().unwrap();
        let mut opts = ScreeningOptions::default();
        opts.intake.delimiter = Some(',');
        let report = screen_csv(&guyuan(), &bytes, "p.csv", &opts).unwrap();
        let c = report.counts();
        prop_assert_eq!(c.rows as usize, rows.len());
        prop_assert_eq!(c.eligible + c.ineligible + c.invalid + c.duplicate, c.rows);
        for (i, r) in report.rows().enumerate() {
            prop_assert_eq!(r.row as usize, i + 1);
            prop_assert_eq!(r.registrant.is_some(), r.outcome.bucket() != Bucket::Invalid);
            if let Outcome::Duplicate { of_row, .. } = r.outcome {
                prop_assert!(of_row != r.row && (of_row as usize) <= rows.len());
            }
        }
    }
}

/// A valid row whose free-text cells are each filled or empty (with
/// padding), so that consecutive rows differ in which fields they have.
fn sparse_row() -> impl Strategy<Value = Vec<String>> {
    let text = || {
        prop_oneof![
            Just(String::new()),
            Just("  ".to_owned()),
            "[\\u{4e00}-\\u{9fa5}]{1,6}",
            " ?[a-z]{1,5}\\u{301} ?",
        ]
    };
    (
        "[\\u{4e00}-\\u{9fa5}]{2,3}",
        "1[3-9][0-9]{9}",
        (text(), text(), text(), text(), text()),
    )
        .prop_map(|(name, phone, (employer, work, address, district, job))| {
            vec![
                name,
                String::new(),
                phone,
                employer,
                work,
                address,
                district,
                job,
                "完全".into(),
                "电话".into(),
                "2025-09-10 10:00:00".into(),
            ]
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Rows read one after another into reused buffers give the records
    /// that rows read each on its own give: no value of a row carries over
    /// to the next, whose cell is empty.
    #[test]
    fn a_row_never_inherits_the_previous_rows_values(rows in prop::collection::vec(sparse_row(), 1..30)) {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(HEADER.split(',')).unwrap();
        for r in &rows {
            w.write_record(r).unwrap();
        }
        let bytes = w.into_inner().unwrap();
        let opts = ScreeningOptions::default();
        let plan = guyuan();
        let streamed = screen_csv(&plan, &bytes, "p.csv", &opts).unwrap();
        let headers: Vec<String> = HEADER.split(',').map(str::to_owned).collect();
        let each = openday::screening::screen_table(&plan, &headers, &rows, &opts).unwrap();
        prop_assert_eq!(streamed.counts().rows as usize, rows.len());
        prop_assert_eq!(streamed.records(Masking::Unmasked), each.records(Masking::Unmasked));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Screening writes each distinct failure once and gives every row
    /// with the same causes that outcome: whatever the plan and the mix
    /// of problems, each row's outcome is the one evaluating the row on
    /// its own gives (sentences and facts included).
    #[test]
    fn each_rows_outcome_is_the_one_evaluating_it_alone_gives(
        plan_at in 0..openday::examples::PLANS.len(),
        seed in any::<u64>(),
        share in 0.0_f64..0.9,
    ) {
        let plan = Plan::from_json(openday::examples::PLANS[plan_at].1).unwrap();
        let mut opts = SyntheticOptions::for_plan(&plan, 300, seed);
        opts.problem_share = share;
        let mut csv = Vec::new();
        write_registrations_csv(&opts, &mut csv).unwrap();
        let report = screen_csv(&plan, &csv, "s.csv", &ScreeningOptions::default()).unwrap();
        let evaluator = openday::eligibility::Evaluator::new(&plan, None);
        let mut judged = 0;
        for i in 0..300 {
            let Some(r) = report.registrant(i) else { continue };
            let alone = evaluator.evaluate(&r).failures;
            match report.outcome(i).unwrap() {
                Outcome::Eligible => prop_assert!(alone.is_empty(), "row {i}: {alone:?}"),
                Outcome::Ineligible { failures } => prop_assert_eq!(failures, &alone, "row {}", i),
                _ => continue,
            }
            judged += 1;
        }
        prop_assert!(judged >= 150, "only {judged} rows judged");
    }
}

#[test]
fn csv_exports_neutralise_formula_cells() {
    // A name and an occupation typed as formulas reach Excel as text.
    let evil = row(
        "=HYPERLINK(\"http://x\")",
        "19800101",
        "13800000001",
        "2025-09-10 10:00:00",
    )
    .replace("医务人员", "@SUM(A1)");
    let r = screen(&guyuan(), &[evil]);
    let mut out = Vec::new();
    r.write_csv(&mut out, openday::mask::Masking::Unmasked)
        .unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(text.starts_with('\u{feff}'));
    assert!(text.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), "{text}");
    assert!(text.contains(",'@SUM(A1),"), "{text}");
    assert!(!text.contains(",=") && !text.contains(",@"), "{text}");
}

#[test]
fn a_birth_date_given_as_an_instant_is_the_date_in_the_events_zone() {
    // A JavaScript Date for midnight 1 January 1990 in Shanghai.
    let records = vec![vec![
        ("姓名".to_owned(), "甲".to_owned()),
        ("出生日期".to_owned(), "1989-12-31T16:00:00.000Z".to_owned()),
    ]];
    let r = openday::screening::screen_records(&guyuan(), &records, &ScreeningOptions::default())
        .unwrap();
    let reg = &r.registrant(0).unwrap();
    assert_eq!(reg.birth_date, chrono::NaiveDate::from_ymd_opt(1990, 1, 1));
}

#[test]
fn a_stray_quote_that_swallows_lines_is_reported_not_hidden() {
    let rows = [
        row("甲", "19800101", "13800000001", "2025-09-10 10:00:00"),
        row("\"乙", "19800102", "13800000002", "2025-09-10 10:00:00"),
        row("丙", "19800103", "13800000003", "2025-09-10 10:00:00"),
        row("丁", "19800104", "13800000004", "2025-09-10 10:00:00"),
        row("戊", "19800105", "13800000005", "2025-09-10 10:00:00"),
    ];
    let r = screen(&guyuan(), &rows);
    // Five data lines: the first is a row, the second swallows the rest.
    assert_eq!(r.counts().rows, 2);
    assert_eq!(codes(&r, 0), Vec::<&str>::new());
    assert_eq!(codes(&r, 1), vec!["swallowed_lines"]);
    let Outcome::Invalid { errors } = r.outcome(1).unwrap() else {
        panic!()
    };
    assert_eq!(errors[0].column.as_deref(), Some("姓名"));
    assert!(
        errors[0].message_en.contains("lines 4 to 6"),
        "{}",
        errors[0].message_en
    );
    // No personal data of the swallowed rows in the message.
    assert!(!errors[0].to_string().contains("13800000003"));
    // The report reconciles lines and rows.
    assert_eq!(r.data_lines, 5);
    assert!(
        r.to_string().contains(
            "5 data lines made 2 rows: rows that run over several lines, a stray quote in row 2"
        ),
        "{r}"
    );
}

#[test]
fn one_stray_byte_in_a_utf8_file_is_reported_on_its_row_not_read_as_gb18030() {
    let rows = [
        row("张三", "19800101", "13800000001", "2025-09-10 10:00:00"),
        row("李四", "19800102", "13800000002", "2025-09-10 10:00:00"),
        row("王五", "19800103", "13800000003", "2025-09-10 10:00:00"),
    ];
    let csv = format!("{HEADER}\n{}\n", rows.join("\n"));
    let mut bytes = csv.into_bytes();
    // A stray 0xFF inside the second data row's employer.
    let at = bytes
        .windows("固原市人民医院".len())
        .enumerate()
        .filter(|(_, w)| *w == "固原市人民医院".as_bytes())
        .nth(1)
        .unwrap()
        .0;
    bytes.insert(at + 3, 0xFF);
    let r = screen_csv(&guyuan(), &bytes, "t.csv", &ScreeningOptions::default()).unwrap();
    assert_eq!(r.encoding, "UTF-8");
    assert_eq!(codes(&r, 0), Vec::<&str>::new());
    assert_eq!(codes(&r, 1), vec!["encoding"]);
    assert_eq!(codes(&r, 2), Vec::<&str>::new());
    let reg = &r.registrant(0).unwrap();
    assert_eq!(reg.name, "张三", "not misread as GB18030");
    // A real GBK file is still read as such.
    let text = format!("{HEADER}\n{}\n", rows.join("\n"));
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    let r = screen_csv(&guyuan(), &gbk, "t.csv", &ScreeningOptions::default()).unwrap();
    assert_eq!(r.encoding, "GB18030");
    assert_eq!(&r.registrant(0).unwrap().name, "张三");
}

#[test]
fn the_15_and_18_digit_forms_of_one_id_are_one_person() {
    let new = id("19800101", "001");
    let old = format!("{}{}", &new[..6], &new[8..17]); // legacy: no century, no check
    assert_eq!(old.len(), 15);
    let a = row("甲", "19800101", "13800000001", "2025-09-10 10:00:00");
    let b = a.replace(&new, &old).replace("13800000001", "13900000009");
    let r = screen(&guyuan(), &[a, b]);
    assert_eq!(
        codes(&r, 1),
        vec!["duplicate"],
        "one person, whatever the form"
    );
    let Outcome::Duplicate { reason, .. } = r.outcome(1).unwrap() else {
        panic!()
    };
    assert_eq!(*reason, openday::screening::DuplicateReason::SameIdNumber);
    // The same pseudonym in a pool, and the same history match.
    let key = |s: &str| {
        openday::registrant::ResidentId::parse(s)
            .unwrap()
            .canonical()
            .to_owned()
    };
    assert_eq!(key(&old), key(&new));
}

#[test]
fn hostile_and_clumsy_cells_are_refused_with_the_reason_and_nothing_leaks() {
    // An international number is not a mainland mobile run together.
    let err = openday::normalize::phone("+1 415 555 0100").unwrap_err();
    assert_eq!(err.code, "phone_country");
    assert!(openday::normalize::phone("0086 138 0013 8000").is_ok());
    assert!(openday::normalize::phone("+86 138-0013-8000").is_ok());
    // A birth date "0" is no date, and one before 1900 is refused.
    assert!(openday::normalize::date("0").is_err());
    let csv = "姓名,出生日期,联系电话,住址,所在区县,报名方式,报名时间\n甲,1899-05-01,13800000001,原州区文化路1号,原州区,电话,2025-09-10 10:00:00\n";
    let r = screen_csv(
        &guyuan(),
        csv.as_bytes(),
        "t.csv",
        &ScreeningOptions::default(),
    )
    .unwrap();
    assert_eq!(codes(&r, 0), vec!["birth_date_range"]);
    // A table without a header row: the error does not print the data.
    let data = "张三,640402198001010011,13800000001\n李四,640402198001020022,13800000002\n";
    let err = screen_csv(
        &guyuan(),
        data.as_bytes(),
        "t.csv",
        &ScreeningOptions::default(),
    )
    .unwrap_err();
    let text = err.to_string();
    assert_eq!(err.code(), "no_name_column");
    for secret in ["张三", "640402198001010011", "13800000001"] {
        assert!(!text.contains(secret), "{text}");
    }
    // A mobile with an extension is masked as a whole, never half shown.
    assert_eq!(openday::mask::phone("13800138000-1"), "138******00-1");
    assert_eq!(openday::mask::phone("0954-2031234"), "0954-****234");
}

#[test]
fn each_row_reports_its_own_line_whatever_the_line_ends() {
    // Excel writes CRLF; some tools LF; old Macs CR. Blank lines and a cell
    // with a line break inside quotes move the lines on.
    let plan = guyuan();
    let header = "姓名,出生日期,联系电话,住址,报名方式,报名时间";
    let a = "张三,1990-01-01,13800000001,原州区文化路1号,电话,2025-09-01 10:00";
    let b = "李四,1990-01-01,123,\"原州区\n文化路2号\",电话,2025-09-01 10:00";
    let c = "王五,1990-01-01,124,原州区文化路3号,电话,2025-09-01 10:00";
    for end in ["\n", "\r\n", "\r"] {
        let text = [header, a, "", b, c, ""].join(end);
        let report = screen_csv(
            &plan,
            text.as_bytes(),
            "regs.csv",
            &ScreeningOptions::default(),
        )
        .unwrap();
        let lines: Vec<u64> = report.rows().map(|r| r.line).collect();
        // Line 3 is blank; the quoted break inside b's address ends line 4.
        let expected = vec![2, 4, 6];
        assert_eq!(lines, expected, "line ends {end:?}");
        // Four non-blank lines after the header (b's takes two), whatever
        // ends them: a CR-only file is not "0 data lines".
        assert_eq!(report.data_lines, 4, "line ends {end:?}");
        // Read as a stream (a file), the same lines.
        let streamed = openday::screening::screen_reader(
            &plan,
            std::io::Cursor::new(text.as_bytes()),
            "regs.csv",
            &ScreeningOptions::default(),
        )
        .unwrap();
        assert_eq!(
            streamed.rows().map(|r| r.line).collect::<Vec<_>>(),
            expected,
            "streamed, {end:?}"
        );
        assert_eq!(streamed.data_lines, 4, "streamed, {end:?}");
    }
}

/// One row of [`duplicates_are_the_groups_of_rows_sharing_a_key`]: indices
/// into small pools, so rows often share a name, phone, ID or e-mail.
type PersonRow = (
    usize,
    Option<usize>,
    Option<(usize, bool)>,
    Option<usize>,
    usize,
);

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// Duplicates are exactly the groups of rows linked by a shared key
    /// ([`openday::registrant::Registrant::person_keys`], a legacy
    /// 15-digit ID number being its 18-digit form), each group keeping its
    /// earliest or latest row or none, as the policy says; a duplicate that
    /// shares a key with the row it points at names that key. Checked against an all-pairs reading of the
    /// definition, not the sorted hashes the screening uses.
    #[test]
    fn duplicates_are_the_groups_of_rows_sharing_a_key(
        people in prop::collection::vec(
            (0..3usize, prop::option::of(0..3usize), prop::option::of((0..3usize, any::<bool>())), prop::option::of(0..2usize), 0..4usize),
            1..24,
        ),
        policy in prop::sample::select(vec![DuplicatePolicy::KeepEarliest, DuplicatePolicy::KeepLatest, DuplicatePolicy::RejectAll]),
    ) {
        const NAMES: [&str; 3] = ["张三", "李四", "王五"];
        let rows: Vec<String> = people
            .iter()
            .map(|&(name, phone, id_of, email, time): &PersonRow| {
                let id_cell = id_of.map_or(String::new(), |(k, legacy)| {
                    let seq = format!("00{k}");
                    if legacy { format!("640402800101{seq}") } else { id("19800101", &seq) }
                });
                format!(
                    "{},{id_cell},{},{},固原市人民医院,原州区,原州区文化路1号,原州区,医务人员,完全,电话,2025-09-0{} 10:00:00",
                    NAMES[name],
                    phone.map_or(String::new(), |p| format!("1380000000{p}")),
                    email.map_or(String::new(), |e| format!("p{e}@example.cn")),
                    time + 1,
                )
            })
            .collect();
        let header = "姓名,身份证号,联系电话,电子邮箱,工作学习单位,单位所在区县,住址,所在区县,职业,民事行为能力,报名方式,报名时间";
        let csv = format!("{header}\n{}\n", rows.join("\n"));
        let opts = ScreeningOptions { duplicates: policy, ..ScreeningOptions::default() };
        let report = screen_csv(&guyuan(), csv.as_bytes(), "d.csv", &opts).unwrap();
        let screened: Vec<_> = report.rows().collect();
        let keys: Vec<Vec<openday::registrant::PersonKey>> = screened
            .iter()
            .map(|r| r.registrant.as_ref().map(openday::registrant::Registrant::person_keys).unwrap_or_default())
            .collect();
        let n = rows.len();
        // Groups by the definition: rows joined when they share a key.
        let mut group: Vec<usize> = (0..n).collect();
        let mut changed = true;
        while changed {
            changed = false;
            for i in 0..n {
                for j in 0..n {
                    if group[j] < group[i] && keys[i].iter().any(|k| keys[j].contains(k)) {
                        group[i] = group[j];
                        changed = true;
                    }
                }
            }
        }
        let time = |i: usize| people[i].4;
        for i in 0..n {
            let mut members: Vec<usize> = (0..n).filter(|&j| group[j] == group[i]).collect();
            members.sort_by_key(|&j| (time(j), j));
            let outcome = &screened[i].outcome;
            // The row each member points at: the kept one (the earliest, or
            // the latest), or with every row rejected, the earliest (which
            // points at the next).
            let (kept, of) = match policy {
                DuplicatePolicy::KeepEarliest => (Some(members[0]), members[0]),
                DuplicatePolicy::KeepLatest => (members.last().copied(), members[members.len() - 1]),
                DuplicatePolicy::RejectAll => (None, if i == members[0] { *members.get(1).unwrap_or(&i) } else { members[0] }),
            };
            if kept == Some(i) || members.len() == 1 {
                prop_assert!(!matches!(outcome, Outcome::Duplicate { .. }), "row {} kept: {:?}", i + 1, outcome);
                continue;
            }
            let kept = of;
            let Outcome::Duplicate { of_row, reason } = outcome else {
                return Err(TestCaseError::fail(format!("row {} is a duplicate of row {}", i + 1, kept + 1)));
            };
            prop_assert_eq!(*of_row as usize, kept + 1);
            let names = |k: &openday::registrant::PersonKey| match k {
                openday::registrant::PersonKey::Id(_) => DuplicateReason::SameIdNumber,
                openday::registrant::PersonKey::NamePhone(..) => DuplicateReason::SameNameAndPhone,
                openday::registrant::PersonKey::NameEmail(..) => DuplicateReason::SameNameAndEmail,
            };
            let shared: Vec<DuplicateReason> = keys[i].iter().filter(|k| keys[kept].contains(k)).map(names).collect();
            if !shared.is_empty() {
                prop_assert!(shared.contains(reason), "row {} names {:?}, shares {:?}", i + 1, reason, shared);
            }
        }
    }
}

#[test]
fn a_required_column_the_table_lacks_is_warned_of_once_naming_the_unknown_ones() {
    let plan = guyuan();
    let opts = ScreeningOptions::default();
    let warned = |r: &openday::screening::ScreeningReport| -> Vec<(String, String)> {
        r.warnings
            .iter()
            .filter(|w| w.code.as_str() == "missing_column")
            .map(|w| (w.path.clone(), w.message_en.clone()))
            .collect()
    };
    let row = "甲,640402198001010017,13800000001,固原市人民医院,原州区,原州区文化路1号,原州区,医务人员,完全,电话,2025-09-10 10:00:00";
    // The seed's plan requires name, phone, and employer or address.
    let csv = format!("{}\n{row}\n", HEADER.replace("联系电话", "联络号码"));
    let r = screen_csv(&plan, csv.as_bytes(), "r.csv", &opts).unwrap();
    let w = warned(&r);
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!(w[0].0, "registration.required_fields[1]");
    assert!(w[0].1.contains("no column for phone"), "{}", w[0].1);
    assert!(w[0].1.contains("\"联络号码\""), "{}", w[0].1);
    assert!(w[0].1.contains("every row will be refused"), "{}", w[0].1);
    // One of an any_of group is enough; both missing is one warning.
    let csv = format!(
        "{}\n{row}\n",
        HEADER
            .replace("工作学习单位", "单位名")
            .replace("住址", "地点")
    );
    let r = screen_csv(&plan, csv.as_bytes(), "r.csv", &opts).unwrap();
    let w = warned(&r);
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!(w[0].0, "registration.required_fields[2].any_of");
    assert!(
        w[0].1.contains("employer_or_school or address"),
        "{}",
        w[0].1
    );
    let csv = format!("{}\n{row}\n", HEADER.replace("住址", "地点"));
    let r = screen_csv(&plan, csv.as_bytes(), "r.csv", &opts).unwrap();
    assert!(warned(&r).is_empty());
    // A birth date comes from the ID number; a channel from the default.
    let mut doc = OpenDayPlan::from_json(openday::examples::GUYUAN_2025_PLAN).unwrap();
    doc.registration.required_fields =
        serde_json::from_str(r#"["birth_date", "channel"]"#).unwrap();
    let plan = Plan::new(doc.clone()).unwrap();
    let r = screen_csv(
        &plan,
        format!("{HEADER}\n{row}\n").as_bytes(),
        "r.csv",
        &opts,
    )
    .unwrap();
    assert!(warned(&r).is_empty(), "{:?}", warned(&r));
    let no_id = format!(
        "{}\n{}\n",
        HEADER.replace("身份证号,", ""),
        row.replace("640402198001010017,", "")
    );
    let r = screen_csv(&plan, no_id.as_bytes(), "r.csv", &opts).unwrap();
    assert_eq!(warned(&r).len(), 1);
    // Without the required_fields rule the warning does not claim refusals.
    doc.eligibility.rules.retain(|r| {
        !matches!(
            r,
            openday::plan::eligibility::EligibilityRule::RequiredFields
        )
    });
    let plan = Plan::new(doc).unwrap();
    let r = screen_csv(&plan, no_id.as_bytes(), "r.csv", &opts).unwrap();
    let w = warned(&r);
    assert!(w[0].1.contains("no row gives it"), "{}", w[0].1);
    // Rows given as records carry their fields: no warning.
    let r = openday::screening::screen_registrants(&plan, Vec::new(), &opts);
    assert!(warned(&r).is_empty());
}

#[test]
fn a_row_of_the_wrong_length_says_which_way_and_how_to_mend_it() {
    let good = row("甲", "19800101", "13800000001", "2025-09-10 10:00:00");
    let (cut, _) = good.rsplit_once(',').unwrap();
    let (cut_two, _) = cut.rsplit_once(',').unwrap();
    let rows = [
        cut.to_owned(),
        cut_two.to_owned(),
        format!("{good},,, "),
        format!("{good},extra"),
    ];
    let message = |r: &ScreeningReport, i: usize| {
        let Outcome::Invalid { errors } = r.outcome(i).unwrap() else {
            panic!("row {i} is not invalid")
        };
        assert_eq!(errors[0].code, "row_length");
        errors[0].message_en.clone()
    };
    // The records path (headers and cells given) says the same as a file.
    let headers: Vec<String> = HEADER.split(',').map(str::to_owned).collect();
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.split(',').map(str::to_owned).collect())
        .collect();
    let opts = ScreeningOptions::default();
    let records = openday::screening::screen_table(&guyuan(), &headers, &cells, &opts).unwrap();
    for r in [screen(&guyuan(), &rows), records] {
        let m = message(&r, 0);
        assert!(m.contains("1 missing at the end (报名时间)"), "{m}");
        assert!(m.contains("end the row with 1 more separator"), "{m}");
        let m = message(&r, 1);
        assert!(
            m.contains("2 missing at the end (报名方式, 报名时间)"),
            "{m}"
        );
        let m = message(&r, 2);
        assert!(
            m.contains("3 extra at the end, all empty: delete the separators"),
            "{m}"
        );
        let m = message(&r, 3);
        assert!(
            m.contains("a cell probably holds an unquoted separator"),
            "{m}"
        );
    }
}

#[test]
fn a_western_european_excel_csv_reads_as_the_same_table_in_utf8() {
    // The German example plan, and its office's Excel export: semicolons,
    // Windows-1252, dates day first with dots.
    let plan = Plan::from_json(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/examples/altona-2026/plan.openday.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let text = "Vor- und Nachname;E-Mail;Geburtsdatum;Stadtteil;Anmeldezeit\r\n\
                Jürgen Müller;j.mueller@example.de;12.05.1980;Ottensen;15.08.2026 10:00\r\n\
                Grete Weiß;g.weiss@example.de;2.3.1975;Groß Flottbek;16.08.2026 11:30\r\n\
                Élodie Çelik;e.celik@example.de;1990-07-21;Bahrenfeld;2026-08-17 09:15\r\n\
                Kai Öztürk;k.oeztuerk@example.de;31.02.1990;Ottensen;17.08.2026 09:15\r\n";
    let (latin, _, lossy) = encoding_rs::WINDOWS_1252.encode(text);
    assert!(!lossy);
    let opts = ScreeningOptions::default();
    let utf8 = screen_csv(&plan, text.as_bytes(), "anmeldungen.csv", &opts).unwrap();
    let excel = screen_csv(&plan, &latin, "anmeldungen.csv", &opts).unwrap();
    assert_eq!(excel.encoding, "windows-1252");
    assert_eq!(
        excel.records(Masking::Unmasked),
        utf8.records(Masking::Unmasked)
    );
    let records = excel.records(Masking::Unmasked);
    assert_eq!(records[0].name.as_deref(), Some("Jürgen Müller"));
    assert_eq!(records[0].birth_date.as_deref(), Some("1980-05-12"));
    assert_eq!(records[1].birth_date.as_deref(), Some("1975-03-02"));
    assert_eq!(
        records[0].submitted_at.as_deref(),
        Some("2026-08-15T10:00:00+02:00")
    );
    // No 31 February, day first or not.
    assert_eq!(codes(&excel, 3), vec!["date_format"]);
    // Named, the encoding is not guessed.
    let mut named = opts.clone();
    named.intake.encoding = InputEncoding::Windows1252;
    let r = screen_csv(&plan, &latin, "anmeldungen.csv", &named).unwrap();
    assert_eq!(r.records(Masking::Unmasked), records);
}

#[test]
fn two_columns_of_one_name_keep_both_values() {
    // A sheet with two 备注 columns (and an English one twice): each
    // becomes its own attribute, where one name would keep only the last.
    let csv = "姓名,备注,联系电话,备注,Notes,notes\n甲,已电话确认,13800000001,需要轮椅,a,b\n";
    let tz: chrono_tz::Tz = "Asia/Shanghai".parse().unwrap();
    let intake =
        openday::intake::read_csv(csv.as_bytes(), "r.csv", &IntakeOptions::default(), tz).unwrap();
    let used: Vec<&str> = intake.columns.iter().map(|c| c.used_as.as_str()).collect();
    assert_eq!(
        used,
        [
            "field:name",
            "attribute:备注",
            "field:phone",
            "attribute:备注 (2)",
            "attribute:Notes",
            "attribute:notes"
        ]
    );
    let person = intake.rows[0].result.as_ref().unwrap();
    assert_eq!(person.attributes["备注"], "已电话确认");
    assert_eq!(person.attributes["备注 (2)"], "需要轮椅");
}
