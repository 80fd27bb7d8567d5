//! Word lists looked up without regard to ASCII case, the way the rules
//! compare words (`eq_ignore_ascii_case` with each entry), but with a filter
//! built at compile time in front: per length, the first and the last
//! letters of the list's words. Most words looked up are in no list, and the
//! filter turns nearly all of them away without comparing them with each
//! entry.

pub(crate) struct WordList {
    words: &'static [&'static str],
    /// Bit `l` of entry `n`: some word of `n` bytes (`n` ≥ 31 in entry 31)
    /// starts with the letter `a + l` in either case; bit 26: with a byte
    /// that is no ASCII letter.
    first: [u32; 32],
    /// The same for the last byte.
    last: [u32; 32],
}

impl WordList {
    pub(crate) const fn new(words: &'static [&'static str]) -> WordList {
        let mut first = [0u32; 32];
        let mut last = [0u32; 32];
        let mut i = 0;
        while i < words.len() {
            let w = words[i].as_bytes();
            if !w.is_empty() {
                let n = slot(w.len());
                first[n] |= 1 << letter(w[0]);
                last[n] |= 1 << letter(w[w.len() - 1]);
            }
            i += 1;
        }
        WordList { words, first, last }
    }

    /// Whether some word of the list equals `word` but for ASCII case.
    pub(crate) fn contains(&self, word: &str) -> bool {
        let b = word.as_bytes();
        let (Some(&f), Some(&l)) = (b.first(), b.last()) else { return false };
        let n = slot(b.len());
        self.first[n] & (1 << letter(f)) != 0
            && self.last[n] & (1 << letter(l)) != 0
            && self.words.iter().any(|w| w.eq_ignore_ascii_case(word))
    }
}

const fn slot(len: usize) -> usize {
    if len < 31 {
        len
    } else {
        31
    }
}

/// The filter's bit for a byte: its letter, either case; 26 for the rest.
const fn letter(b: u8) -> u32 {
    let lower = b.to_ascii_lowercase();
    if lower.is_ascii_lowercase() {
        (lower - b'a') as u32
    } else {
        26
    }
}

#[cfg(test)]
mod tests {
    use super::WordList;
    use proptest::prelude::*;

    const LIST: &[&str] =
        &["million", "bn", "US$", "Kč", "e.g", "x", "twenty-one", "a-very-long-word-of-more-than-31-bytes"];

    proptest! {
        /// The same answers as comparing with each word, for the list's words
        /// in any case and for any other word.
        #[test]
        fn agrees_with_comparing_each_word(other in "[a-zA-Z$čé.-]{0,40}", pick in 0usize..100, flips in any::<u64>()) {
            let list = WordList::new(LIST);
            let own: String = LIST[pick % LIST.len()]
                .chars()
                .enumerate()
                .map(|(k, c)| if flips >> (k % 64) & 1 == 1 { c.to_ascii_uppercase() } else { c })
                .collect();
            for w in [own.as_str(), other.as_str()] {
                prop_assert_eq!(list.contains(w), LIST.iter().any(|l| l.eq_ignore_ascii_case(w)), "{}", w);
            }
        }
    }
}
