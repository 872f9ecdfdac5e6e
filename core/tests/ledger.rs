#![allow(
    clippy::unwrap_used,
    clippy::missing_panics_doc,
    clippy::needless_pass_by_value
)]
//! The feedback ledger: triage, lifecycle, due dates on the working
//! calendar, reports, exports, and journal replay.

use chrono::{DateTime, Duration, FixedOffset};
use openday::Plan;
use openday::calendar::WorkCalendar;
use openday::ledger::{
    Action, ContactPreference, Ledger, LedgerError, LedgerEvent, LedgerReport, OpinionForm,
    PointInput, Status,
};
use openday::mask::Masking;
use proptest::prelude::*;

fn plan() -> Plan {
    Plan::from_json(openday::examples::GUYUAN_2025_PLAN).unwrap()
}

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn ev(t: &str, action: Action) -> LedgerEvent {
    LedgerEvent {
        at: at(t),
        actor: "办公室 王科长".into(),
        action,
    }
}

fn form(id: &str, anonymous: bool, categories: &[&str]) -> Action {
    Action::FormReceived {
        form: OpinionForm {
            id: id.into(),
            participant: (!anonymous).then(|| "row-12".into()),
            contact_name: (!anonymous).then(|| "张三丰".into()),
            contact_phone: (!anonymous).then(|| "13800000007".into()),
            contact: ContactPreference::Phone,
            satisfaction: Some(5),
            points: categories
                .iter()
                .map(|c| PointInput {
                    category: (*c).into(),
                    text: format!("{c}问题"),
                    place: Some("清河路".into()),
                })
                .collect(),
        },
    }
}

fn filed(point: &str) -> Action {
    Action::Filed {
        point: point.into(),
        unit: None,
    }
}

fn ledger_with(events: Vec<LedgerEvent>) -> Result<Ledger, LedgerError> {
    Ledger::replay(&plan(), WorkCalendar::china(), &events)
}

const DAY: &str = "2025-09-24T17:30:00+08:00";

#[test]
fn due_dates_follow_the_category_limit_on_the_working_calendar() {
    let l = ledger_with(vec![
        ev(DAY, form("F1", false, &["greening", "street-lights"])),
        ev(DAY, filed("F1-1")),
        ev(DAY, filed("F1-2")),
    ])
    .unwrap();
    // 园林绿化: 10 working days from Wed 24 Sep 2025 across National Day
    // (28 Sep and 11 Oct are make-up working days; 1–8 Oct are off).
    let greening = l.case("F1-1").unwrap();
    assert_eq!(
        greening.due.unwrap().to_rfc3339(),
        "2025-10-14T18:00:00+08:00"
    );
    assert_eq!(greening.unit.as_deref(), Some("gardens"));
    assert_eq!(greening.status, Status::Assigned);
    // 路灯照明: 5 working days → 25, 26, 28 (Sunday, make-up), 29, 30 Sep.
    assert_eq!(
        l.case("F1-2").unwrap().due.unwrap().to_rfc3339(),
        "2025-09-30T18:00:00+08:00"
    );
}

