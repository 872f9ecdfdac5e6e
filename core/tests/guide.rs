#![allow(clippy::unwrap_used, clippy::missing_panics_doc)]
//! The citizen's registration guide against its plan: the window at its
//! edges, every channel with its hours, what to bring, and the shared
//! vector (`testdata/guide/vectors.json`) that Python and JavaScript check.

use openday::Plan;
use openday::guide::{Window, registration_guide};

fn root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[test]
fn the_window_turns_at_the_plans_instants() {
    let plan = Plan::from_json(openday::examples::GUYUAN_2025_PLAN).unwrap();
    let at = |s: &str| s.parse().unwrap();
    // Opens 2025-08-26 09:00 +08:00, closes 2025-09-17 18:30 +08:00; the
    // same instants written in UTC turn it too.
    for (t, w) in [
        ("2025-08-26T00:59:59Z", Window::NotOpen),
        ("2025-08-26T01:00:00Z", Window::Open),
        ("2025-09-17T10:30:00Z", Window::Open),
        ("2025-09-17T10:30:01Z", Window::Closed),
    ] {
        assert_eq!(registration_guide(&plan, at(t)).window, w, "{t}");
    }
    let g = registration_guide(&plan, at("2025-09-01T10:00:00+08:00"));
    // Every channel, with its number or address and its hours.
    let doc = plan.document();
    assert_eq!(g.steps_zh.len(), doc.registration.channels.len());
    assert_eq!(
        g.steps_zh[0],
        "拨打电话 0954-2030007 报名（周一至周五 08:30–18:30）"
    );
    assert!(g.steps_en[1].starts_with(
        "Register in person at 固原市原州区文化路7号城管大楼806室 (Mon–Fri 08:30–18:30)"
    ));
    assert_eq!(
        g.bring_zh.as_deref(),
        Some("报名时请提供：姓名、联系电话、工作学习单位或住址。")
    );
    assert!(g.chosen_zh.contains("共 30 个名额"));
    assert!(
        g.event_zh
            .starts_with("活动时间：2025年9月24日 14:20至18:00")
    );
    // Nothing in it addresses staff.
    for text in [&g.status_zh, &g.status_en] {
        assert!(
            !text.contains("registrant") && !text.contains("报名人"),
            "{text}"
        );
    }
}

#[test]
fn shared_guide_vectors() {
    let path = root().join("testdata/guide/vectors.json");
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let bless = std::env::var_os("OPENDAY_BLESS").is_some();
    let cases = v["cases"].as_array_mut().unwrap();
    for case in cases.iter_mut() {
        let plan = Plan::from_path(root().join(case["plan"].as_str().unwrap())).unwrap();
        let at = case["at"].as_str().unwrap().parse().unwrap();
        let got = serde_json::to_value(registration_guide(&plan, at)).unwrap();
        if bless {
            case["expect"] = got.clone();
        }
        assert_eq!(got, case["expect"], "{}", case["plan"]);
    }
    // The vectors cover every window.
    let windows: std::collections::BTreeSet<&str> = v["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["expect"]["window"].as_str().unwrap())
        .collect();
    assert_eq!(windows.len(), 3, "{windows:?}");
    if bless {
        std::fs::write(&path, serde_json::to_string_pretty(&v).unwrap() + "\n").unwrap();
    }
}

/// The self-check's reasons, worded for the citizen: no staff instructions,
/// no algorithms; every reason has its line.
#[test]
fn reasons_for_the_citizen_do_not_address_staff() {
    let plan =
        Plan::from_path(root().join("core/data/examples/yinchuan-water-2026/plan.openday.json"))
            .unwrap();
    let opts = openday::screening::ScreeningOptions::default();
    for record in [
        vec![
            ("姓名", "王五"),
            ("出生日期", "2012-05-01"),
            ("联系电话", "13800000001"),
            ("报名时间", "2026-04-02T08:00:00+08:00"),
        ],
        vec![
            ("姓名", "王五"),
            ("身份证号", "640105198005011238"),
            ("联系电话", "13800000001"),
            ("报名时间", "2026-04-02T08:00:00+08:00"),
        ],
        vec![
            ("姓名", "王五"),
            ("出生日期", "1980-05-01"),
            ("联系电话", "12345"),
            ("报名时间", "2026-04-02T08:00:00+08:00"),
        ],
    ] {
        let row = openday::screening::check_registrant(&plan, &record, &opts).unwrap();
        let staff: Vec<String> = match &row.outcome {
            openday::screening::Outcome::Ineligible { failures } => {
                failures.iter().map(|f| f.code.to_owned()).collect()
            }
            openday::screening::Outcome::Invalid { errors } => {
                errors.iter().map(|e| e.code.to_owned()).collect()
            }
            other => panic!("{other:?}"),
        };
        let citizen = row.outcome.for_citizen();
        assert_eq!(
            citizen
                .iter()
                .map(|c| c.code.to_owned())
                .collect::<Vec<_>>(),
            staff
        );
        for c in &citizen {
            for banned in ["报名人", "registrant", "MOD 11-2", "ISO 7064"] {
                assert!(
                    !c.zh.contains(banned) && !c.en.contains(banned),
                    "{}: {} / {}",
                    c.code,
                    c.zh,
                    c.en
                );
            }
        }
    }
}

/// The self-check form asks for what each plan's rules read, under the
/// column names the checks take, and nothing the office records itself.
#[test]
fn the_form_follows_each_plans_rules_and_its_headers_are_read() {
    use openday::guide::form_fields;
    use openday::plan::registration::RegistrationField;
    for path in [
        "core/data/examples/guyuan-2025/plan.openday.json",
        "core/data/examples/yinchuan-water-2026/plan.openday.json",
        "core/data/examples/altona-2026/plan.openday.json",
        "core/data/examples/minimal.openday.json",
    ] {
        let plan = Plan::from_json(&std::fs::read_to_string(root().join(path)).unwrap()).unwrap();
        let fields = form_fields(&plan);
        assert_eq!(fields[0].header, "姓名", "{path}");
        for f in &fields {
            assert!(
                !["channel", "submitted_at", "consent"].contains(&f.field.as_str()),
                "{path}: {}",
                f.field
            );
            let known: Option<RegistrationField> =
                serde_json::from_value(serde_json::Value::String(f.field.clone())).ok();
            if let Some(k) = known {
                assert!(
                    openday::intake::default_headers(k).contains(&f.header.as_str()),
                    "{path}: the checks read {} from {:?}",
                    f.header,
                    openday::intake::default_headers(k)
                );
            }
        }
    }
    let yinchuan = Plan::from_json(
        &std::fs::read_to_string(
            root().join("core/data/examples/yinchuan-water-2026/plan.openday.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let fields = form_fields(&yinchuan);
    // A rule on a custom attribute inside an any_of group: a choice of its values.
    let own = fields
        .iter()
        .find(|f| f.header == "以自己的劳动收入为主要生活来源")
        .unwrap();
    assert_eq!(own.choices, ["是"]);
    // Required by the registration: phone and ID number; the birth date is not.
    let required = |h: &str| fields.iter().find(|f| f.header == h).unwrap().required;
    assert!(required("联系电话") && required("身份证号") && !required("出生日期"));
    // A plan with no rules asks for the name only.
    let minimal = Plan::from_json(
        &std::fs::read_to_string(root().join("core/data/examples/minimal.openday.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(form_fields(&minimal).len(), 1);
}
