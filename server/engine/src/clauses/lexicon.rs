//! Trigger words and phrases for the clause rules, found in one pass over
//! a paragraph: a trie walked from each word start.

use std::sync::LazyLock;

use crate::lexicon::Signs;

/// What a trigger word or phrase signals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cue {
    /// `signed`, `inks`, `concluded`, `passed`, `entered into` …
    SignVerb,
    /// A formal instrument: `agreement`, `MOU`, `declaration`, `deal` …
    AgreementNoun,
    /// Working together as a thing: `partnership`, `collaboration`, `alliance` …
    CollabNoun,
    /// Working together as a verb: `cooperate`, `collaborate`, `partner with` …
    CoopVerb,
    /// `will`, `shall`, `would`.
    Modal,
    /// An intention: `would like to`, `want to`, `eager to`, `plan to` …
    Desire,
    /// `agreed to`, `agree on` …
    AgreeTo,
    /// `commit to`, `pledged to`, `undertake to` …
    CommitTo,
    /// A noun naming an aim: `purpose`, `goal`, `objective` (with `… is to`).
    PurposeNoun,
    /// A verb frame stating an aim: `aims to`, `seeks to`, `is expected to` …
    PurposeFrame,
    /// `identified as`, `designated as` (… an area for cooperation).
    IdentifiedAs,
    /// What an agreement contains: `provides for`, `covers`, `envisages` …
    Content,
    /// `can`, `could`: what the cooperation makes possible.
    Ability,
    /// A passive's agent that is all the parties: `by both`, `by the two` …
    JointAgent,
}

const COLLAB_NOUNS: &[&str] = &[
    "partnership",
    "partnerships",
    "collaboration",
    "collaborations",
    "cooperation",
    "co-operation",
    "alliance",
    "alliances",
    "collaborative",
    "cooperative",
    "co-operative",
    "joint",
    "tie-up",
    "twinning",
    "consortium",
    "initiative",
    "initiatives",
    "programme",
    "program",
    "project",
    "engagement",
];

const COOP_VERBS: &[&str] = &[
    "collaborate",
    "collaborates",
    "collaborated",
    "collaborating",
    "cooperate",
    "cooperates",
    "cooperated",
    "cooperating",
    "co-operate",
    "co-operating",
    "partner with",
    "partnering",
    "work together",
    "working together",
    "join forces",
    "joining forces",
    "team up",
    // A partnership reported as made (`has partnered with … to …`).
    "partnered with",
    "partners with",
    "teamed up",
    "teams up",
    "joined forces",
    "joined hands",
];

const MODALS: &[&str] = &["will", "shall", "would"];

const DESIRES: &[&str] = &[
    "would like to",
    "want to",
    "wants to",
    "wish to",
    "wishes to",
    "hope to",
    "hopes to",
    "eager to",
    "keen to",
    "ready to",
    "willing to",
    "plan to",
    "plans to",
    "planning to",
    "intend to",
    "intends to",
    "intending to",
    "look forward to",
    "looks forward to",
];

const AGREE_TO: &[&str] = &[
    "agree to",
    "agrees to",
    "agreed to",
    "agreeing to",
    "agree on",
    "agrees on",
    "agreed on",
    "agreed upon",
];

const COMMIT_TO: &[&str] = &[
    "commit to",
    "commits to",
    "committed to",
    "commit themselves to",
    "committed themselves to",
    "pledge to",
    "pledges to",
    "pledged to",
    "undertake to",
    "undertakes to",
    "undertook to",
    "vow to",
    "vowed to",
];

const PURPOSE_NOUNS: &[&str] = &[
    "purpose",
    "purposes",
    "aim",
    "aims",
    "goal",
    "goals",
    "objective",
    "objectives",
    "mission",
    "intention",
];

const PURPOSE_FRAMES: &[&str] = &[
    "aims to",
    "aim to",
    "aimed to",
    "aimed at",
    "aims at",
    "aiming to",
    "aiming at",
    "seeks to",
    "seek to",
    "seeking to",
    "designed to",
    "intended to",
    "expected to",
    "anticipated to",
    "set to",
    "meant to",
    "poised to",
    "necessary to",
    "essential to",
    "crucial to",
    "vital to",
    "needed to",
    "key to",
    "geared towards",
    "geared toward",
    "geared to",
    "serves to",
    "serve to",
    "with the aim of",
    "with the goal of",
    "with the objective of",
    "with the purpose of",
    "with a view to",
    "part of efforts to",
    "part of an effort to",
    "part of a push to",
    "part of a drive to",
    "part of a strategy to",
    "part of plans to",
    "part of a plan to",
];

