#![allow(
    clippy::unwrap_used,
    clippy::missing_panics_doc,
    clippy::too_many_lines,
    clippy::cast_possible_truncation,
    clippy::match_same_arms,
    missing_docs
)]

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, FixedOffset};
use openday::Plan;
use openday::confirmation::{CallOutcome, Directory, Entry, Event, Roster, RosterError, Status};
use openday::journal::{FileJournal, JournalError, JournalStore};
use openday::mask::Masking;
use openday::screening::{ScreeningOptions, ScreeningReport, screen_csv};
use openday::selection::{self, Pool, Targets};
use proptest::prelude::*;

fn t(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

struct Setup {
    plan: Plan,
    report: ScreeningReport,
    pool: Pool,
    targets: Targets,
    record: selection::DrawRecord,
}

/// Drawn once per test binary (a draw takes seconds in a debug build).
fn setup() -> &'static Setup {
    static SETUP: std::sync::OnceLock<Setup> = std::sync::OnceLock::new();
    SETUP.get_or_init(build)
}

fn build() -> Setup {
    let plan = Plan::from_json(openday::examples::GUYUAN_2025_PLAN).unwrap();
    let report = screen_csv(
        &plan,
        openday::examples::GUYUAN_2025_REGISTRATIONS.as_bytes(),
        "registrations.csv",
        &keyed(),
    )
    .unwrap();
    let targets = Targets::from_plan(&plan).unwrap();
    let pool = Pool::from_screening(&report, &plan, &targets.policy).unwrap();
    let record = selection::draw(&pool, &targets, "confirmation tests")
        .unwrap()
        .record;
    Setup {
        plan,
        report,
        pool,
        targets,
        record,
    }
}

fn roster(s: &Setup) -> Roster {
    let mut r = Roster::new(&s.plan, s.pool.clone(), s.targets.clone()).unwrap();
    r.screened(t("2025-09-17T19:00:00+08:00"), "报名组", &s.report)
        .unwrap();
    r.drawn(t("2025-09-18T09:00:00+08:00"), "报名组", &s.record)
        .unwrap();
    r
}

const MON: &str = "2025-09-18T10:00:00+08:00";

