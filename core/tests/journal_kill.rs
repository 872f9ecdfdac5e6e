#![allow(clippy::unwrap_used, clippy::missing_panics_doc)]
//! A journal writer killed at random points loses no acknowledged record.
//! In a process of its own: the test spawns itself as the writer, and a
//! spawned child must not share another test's journal file descriptors.

use chrono::{DateTime, FixedOffset};
use openday::confirmation::{Entry, Event};
use openday::journal::{FileJournal, JournalStore};

fn t(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

const MON: &str = "2025-09-22T10:00:00+08:00";

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("openday-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The child side of the kill test: append records forever, saying which
/// ones were acknowledged.
fn append_until_killed(path: &str) -> ! {
    use std::io::Write as _;
    let mut store = FileJournal::<Entry>::open(path).unwrap();
    let start = store.records().len() as u64;
    let mut err = std::io::stderr();
    for seq in start + 1.. {
        let entry = Entry {
            seq,
            at: t(MON),
            actor: "caller".into(),
            event: Event::WalkIn {
                label: format!("walk-in {seq}"),
                admitted: false,
            },
        };
        store.append(&entry).unwrap();
        let _ = writeln!(err, "ack {seq}");
    }
    unreachable!()
}

#[test]
fn a_writer_killed_at_random_points_loses_no_acknowledged_record() {
    use std::io::BufRead as _;
    if let Ok(path) = std::env::var("OPENDAY_JOURNAL_CHILD") {
        append_until_killed(&path);
    }
    let dir = temp_dir("journal-kill");
    let path = dir.join("j.jsonl");
    let exe = std::env::current_exe().unwrap();
    let mut acknowledged = 0u64;
    let mut torn = 0;
    for round in 0..200u64 {
        let mut child = std::process::Command::new(&exe)
            .args([
                "--exact",
                "a_writer_killed_at_random_points_loses_no_acknowledged_record",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("OPENDAY_JOURNAL_CHILD", &path)
            .stderr(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let wanted = 1 + (round * 7919) % 13; // kill after 1..13 acks
        let mut lines = std::io::BufReader::new(stderr).lines();
        let mut seen = 0;
        while seen < wanted {
            match lines.next() {
                Some(Ok(l)) if l.starts_with("ack ") => {
                    acknowledged = l[4..].trim().parse().unwrap();
                    seen += 1;
                }
                Some(Ok(_)) => {}
                _ => panic!("the child stopped early"),
            }
        }
        child.kill().unwrap();
        let _ = child.wait();
        let j = FileJournal::<Entry>::open(&path).unwrap();
        // Every acknowledged record is there, in order, each once.
        assert!(j.records().len() as u64 >= acknowledged, "round {round}");
        for (i, e) in j.records().iter().enumerate() {
            assert_eq!(e.seq, i as u64 + 1, "round {round}");
        }
        if j.recovery().truncated_bytes > 0 {
            torn += 1;
        }
    }
    eprintln!("200 kills; {torn} left a torn last line, truncated on reopen");
    std::fs::remove_dir_all(&dir).unwrap();
}