#[test]
fn the_whole_lifecycle_and_its_history() {
    let l = ledger_with(vec![
        ev(DAY, form("F1", false, &["parking", "digital"])),
        ev(
            DAY,
            Action::AnsweredOnSpot {
                point: "F1-2".into(),
                answer: "便民通小程序已上线报修入口".into(),
                unit: "command-centre".into(),
            },
        ),
        ev(
            DAY,
            Action::Filed {
                point: "F1-1".into(),
                unit: Some("municipal-2".into()),
            },
        ),
        ev(
            "2025-09-25T09:00:00+08:00",
            Action::Returned {
                point: "F1-1".into(),
                reason: "停车场归停车服务中心".into(),
            },
        ),
        ev(
            "2025-09-25T10:00:00+08:00",
            Action::Assigned {
                point: "F1-1".into(),
                unit: "parking".into(),
                assignee: Some("李工".into()),
            },
        ),
        ev(
            "2025-09-25T11:00:00+08:00",
            Action::Started {
                point: "F1-1".into(),
            },
        ),
        ev(
            "2025-09-26T11:00:00+08:00",
            Action::ExtensionRequested {
                point: "F1-1".into(),
                working_days: 3,
                reason: "需协调交警".into(),
            },
        ),
        ev(
            "2025-09-26T15:00:00+08:00",
            Action::ExtensionGranted {
                point: "F1-1".into(),
                reason: "同意".into(),
            },
        ),
        ev(
            "2025-10-15T10:00:00+08:00",
            Action::Resolved {
                point: "F1-1".into(),
                result: "新增夜间停车位40个".into(),
            },
        ),
        ev(
            "2025-10-16T10:00:00+08:00",
            Action::Verified {
                point: "F1-1".into(),
                ok: true,
                note: None,
            },
        ),
        ev(
            "2025-10-17T10:00:00+08:00",
            Action::CitizenInformed {
                point: "F1-1".into(),
                via: ContactPreference::Phone,
                note: Some("满意".into()),
            },
        ),
    ])
    .unwrap();
    let c = l.case("F1-1").unwrap();
    assert_eq!(c.status, Status::Closed);
    assert_eq!(c.unit.as_deref(), Some("parking"));
    // 10 working days → 14 Oct, plus 3 granted → 17 Oct.
    assert_eq!(c.due.unwrap().to_rfc3339(), "2025-10-17T18:00:00+08:00");
    let steps: Vec<&str> = c.history.iter().map(|h| h.action).collect();
    assert_eq!(
        steps,
        [
            "form_received",
            "filed",
            "returned",
            "assigned",
            "started",
            "extension_requested",
            "extension_granted",
            "resolved",
            "verified",
            "citizen_informed"
        ]
    );
    assert_eq!(l.case("F1-2").unwrap().status, Status::Closed);
}

#[test]
fn illegal_steps_name_the_state_and_the_step() {
    let base = vec![
        ev(DAY, form("F1", false, &["sewage"])),
        ev(DAY, filed("F1-1")),
    ];
    let try_step = |action: Action| {
        let mut events = base.clone();
        events.push(ev("2025-09-26T09:00:00+08:00", action));
        ledger_with(events).unwrap_err()
    };
    let err = try_step(Action::Resolved {
        point: "F1-1".into(),
        result: "x".into(),
    });
    assert!(
        err.to_string()
            .starts_with("point F1-1 is assigned: it cannot be resolved"),
        "{err}"
    );
    let err = try_step(Action::CitizenInformed {
        point: "F1-1".into(),
        via: ContactPreference::Sms,
        note: None,
    });
    assert!(
        matches!(
            err,
            LedgerError::IllegalTransition {
                state: "assigned",
                action: "citizen_informed",
                ..
            }
        ),
        "{err}"
    );
    assert!(matches!(
        try_step(Action::Started {
            point: "F9-1".into()
        }),
        LedgerError::UnknownPoint { .. }
    ));
    assert!(matches!(
        try_step(Action::Assigned {
            point: "F1-1".into(),
            unit: "nobody".into(),
            assignee: None
        }),
        LedgerError::UnknownUnit { .. }
    ));
    let err = ledger_with(vec![ev(DAY, form("F1", false, &["potholes"]))]).unwrap_err();
    assert!(
        err.to_string()
            .contains("category \"potholes\" is not in the plan's feedback categories"),
        "{err}"
    );
    let err = ledger_with(vec![
        ev(DAY, form("F1", false, &["sewage"])),
        ev(DAY, form("F1", false, &["sewage"])),
    ])
    .unwrap_err();
    assert!(matches!(err, LedgerError::DuplicateForm { .. }));
    let mut events = base.clone();
    events.push(ev(
        "2025-09-20T09:00:00+08:00",
        Action::Started {
            point: "F1-1".into(),
        },
    ));
    assert!(matches!(
        ledger_with(events).unwrap_err(),
        LedgerError::OutOfOrder { .. }
    ));
}