const IDENTIFIED_AS: &[&str] = &["identified as", "designated as", "selected as", "chosen as"];

const CONTENT: &[&str] = &[
    "provides for",
    "provide for",
    "envisages",
    "envisage",
    "envisions",
    "foresees",
    "stipulates",
    "calls for",
    "covers",
    "includes",
    "involves",
    "outlines",
    "sets out",
    "lays out",
    "encompasses",
];

const ABILITY: &[&str] = &["can", "could"];

const JOINT_AGENTS: &[&str] = &[
    "by both",
    "by the two",
    "by the three",
    "by all",
    "by each",
    "by the partners",
    "by the parties",
    "by the participating",
];

/// The trigger patterns with their cues. Signing verbs and instrument
/// nouns come from the engine's lexicon, shared with the entity rules
/// (`agree`/`agreed` are the `AgreeTo` frame here, not signing verbs).
fn patterns() -> Vec<(String, Cue)> {
    let signing = crate::lexicon::SIGNING_VERBS
        .iter()
        .filter(|v| v.signs != Signs::Agrees)
        .flat_map(|v| v.forms.iter().map(|f| (f.to_string(), Cue::SignVerb)));
    let instruments = crate::lexicon::instrument_phrases().into_iter().map(|p| (p, Cue::AgreementNoun));
    let groups: [(&[&str], Cue); 12] = [
        (COLLAB_NOUNS, Cue::CollabNoun),
        (COOP_VERBS, Cue::CoopVerb),
        (MODALS, Cue::Modal),
        (DESIRES, Cue::Desire),
        (AGREE_TO, Cue::AgreeTo),
        (COMMIT_TO, Cue::CommitTo),
        (PURPOSE_NOUNS, Cue::PurposeNoun),
        (PURPOSE_FRAMES, Cue::PurposeFrame),
        (IDENTIFIED_AS, Cue::IdentifiedAs),
        (CONTENT, Cue::Content),
        (ABILITY, Cue::Ability),
        (JOINT_AGENTS, Cue::JointAgent),
    ];
    let words = groups.iter().flat_map(|(words, cue)| words.iter().map(move |w| (w.to_string(), *cue)));
    signing.chain(instruments).chain(words).collect()
}

/// The trigger patterns as a trie over ASCII-lower-cased bytes, walked from
/// each word start. Replaces an Aho-Corasick pass over every byte (whose
/// restarts after matches inside words cost more than the search): only a
/// match that starts a word can count, and of the matches at one start only
/// the longest, so a walk from the word starts finds the same cues.
struct Lexicon {
    /// `classes[b]`: the column of byte `b` in `next`; 0 for bytes no pattern
    /// has. ASCII capitals share their lower-case letter's column.
    classes: [u8; 256],
    /// `next[row + class]`: the step from the node at `row` (a multiple of
    /// the number of columns) by a byte: the next node's row in the bits of
    /// [`ROW_MASK`], [`ALPHANUMERIC_PATH`] if every byte from the root to it
    /// is an ASCII letter or digit, and above [`CUE_SHIFT`] 1 + the index in
    /// `cues` of the cue of the pattern that ends there (0 for none); 0 for
    /// no step (the root, row 0, follows no byte).
    next: Vec<u32>,
    /// The distinct cues.
    cues: Vec<Cue>,
    /// Bit `((c0 * width + c1) * width + c2) * width + c3` set: some pattern
    /// starts with bytes of the classes `c0 c1 c2 c3` (a shorter one with
    /// its classes and then any). Tested on the first four bytes of a word
    /// before the walk: most words (`the`, `of`, `that`) go no further.
    /// Empty (every word walked) if the classes are too many for it.
    prefixes: Vec<u64>,
    width: usize,
}

/// The most bits [`Lexicon::prefixes`] may take.
const MAX_PREFIX_BITS: usize = 1 << 24;

const ROW_MASK: u32 = (1 << 23) - 1;
const ALPHANUMERIC_PATH: u32 = 1 << 23;
const CUE_SHIFT: u32 = 24;

