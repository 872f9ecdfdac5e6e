//! Finding the rows that are the same person ([`Registrant::key_refs`]
//! is the one definition of "the same person"; the store gives the same
//! keys without rebuilding registrants).
//!
//! [`Registrant::key_refs`]: crate::registrant::Registrant::key_refs

use std::collections::BTreeMap;
use std::hash::BuildHasher;

use super::store::{Key, Rows};
use super::{DuplicatePolicy, DuplicateReason};

fn find(parent: &mut [u32], mut i: usize) -> usize {
    while parent[i] as usize != i {
        parent[i] = parent[parent[i] as usize];
        i = parent[i] as usize;
    }
    i
}

/// For each row that repeats a person: the row (index) it duplicates, and why.
pub(super) fn duplicates(
    rows: &Rows,
    policy: DuplicatePolicy,
) -> Vec<(usize, usize, DuplicateReason)> {
    let n = rows.len();
    // Group rows that are the same person: union-find over their keys.
    // Keys are found equal by sorting their hashes (cache-friendly at a
    // million rows) and then comparing the keys themselves within a run of
    // equal hashes.
    let build = rustc_hash::FxBuildHasher;
    let key = |i: usize, which: u8| -> Option<Key<'_>> {
        let [a, b, c] = rows.keys(i);
        [a, b, c].into_iter().nth(usize::from(which)).flatten()
    };
    let mut hashed: Vec<(u64, u32, u8)> = Vec::with_capacity(2 * n);
    for i in 0..n {
        for (which, k) in (0u8..).zip(rows.keys(i)) {
            if let Some(k) = k {
                let row = u32::try_from(i).unwrap_or(u32::MAX);
                hashed.push((build.hash_one(k), row, which));
            }
        }
    }
    // By hash alone: the order within a run of equal hashes changes no
    // group (each key joins the first equal key before it, and equality
    // is transitive), and comparing one word is cheaper than three.
    hashed.sort_unstable_by_key(|&(hash, _, _)| hash);
    let mut parent: Vec<u32> = (0..u32::try_from(n).unwrap_or(u32::MAX)).collect();
    let mut start = 0;
    while start < hashed.len() {
        let mut end = start + 1;
        while end < hashed.len() && hashed[end].0 == hashed[start].0 {
            end += 1;
        }
        for later in start + 1..end {
            for earlier in start..later {
                let (row, other) = (hashed[later].1 as usize, hashed[earlier].1 as usize);
                if key(row, hashed[later].2) == key(other, hashed[earlier].2) {
                    let (x, y) = (find(&mut parent, row), find(&mut parent, other));
                    parent[x.max(y)] = u32::try_from(x.min(y)).unwrap_or(u32::MAX);
                    break;
                }
            }
        }
        start = end;
    }
    drop(hashed);
    // Only rows that were joined to another have a parent other than
    // themselves, or are the parent of one.
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..n {
        if rows.is_read(i) {
            let root = find(&mut parent, i);
            if root != i {
                groups.entry(root).or_insert_with(|| vec![root]).push(i);
            }
        }
    }
    // The key the two rows share (a row joined only through a third row
    // shares none with the kept one: the last reason stands for that).
    let reason = |row: usize, of: usize| {
        let (mine, theirs) = (rows.keys(row), rows.keys(of));
        let shared = |k: usize| mine[k].is_some() && mine[k] == theirs[k];
        if shared(0) {
            DuplicateReason::SameIdNumber
        } else if shared(1) {
            DuplicateReason::SameNameAndPhone
        } else {
            DuplicateReason::SameNameAndEmail
        }
    };
    let mut found = Vec::new();
    for mut members in groups.into_values() {
        let time = |i: usize| rows.submitted_at(i);
        members.sort_by_key(|&i| (time(i).is_none(), time(i), i));
        let kept = match policy {
            DuplicatePolicy::KeepEarliest | DuplicatePolicy::RejectAll => members[0],
            DuplicatePolicy::KeepLatest => members
                .iter()
                .rev()
                .find(|&&i| time(i).is_some())
                .copied()
                .unwrap_or(members[members.len() - 1]),
        };
        for &i in &members {
            let of = match (policy, i == kept) {
                (DuplicatePolicy::RejectAll, true) => members[1],
                (_, true) => continue,
                (_, false) => kept,
            };
            found.push((i, of, reason(i, of)));
        }
    }
    found
}