#[test]
fn lifecycle_replacement_deadline_and_check_in() {
    let s = setup();
    let mut r = roster(s);
    // The one who declines (panel[1] below) is the first panel member whose
    // seat a reserve can take within the quotas (the drawn panel decides
    // who that is); `seat` is their place in the drawn panel, from 1.
    let mut panel = s.record.panel.clone();
    let replaceable = (1..panel.len())
        .find(|&k| {
            selection::replacement(&s.pool, &s.targets, &panel, &panel[k], &s.record.reserves)
                .unwrap()
                .is_some_and(|r| r.keeps_quotas)
        })
        .expect("some seat can be refilled within the quotas");
    panel.swap(1, replaceable);
    // Illegal: checking in someone who has not confirmed names state and step.
    let err = r
        .check_in(t("2025-09-24T14:25:00+08:00"), "签到", &panel[0])
        .unwrap_err();
    assert!(
        matches!(
            &err,
            RosterError::Illegal { person, state: "selected", step: "check in" } if *person == panel[0]
        ),
        "{err:?}"
    );

    r.call(t(MON), "话务1", &panel[0], CallOutcome::Confirmed, None)
        .unwrap();
    // A decline releases the seat and offers it to the first reserve that keeps the quotas.
    let new = r
        .call(
            t(MON),
            "话务1",
            &panel[1],
            CallOutcome::Declined {
                reason: Some("出差".into()),
            },
            None,
        )
        .unwrap();
    assert_eq!(new.len(), 3);
    let Event::Offered {
        person: reserve,
        seat,
        keeps_quotas,
        ..
    } = &new[2].event
    else {
        panic!("{:?}", new[2].event);
    };
    assert!(*keeps_quotas);
    assert_eq!(*seat, u32::try_from(replaceable + 1).unwrap());
    assert_eq!(r.person(reserve).unwrap().status, Status::Offered);
    assert_eq!(r.person(&panel[1]).unwrap().status, Status::Released);
    let seated: Vec<String> = r.seats().values().cloned().collect();
    assert!(
        selection::quota_gaps(&s.pool, &s.targets, &seated)
            .unwrap()
            .is_empty()
    );

    // No answer: spacing enforced, then unreachable after the maximum attempts.
    r.call(t(MON), "话务1", &panel[2], CallOutcome::NoAnswer, None)
        .unwrap();
    let soon = r.call(
        t("2025-09-18T10:30:00+08:00"),
        "话务1",
        &panel[2],
        CallOutcome::Busy,
        None,
    );
    assert_eq!(soon.unwrap_err().code(), "too_soon");
    r.call(
        t("2025-09-18T11:00:00+08:00"),
        "话务2",
        &panel[2],
        CallOutcome::Busy,
        None,
    )
    .unwrap();
    let third = r
        .call(
            t("2025-09-18T12:00:00+08:00"),
            "话务2",
            &panel[2],
            CallOutcome::NoAnswer,
            None,
        )
        .unwrap();
    assert!(matches!(third[1].event, Event::Released { .. }));
    assert_eq!(r.person(&panel[2]).unwrap().seat, None);

    // The call sheet masks unless asked, and lists who is still to call.
    let dir = Directory::from_screening(&s.report, &s.plan);
    let sheet = r.call_sheet(t("2025-09-18T12:00:00+08:00"), &dir, Masking::Masked);
    assert!(
        sheet
            .iter()
            .all(|row| row.phone.contains('*') && row.name.contains('*'))
    );
    assert!(sheet.iter().all(|row| row.id != panel[0]));
    let open = r.call_sheet(t("2025-09-18T12:00:00+08:00"), &dir, Masking::Unmasked);
    assert!(open.iter().any(|row| !row.phone.contains('*')));

    // Deadline: not before it; then every unconfirmed seat is released.
    let before = r.release_due(t("2025-09-20T09:00:00+08:00"), "办公室");
    assert_eq!(before.unwrap_err().code(), "deadline");
    let late_call = r.call(
        t("2025-09-23T09:00:00+08:00"),
        "话务1",
        &panel[3],
        CallOutcome::Confirmed,
        None,
    );
    assert_eq!(late_call.unwrap_err().code(), "deadline");
    let released = r.release_due(r.deadline(), "办公室").unwrap();
    assert!(!released.is_empty());
    assert!(
        r.seats()
            .values()
            .all(|id| r.person(id).unwrap().status == Status::Confirmed)
    );

    // Check-in: on time, late, walk-in refused, close → no-shows.
    r.check_in(t("2025-09-24T14:25:00+08:00"), "签到", &panel[0])
        .unwrap();
    assert!(!r.person(&panel[0]).unwrap().late);
    let walk = r
        .walk_in(t("2025-09-24T14:30:00+08:00"), "签到", "王*")
        .unwrap();
    assert_eq!(
        walk[0].event,
        Event::WalkIn {
            label: "王*".into(),
            admitted: false
        }
    );
    let too_late = r.check_in(t("2025-09-24T14:50:00+08:00"), "签到", reserve);
    assert_eq!(too_late.unwrap_err().code(), "illegal_step"); // the reserve never confirmed
    r.close_check_in(t("2025-09-24T15:10:00+08:00"), "签到")
        .unwrap();
    let a = r.attendance();
    assert_eq!((a.came, a.walk_ins_refused), (1, 1));
    assert_eq!(a.confirmed, 1);

    // The journal replays to the same state.
    let again = Roster::replay(&s.plan, s.pool.clone(), s.targets.clone(), r.entries()).unwrap();
    assert_eq!(
        again.people().collect::<Vec<_>>(),
        r.people().collect::<Vec<_>>()
    );
    assert_eq!(again.seats(), r.seats());
}

