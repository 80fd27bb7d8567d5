//! Word lists compiled into the binary: places (one aho-corasick automaton),
//! common English words, given names, family names, demonyms.
//!
//! The generated lists come from `scripts/gen_gazetteer.py`; the curated ones
//! are edited by hand. See `server/engine/data/gazetteer/README.md`.

use super::fxhash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::super::Label;
use std::borrow::Cow;
use std::collections::hash_map::Entry;

use super::tokens::{tokenize_into, Token};

const COUNTRIES: &str = include_str!("../../data/gazetteer/countries.tsv");
const CITIES: &str = include_str!("../../data/gazetteer/cities.tsv");
const ADMIN1: &str = include_str!("../../data/gazetteer/admin1.tsv");
const CURATED_GPE: &str = include_str!("../../data/gazetteer/curated_gpe.txt");
const CURATED_LOC: &str = include_str!("../../data/gazetteer/curated_loc.txt");
const COMMON_WORDS: &str = include_str!("../../data/gazetteer/common_words.txt");
const GIVEN_NAMES: &str = include_str!("../../data/gazetteer/given_names.txt");
const SURNAMES: &str = include_str!("../../data/gazetteer/surnames_east_asian.txt");
const DEMONYMS: &str = include_str!("../../data/gazetteer/demonyms.txt");
const ACRONYM_STOP: &str = include_str!("../../data/gazetteer/acronym_stop.txt");
const CURATED_COMMON: &str = include_str!("../../data/gazetteer/curated_common.txt");
const KNOWN_ORGS: &str = include_str!("../../data/gazetteer/curated_orgs.txt");

/// What a place name is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub label: Label,
    /// The name is also a common word (`Nice`, `Mobile`): only trust it in
    /// a clear place context.
    pub ambiguous: bool,
    /// A country (or a country's variant name).
    pub country: bool,
}

/// How a word is written, as far as the word lists care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    /// It starts with a capital letter.
    Capitalised,
    /// ASCII without capitals: the word is its own lower-case form.
    AsciiLower,
    /// Anything else: non-ASCII in lower case, capitals inside (`iPhone`).
    Other,
}

impl Case {
    /// The case of `word`, worked out from its letters (the tokeniser's
    /// shape bits say the same without a second scan).
    #[cfg(test)]
    pub fn of(word: &str) -> Case {
        if word.chars().next().is_some_and(char::is_uppercase) {
            Case::Capitalised
        } else if !word.chars().any(|c| c.is_uppercase() || !c.is_ascii()) {
            Case::AsciiLower
        } else {
            Case::Other
        }
    }
}

/// What the word lists say about one word, looked up once per token.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WordInfo {
    /// `W_*` bits.
    pub flags: u16,
    /// Trigger bits of the recognisers (`context::TRIG_*`).
    pub trig: u8,
    /// The most tokens a place name starting with this word has (0: none).
    pub place_max: u8,
    /// The token counts of the place names starting with this word: bit
    /// `n - 1` for `n` tokens (bit 31 for 32 or more), so that a count no
    /// name has is not looked up.
    pub place_lens: u32,
}

/// The bit of [`WordInfo::place_lens`] for a place name of `n` tokens.
fn place_len_bit(n: usize) -> u32 {
    1 << (n.clamp(1, 32) - 1)
}

/// The lower-case form is a common English word (also as a plural, or
/// every part of a hyphenated compound).
pub const W_COMMON: u16 = 1;
pub const W_DEMONYM: u16 = 2;
pub const W_GIVEN: u16 = 4;
pub const W_SURNAME: u16 = 8;
pub const W_ACRONYM_STOP: u16 = 16;
pub const W_FUNCTION: u16 = 32;
pub const W_HONORIFIC: u16 = 64;
pub const W_GENERIC_PARK: u16 = 128;
pub const W_HEAD_FIRST: u16 = 256;
/// The first word of a well-known organisation's name.
pub const W_KNOWN_ORG_START: u16 = 512;
/// A capitalised compound whose last part is a lower-case English word
/// ("CVD-diamonds", "China-made"): an adjective or a common noun.
pub const W_LOWER_TAIL: u16 = 1024;