#[test]
fn anonymous_points_close_without_a_reply_and_shelved_ones_owe_one() {
    let l = ledger_with(vec![
        ev(DAY, form("A", true, &["greening"])),
        ev(DAY, filed("A-1")),
        ev(
            "2025-09-25T09:00:00+08:00",
            Action::Shelved {
                point: "A-1".into(),
                explanation: "需纳入明年预算".into(),
            },
        ),
    ])
    .unwrap();
    let mut events = l.events().to_vec();
    events.push(ev(
        "2025-09-25T10:00:00+08:00",
        Action::CitizenInformed {
            point: "A-1".into(),
            via: ContactPreference::Phone,
            note: None,
        },
    ));
    assert!(
        ledger_with(events)
            .unwrap_err()
            .to_string()
            .contains("anonymous")
    );
    let mut events = l.events().to_vec();
    events.push(ev(
        "2025-09-25T10:00:00+08:00",
        Action::ClosedAnonymous {
            point: "A-1".into(),
            note: "已在政府网站公开".into(),
        },
    ));
    assert_eq!(
        ledger_with(events).unwrap().case("A-1").unwrap().status,
        Status::Closed
    );
    // A named citizen's shelved point is in the reply list until told.
    let l = ledger_with(vec![
        ev(DAY, form("F", false, &["greening"])),
        ev(DAY, filed("F-1")),
        ev(
            "2025-09-25T09:00:00+08:00",
            Action::Shelved {
                point: "F-1".into(),
                explanation: "需纳入明年预算".into(),
            },
        ),
    ])
    .unwrap();
    let r = LedgerReport::as_of(&l, at("2025-10-24T09:00:00+08:00"), 2);
    assert_eq!(r.replies.len(), 1);
    assert_eq!(r.replies[0].point, "F-1");
    assert!(r.overdue.is_empty(), "a shelved point is not overdue");
}

#[test]
fn reports_thirty_days_on() {
    let l = ledger_with(vec![
        ev(
            DAY,
            form("F1", false, &["street-lights", "greening", "sewage"]),
        ),
        ev(DAY, filed("F1-1")),
        ev(DAY, filed("F1-2")),
        ev(DAY, filed("F1-3")),
        ev(
            "2025-09-26T09:00:00+08:00",
            Action::Started {
                point: "F1-2".into(),
            },
        ),
        ev(
            "2025-10-10T09:00:00+08:00",
            Action::Resolved {
                point: "F1-2".into(),
                result: "已补植".into(),
            },
        ),
    ])
    .unwrap();
    let r = LedgerReport::as_of(&l, at("2025-10-24T09:00:00+08:00"), 2);
    let overdue: Vec<(&str, i64)> = r
        .overdue
        .iter()
        .map(|o| (o.point.as_str(), o.late_working_days))
        .collect();
    // Street lights were due 30 Sep (13 working days before 24 Oct, counting
    // Saturday 11 Oct); sewage (15 working days) was due 21 Oct.
    assert_eq!(overdue, [("F1-1", 13), ("F1-3", 3)]);
    let gardens = r.units.iter().find(|u| u.unit == "gardens").unwrap();
    assert_eq!(
        (gardens.done, gardens.on_time, gardens.on_time_rate),
        (1, 1, Some(1.0))
    );
    // Filed 24 Sep 17:30, resolved 10 Oct 09:00: 15 days and 15.5 hours.
    assert_eq!(gardens.median_handling_hours, Some(15.0 * 24.0 + 15.5));
    assert_eq!(
        r.replies
            .iter()
            .map(|x| x.point.as_str())
            .collect::<Vec<_>>(),
        ["F1-2"]
    );
    let text = r.to_string();
    assert!(
        text.contains("Overdue (2)") && text.contains("Still owed a reply (1)"),
        "{text}"
    );
    let soon = LedgerReport::as_of(&l, at("2025-09-26T09:00:00+08:00"), 3);
    assert_eq!(
        soon.due_soon
            .iter()
            .map(|x| x.point.as_str())
            .collect::<Vec<_>>(),
        ["F1-1"]
    );
}