#[test]
fn late_arrival_is_recorded_with_its_time() {
    let s = setup();
    let mut r = roster(s);
    let p = s.record.panel[5].clone();
    r.call(t(MON), "话务1", &p, CallOutcome::Confirmed, None)
        .unwrap();
    let (_, ends, closes) = r.check_in_window();
    let at = ends + Duration::minutes(10);
    assert!(at <= closes);
    r.check_in(at, "签到", &p).unwrap();
    let person = r.person(&p).unwrap();
    assert!(person.late);
    assert_eq!(person.checked_in_at, Some(at));
}

#[test]
fn a_refused_step_is_said_in_chinese_with_its_times() {
    let s = setup();
    let mut r = roster(s);
    let p = s.record.panel[5].clone();
    r.call(t(MON), "话务1", &p, CallOutcome::Confirmed, None)
        .unwrap();
    let (opens, _, closes) = r.check_in_window();
    let early = opens - Duration::minutes(30);
    let err = openday::Error::from(r.check_in(early, "签到", &p).unwrap_err());
    assert_eq!(err.code(), "check_in_window");
    let zh = err.message_zh();
    let local = |at: chrono::DateTime<chrono::FixedOffset>| at.format("%Y-%m-%d %H:%M").to_string();
    assert!(zh.starts_with("名单操作未被接受："), "{zh}");
    assert!(
        zh.contains(&format!(
            "签到时间 {} 不在 {} 至 {} 之内",
            local(early),
            local(opens),
            local(closes)
        )),
        "{zh}"
    );
    // A second confirmation of the same person: the states in words, not codes.
    let err = openday::Error::from(
        r.call(t(MON), "话务1", &p, CallOutcome::Confirmed, None)
            .unwrap_err(),
    );
    assert_eq!(
        err.message_zh(),
        format!("名单操作未被接受：{p} 当前为“已确认”，不能电话确认")
    );
}