impl Lexicon {
    /// `None` if a pattern does not start with an ASCII letter or digit (the
    /// walk starts only there) or the trie outgrows its 23-bit rows.
    fn new(patterns: &[(String, Cue)]) -> Option<Self> {
        let mut classes = [0u8; 256];
        let mut width = 1usize;
        for (word, _) in patterns {
            if !word.as_bytes().first().is_some_and(u8::is_ascii_alphanumeric) {
                return None;
            }
            for b in word.bytes().map(|b| b.to_ascii_lowercase()) {
                if classes[usize::from(b)] == 0 {
                    classes[usize::from(b)] = u8::try_from(width).ok()?;
                    width += 1;
                }
            }
        }
        for b in b'A'..=b'Z' {
            classes[usize::from(b)] = classes[usize::from(b.to_ascii_lowercase())];
        }
        let mut next = vec![0u32; width];
        let mut cues: Vec<Cue> = Vec::new();
        for (word, cue) in patterns {
            let mut slot = None;
            let mut row = 0usize;
            let mut alphanumeric = true;
            for b in word.bytes() {
                alphanumeric &= b.is_ascii_alphanumeric();
                let s = row + usize::from(classes[usize::from(b)]);
                if next[s] & ROW_MASK == 0 {
                    let new_row = u32::try_from(next.len()).ok().filter(|r| *r <= ROW_MASK)?;
                    next[s] |= new_row | if alphanumeric { ALPHANUMERIC_PATH } else { 0 };
                    next.resize(next.len() + width, 0);
                }
                row = (next[s] & ROW_MASK) as usize;
                slot = Some(s);
            }
            // A pattern listed twice keeps its first cue.
            let s = slot?;
            if next[s] >> CUE_SHIFT == 0 {
                let id = match cues.iter().position(|c| c == cue) {
                    Some(id) => id,
                    None => {
                        cues.push(*cue);
                        cues.len() - 1
                    }
                };
                next[s] |= u32::try_from(id + 1).ok().filter(|c| *c < 1 << (32 - CUE_SHIFT))? << CUE_SHIFT;
            }
        }
        let mut prefixes = Vec::new();
        if width.pow(4) <= MAX_PREFIX_BITS {
            prefixes = vec![0u64; width.pow(4).div_ceil(64)];
            for (word, _) in patterns {
                let mut bits = vec![0usize];
                for k in 0..4 {
                    bits = match word.as_bytes().get(k) {
                        Some(&b) => {
                            bits.iter().map(|x| x * width + usize::from(classes[usize::from(b)])).collect()
                        }
                        None => bits.iter().flat_map(|x| (0..width).map(move |c| x * width + c)).collect(),
                    };
                }
                for bit in bits {
                    prefixes[bit / 64] |= 1 << (bit % 64);
                }
            }
        }
        Some(Lexicon { classes, next, cues, prefixes, width })
    }

    /// Whether a pattern may start with the four bytes `w` (the walk is
    /// needed).
    fn may_start(&self, w: [u8; 4]) -> bool {
        if self.prefixes.is_empty() {
            return true;
        }
        let class = |b: u8| usize::from(self.classes[usize::from(b)]);
        let bit =
            ((class(w[0]) * self.width + class(w[1])) * self.width + class(w[2])) * self.width + class(w[3]);
        self.prefixes.get(bit / 64).is_some_and(|bits| bits >> (bit % 64) & 1 != 0)
    }

    /// The longest pattern at the start of `bytes` (its length and cue), and
    /// how many bytes from the start are sure to be ASCII letters or digits
    /// (those the walk read on an all-alphanumeric path; at least 1).
    fn longest(&self, bytes: &[u8]) -> (Option<(usize, Cue)>, usize) {
        let mut row = 0usize;
        let (mut len, mut cue) = (0usize, 0u32);
        let mut alphanumeric = 1;
        for (k, &b) in bytes.iter().enumerate() {
            let step = self.next.get(row + usize::from(self.classes[usize::from(b)])).copied().unwrap_or(0);
            if step == 0 {
                break;
            }
            if step >> CUE_SHIFT != 0 {
                (len, cue) = (k + 1, step >> CUE_SHIFT);
            }
            if step & ALPHANUMERIC_PATH != 0 {
                alphanumeric = k + 1;
            }
            row = (step & ROW_MASK) as usize;
        }
        let found = (cue as usize).checked_sub(1).and_then(|id| self.cues.get(id)).map(|c| (len, *c));
        (found, alphanumeric)
    }
}

/// Whether `c` is alphanumeric, without the Unicode tables for the General
/// Punctuation block (curly quotes, dashes, thin spaces: the non-ASCII
/// chars news text is full of, none of them a letter or digit).
fn is_alphanumeric(c: char) -> bool {
    !('\u{2000}'..='\u{206f}').contains(&c) && c.is_alphanumeric()
}