#[test]
fn exports_mask_contacts_unless_asked_and_events_round_trip() {
    let l = ledger_with(vec![
        ev(DAY, form("F1", false, &["parking"])),
        ev(DAY, filed("F1-1")),
    ])
    .unwrap();
    let csv = l.to_csv(Masking::Masked);
    assert!(
        csv.contains("张*丰")
            && csv.contains("138****0007")
            && !csv.contains("张三丰")
            && !csv.contains("13800000007")
    );
    assert!(l.to_csv(Masking::Unmasked).contains("13800000007"));
    assert!(!format!("{:?}", l.form("F1").unwrap()).contains("13800000007"));
    let json = serde_json::to_string(l.events()).unwrap();
    let back: Vec<LedgerEvent> = serde_json::from_str(&json).unwrap();
    assert_eq!(back, l.events());
}

fn action(kind: u8, point: &str, unit: &str) -> Action {
    let p = point.to_owned();
    match kind % 12 {
        0 => Action::Filed {
            point: p,
            unit: None,
        },
        1 => Action::Assigned {
            point: p,
            unit: unit.into(),
            assignee: None,
        },
        2 => Action::Started { point: p },
        3 => Action::Returned {
            point: p,
            reason: "r".into(),
        },
        4 => Action::Resolved {
            point: p,
            result: "done".into(),
        },
        5 => Action::Verified {
            point: p,
            ok: true,
            note: None,
        },
        6 => Action::Verified {
            point: p,
            ok: false,
            note: None,
        },
        7 => Action::Shelved {
            point: p,
            explanation: "later".into(),
        },
        8 => Action::CitizenInformed {
            point: p,
            via: ContactPreference::Phone,
            note: None,
        },
        9 => Action::ClosedAnonymous {
            point: p,
            note: "published".into(),
        },
        10 => Action::Reopened {
            point: p,
            reason: "not satisfied".into(),
        },
        _ => Action::AnsweredOnSpot {
            point: p,
            answer: "a".into(),
            unit: unit.into(),
        },
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn any_sequence_keeps_the_ledger_consistent(
        steps in prop::collection::vec((0u8..12, 0usize..4, 0usize..3, 0i64..40), 1..60),
    ) {
        let points = ["F1-1", "F1-2", "A-1", "A-2"];
        let units = ["gardens", "parking", "office"];
        let mut ledger = Ledger::new(&plan(), WorkCalendar::china());
        ledger.apply(ev(DAY, form("F1", false, &["greening", "parking"]))).unwrap();
        ledger.apply(ev(DAY, form("A", true, &["sewage", "digital"]))).unwrap();
        let mut t = at(DAY);
        for (kind, p, u, hours) in steps {
            t += Duration::hours(hours);
            let _ = ledger.apply(LedgerEvent { at: t, actor: "x".into(), action: action(kind, points[p], units[u]) });
        }
        let report = LedgerReport::as_of(&ledger, t + Duration::days(30), 2);
        for c in ledger.cases() {
            if c.status == Status::Closed {
                prop_assert!(c.informed_at.is_some() || c.anonymous);
                prop_assert!(!report.overdue.iter().any(|o| o.point == c.id), "closed and overdue: {}", c.id);
            }
            if c.status.is_open_work() {
                prop_assert!(c.due.is_some() || c.status == Status::Filed);
            }
        }
        let replayed = Ledger::replay(&plan(), WorkCalendar::china(), ledger.events()).unwrap();
        prop_assert_eq!(replayed.cases().collect::<Vec<_>>(), ledger.cases().collect::<Vec<_>>());
    }
}

/// The shared calendar table and ledger scenario (run in all three languages).
#[test]
fn shared_calendar_table_and_ledger_scenario() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata");
    let table: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("calendar/cn-working-days.json")).unwrap(),
    )
    .unwrap();
    let cal = WorkCalendar::china();
    for c in table["add"].as_array().unwrap() {
        let start = c["start"].as_str().unwrap().parse().unwrap();
        let n = u32::try_from(c["n"].as_u64().unwrap()).unwrap();
        assert_eq!(
            cal.add_working_days(start, n).unwrap().to_string(),
            c["expect"].as_str().unwrap(),
            "{c}"
        );
    }
    for c in table["working"].as_array().unwrap() {
        let day = c["date"].as_str().unwrap().parse().unwrap();
        assert_eq!(
            cal.is_working_day(day).unwrap(),
            c["expect"].as_bool().unwrap(),
            "{c}"
        );
    }
    let path = root.join("ledger/scenario.json");
    let mut scenario: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let events: Vec<LedgerEvent> = serde_json::from_value(scenario["events"].clone()).unwrap();
    let ledger = Ledger::replay(&plan(), WorkCalendar::china(), &events).unwrap();
    let report = LedgerReport::as_of(&ledger, at(scenario["as_of"].as_str().unwrap()), 2);
    let expect = serde_json::json!({
        "status": ledger.cases().map(|c| (c.id.clone(), c.status.code())).collect::<std::collections::BTreeMap<_, _>>(),
        "due": ledger.cases().filter_map(|c| c.due.map(|d| (c.id.clone(), d.to_rfc3339()))).collect::<std::collections::BTreeMap<_, _>>(),
        "overdue": report.overdue.iter().map(|o| (o.point.clone(), o.late_working_days)).collect::<Vec<_>>(),
        "replies": report.replies.iter().map(|r| r.point.clone()).collect::<Vec<_>>(),
    });
    if std::env::var_os("OPENDAY_BLESS").is_some() {
        scenario["expect"] = expect.clone();
        std::fs::write(
            &path,
            serde_json::to_string_pretty(&scenario).unwrap() + "\n",
        )
        .unwrap();
    }
    assert_eq!(
        expect, scenario["expect"],
        "bless after an intended change, then check the values by hand"
    );
}