pub struct Gazetteer {
    /// Lower-case common words (as bytes: a word lower-cased into a stack
    /// buffer is looked up without a UTF-8 check).
    lower: HashSet<&'static [u8]>,
    /// Lower-case trigger words of the recognisers, with a filter on
    /// (first letter, last letter, length) that rejects most words unhashed.
    triggers: HashMap<&'static [u8], u8>,
    trigger_filter: Vec<bool>,
    /// Words as written: (W_* flags, place_max, place_lens). The keys of the lists are
    /// borrowed; only the capitalised forms of the common words are owned.
    exact: HashMap<Cow<'static, str>, (u16, u8, u32)>,
    place_by_name: HashMap<&'static str, Place>,
    known_orgs: HashSet<&'static str>,
}

const FILTER_SIZE: usize = 26 * 27 * 19;

/// Filter slot of a lower-case ASCII word: (first letter, last letter or
/// other, length up to 18).
fn filter_key(lower: &[u8]) -> Option<usize> {
    let (first, last) = (*lower.first()?, *lower.last()?);
    let f = usize::from(first.wrapping_sub(b'a'));
    let l = usize::from(last.wrapping_sub(b'a')).min(26);
    (f < 26 && lower.len() <= 18).then_some((f * 27 + l) * 19 + lower.len())
}

/// Entries of a list file: one per line, `#` comments, an optional
/// tab-separated flag column.
fn entries(list: &'static str) -> impl Iterator<Item = (&'static str, &'static str)> {
    list.lines().filter_map(|l| {
        let trimmed = l.trim();
        if trimmed.is_empty() || l.starts_with('#') {
            return None;
        }
        // A byte search: the lines are short, and `splitn` with a char
        // pattern set up a searcher per line (start-up parses 110,000).
        Some(match l.bytes().position(|b| b == b'\t') {
            Some(k) => (l.get(..k).unwrap_or("").trim(), l.get(k + 1..).unwrap_or("").trim()),
            None => (trimmed, "-"),
        })
    })
}

/// An upper bound of the entries of `lists` (their line feeds, plus one
/// each), to presize the maps.
fn line_bound(lists: &[&str]) -> usize {
    lists.iter().map(|l| l.bytes().filter(|&b| b == b'\n').count() + 1).sum()
}

/// `w` with its first letter in upper case (`None` for an empty word).
/// A plain ASCII word is copied byte-wise; others go through `char`.
fn capitalise(w: &str) -> Option<String> {
    let first = *w.as_bytes().first()?;
    if first.is_ascii() {
        let mut out = String::with_capacity(w.len());
        out.push(char::from(first.to_ascii_uppercase()));
        out.push_str(w.get(1..)?);
        return Some(out);
    }
    let mut chars = w.chars();
    let first = chars.next()?;
    Some(first.to_uppercase().chain(chars).collect())
}

