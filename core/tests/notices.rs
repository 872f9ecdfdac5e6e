#![allow(clippy::unwrap_used, clippy::missing_panics_doc)]
//! Every notice against its data: what it says comes from the plan (or the
//! draw, or the postponement), on the example and on a second plan.

use chrono::NaiveDate;
use openday::Plan;
use openday::notices::{
    ListedPerson, postponement_notice, registration_notice, selected_list, sms_segments,
    text_messages,
};
use openday::plan::registration::Channel;

fn plan(path: &str) -> Plan {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data/examples")
        .join(path);
    Plan::from_path(p).unwrap()
}

#[test]
fn the_registration_notice_says_what_the_plan_says() {
    for name in ["guyuan-2025", "yinchuan-water-2026", "altona-2026"] {
        let plan = plan(&format!("{name}/plan.openday.json"));
        let doc = plan.document();
        let n = registration_notice(&plan);
        let deadline = plan
            .registration_deadline()
            .format("%Y-%m-%d %H:%M")
            .to_string();
        for text in [&n.markdown_zh, &n.markdown_en] {
            assert!(text.contains(&deadline), "{name}: deadline {deadline}");
            assert!(text.contains(&doc.seats.to_string()), "{name}: seats");
            assert!(text.contains(&doc.organiser.name), "{name}: organiser");
            for ch in &doc.registration.channels {
                let key = match ch {
                    Channel::Phone { number, .. } => number,
                    Channel::OnSite { address, .. } | Channel::Email { address } => address,
                    Channel::Online { url } => url,
                };
                assert!(text.contains(key.as_str()), "{name}: channel {key}");
            }
            assert!(
                text.contains(&doc.postponement.min_notice_hours.to_string()),
                "{name}: notice hours"
            );
        }
        for f in doc.selection.iter().flat_map(|s| &s.features) {
            assert!(
                n.markdown_zh.contains(&f.name),
                "{name}: feature {}",
                f.name
            );
        }
        for rule in &doc.eligibility.rules {
            assert!(
                n.markdown_zh.contains(&rule.describe_zh()),
                "{name}: {rule:?}"
            );
            assert!(n.markdown_en.contains(&rule.describe()), "{name}: {rule:?}");
        }
        let start = plan.starts_at();
        assert!(n.markdown_zh.contains(&format!(
            "{}年{}月",
            start.format("%Y"),
            start.format("%-m")
        )));
        if name != "guyuan-2025" {
            assert!(
                !n.markdown_zh.contains("固原"),
                "{name}: nothing from the example"
            );
        }
        let html = n.html();
        assert!(html.starts_with("<!doctype html>") && html.contains("<section lang=\"en\">"));
    }
}

