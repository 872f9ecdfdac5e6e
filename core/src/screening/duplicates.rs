//! Finding the rows that are the same person ([`Registrant::key_refs`]
//! is the one definition of "the same person"; the store gives the same
//! keys without rebuilding registrants).
//!
//! [`Registrant::key_refs`]: crate::registrant::Registrant::key_refs

use std::collections::BTreeMap;
use std::hash::BuildHasher;

use super::store::{Key, Rows, Seeded};
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
    // equal hashes. Each key is one word: 30 bits of its hash, its row,
    // which key of the row it is ([`pack`]); sorting words is quick,
    // and a run of equal top bits holds every key equal to one in it.
    // The hash is seeded for each report ([`Seeded`]): keys written into
    // a file to share their top bits would make a run quadratic.
    let build = Seeded::default();
    let key = |i: usize, which: u8| -> Option<Key<'_>> {
        let [a, b, c] = rows.keys(i);
        [a, b, c].into_iter().nth(usize::from(which)).flatten()
    };
    let mut hashed: Vec<u64> = Vec::with_capacity(2 * n);
    for i in 0..n {
        // A row past 2^32 cannot be stored (a report of that size would
        // need hundreds of gigabytes); none is.
        let Ok(row) = u32::try_from(i) else { break };
        for (which, k) in (0u8..).zip(rows.keys(i)) {
            if let Some(k) = k {
                hashed.push(pack(build.hash_one(k), row, which));
            }
        }
    }
    // The order within a run changes no group: each key joins the first
    // equal key before it, and equality is transitive.
    sort_by_hash(&mut hashed);
    let mut parent: Vec<u32> = (0..u32::try_from(n).unwrap_or(u32::MAX)).collect();
    let mut start = 0;
    while start < hashed.len() {
        let mut end = start + 1;
        while end < hashed.len() && hashed[end] >> ROW_BITS == hashed[start] >> ROW_BITS {
            end += 1;
        }
        for later in start + 1..end {
            for earlier in start..later {
                let ((row, which), (other, its)) = (unpack(hashed[later]), unpack(hashed[earlier]));
                if key(row, which) == key(other, its) {
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

/// Bits below the hash in a packed key: the row (32) and which key (2).
const ROW_BITS: u32 = 34;

/// A key as one word: 30 bits of its hash on top, its row, which key.
/// The hash's two halves are folded first and its low bits kept: on a
/// 32-bit target (wasm32) the hasher fills only the low half, and the top
/// bits of the word would be zero for every key, making every key one run
/// and finding duplicates quadratic.
fn pack(hash: u64, row: u32, which: u8) -> u64 {
    let folded = (hash ^ (hash >> 32)) & ((1 << (64 - ROW_BITS)) - 1);
    (folded << ROW_BITS) | (u64::from(row) << 2) | u64::from(which & 3)
}

/// Packed keys in the order of their hashes' top bits (stable), by a
/// radix sort: four passes of eight bits (the last of six), each counting
/// then moving every key once, instead of a comparison sort's twenty-odd
/// comparisons per key at a million rows.
fn sort_by_hash(keys: &mut Vec<u64>) {
    let mut moved = vec![0_u64; keys.len()];
    for shift in [ROW_BITS, ROW_BITS + 8, ROW_BITS + 16, ROW_BITS + 24] {
        let digit = |k: u64| usize::try_from((k >> shift) & 0xFF).unwrap_or(0);
        let mut next = [0_usize; 256];
        for &k in keys.iter() {
            if let Some(n) = next.get_mut(digit(k)) {
                *n += 1;
            }
        }
        let mut at = 0;
        for n in &mut next {
            (*n, at) = (at, at + *n);
        }
        for &k in keys.iter() {
            if let Some(n) = next.get_mut(digit(k)) {
                if let Some(slot) = moved.get_mut(*n) {
                    *slot = k;
                }
                *n += 1;
            }
        }
        std::mem::swap(keys, &mut moved);
    }
}

/// The row and which key of a packed key.
fn unpack(packed: u64) -> (usize, u8) {
    let row = (packed >> 2) & u64::from(u32::MAX);
    (
        usize::try_from(row).unwrap_or(usize::MAX),
        u8::try_from(packed & 3).unwrap_or(0),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The radix sort orders keys by their hashes' top bits, keeping
        /// the order of keys with equal top bits, as a stable sort does.
        #[test]
        fn the_radix_sort_is_a_stable_sort_by_hash(
            keys in prop::collection::vec((prop::array::uniform4(0..3_u64), any::<u32>()), 0..300),
        ) {
            // Packed words whose every eight-bit digit of the hash part is
            // from a small alphabet, so every pass sees equal and unequal
            // digits.
            let mut keys: Vec<u64> = keys
                .into_iter()
                .map(|(digits, row)| {
                    let top = (0..4_u32).zip(digits).fold(0, |h, (d, x)| h | x << (ROW_BITS + 8 * d));
                    top | (u64::from(row) << 2) | 1
                })
                .collect();
            let mut want = keys.clone();
            want.sort_by_key(|k| k >> ROW_BITS);
            sort_by_hash(&mut keys);
            prop_assert_eq!(keys, want);
        }

        /// A packed key gives back its row and which key, and keys whose
        /// hashes differ in their low 30 bits land in different runs,
        /// also when the hasher fills only 32 bits (wasm32).
        #[test]
        fn packed_keys_keep_row_and_which_and_part_by_hash(
            a in any::<(u64, u32, u8)>(), b in any::<(u64, u32, u8)>(), narrow in any::<bool>(),
        ) {
            let hash = |h: u64| if narrow { h & u64::from(u32::MAX) } else { h };
            let (ha, hb) = (hash(a.0), hash(b.0));
            let (pa, pb) = (pack(ha, a.1, a.2 % 3), pack(hb, b.1, b.2 % 3));
            prop_assert_eq!(unpack(pa), (a.1 as usize, a.2 % 3));
            if (ha ^ hb) & ((1 << 30) - 1) != 0 && (ha ^ hb) >> 32 == 0 {
                prop_assert_ne!(pa >> ROW_BITS, pb >> ROW_BITS);
            }
            if ha == hb {
                prop_assert_eq!(pa >> ROW_BITS, pb >> ROW_BITS);
            }
        }
    }
}