fn set(list: &'static str) -> HashSet<&'static str> {
    entries(list).map(|(n, _)| n).collect()
}

impl Gazetteer {
    pub fn new() -> Self {
        // Earlier lists win when a name is in several.
        let sources: [(&'static str, Label, bool); 5] = [
            (CURATED_LOC, Label::Loc, false),
            (COUNTRIES, Label::Gpe, true),
            (CURATED_GPE, Label::Gpe, true),
            (ADMIN1, Label::Gpe, false),
            (CITIES, Label::Gpe, false),
        ];
        // Every map is presized from its lists' line counts (an upper
        // bound): growing them rehashed every key several times.
        let place_lines = line_bound(&sources.map(|(list, _, _)| list));
        let mut place_by_name: HashMap<&'static str, Place> = HashMap::default();
        place_by_name.reserve(place_lines);
        let mut place_first_words: HashMap<&'static str, (usize, u32)> = HashMap::default();
        place_first_words.reserve(place_lines);
        let mut toks: Vec<Token> = Vec::with_capacity(16);
        for (list, label, country) in sources {
            for (name, flag) in entries(list) {
                if name.len() < 2 {
                    continue;
                }
                match place_by_name.entry(name) {
                    Entry::Occupied(_) => continue,
                    Entry::Vacant(v) => {
                        v.insert(Place { label, ambiguous: flag == "a", country });
                    }
                }
                tokenize_into(name, &mut toks);
                if let Some(first) = toks.first() {
                    let (most, lens) = place_first_words.entry(first.text(name)).or_insert((0, 0));
                    *most = (*most).max(toks.len());
                    *lens |= place_len_bit(toks.len());
                }
            }
        }
        let mut lower: HashSet<&'static [u8]> = HashSet::default();
        lower.reserve(line_bound(&[COMMON_WORDS, CURATED_COMMON]));
        lower.extend(entries(COMMON_WORDS).chain(entries(CURATED_COMMON)).map(|(w, _)| w.as_bytes()));
        let mut triggers: HashMap<&'static [u8], u8> = HashMap::default();
        let mut trigger_filter = vec![false; FILTER_SIZE];
        for (list, bit) in super::context::trigger_lists() {
            for w in list {
                *triggers.entry(w.as_bytes()).or_insert(0) |= bit;
                if let Some(k) = filter_key(w.as_bytes()) {
                    trigger_filter[k] = true;
                }
            }
        }
        let mut exact: HashMap<Cow<'static, str>, (u16, u8, u32)> = HashMap::default();
        exact.reserve(
            line_bound(&[DEMONYMS, GIVEN_NAMES, SURNAMES, ACRONYM_STOP, KNOWN_ORGS])
                + place_first_words.len()
                + lower.len(),
        );
        for (list, flag) in [
            (DEMONYMS, W_DEMONYM),
            (GIVEN_NAMES, W_GIVEN),
            (SURNAMES, W_SURNAME),
            (ACRONYM_STOP, W_ACRONYM_STOP),
        ] {
            for (w, _) in entries(list) {
                exact.entry(Cow::Borrowed(w)).or_insert((0, 0, 0)).0 |= flag;
            }
        }
        for (list, flag) in [
            (super::heads::FUNCTION_WORDS, W_FUNCTION),
            (super::heads::HONORIFICS, W_HONORIFIC),
            (super::heads::GENERIC_PARK_WORDS, W_GENERIC_PARK),
            (super::heads::HEAD_FIRST, W_HEAD_FIRST),
        ] {
            for w in list {
                exact.entry(Cow::Borrowed(*w)).or_insert((0, 0, 0)).0 |= flag;
            }
        }
        for (name, _) in entries(KNOWN_ORGS) {
            if let Some(first) = name.split(' ').next() {
                exact.entry(Cow::Borrowed(first)).or_insert((0, 0, 0)).0 |= W_KNOWN_ORG_START;
            }
        }
        for (w, &(most, lens)) in &place_first_words {
            let e = exact.entry(Cow::Borrowed(*w)).or_insert((0, 0, 0));
            e.1 = u8::try_from(most).unwrap_or(u8::MAX);
            e.2 = lens;
        }
        // Capitalised forms of the common words ("Digital"), so that a
        // capitalised word needs a single lookup.
        for w in lower.iter().filter_map(|w| std::str::from_utf8(w).ok()) {
            if let Some(capitalised) = capitalise(w) {
                exact.entry(Cow::Owned(capitalised)).or_insert((0, 0, 0)).0 |= W_COMMON;
            }
        }
        Gazetteer { lower, triggers, trigger_filter, exact, place_by_name, known_orgs: set(KNOWN_ORGS) }
    }

    /// Place names over tokens: for each token that starts one, the end
    /// (exclusive token index) of the longest, and the place. `infos` are
    /// the tokens' [`WordInfo`]s.
    /// Only the tokens in `candidates` (the capitalised words) are tried.
    pub fn places(
        &self,
        text: &str,
        toks: &[Token],
        infos: &[WordInfo],
        candidates: &[usize],
    ) -> Vec<Option<(usize, Place)>> {
        let mut out = vec![None; toks.len()];
        for &i in candidates {
            let Some(t) = toks.get(i) else { continue };
            let Some(w) = infos.get(i) else { continue };
            let most = usize::from(w.place_max).min(toks.len() - i);
            if most == 0 {
                continue;
            }
            // A place name does not run over a line break.
            let on_line = toks[i + 1..i + most].iter().position(|t| t.line_start).map_or(most, |k| k + 1);
            for n in (1..=on_line).rev() {
                if w.place_lens & place_len_bit(n) == 0 {
                    continue;
                }
                let last = toks[i + n - 1];
                let Some(name) = text.get(t.start..last.end) else { continue };
                if let Some(place) = self.place_by_name.get(name) {
                    out[i] = Some((i + n, *place));
                    break;
                }
            }
        }
        out
    }

    /// Everything the lists say about `word`, written in `case` (the
    /// tokeniser knows it). A lower-case word needs only its trigger bits
    /// (usually no lookup at all, and no call); a capitalised one also its
    /// flags and whether it is a common word.
    #[inline]
    pub fn word_info(&self, word: &str, case: Case) -> WordInfo {
        if case == Case::AsciiLower {
            return WordInfo { trig: self.trigger_bits(word.as_bytes()), ..WordInfo::default() };
        }
        self.word_info_cased(word, case)
    }

    /// The recognisers' trigger bits of a lower-case word.
    #[inline]
    fn trigger_bits(&self, lower: &[u8]) -> u8 {
        match filter_key(lower) {
            Some(k) if self.trigger_filter.get(k).copied().unwrap_or(false) => {
                self.triggers.get(lower).copied().unwrap_or(0)
            }
            _ => 0,
        }
    }

    /// [`Gazetteer::word_info`] of a word that is not plain lower-case ASCII.
    fn word_info_cased(&self, word: &str, case: Case) -> WordInfo {
        let mut info = WordInfo::default();
        let mut buf = [0u8; 32];
        let owned;
        let bytes = word.as_bytes();
        let lower: &[u8] = if word.is_ascii() && word.len() <= buf.len() {
            for (d, b) in buf.iter_mut().zip(bytes) {
                *d = b.to_ascii_lowercase();
            }
            &buf[..word.len()]
        } else {
            owned = word.to_lowercase();
            owned.as_bytes()
        };
        info.trig = self.trigger_bits(lower);
        if case != Case::Capitalised {
            return info;
        }
        // The exact-case lists are all of capitalised words.
        if let Some(&(flags, place_max, place_lens)) = self.exact.get(word) {
            info.flags = flags;
            info.place_max = place_max;
            info.place_lens = place_lens;
        }
        if let Some((head, tail)) = super::tokens::rsplit_hyphen(word) {
            // Not "High-tech": a compound of English words is typed as one.
            let head_lower = head.to_lowercase();
            // "Co-operation", "Pre-incubation": a prefix, not a name.
            let prefix = matches!(
                head_lower.as_str(),
                "co" | "re"
                    | "pre"
                    | "non"
                    | "anti"
                    | "inter"
                    | "multi"
                    | "cross"
                    | "sub"
                    | "semi"
                    | "self"
                    | "post"
                    | "ex"
                    | "e"
            );
            let head_common = prefix || self.is_common_lower(head_lower.as_bytes());
            if !head_common
                && tail.chars().next().is_some_and(char::is_lowercase)
                && tail.len() >= 3
                && self.is_common_lower(tail.as_bytes())
            {
                info.flags |= W_LOWER_TAIL;
            }
        }
        if info.flags & W_COMMON == 0 && self.is_common_lower(lower) {
            info.flags |= W_COMMON;
        }
        if info.flags & W_DEMONYM == 0
            && word.ends_with('s')
            && word.strip_suffix('s').is_some_and(|w| self.exact.get(w).is_some_and(|e| e.0 & W_DEMONYM != 0))
        {
            info.flags |= W_DEMONYM;
        }
        info
    }

    /// `lower` (UTF-8) is a common word, a plural of one, or a compound of them.
    fn is_common_lower(&self, lower: &[u8]) -> bool {
        if self.lower.contains(lower) {
            return true;
        }
        if lower.strip_suffix(b"s").is_some_and(|stem| self.lower.contains(stem)) {
            return true;
        }
        // Abstract nouns the list lacks ("Digitalization", "Connectivity")
        // are not names either.
        const SUFFIXES: &[&str] = &[
            "tion", "tions", "ment", "ments", "ness", "ity", "ities", "ism", "isms", "ology", "ologies",
            "ization", "isation",
        ];
        if lower.len() > 7 && SUFFIXES.iter().any(|s| lower.ends_with(s.as_bytes())) {
            return true;
        }
        if lower.is_ascii() {
            return lower.contains(&b'-')
                && lower.split(|b| *b == b'-').all(|p| !p.is_empty() && self.lower.contains(p));
        }
        let Ok(lower) = std::str::from_utf8(lower) else { return false };
        lower.contains(['-', '\u{2010}', '\u{2011}'])
            && lower
                .split(['-', '\u{2010}', '\u{2011}'])
                .all(|p| !p.is_empty() && self.lower.contains(p.as_bytes()))
    }

    /// The place called exactly `name`.
    pub fn place(&self, name: &str) -> Option<Place> {
        self.place_by_name.get(name).copied()
    }

    pub fn is_known_org(&self, name: &str) -> bool {
        self.known_orgs.contains(name)
    }

    pub fn is_common(&self, word: &str) -> bool {
        self.is_common_lower(word.to_lowercase().as_bytes())
    }

    /// Everything the lists say about a word, working out its case itself.
    #[cfg(test)]
    pub fn info_of(&self, word: &str) -> WordInfo {
        self.word_info(word, Case::of(word))
    }

    #[cfg(test)]
    pub fn is_given_name(&self, word: &str) -> bool {
        self.info_of(word).flags & W_GIVEN != 0
    }

    #[cfg(test)]
    pub fn is_east_asian_surname(&self, word: &str) -> bool {
        self.info_of(word).flags & W_SURNAME != 0
    }

    /// `word` (as written) is an adjective of nationality.
    pub fn is_demonym_word(&self, word: &str) -> bool {
        self.exact.get(word).is_some_and(|e| e.0 & W_DEMONYM != 0)
    }

    #[cfg(test)]
    pub fn is_demonym(&self, word: &str) -> bool {
        self.info_of(word).flags & W_DEMONYM != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_multiword_places_on_word_boundaries() {
        let g = Gazetteer::new();
        let text = "From Hong Kong to South Korea and Southeast Asia, not Chinatowns.";
        let toks = super::super::tokens::tokenize(text);
        let infos: Vec<WordInfo> =
            toks.iter().map(|t| g.word_info(t.text(text), Case::of(t.text(text)))).collect();
        let all: Vec<usize> = (0..toks.len()).collect();
        let found = g.places(text, &toks, &infos, &all);
        // Longest match first; callers skip the tokens a match covers.
        let mut got: Vec<(&str, Label)> = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            match found[i] {
                Some((e, p)) => {
                    got.push((&text[toks[i].start..toks[e - 1].end], p.label));
                    i = e;
                }
                None => i += 1,
            }
        }
        assert_eq!(
            got,
            [("Hong Kong", Label::Gpe), ("South Korea", Label::Gpe), ("Southeast Asia", Label::Loc)]
        );
    }

    /// Every place name of the lists, in running text, is found by the
    /// lookup that tries only the token counts some name has, as by one
    /// that tries every count up to the longest (the lookup before it).
    #[test]
    fn token_count_filter_finds_what_trying_every_count_finds() {
        let g = Gazetteer::new();
        let every_count = |text: &str, toks: &[Token], infos: &[WordInfo]| {
            let t = toks[1];
            let most = usize::from(infos[1].place_max).min(toks.len() - 1);
            (1..=most).rev().find_map(|n| {
                let name = &text[t.start..toks[n].end];
                g.place_by_name.get(name).map(|p| (1 + n, *p))
            })
        };
        let mut names: Vec<&str> = g.place_by_name.keys().copied().collect();
        names.sort_unstable();
        for name in names {
            let text = format!("In {name}, here.");
            let toks = super::super::tokens::tokenize(&text);
            let infos: Vec<WordInfo> =
                toks.iter().map(|t| g.word_info(t.text(&text), Case::of(t.text(&text)))).collect();
            let found = g.places(&text, &toks, &infos, &[1]);
            assert_eq!(found[1], every_count(&text, &toks, &infos), "{name}");
        }
    }

    #[test]
    fn common_words_and_names() {
        let g = Gazetteer::new();
        assert!(g.is_common("Digital") && g.is_common("Solutions") && g.is_common("high-tech"));
        assert!(!g.is_common("Huawei"));
        assert!(g.is_given_name("Albert") && g.is_east_asian_surname("Zhang") && g.is_demonym("Finnish"));
    }
}