#[test]
fn html_escapes_what_the_plan_holds() {
    let text = openday::examples::MINIMAL_PLAN.replace(
        "Library open afternoon",
        "Open <script>alert(1)</script> & day",
    );
    let plan = Plan::from_json(&text).unwrap();
    let html = registration_notice(&plan).html();
    assert!(!html.contains("<script>"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; day"));
}

#[test]
fn the_selected_list_shows_masked_names_the_seed_and_the_commitment() {
    let plan = plan("guyuan-2025/plan.openday.json");
    let people: Vec<ListedPerson> = ["张三丰", "李四", "Anna Schmidt"]
        .iter()
        .map(|n| ListedPerson {
            name: (*n).to_owned(), // masked by the notice itself
            district: Some("原州区".into()),
        })
        .collect();
    let commitment = openday::selection::SeedCommitment::of("seed 317").sha256;
    let n = selected_list(&plan, &people, "seed 317", &commitment);
    for text in [&n.markdown_zh, &n.markdown_en, &n.html()] {
        assert!(text.contains(&commitment) && text.contains("seed 317"));
        assert!(
            !text.contains("张三丰") && !text.contains("Schmidt"),
            "masked"
        );
        assert!(text.contains(&openday::mask::name("张三丰")));
    }
    assert!(n.markdown_zh.contains("3 名"));
}

#[test]
fn text_messages_count_their_segments_and_say_the_plan() {
    for name in ["guyuan-2025", "altona-2026"] {
        let plan = plan(&format!("{name}/plan.openday.json"));
        let by = plan.starts_at() - chrono::Duration::days(2);
        for m in text_messages(&plan, by) {
            assert_eq!(m.chars, m.text.chars().count());
            let gsm = openday::notices::gsm7_septets(&m.text);
            let want = gsm.map_or(sms_segments(m.chars), openday::notices::sms_segments_gsm);
            assert_eq!(m.segments, want);
            // Chinese goes as UCS-2; the German plan's English text (with ü) as GSM 7-bit.
            assert_eq!(
                gsm.is_none(),
                plan.document().region.language.starts_with("zh"),
                "{}",
                m.text
            );
            assert!(m.text.contains(&plan.document().organiser.name));
            assert!(
                m.text
                    .contains(&plan.starts_at().format("%H:%M").to_string())
            );
        }
    }
    assert_eq!(
        (
            sms_segments(70),
            sms_segments(71),
            sms_segments(134),
            sms_segments(135)
        ),
        (1, 2, 2, 3)
    );
}

#[test]
fn the_postponement_notice_gives_both_dates() {
    let plan = plan("guyuan-2025/plan.openday.json");
    let moved = openday::itinerary::postpone(
        &plan,
        NaiveDate::from_ymd_opt(2025, 9, 26).unwrap(),
        None,
        "2025-09-22T17:00:00+08:00".parse().unwrap(),
    )
    .unwrap();
    let n = postponement_notice(&plan, &moved);
    assert!(n.markdown_zh.contains("2025年9月24日（星期三）14:20"));
    assert!(n.markdown_zh.contains("2025年9月26日（星期五）14:20"));
    assert!(n.markdown_en.contains("Friday 26 September 2025, 14:20"));
    assert!(n.markdown_zh.contains("2025-09-22 17:00"));
}

/// The shared vector (`testdata/notices/vectors.json`): the same notices
/// from Rust, Python and JavaScript. Re-bless with `OPENDAY_BLESS=1`.
#[test]
fn shared_notice_vectors() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let path = root.join("testdata/notices/vectors.json");
    let mut cases = Vec::new();
    for name in ["guyuan-2025", "yinchuan-water-2026", "altona-2026"] {
        let file = format!("core/data/examples/{name}/plan.openday.json");
        let plan = plan(&format!("{name}/plan.openday.json"));
        let by = (plan.starts_at() - chrono::Duration::days(2)).fixed_offset();
        let n = registration_notice(&plan);
        let sms = text_messages(&plan, by.with_timezone(&plan.time_zone()));
        cases.push(serde_json::json!({
            "plan": file,
            "confirm_by": by.to_rfc3339(),
            "registration": {"markdown_zh": n.markdown_zh, "markdown_en": n.markdown_en},
            "text_messages": sms,
        }));
    }
    let got = serde_json::json!({
        "about": "Notices written from the example plans; Rust blesses, Python and JavaScript must give the same text.",
        "cases": cases,
    });
    if std::env::var_os("OPENDAY_BLESS").is_some() {
        std::fs::write(&path, serde_json::to_string_pretty(&got).unwrap() + "\n").unwrap();
    }
    let want: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(
        got, want,
        "re-bless with OPENDAY_BLESS=1 if the change is meant"
    );
}

#[test]
fn the_reply_to_a_citizen_lists_every_point_with_its_outcome() {
    use openday::ledger::{Ledger, LedgerEvent};
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let scenario: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("testdata/ledger/scenario.json")).unwrap(),
    )
    .unwrap();
    let events: Vec<LedgerEvent> = serde_json::from_value(scenario["events"].clone()).unwrap();
    let plan = plan("guyuan-2025/plan.openday.json");
    let ledger = Ledger::replay(&plan, openday::calendar::WorkCalendar::china(), &events).unwrap();
    let reply =
        openday::notices::ledger_reply(&ledger, "F1", openday::mask::Masking::Masked).unwrap();
    assert!(reply.markdown_zh.contains("尊敬的张*丰") && !reply.markdown_zh.contains("张三丰"));
    let cases: Vec<_> = ledger.cases().filter(|c| c.form == "F1").collect();
    assert!(!cases.is_empty());
    for c in cases {
        assert!(reply.markdown_zh.contains(&c.text), "{}", c.text);
        assert!(reply.markdown_en.contains(&c.text));
        if let Some(outcome) = &c.outcome {
            assert!(reply.markdown_zh.contains(outcome.as_str()), "{outcome}");
        }
        if let Some(unit) = &c.unit {
            assert!(reply.markdown_zh.contains(&ledger.unit_name(unit)));
        }
    }
    let unmasked =
        openday::notices::ledger_reply(&ledger, "F1", openday::mask::Masking::Unmasked).unwrap();
    assert!(unmasked.markdown_zh.contains("尊敬的张三丰"));
    // An anonymous form is owed no reply; an unknown one has none.
    assert!(openday::notices::ledger_reply(&ledger, "A", openday::mask::Masking::Masked).is_none());
    assert!(
        openday::notices::ledger_reply(&ledger, "nope", openday::mask::Masking::Masked).is_none()
    );
}