#[test]
fn a_ledger_lives_in_a_journal_of_its_own_and_replays_from_it() {
    use openday::journal::FileJournal;
    use openday::ledger::LedgerBook;
    let root = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../testdata"));
    let scenario: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("ledger/scenario.json")).unwrap())
            .unwrap();
    let events: Vec<LedgerEvent> = serde_json::from_value(scenario["events"].clone()).unwrap();
    let dir = std::env::temp_dir().join(format!("openday-ledger-book-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("ledger.jsonl");
    let _ = std::fs::remove_file(&path);
    let mut book = LedgerBook::open(
        &plan(),
        WorkCalendar::china(),
        Box::new(FileJournal::open(&path).unwrap()),
    )
    .unwrap();
    for e in &events {
        book.record(e.clone()).unwrap();
    }
    // A refused step is neither stored nor applied.
    let mut bad = events[events.len() - 1].clone();
    bad.action =
        serde_json::from_value(serde_json::json!({"action": "started", "point": "NOPE-1"}))
            .unwrap();
    let err = book.record(bad).unwrap_err();
    assert_eq!(err.kind(), openday::ErrorKind::Ledger);
    assert_eq!(book.entries().len(), events.len());
    let live: Vec<_> = book.ledger().cases().cloned().collect();
    drop(book);
    let again = LedgerBook::open(
        &plan(),
        WorkCalendar::china(),
        Box::new(FileJournal::open(&path).unwrap()),
    )
    .unwrap();
    assert_eq!(again.ledger().cases().cloned().collect::<Vec<_>>(), live);
    assert_eq!(
        again.ledger().events(),
        Ledger::replay(&plan(), WorkCalendar::china(), &events)
            .unwrap()
            .events()
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