#[test]
fn file_journal_survives_a_torn_last_record_at_every_byte() {
    let s = setup();
    let dir = std::env::temp_dir().join(format!("openday-journal-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("journal.jsonl");
    let _ = std::fs::remove_file(&path);
    {
        let store = FileJournal::<Entry>::open(&path).unwrap();
        let mut r =
            Roster::open(&s.plan, s.pool.clone(), s.targets.clone(), Box::new(store)).unwrap();
        r.drawn(t("2025-09-18T09:00:00+08:00"), "报名组", &s.record)
            .unwrap();
        r.call(
            t(MON),
            "话务1",
            &s.record.panel[0],
            CallOutcome::Confirmed,
            None,
        )
        .unwrap();
        r.call(
            t(MON),
            "话务1",
            &s.record.panel[1],
            CallOutcome::Declined { reason: None },
            None,
        )
        .unwrap();
    }
    let full = std::fs::read(&path).unwrap();
    let reopened = FileJournal::<Entry>::open(&path).unwrap();
    let all = reopened.records().to_vec();
    assert_eq!(all.len(), 5);
    assert_eq!(reopened.recovery().truncated_bytes, 0);
    drop(reopened);
    // The last record starts after the second-to-last newline.
    let last_start = full[..full.len() - 1]
        .iter()
        .rposition(|&b| b == b'\n')
        .unwrap()
        + 1;
    for cut in last_start..full.len() {
        std::fs::write(&path, &full[..cut]).unwrap();
        let j = FileJournal::<Entry>::open(&path).unwrap();
        assert_eq!(j.records(), &all[..4], "cut at {cut}");
        assert_eq!(
            j.recovery().truncated_bytes as usize,
            cut - last_start,
            "cut at {cut}"
        );
        drop(j);
        // Truncated on disk: a second open finds nothing to recover.
        let j = FileJournal::<Entry>::open(&path).unwrap();
        assert_eq!(j.recovery().truncated_bytes, 0);
        assert_eq!(std::fs::metadata(&path).unwrap().len() as usize, last_start);
    }
    // A newer format is refused, the file untouched; damage in the middle is named.
    let newer = "{\"openday_journal\":3}\n{\"a newer\":\"record\"}\n";
    std::fs::write(&path, newer).unwrap();
    assert!(matches!(
        FileJournal::<Entry>::open(&path),
        Err(JournalError::NewerFormat { found: 3, .. })
    ));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), newer);
    let mut damaged = full.clone();
    damaged[last_start - 5] = b'#';
    std::fs::write(&path, &damaged).unwrap();
    let err = FileJournal::<Entry>::open(&path).unwrap_err();
    assert!(
        matches!(err, JournalError::Damaged { line: 5, .. }),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[derive(Debug, Clone)]
enum Op {
    Call(usize, u8),
    Release,
    CheckIn(usize),
    Close,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => (0usize..45, 0u8..6).prop_map(|(p, o)| Op::Call(p, o)),
        1 => Just(Op::Release),
        2 => (0usize..45).prop_map(Op::CheckIn),
        1 => Just(Op::Close),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn replay_equals_live_and_seats_are_never_shared(ops in prop::collection::vec(op(), 1..40)) {
        let s = setup();
        let mut r = roster(s);
        let everyone: Vec<String> = s.record.panel.iter().chain(&s.record.reserves).cloned().collect();
        let mut clock = t(MON);
        for o in ops {
            clock += Duration::minutes(61);
            if clock > r.deadline() && clock < t("2025-09-24T14:20:00+08:00") {
                clock = t("2025-09-24T14:20:00+08:00");
            }
            let seated_before: Vec<String> = r.seats().values().cloned().collect();
            let waiting: Vec<String> = s.record.reserves.iter()
                .filter(|id| r.person(id).unwrap().status == Status::Reserve)
                .cloned()
                .collect();
            let result = match o {
                Op::Call(p, k) => {
                    let outcome = match k {
                        0 | 1 => CallOutcome::Confirmed,
                        2 => CallOutcome::Declined { reason: None },
                        3 => CallOutcome::NoAnswer,
                        4 => CallOutcome::WrongNumber,
                        _ => CallOutcome::Busy,
                    };
                    r.call(clock, "op", &everyone[p % everyone.len()], outcome, None)
                }
                Op::Release => r.release_due(clock, "op"),
                Op::CheckIn(p) => r.check_in(clock, "op", &everyone[p % everyone.len()]),
                Op::Close => r.close_check_in(clock, "op"),
            };
            if let Ok(entries) = result {
                for e in &entries {
                    if let Event::Offered { keeps_quotas: true, .. } = e.event {
                        // A quota-keeping replacement into a full, balanced panel
                        // leaves it full and balanced.
                        let before = selection::quota_gaps(&s.pool, &s.targets, &seated_before).unwrap();
                        let now: Vec<String> = r.seats().values().cloned().collect();
                        if seated_before.len() == s.targets.seats as usize && before.is_empty() {
                            prop_assert_eq!(now.len(), seated_before.len());
                            prop_assert!(selection::quota_gaps(&s.pool, &s.targets, &now).unwrap().is_empty());
                        }
                    }
                    let passed_over = match &e.event {
                        Event::LeftEmpty { replaces, .. } => Some(replaces),
                        Event::Offered { keeps_quotas: false, replaces, .. } => Some(replaces),
                        _ => None,
                    };
                    if let Some(leaving) = passed_over {
                        // No waiting reserve would have kept every quota (checked here
                        // independently of the library's replacement search).
                        let household = |id: &String| {
                            s.pool.candidates()[s.pool.position(id).unwrap()].household.clone()
                        };
                        let staying: Vec<String> =
                            seated_before.iter().filter(|p| *p != leaving).cloned().collect();
                        let homes: BTreeSet<String> = staying.iter().filter_map(household).collect();
                        for cand in &waiting {
                            if household(cand).is_some_and(|h| homes.contains(&h)) {
                                continue;
                            }
                            let mut with = staying.clone();
                            with.push(cand.clone());
                            prop_assert!(
                                !selection::quota_gaps(&s.pool, &s.targets, &with).unwrap().is_empty(),
                                "{} would have kept the quotas", cand
                            );
                        }
                    }
                }
            }
            let holders: Vec<&String> = r.seats().values().collect();
            let distinct: BTreeSet<&String> = holders.iter().copied().collect();
            prop_assert_eq!(distinct.len(), holders.len());
            for (seat, id) in r.seats() {
                prop_assert_eq!(r.person(id).unwrap().seat, Some(*seat));
            }
            prop_assert_eq!(r.people().filter(|p| p.seat.is_some()).count(), holders.len());
        }
        let again = Roster::replay(&s.plan, s.pool.clone(), s.targets.clone(), r.entries()).unwrap();
        prop_assert_eq!(again.people().collect::<Vec<_>>(), r.people().collect::<Vec<_>>());
        prop_assert_eq!(again.seats(), r.seats());
    }
}

#[test]
fn outcome_names_parse_and_unknown_names_say_what_to_use() {
    assert_eq!("busy".parse::<CallOutcome>(), Ok(CallOutcome::Busy));
    assert_eq!(
        "declined".parse::<CallOutcome>(),
        Ok(CallOutcome::Declined { reason: None })
    );
    let err = "maybe".parse::<CallOutcome>().unwrap_err();
    assert!(
        err.contains("\"maybe\"") && err.contains("no_answer"),
        "{err}"
    );
}

/// A journal of `n` records written through a roster, its bytes and records.
fn written_journal(dir: &std::path::Path) -> (std::path::PathBuf, Vec<u8>, Vec<Entry>) {
    let s = setup();
    let path = dir.join("journal.jsonl");
    let _ = std::fs::remove_file(&path);
    let entries = {
        let store = FileJournal::<Entry>::open(&path).unwrap();
        let mut r =
            Roster::open(&s.plan, s.pool.clone(), s.targets.clone(), Box::new(store)).unwrap();
        r.drawn(t("2025-09-18T09:00:00+08:00"), "报名组", &s.record)
            .unwrap();
        for p in &s.record.panel[..3] {
            r.call(t(MON), "话务1", p, CallOutcome::Confirmed, None)
                .unwrap();
        }
        r.entries().to_vec()
    };
    (path.clone(), std::fs::read(&path).unwrap(), entries)
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("openday-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn a_flip_of_any_byte_of_a_complete_record_is_damage_and_nothing_is_deleted() {
    let dir = temp_dir("journal-flips");
    let (path, full, _) = written_journal(&dir);
    // The last complete record: flipping any of its bytes (its newline
    // included, which makes the tail unterminated) is never silently lost.
    let last_start = full[..full.len() - 1]
        .iter()
        .rposition(|&b| b == b'\n')
        .unwrap()
        + 1;
    let lines = full.split(|&b| b == b'\n').count() - 1;
    let mut damaged = 0;
    for i in last_start..full.len() - 1 {
        for bit in [0x01u8, 0x20, 0x80] {
            let mut bytes = full.clone();
            bytes[i] ^= bit;
            if bytes[i] == b'\n' {
                continue; // a new line break splits the record: covered below
            }
            std::fs::write(&path, &bytes).unwrap();
            match FileJournal::<Entry>::open(&path) {
                Err(JournalError::Damaged { line, .. }) => {
                    assert_eq!(line, lines);
                    damaged += 1;
                }
                Ok(j) => panic!(
                    "flip {bit:#x} at byte {i} accepted: {} records",
                    j.records().len()
                ),
                Err(e) => panic!("flip at {i}: {e}"),
            }
            // Nothing was deleted.
            assert_eq!(std::fs::read(&path).unwrap(), bytes, "flip at {i}");
        }
    }
    assert!(damaged > 300, "{damaged}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_second_writer_is_refused_while_the_first_holds_the_journal() {
    let dir = temp_dir("journal-lock");
    let path = dir.join("j.jsonl");
    let first = FileJournal::<Entry>::open(&path).unwrap();
    let second = FileJournal::<Entry>::open(&path).unwrap_err();
    assert!(matches!(second, JournalError::Locked { .. }), "{second}");
    assert_eq!(second.code(), "locked");
    drop(first);
    assert!(FileJournal::<Entry>::open(&path).is_ok());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_swapped_panel_member_in_the_journal_is_refused_on_replay() {
    let dir = temp_dir("journal-swap");
    let (path, _, entries) = written_journal(&dir);
    let s = setup();
    let mut tampered = entries.clone();
    if let Event::Drawn { record } = &mut tampered[0].event {
        let outsider = s
            .pool
            .candidates()
            .iter()
            .map(|c| c.id.clone())
            .find(|id| !record.panel.contains(id) && !record.reserves.contains(id))
            .unwrap();
        record.panel[0] = outsider;
    }
    let err = Roster::replay(&s.plan, s.pool.clone(), s.targets.clone(), &tampered)
        .map(|_| ())
        .unwrap_err();
    assert!(err.to_string().contains("does not verify"), "{err}");
    // Rewritten with valid checksums (an insider with the file), the same
    // tampering is still refused when the journal is opened.
    std::fs::write(&path, openday::journal::to_json_lines(&tampered).unwrap()).unwrap();
    let store = FileJournal::<Entry>::open(&path).unwrap();
    let err = Roster::open(&s.plan, s.pool.clone(), s.targets.clone(), Box::new(store))
        .map(|_| ())
        .unwrap_err();
    assert!(err.to_string().contains("does not verify"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_full_disk_leaves_every_acknowledged_record_and_glues_nothing() {
    // A 16 KiB tmpfs where this machine lets us mount one (root in CI).
    let dir = temp_dir("journal-full");
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=16k", "tmpfs"])
        .arg(&dir)
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("skipped: cannot mount a small tmpfs here (needs root)");
        return;
    }
    let s = setup();
    let path = dir.join("j.jsonl");
    let mut store = FileJournal::<Entry>::open(&path).unwrap();
    let mut acknowledged = 0u64;
    let mut failed = None;
    for seq in 1..10_000u64 {
        let entry = Entry {
            seq,
            at: t(MON),
            actor: "话务1".into(),
            event: Event::Called {
                person: s.record.panel[0].clone(),
                outcome: CallOutcome::NoAnswer,
                note: Some("x".repeat(200)),
            },
        };
        match store.append(&entry) {
            Ok(()) => acknowledged += 1,
            Err(e) => {
                failed = Some(e);
                break;
            }
        }
    }
    let failed = failed.expect("the disk filled up");
    assert_eq!(failed.code(), "io");
    // The next append fails too, and glues nothing.
    assert!(store.append(&store.records()[0].clone()).is_err());
    drop(store);
    let again = FileJournal::<Entry>::open(&path).unwrap();
    assert_eq!(again.records().len() as u64, acknowledged);
    assert_eq!(again.recovery().truncated_bytes, 0);
    drop(again);
    let _ = std::process::Command::new("umount").arg(&dir).status();
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Screening options with the examples' (public) pseudonym key.
fn keyed() -> ScreeningOptions {
    ScreeningOptions {
        pseudonym_key: Some(openday::selection::PseudonymKey::new(
            openday::examples::DEMO_PSEUDONYM_KEY,
        )),
        ..ScreeningOptions::default()
    }
}