/// What a byte is to the scan for word starts.
const OTHER: u8 = 0;
const ALPHANUMERIC: u8 = 1;
const NOT_ASCII: u8 = 2;
const NEWLINE: u8 = 3;
const BYTE_KINDS: [u8; 256] = {
    let mut kinds = [OTHER; 256];
    let mut b = 0;
    while b < 256 {
        kinds[b] = if b >= 128 {
            NOT_ASCII
        } else if b == b'\n' as usize {
            NEWLINE
        } else if (b as u8).is_ascii_alphanumeric() {
            ALPHANUMERIC
        } else {
            OTHER
        };
        b += 1;
    }
    kinds
};

/// Built on first use; `None` only if the trie could not be built, in which
/// case no clause is suggested rather than the engine failing.
static LEXICON: LazyLock<Option<Lexicon>> = LazyLock::new(|| Lexicon::new(&patterns()));

/// A cue found in the text: byte range and kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub cue: Cue,
}

/// Every cue in `text` that stands as whole words, sorted by start. Where
/// cues overlap, the longest wins (`aims to` rather than `aims`); a longest
/// cue that runs into a word (`aims toward`) hides the shorter ones at its
/// start.
#[cfg(test)]
pub fn find(text: &str) -> Vec<Hit> {
    find_with_newlines(text, &mut Vec::new())
}

