//! Finding the next interesting byte of a text quickly: the sentence
//! splitter and the link pass each look closely at only a few bytes (`.`,
//! a line break, the first byte of a learnt name) and skip everything else.
//! A byte at a time, that skipping cost most of their time; here it goes 16
//! bytes at a time with a predicate the compiler turns into vector compares
//! (no `unsafe`, no target features beyond the baseline).

/// Bytes looked at per step.
const CHUNK: usize = 16;

/// The first position `>= from` whose byte `hit` accepts, or `bytes.len()`.
/// `hit` must be cheap and branch-free (comparisons joined with `|`) so that
/// a whole chunk is tested at once.
#[inline(always)]
pub(crate) fn next(bytes: &[u8], from: usize, hit: impl Fn(u8) -> bool) -> usize {
    let mut i = from;
    while let Some(chunk) = bytes.get(i..).and_then(<[u8]>::first_chunk::<CHUNK>) {
        // One byte of 0xFF per hit, read as one number: its lowest set bit
        // is in the first hit (this shape compiles to vector compares).
        let mut flags = [0u8; CHUNK];
        for (f, &b) in flags.iter_mut().zip(chunk) {
            *f = 0u8.wrapping_sub(u8::from(hit(b)));
        }
        let flags = u128::from_le_bytes(flags);
        if flags != 0 {
            return i + flags.trailing_zeros() as usize / 8;
        }
        i += CHUNK;
    }
    while i < bytes.len() && !hit(bytes[i]) {
        i += 1;
    }
    i.min(bytes.len())
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    proptest! {
        /// The same position a byte-by-byte scan finds.
        #[test]
        fn next_is_the_first_hit(bytes in proptest::collection::vec(any::<u8>(), 0..80), from in 0usize..90) {
            let hit = |b: u8| (b == b'.') | (b >= 0xE2);
            let expected = (from..bytes.len()).find(|&i| hit(bytes[i])).unwrap_or(bytes.len());
            prop_assert_eq!(super::next(&bytes, from, hit), expected);
        }
    }
}
