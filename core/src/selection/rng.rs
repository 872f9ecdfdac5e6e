//! The draw's random stream: ChaCha20 keyed by SHA-256 of the public seed.
//!
//! Every random choice of a draw is spelled out here on top of the raw
//! ChaCha20 stream (`rand_chacha`, whose output is fixed by RFC 8439), rather
//! than through `rand`'s distributions, whose algorithms may change between
//! `rand` releases: a draw published today must re-run identically in years,
//! in any language binding. The methods are:
//!
//! - a uniform integer below `n`: Lemire's multiply-and-reject on 64-bit
//!   words (unbiased);
//! - a uniform number in `[0, 1)`: the top 53 bits of a 64-bit word;
//! - `n` distinct items: a partial Fisher–Yates shuffle.

use rand::{RngCore, SeedableRng};
use rand_chacha::ChaCha20Rng;
use sha2::{Digest, Sha256};

/// Domain-separation prefix of the key derivation.
const KEY_PREFIX: &[u8] = b"openday/draw/v1\0";

/// The random stream of one draw.
#[derive(Debug, Clone)]
pub(crate) struct DrawRng(ChaCha20Rng);

impl DrawRng {
    /// The stream for a public seed, with a purpose label so that the
    /// panel, the reserve list and simulations use independent streams.
    pub(crate) fn new(seed: &str, purpose: &str) -> Self {
        let mut hasher = Sha256::new();
        hasher.update(KEY_PREFIX);
        hasher.update(purpose.as_bytes());
        hasher.update([0]);
        hasher.update(seed.as_bytes());
        let key: [u8; 32] = hasher.finalize().into();
        Self(ChaCha20Rng::from_seed(key))
    }

    /// A uniform integer in `0..n` (`n > 0`).
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        debug_assert!(n > 0);
        let threshold = n.wrapping_neg() % n;
        loop {
            let m = u128::from(self.0.next_u64()) * u128::from(n);
            #[allow(clippy::cast_possible_truncation)]
            let low = m as u64;
            if low >= threshold {
                #[allow(clippy::cast_possible_truncation)]
                return (m >> 64) as u64;
            }
        }
    }

    /// A uniform number in `[0, 1)`.
    #[allow(clippy::cast_precision_loss)]
    pub(crate) fn unit(&mut self) -> f64 {
        (self.0.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// `n` distinct indices of `0..len` in the order drawn.
    pub(crate) fn sample_indices(&mut self, len: usize, n: usize) -> Vec<usize> {
        let mut items: Vec<usize> = (0..len).collect();
        let n = n.min(len);
        for i in 0..n {
            #[allow(clippy::cast_possible_truncation)]
            let j = i + self.below((len - i) as u64) as usize;
            items.swap(i, j);
        }
        items.truncate(n);
        items
    }

    /// `n` distinct items of `items` in the order drawn.
    pub(crate) fn sample(&mut self, items: &[usize], n: usize) -> Vec<usize> {
        self.sample_indices(items.len(), n)
            .into_iter()
            .map(|i| items[i])
            .collect()
    }

    /// All of `0..len` in random order.
    pub(crate) fn shuffle(&mut self, len: usize) -> Vec<usize> {
        self.sample_indices(len, len)
    }
}

/// Lower-case hex SHA-256 of `bytes`.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let digest = Sha256::digest(bytes);
    digest.iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn below_is_in_range_and_covers_it() {
        let mut rng = DrawRng::new("seed", "test");
        let mut seen = [0u32; 7];
        for _ in 0..7000 {
            let x = rng.below(7);
            seen[usize::try_from(x).unwrap()] += 1;
        }
        assert!(seen.iter().all(|&n| (800..1200).contains(&n)), "{seen:?}");
    }

    #[test]
    fn streams_differ_by_seed_and_purpose() {
        let a = DrawRng::new("1", "panel").below(1 << 40);
        let b = DrawRng::new("2", "panel").below(1 << 40);
        let c = DrawRng::new("1", "reserve").below(1 << 40);
        assert_ne!(a, b);
        assert_ne!(a, c);
        assert_eq!(a, DrawRng::new("1", "panel").below(1 << 40));
    }

    #[test]
    fn sample_is_distinct() {
        let mut rng = DrawRng::new("x", "t");
        let mut s = rng.sample_indices(50, 20);
        s.sort_unstable();
        s.dedup();
        assert_eq!(s.len(), 20);
        assert!(s.iter().all(|&i| i < 50));
    }

    #[test]
    fn sha256_known_value() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
