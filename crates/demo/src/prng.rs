//! A tiny seeded pseudo-random generator (SplitMix64) and the few draws the generator needs.
//! Written here rather than taken from `rand` so that a seed gives the same households on
//! every platform and every release: only integer arithmetic and the four basic float
//! operations are used (no `exp`, `ln` or `sin`, whose last bits differ between libms).

/// SplitMix64 (Steele, Lea, Flood 2014): one 64-bit state, good enough statistically for
/// demo data, and trivially reproducible.
#[derive(Debug, Clone)]
pub(crate) struct Rng(u64);

const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

/// The SplitMix64 finaliser: a bijective mix of 64 bits.
pub(crate) fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Rng {
    /// An independent stream for `parts` (household number, member number, year, purpose...).
    /// Streams are keyed rather than drawn in sequence so that household 150,000 can be made
    /// without making the 149,999 before it, and a household's answers in 2024 do not depend
    /// on which other years were generated.
    pub(crate) fn stream(seed: u64, parts: &[u64]) -> Rng {
        let mut state = mix(seed ^ GOLDEN);
        for &p in parts {
            state = mix(state ^ mix(p.wrapping_add(GOLDEN)));
        }
        Rng(state)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(GOLDEN);
        mix(self.0)
    }

    /// Uniform in [0, 1), 53 bits.
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in `0..n` (0 when `n` is 0), without modulo bias worth mentioning.
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in `lo..=hi`.
    pub(crate) fn between(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    pub(crate) fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// Roughly standard normal: the Irwin–Hall sum of four uniforms, rescaled. Bounded at
    /// ±3.46, which suits demo data (no household with a 9-sigma income).
    pub(crate) fn normal(&mut self) -> f64 {
        let s = self.unit() + self.unit() + self.unit() + self.unit();
        (s - 2.0) * 1.732_050_807_568_877_2
    }

    /// An index drawn with the given relative weights (0 when all are 0).
    pub(crate) fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u64 = weights.iter().map(|&w| u64::from(w)).sum();
        let mut x = self.below(total);
        for (i, &w) in weights.iter().enumerate() {
            if x < u64::from(w) {
                return i;
            }
            x -= u64::from(w);
        }
        0
    }

    /// One of `items`; `items` must not be empty (callers pass constant lists).
    pub(crate) fn pick<'a>(&mut self, items: &'a [&'a str]) -> &'a str {
        let i = self.below(items.len() as u64) as usize;
        items.get(i).copied().unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix_matches_the_reference_sequence() {
        // First outputs of SplitMix64 seeded with 0 (reference implementation).
        let mut r = Rng(0);
        assert_eq!(r.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(r.next_u64(), 0x6E78_9E6A_A1B9_65F4);
    }

    #[test]
    fn draws_stay_in_range() {
        let mut r = Rng::stream(7, &[1, 2]);
        for _ in 0..10_000 {
            let u = r.unit();
            assert!((0.0..1.0).contains(&u));
            assert!(r.below(5) < 5);
            let b = r.between(-3, 3);
            assert!((-3..=3).contains(&b));
            let n = r.normal();
            assert!(n.abs() <= 3.5);
        }
        assert_eq!(r.weighted(&[0, 0, 4]), 2);
    }
}
