//! The feedback ledger: replaying a journal and reporting over thousands of points.
#![allow(missing_docs, clippy::missing_panics_doc)]

use std::hint::black_box;

use chrono::{DateTime, Duration, FixedOffset};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use openday::Plan;
use openday::calendar::WorkCalendar;
use openday::ledger::{
    Action, ContactPreference, Ledger, LedgerEvent, LedgerReport, OpinionForm, PointInput,
};

/// `forms` forms of 5 points each, all filed, most handled.
fn journal(forms: usize) -> Vec<LedgerEvent> {
    let start: DateTime<FixedOffset> =
        DateTime::parse_from_rfc3339("2025-09-24T17:30:00+08:00").expect("instant");
    let categories = [
        "parking",
        "greening",
        "sewage",
        "street-lights",
        "municipal",
    ];
    let ev = |at: DateTime<FixedOffset>, action| LedgerEvent {
        at,
        actor: "bench".into(),
        action,
    };
    let mut events = Vec::new();
    for f in 0..forms {
        let id = format!("F{f}");
        let points = categories
            .iter()
            .map(|c| PointInput {
                category: (*c).into(),
                text: "x".into(),
                place: None,
            })
            .collect();
        let form = OpinionForm {
            id: id.clone(),
            participant: Some(format!("row-{f}")),
            contact_name: None,
            contact_phone: None,
            contact: ContactPreference::Phone,
            satisfaction: None,
            points,
        };
        events.push(ev(start, Action::FormReceived { form }));
        for p in 1..=5 {
            let point = format!("{id}-{p}");
            events.push(ev(
                start,
                Action::Filed {
                    point: point.clone(),
                    unit: None,
                },
            ));
            if (f + p) % 3 != 0 {
                events.push(ev(
                    start + Duration::days(1),
                    Action::Started {
                        point: point.clone(),
                    },
                ));
                events.push(ev(
                    start + Duration::days(3),
                    Action::Resolved {
                        point: point.clone(),
                        result: "done".into(),
                    },
                ));
                events.push(ev(
                    start + Duration::days(4),
                    Action::Verified {
                        point: point.clone(),
                        ok: true,
                        note: None,
                    },
                ));
                if (f + p) % 2 == 0 {
                    events.push(ev(
                        start + Duration::days(5),
                        Action::CitizenInformed {
                            point,
                            via: ContactPreference::Phone,
                            note: None,
                        },
                    ));
                }
            }
        }
    }
    events
}

fn ledger(c: &mut Criterion) {
    let plan = Plan::from_json(openday::examples::GUYUAN_2025_PLAN).expect("valid");
    let events = journal(1000);
    let mut g = c.benchmark_group("ledger");
    g.sample_size(20);
    g.throughput(Throughput::Elements(events.len() as u64));
    g.bench_function("replay_5000_points", |b| {
        b.iter(|| {
            Ledger::replay(&plan, WorkCalendar::china(), black_box(&events)).expect("replays")
        });
    });
    let l = Ledger::replay(&plan, WorkCalendar::china(), &events).expect("replays");
    let as_of = DateTime::parse_from_rfc3339("2025-10-24T09:00:00+08:00").expect("instant");
    g.throughput(Throughput::Elements(5000));
    g.bench_function("report_5000_points", |b| {
        b.iter(|| LedgerReport::as_of(black_box(&l), as_of, 2));
    });
    g.finish();
}

criterion_group!(benches, ledger);
criterion_main!(benches);