/// [`find`], and the offsets of the newlines of `text` into `newlines` (the
/// scan passes every byte that is not in a word or cue: the list structure
/// needs the lines, and this saves it a pass).
pub fn find_with_newlines(text: &str, newlines: &mut Vec<usize>) -> Vec<Hit> {
    let Some(lexicon) = LEXICON.as_ref() else {
        newlines.extend(text.match_indices('\n').map(|(i, _)| i));
        return Vec::new();
    };
    let bytes = text.as_bytes();
    let mut hits = Vec::new();
    let mut i = 0;
    // Whether the char before `i` is alphanumeric (no cue starts there).
    let mut after_alphanumeric = false;
    while i < bytes.len() {
        match BYTE_KINDS[usize::from(bytes[i])] {
            ALPHANUMERIC => {
                let mut scanned = 1;
                if !after_alphanumeric
                    && bytes.get(i..i + 4).is_none_or(|w| lexicon.may_start([w[0], w[1], w[2], w[3]]))
                {
                    let (found, alphanumeric) = lexicon.longest(&bytes[i..]);
                    scanned = alphanumeric;
                    if let Some((len, cue)) = found {
                        let end = i + len;
                        let after = text.get(end..).and_then(|s| s.chars().next());
                        if !after.is_some_and(is_alphanumeric) {
                            hits.push(Hit { start: i, end, cue });
                            let last = text.get(..end).and_then(|s| s.chars().next_back());
                            after_alphanumeric = last.is_some_and(is_alphanumeric);
                            i = end;
                            continue;
                        }
                    }
                }
                // The rest of the word: no cue starts inside it (its first
                // `scanned` bytes are letters or digits already read).
                i += scanned;
                while i < bytes.len() && BYTE_KINDS[usize::from(bytes[i])] == ALPHANUMERIC {
                    i += 1;
                }
                after_alphanumeric = true;
            }
            NOT_ASCII => {
                let c = text.get(i..).and_then(|s| s.chars().next());
                after_alphanumeric = c.is_some_and(is_alphanumeric);
                i += c.map_or(1, char::len_utf8);
            }
            NEWLINE => {
                newlines.push(i);
                after_alphanumeric = false;
                i += 1;
            }
            _ => {
                after_alphanumeric = false;
                i += 1;
            }
        }
    }
    hits
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::{AhoCorasick, AhoCorasickKind, Input, MatchKind};
    use proptest::prelude::*;

    /// The former search, the oracle of the trie: one leftmost-longest
    /// Aho-Corasick pass, restarted one char further after a match inside a
    /// word.
    fn find_by_automaton(text: &str) -> Vec<Hit> {
        let (words, cues): (Vec<String>, Vec<Cue>) = patterns().into_iter().unzip();
        let Ok(automaton) = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .build(words)
        else {
            return Vec::new();
        };
        let is_whole_word = |start: usize, end: usize| {
            let before = text.get(..start).and_then(|s| s.chars().next_back());
            let after = text.get(end..).and_then(|s| s.chars().next());
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        };
        let mut hits = Vec::new();
        let mut pos = 0;
        while pos < text.len() {
            let Some(m) = automaton.find(Input::new(text).span(pos..text.len())) else { break };
            if is_whole_word(m.start(), m.end()) {
                hits.push(Hit { start: m.start(), end: m.end(), cue: cues[m.pattern().as_usize()] });
                pos = m.end();
            } else {
                pos = m.start()
                    + text.get(m.start()..).and_then(|s| s.chars().next()).map_or(1, char::len_utf8);
            }
        }
        hits
    }

    /// Pieces that make cues, near-cues and the word boundaries around them.
    const PIECES: &[&str] = &[
        "sign",
        "Signed",
        "ink",
        "th",
        "aims",
        "aim",
        " to",
        "to",
        "ward",
        " ",
        "  ",
        "-",
        "’",
        "é",
        "É",
        "communiqué",
        "Communiqués",
        "co",
        "operat",
        "ion",
        "e",
        "will",
        "WOULD",
        " like",
        "memorandum",
        " of",
        " understanding",
        "enter",
        " into",
        "by",
        " the",
        " two",
        "joint",
        "ly",
        "x",
        "9",
        ".",
        ",",
        "\u{a0}",
        "Ж",
        "\n",
        "part",
        " of",
        " efforts",
        "MoU",
        "s",
        "partner",
        " with",
        "ed",
    ];

    proptest! {
        #[test]
        fn the_trie_finds_what_the_automaton_found(
            pieces in prop::collection::vec(prop::sample::select(PIECES), 0..24)
        ) {
            let text = pieces.concat();
            let mut newlines = Vec::new();
            prop_assert_eq!(find_with_newlines(&text, &mut newlines), find_by_automaton(&text));
            let expected: Vec<usize> = text.match_indices('\n').map(|(i, _)| i).collect();
            prop_assert_eq!(newlines, expected);
        }
    }

    #[test]
    fn every_newline_is_reported() {
        assert!(
            patterns().iter().all(|(p, _)| !p.contains('\n')),
            "the scan sees every newline outside cues"
        );
        let text = "Areas:\n- joint research\n\nThe MoU will\ncover \u{2019}aims to\u{2019}\n";
        let mut newlines = Vec::new();
        find_with_newlines(text, &mut newlines);
        let expected: Vec<usize> = text.match_indices('\n').map(|(i, _)| i).collect();
        assert_eq!(newlines, expected);
    }

    #[test]
    fn no_general_punctuation_is_alphanumeric() {
        assert!(('\u{2000}'..='\u{206f}').all(|c| !c.is_alphanumeric()));
    }

    #[test]
    fn every_pattern_is_found_alone_with_the_automatons_cue() {
        assert!(
            LEXICON.as_ref().is_some_and(|l| !l.prefixes.is_empty()),
            "the trigger trie is built, with its prefixes"
        );
        for (word, _) in patterns() {
            let hits = find(&word);
            assert_eq!(hits, find_by_automaton(&word), "{word}");
            assert_eq!(hits.first().map(|h| (h.start, h.end)), Some((0, word.len())), "{word}");
        }
    }

    #[test]
    fn finds_whole_words_case_insensitively() {
        let text = "MRANTI inks MoU’s terms; thinking of signing. They Will work together.";
        let got: Vec<(&str, Cue)> = find(text).iter().map(|h| (&text[h.start..h.end], h.cue)).collect();
        assert_eq!(
            got,
            [
                ("inks", Cue::SignVerb),
                ("MoU", Cue::AgreementNoun),
                ("signing", Cue::SignVerb),
                ("Will", Cue::Modal),
                ("work together", Cue::CoopVerb),
            ]
        );
    }

    #[test]
    fn the_longest_cue_wins() {
        let text = "The aim to help";
        let got: Vec<Cue> = find(text).iter().map(|h| h.cue).collect();
        assert_eq!(got, [Cue::PurposeFrame]);
    }

    #[test]
    fn matches_inside_words_are_skipped() {
        let text = "An ideal deal, rethinking inks; designed to sign";
        let got: Vec<(&str, Cue)> = find(text).iter().map(|h| (&text[h.start..h.end], h.cue)).collect();
        assert_eq!(
            got,
            [
                ("deal", Cue::AgreementNoun),
                ("inks", Cue::SignVerb),
                ("designed to", Cue::PurposeFrame),
                ("sign", Cue::SignVerb)
            ]
        );
    }
}
