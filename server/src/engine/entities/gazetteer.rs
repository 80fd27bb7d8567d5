//! Word lists compiled into the binary: places (one aho-corasick automaton),
//! common English words, given names, family names, demonyms.
//!
//! The generated lists come from `scripts/gen_gazetteer.py`; the curated ones
//! are edited by hand. See `server/data/gazetteer/README.md`.

use super::fxhash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::super::Label;
use super::tokens::{tokenize, Kind, Token};

const COUNTRIES: &str = include_str!("../../../data/gazetteer/countries.tsv");
const CITIES: &str = include_str!("../../../data/gazetteer/cities.tsv");
const ADMIN1: &str = include_str!("../../../data/gazetteer/admin1.tsv");
const CURATED_GPE: &str = include_str!("../../../data/gazetteer/curated_gpe.txt");
const CURATED_LOC: &str = include_str!("../../../data/gazetteer/curated_loc.txt");
const COMMON_WORDS: &str = include_str!("../../../data/gazetteer/common_words.txt");
const GIVEN_NAMES: &str = include_str!("../../../data/gazetteer/given_names.txt");
const SURNAMES: &str = include_str!("../../../data/gazetteer/surnames_east_asian.txt");
const DEMONYMS: &str = include_str!("../../../data/gazetteer/demonyms.txt");
const ACRONYM_STOP: &str = include_str!("../../../data/gazetteer/acronym_stop.txt");
const KNOWN_ORGS: &str = include_str!("../../../data/gazetteer/curated_orgs.txt");

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

pub struct Gazetteer {
    /// For each first word of a place name, the most tokens a place name
    /// starting with it has.
    place_first_words: HashMap<&'static str, usize>,
    place_by_name: HashMap<&'static str, Place>,
    known_orgs: HashSet<&'static str>,
    common: HashSet<&'static str>,
    given: HashSet<&'static str>,
    surnames: HashSet<&'static str>,
    demonyms: HashSet<&'static str>,
    acronym_stop: HashSet<&'static str>,
}

/// Entries of a list file: one per line, `#` comments, an optional
/// tab-separated flag column.
fn entries(list: &'static str) -> impl Iterator<Item = (&'static str, &'static str)> {
    list.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')).map(|l| {
        let mut parts = l.splitn(2, '\t');
        let name = parts.next().unwrap_or("").trim();
        (name, parts.next().unwrap_or("-").trim())
    })
}

fn set(list: &'static str) -> HashSet<&'static str> {
    entries(list).map(|(n, _)| n).collect()
}

impl Gazetteer {
    pub fn new() -> Self {
        let mut names: Vec<&'static str> = Vec::new();
        let mut info: Vec<Place> = Vec::new();
        let mut seen: HashSet<&'static str> = HashSet::default();
        // Earlier lists win when a name is in several.
        let sources: [(&'static str, Label, bool); 5] = [
            (CURATED_LOC, Label::Loc, false),
            (COUNTRIES, Label::Gpe, true),
            (CURATED_GPE, Label::Gpe, true),
            (ADMIN1, Label::Gpe, false),
            (CITIES, Label::Gpe, false),
        ];
        for (list, label, country) in sources {
            for (name, flag) in entries(list) {
                if name.len() < 2 || !seen.insert(name) {
                    continue;
                }
                names.push(name);
                info.push(Place { label, ambiguous: flag == "a", country });
            }
        }
        let mut place_first_words: HashMap<&'static str, usize> = HashMap::default();
        for name in &names {
            let toks = tokenize(name);
            if let Some(first) = toks.first() {
                let n = place_first_words.entry(first.text(name)).or_insert(0);
                *n = (*n).max(toks.len());
            }
        }
        let place_by_name = names.iter().copied().zip(info.iter().copied()).collect();
        Gazetteer {
            place_first_words,
            place_by_name,
            known_orgs: set(KNOWN_ORGS),
            common: set(COMMON_WORDS),
            given: set(GIVEN_NAMES),
            surnames: set(SURNAMES),
            demonyms: set(DEMONYMS),
            acronym_stop: set(ACRONYM_STOP),
        }
    }

    /// Place names over tokens: for each token that starts one, the end
    /// (exclusive token index) of the longest, and the place.
    pub fn places(&self, text: &str, toks: &[Token]) -> Vec<Option<(usize, Place)>> {
        let mut out = vec![None; toks.len()];
        for (i, t) in toks.iter().enumerate() {
            if t.kind != Kind::Word || !t.text(text).chars().next().is_some_and(char::is_uppercase) {
                continue;
            }
            let Some(&most) = self.place_first_words.get(t.text(text)) else { continue };
            for n in (1..=most.min(toks.len() - i)).rev() {
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

    /// `word` (any case) is a common English word, also as a plural or when
    /// every part of a hyphenated compound is one.
    pub fn is_common(&self, word: &str) -> bool {
        if word.contains(['-', '\u{2010}', '\u{2011}']) {
            return word.split(['-', '\u{2010}', '\u{2011}']).all(|p| !p.is_empty() && self.is_common_simple(p));
        }
        self.is_common_simple(word)
    }

    fn is_common_simple(&self, word: &str) -> bool {
        let mut buf = [0u8; 32];
        if word.is_ascii() && word.len() <= buf.len() {
            for (d, b) in buf.iter_mut().zip(word.as_bytes()) {
                *d = b.to_ascii_lowercase();
            }
            let lower = std::str::from_utf8(&buf[..word.len()]).unwrap_or("");
            return self.common.contains(lower) || lower.strip_suffix('s').is_some_and(|stem| self.common.contains(stem));
        }
        let lower = word.to_lowercase();
        if self.common.contains(lower.as_str()) {
            return true;
        }
        lower.strip_suffix('s').is_some_and(|stem| self.common.contains(stem))
    }

    /// The place called exactly `name`.
    pub fn place(&self, name: &str) -> Option<Place> {
        self.place_by_name.get(name).copied()
    }

    pub fn is_known_org(&self, name: &str) -> bool {
        self.known_orgs.contains(name)
    }

    pub fn is_given_name(&self, word: &str) -> bool {
        self.given.contains(word)
    }

    pub fn is_east_asian_surname(&self, word: &str) -> bool {
        self.surnames.contains(word)
    }

    pub fn is_demonym(&self, word: &str) -> bool {
        self.demonyms.contains(word) || word.strip_suffix('s').is_some_and(|w| self.demonyms.contains(w))
    }

    pub fn is_acronym_stopword(&self, word: &str) -> bool {
        self.acronym_stop.contains(word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_multiword_places_on_word_boundaries() {
        let g = Gazetteer::new();
        let text = "From Hong Kong to South Korea and Southeast Asia, not Chinatowns.";
        let toks = tokenize(text);
        let found = g.places(text, &toks);
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
        assert_eq!(got, [("Hong Kong", Label::Gpe), ("South Korea", Label::Gpe), ("Southeast Asia", Label::Loc)]);
    }

    #[test]
    fn common_words_and_names() {
        let g = Gazetteer::new();
        assert!(g.is_common("Digital") && g.is_common("Solutions") && g.is_common("high-tech"));
        assert!(!g.is_common("Huawei"));
        assert!(g.is_given_name("Albert") && g.is_east_asian_surname("Zhang") && g.is_demonym("Finnish"));
    }
}
