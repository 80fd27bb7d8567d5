//! The words several recognisers share, each written down once, so that an
//! entity rule and a clause rule can never disagree about them: the legal
//! forms that end a company's name, the nouns that name a cooperation
//! instrument, the verbs that sign one.
//!
//! Where recognisers use a word differently, the difference is an attribute
//! of its entry here (`charter` names an instrument as the object of a
//! signing verb only), never a second list. Rules read these lists or the
//! tables built from them; they keep no copies.

use std::sync::LazyLock;

/// A company-name ending: a legal form (`Ltd`, `GmbH`) or a company word
/// that a short name leaves out too (`Group`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CompanyEnding {
    /// As written (case matters: `plc`, `PLC` and `Plc` are three entries).
    pub word: &'static str,
    pub kind: EndingKind,
    /// `ENDING_*` bits.
    pub traits: u8,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndingKind {
    /// A legal form: it makes the name an organisation's by itself.
    LegalForm,
    /// A company word (`Group`, `Holdings`): an organisation only after a
    /// clear name (the names rules' weak organisation heads).
    CompanyWord,
}

/// A company named once with this ending is named later without it
/// (`Technopolis Plc` … `Technopolis`).
pub const ENDING_DROPPED: u8 = 1;
/// Written with an abbreviation period that belongs to the name (`Co.`, `Ltd.`).
pub const ENDING_PERIOD: u8 = 2;
/// May follow the name after a comma (`Tuspark Co., Ltd.`); compared
/// without regard to case.
pub const ENDING_AFTER_COMMA: u8 = 4;

const fn legal(word: &'static str, traits: u8) -> CompanyEnding {
    CompanyEnding { word, kind: EndingKind::LegalForm, traits }
}

const fn company(word: &'static str, traits: u8) -> CompanyEnding {
    CompanyEnding { word, kind: EndingKind::CompanyWord, traits }
}

const D: u8 = ENDING_DROPPED;
const P: u8 = ENDING_PERIOD;
const C: u8 = ENDING_AFTER_COMMA;

pub const COMPANY_ENDINGS: &[CompanyEnding] = &[
    legal("Plc", D | P | C),
    legal("PLC", D),
    legal("plc", D),
    legal("Ltd", D | P | C),
    legal("Limited", D | C),
    legal("Inc", D | P | C),
    legal("Incorporated", D),
    legal("Corp", D | P),
    legal("Corporation", D),
    legal("Co", D | P),
    legal("Company", 0),
    legal("LLC", D | C),
    legal("LLP", 0),
    legal("Sdn", 0),
    legal("Tbk", 0),
    legal("JSC", 0),
    legal("PJSC", 0),
    legal("OAO", 0),
    legal("OOO", 0),
    legal("ZAO", 0),
    legal("KGaA", 0),
    legal("Kft", 0),
    legal("Zrt", 0),
    legal("Sp", 0),
    legal("AS", 0),
    legal("A/S", 0),
    legal("ApS", 0),
    legal("Pvt", 0),
    legal("GmbH", D),
    legal("AG", D),
    legal("S.A.", 0),
    legal("N.V.", 0),
    legal("B.V.", 0),
    legal("Oy", D),
    legal("Oyj", D),
    legal("ASA", D),
    legal("Bhd", D | P | C),
    legal("Berhad", D),
    legal("Pte", D | P),
    legal("Pty", D | P),
    legal("SpA", D),
    legal("S.p.A.", 0),
    legal("Srl", 0),
    company("Group", D),
    company("Holdings", D),
];

fn ending(word: &str) -> Option<&'static CompanyEnding> {
    // Endings are short: most words are rejected by their length alone.
    if word.len() > 12 {
        return None;
    }
    COMPANY_ENDINGS.iter().find(|e| e.word == word)
}

/// `word` (as written) is a legal form.
pub fn is_legal_form(word: &str) -> bool {
    ending(word).is_some_and(|e| e.kind == EndingKind::LegalForm)
}

/// `word` (as written) is an ending with all the `traits` bits.
pub fn ending_has(word: &str, traits: u8) -> bool {
    ending(word).is_some_and(|e| e.traits & traits == traits)
}

/// `word` is an ending that may follow a name after a comma, in any case.
pub fn follows_after_comma(word: &str) -> bool {
    COMPANY_ENDINGS.iter().any(|e| e.traits & ENDING_AFTER_COMMA != 0 && e.word.eq_ignore_ascii_case(word))
}

/// The endings of `kind`, as written.
pub fn endings(kind: EndingKind) -> impl Iterator<Item = &'static str> {
    COMPANY_ENDINGS.iter().filter(move |e| e.kind == kind).map(|e| e.word)
}

/// What it takes for an instrument noun to name an instrument.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Names {
    /// Always: `agreement`, `accord`, `treaty`.
    Alone,
    /// An acronym: only in capitals (`MOU`, `MoU`, `MOA`, `LOI` (letter of
    /// intent); `mou` is no word).
    Acronym,
    /// Alone, and with its complement when one follows (`memorandum of
    /// understanding`).
    OptionalComplement(&'static [&'static str]),
    /// Only with its complement: `letter of intent`.
    Complement(&'static [&'static str]),
    /// Unless it is a sale (`deals worth $3 million`) or a verb (`to deal with`).
    UnlessASale,
    /// Only as the object of a signing verb: `signed a charter` (a
    /// `document` or a `convention` is mostly something else).
    AsSignedObject,
}

/// A noun that names a formal cooperation instrument, in all its forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Instrument {
    /// Lower case; matched without regard to case.
    pub forms: &'static [&'static str],
    pub names: Names,
}

/// The complements after `memorandum of`.
const MEMORANDUM_OF: &[&str] =
    &["understanding", "cooperation", "co-operation", "agreement", "intent", "collaboration"];
/// The complements after `letter of`.
const LETTER_OF: &[&str] = &["intent", "cooperation", "understanding"];

/// The instrument nouns: the entity rules make AGREEMENT spans of them, the
/// clause rules read them as the instrument a sentence is about (signed,
/// providing for, bringing about …).
pub const INSTRUMENTS: &[Instrument] = &[
    Instrument { forms: &["agreement", "agreements"], names: Names::Alone },
    Instrument { forms: &["accord", "accords"], names: Names::Alone },
    Instrument { forms: &["pact", "pacts"], names: Names::Alone },
    Instrument { forms: &["treaty", "treaties"], names: Names::Alone },
    Instrument { forms: &["declaration", "declarations"], names: Names::Alone },
    Instrument { forms: &["communique", "communiques", "communiqué", "communiqués"], names: Names::Alone },
    Instrument { forms: &["mou", "mous", "moa", "moas", "loi", "lois"], names: Names::Acronym },
    Instrument {
        forms: &["memorandum", "memoranda", "memorandums"],
        names: Names::OptionalComplement(MEMORANDUM_OF),
    },
    Instrument { forms: &["letter", "letters"], names: Names::Complement(LETTER_OF) },
    Instrument { forms: &["deal", "deals"], names: Names::UnlessASale },
    Instrument {
        forms: &[
            "charter",
            "charters",
            "protocol",
            "protocols",
            "document",
            "documents",
            "convention",
            "conventions",
        ],
        names: Names::AsSignedObject,
    },
];

/// The instrument one of whose forms `word` is (any case).
pub fn instrument(word: &str) -> Option<&'static Instrument> {
    static INDEX: LazyLock<Index<&'static Instrument>> =
        LazyLock::new(|| Index::new(INSTRUMENTS.iter().flat_map(|i| i.forms.iter().map(move |f| (*f, i)))));
    INDEX.get(word).copied()
}

/// `word` names an instrument by itself, without a complement (any case):
/// the nouns that can be the subject of a sentence about the instrument.
pub fn is_instrument_word(word: &str) -> bool {
    instrument(word).is_some_and(|i| !matches!(i.names, Names::Complement(_)))
}

/// Every form as a clause trigger: the words, and `letter of intent` for
/// the nouns that need their complement.
pub fn instrument_phrases() -> Vec<String> {
    let mut out = Vec::new();
    for i in INSTRUMENTS {
        for form in i.forms {
            match i.names {
                Names::Complement(complements) => {
                    out.extend(complements.iter().map(|c| format!("{form} of {c}")));
                }
                _ => out.push(form.to_string()),
            }
        }
    }
    out
}

/// Words right after an instrument noun that make it a sale, not a
/// cooperation agreement (`deals worth $3 million`, `deal flow`).
pub const SALE_WORDS: &[&str] =
    &["worth", "valued", "totaling", "totalling", "flow", "flows", "size", "sizes", "value", "making"];

/// How a signing verb is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signs {
    /// Signing proper: also takes a partnership as object (`inked a
    /// partnership`).
    Proper,
    /// Concluding, adopting, renewing … an instrument.
    Concludes,
    /// `agree`, `agreed`: an instrument as its object (`agreed a charter`)
    /// makes it one; the clause rules read `agreed to`/`agreed on` as a frame
    /// of its own (`Cue::AgreeTo`) rather than as a signing verb.
    Agrees,
}

/// A verb that concludes an instrument, in its forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SigningVerb {
    /// Lower case, one or two words (`enter into`).
    pub forms: &'static [&'static str],
    pub signs: Signs,
}

pub const SIGNING_VERBS: &[SigningVerb] = &[
    SigningVerb { forms: &["sign", "signs", "signed", "signing"], signs: Signs::Proper },
    SigningVerb { forms: &["ink", "inks", "inked", "inking"], signs: Signs::Proper },
    SigningVerb { forms: &["seal", "seals", "sealed", "sealing"], signs: Signs::Proper },
    SigningVerb { forms: &["conclude", "concludes", "concluded", "concluding"], signs: Signs::Concludes },
    SigningVerb { forms: &["ratify", "ratifies", "ratified"], signs: Signs::Concludes },
    SigningVerb { forms: &["endorse", "endorses", "endorsed"], signs: Signs::Concludes },
    SigningVerb { forms: &["approve", "approves", "approved"], signs: Signs::Concludes },
    SigningVerb { forms: &["pass", "passes", "passed"], signs: Signs::Concludes },
    SigningVerb { forms: &["adopt", "adopts", "adopted"], signs: Signs::Concludes },
    SigningVerb {
        forms: &["enter into", "enters into", "entered into", "entering into"],
        signs: Signs::Concludes,
    },
    SigningVerb { forms: &["strike", "strikes", "struck"], signs: Signs::Concludes },
    SigningVerb { forms: &["finalise", "finalised", "finalize", "finalized"], signs: Signs::Concludes },
    SigningVerb { forms: &["renew", "renews", "renewed"], signs: Signs::Concludes },
    SigningVerb { forms: &["exchanged"], signs: Signs::Concludes },
    SigningVerb { forms: &["reach", "reaches", "reached", "reaching"], signs: Signs::Concludes },
    SigningVerb { forms: &["agree", "agreed"], signs: Signs::Agrees },
];

/// How the signing verb whose form is `form` (one or two words, any case) signs.
pub fn signing_verb(form: &str) -> Option<Signs> {
    static INDEX: LazyLock<Index<Signs>> = LazyLock::new(|| {
        Index::new(SIGNING_VERBS.iter().flat_map(|v| v.forms.iter().map(move |f| (*f, v.signs))))
    });
    // The forms are ASCII and compared without regard to ASCII case only: a
    // word with other characters is none of them (Unicode lower-casing, which
    // the index uses for such words, would turn a Kelvin sign into `k`).
    if !form.is_ascii() {
        return None;
    }
    INDEX.get(form).copied()
}

/// The two-word signing forms split at their first space (`entered`,
/// `into`), in the order of [`SIGNING_VERBS`].
fn signing_pairs() -> &'static [(&'static str, &'static str, Signs)] {
    static PAIRS: LazyLock<Vec<(&'static str, &'static str, Signs)>> = LazyLock::new(|| {
        let forms = SIGNING_VERBS.iter().flat_map(|v| v.forms.iter().map(move |f| (*f, v.signs)));
        forms.filter_map(|(f, signs)| f.split_once(' ').map(|(a, b)| (a, b, signs))).collect()
    });
    &PAIRS
}

/// A signing verb ends at `word` (after `previous`): `signed`, `entered into`.
pub fn signing_verb_ends(previous: &str, word: &str) -> Option<Signs> {
    // Every word of every sentence with an agreement in it is asked
    // (relations/instrument.rs): indexed, not a scan of every form.
    signing_verb(word).or_else(|| {
        let pairs = signing_pairs().iter();
        pairs.filter(|(_, b, _)| b.len() == word.len()).find_map(|&(a, b, signs)| {
            (a.eq_ignore_ascii_case(previous) && b.eq_ignore_ascii_case(word)).then_some(signs)
        })
    })
}

/// A verb that reports speech, and what it says of its subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportingVerb {
    pub word: &'static str,
    /// `REPORT_*` bits.
    pub traits: u8,
}

/// Only a person does it (`X said`, `X explained`): a cue that X is a
/// person. Organisations announce, confirm and warn too.
pub const REPORT_BY_PERSON: u8 = 1;
/// Also written before its speaker: `said X`.
pub const REPORT_INVERTED: u8 = 2;

const fn report(word: &'static str, traits: u8) -> ReportingVerb {
    ReportingVerb { word, traits }
}

const PS: u8 = REPORT_BY_PERSON;
const PI: u8 = REPORT_BY_PERSON | REPORT_INVERTED;

/// The reporting verbs: a person cue after a name (entities/persons.rs), a
/// verb that lets a learnt name be found again (link), a label that
/// introduces speech rather than a list item (clauses/lists.rs), the verb
/// that makes `it` its speaker (clauses/subject.rs).
pub const REPORTING_VERBS: &[ReportingVerb] = &[
    report("said", PI),
    report("says", PI),
    report("noted", PI),
    report("notes", PS),
    report("added", PI),
    report("adds", PS),
    report("told", PS),
    report("explained", PI),
    report("explains", PS),
    report("emphasized", PS),
    report("emphasised", PS),
    report("stressed", PS),
    report("argued", PS),
    report("mentioned", PS),
    report("stated", PS),
    report("commented", PS),
    report("remarked", PS),
    report("observed", PS),
    report("recalled", PS),
    report("pointed", PS),
    report("believes", PS),
    report("thinks", PS),
    report("urged", PS),
    report("insisted", PS),
    report("acknowledged", PS),
    report("admitted", PS),
    report("revealed", PS),
    report("highlighted", PS),
    report("expressed", PS),
    report("underlined", PS),
    report("underscored", PS),
    report("asked", PI),
    report("answered", PS),
    report("replied", PS),
    report("wrote", PS),
    report("spoke", PS),
    report("warned", 0),
    report("suggested", 0),
    report("announced", 0),
    report("confirmed", 0),
    report("read", 0),
    report("reads", 0),
];

/// `word` (any case) is a reporting verb with all the `traits` bits.
pub fn is_reporting(word: &str, traits: u8) -> bool {
    static INDEX: LazyLock<Index<u8>> =
        LazyLock::new(|| Index::new(REPORTING_VERBS.iter().map(|v| (v.word, v.traits))));
    INDEX.get(word).is_some_and(|t| t & traits == traits)
}

/// A lexicon list indexed for lookups without regard to case: the rules
/// look words up around every cue of a text, so a lookup goes straight to
/// the few words with the same first letter, compares lengths, and only for
/// a word of the right length lower-cases it (into a stack buffer) and
/// compares it.
struct Index<T> {
    /// Lower-case words with their entries, grouped by first byte.
    words: Vec<(&'static str, T)>,
    /// By lower-case first byte: the range of `words` that start with it.
    by_first: Vec<(u16, u16)>,
}

impl<T> Index<T> {
    fn new(entries: impl Iterator<Item = (&'static str, T)>) -> Self {
        let mut words: Vec<(&'static str, T)> = entries.collect();
        words.sort_by(|a, b| a.0.cmp(b.0));
        let mut by_first = vec![(0u16, 0u16); 256];
        for (i, (w, _)) in words.iter().enumerate() {
            let i = u16::try_from(i).unwrap_or(u16::MAX);
            let range = &mut by_first[usize::from(w.as_bytes().first().copied().unwrap_or(0))];
            if range.0 == range.1 {
                *range = (i, i);
            }
            range.1 = i.saturating_add(1);
        }
        Index { words, by_first }
    }

    fn get(&self, word: &str) -> Option<&T> {
        let first = word.as_bytes().first()?.to_ascii_lowercase();
        let &(from, to) = self.by_first.get(usize::from(first))?;
        let bucket = self.words.get(usize::from(from)..usize::from(to))?;
        if word.is_ascii() {
            return bucket
                .iter()
                .find(|(w, _)| w.len() == word.len() && w.eq_ignore_ascii_case(word))
                .map(|(_, t)| t);
        }
        let lower = word.to_lowercase();
        bucket.iter().find(|(w, _)| *w == lower).map(|(_, t)| t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain scans the indexed look-ups replaced: the oracle.
    fn signing_verb_scan(form: &str) -> Option<Signs> {
        SIGNING_VERBS.iter().find(|v| v.forms.iter().any(|f| f.eq_ignore_ascii_case(form))).map(|v| v.signs)
    }

    fn signing_verb_ends_scan(previous: &str, word: &str) -> Option<Signs> {
        signing_verb_scan(word).or_else(|| {
            let two = SIGNING_VERBS.iter().flat_map(|v| v.forms.iter().map(move |f| (f, v.signs)));
            two.filter(|(f, _)| f.contains(' ')).find_map(|(f, signs)| {
                let (a, b) = f.split_once(' ')?;
                (a.eq_ignore_ascii_case(previous) && b.eq_ignore_ascii_case(word)).then_some(signs)
            })
        })
    }

    #[test]
    fn indexed_signing_verbs_answer_as_the_plain_scan() {
        let mut words: Vec<String> = vec!["".into(), "into".into(), "they".into(), "the".into(), "K".into()];
        for v in SIGNING_VERBS {
            for f in v.forms {
                assert!(f.is_ascii());
                for part in f.split(' ').chain([*f]) {
                    words.push(part.to_string());
                    words.push(part.to_uppercase());
                    words.push(part[..1].to_uppercase() + &part[1..]);
                    words.push(format!("{part}x"));
                    words.push(part[..part.len() - 1].to_string());
                    // A Kelvin sign lower-cases to `k` in Unicode, not in ASCII.
                    words.push(part.replace('k', "\u{212A}"));
                    words.push(part.replace('i', "\u{130}"));
                }
            }
        }
        for word in &words {
            assert_eq!(signing_verb(word), signing_verb_scan(word), "{word:?}");
            for previous in &words {
                assert_eq!(
                    signing_verb_ends(previous, word),
                    signing_verb_ends_scan(previous, word),
                    "{previous:?} {word:?}"
                );
            }
        }
    }

    #[test]
    fn every_word_is_in_one_entry_of_its_list_in_lower_case() {
        let mut seen = std::collections::HashSet::new();
        for form in INSTRUMENTS.iter().flat_map(|i| i.forms).chain(SIGNING_VERBS.iter().flat_map(|v| v.forms))
        {
            assert!(seen.insert(*form), "{form} twice");
            assert_eq!(form.to_lowercase(), *form);
        }
        let mut seen = std::collections::HashSet::new();
        for e in COMPANY_ENDINGS {
            assert!(seen.insert(e.word), "{} twice", e.word);
        }
    }

    /// The entity and the clause rules read every instrument noun and every
    /// signing verb alike: `<verb> a <noun>` is an AGREEMENT in a SIGNING
    /// sentence, whichever noun and verb of the lexicon.
    #[test]
    fn entity_and_clause_rules_agree_on_every_instrument_and_signing_verb() {
        use crate::Label;
        let nouns = INSTRUMENTS.iter().flat_map(|i| {
            i.forms.iter().map(move |f| match i.names {
                Names::Acronym => f.to_uppercase(),
                Names::Complement(c) => format!("{f} of {}", c[0]),
                _ => f.to_string(),
            })
        });
        let verbs = SIGNING_VERBS.iter().filter(|v| v.signs != Signs::Agrees).map(|v| {
            // The past tense (or the one form there is).
            v.forms.iter().find(|f| f.ends_with("ed") || f.contains("ed ")).unwrap_or(&v.forms[0])
        });
        let pairs = nouns.map(|n| (n, "signed")).chain(verbs.map(|v| ("agreement".to_string(), *v)));
        for (noun, verb) in pairs {
            let text = format!("The two parks {verb} a {noun} on Monday.");
            let spans = crate::testing::annotate_with(&text, Default::default());
            let labelled =
                |l: Label, t: &str| spans.iter().any(|s| s.label == l && &text[s.start..s.end] == t);
            assert!(labelled(Label::Agreement, &noun), "{text}: no AGREEMENT {noun:?} in {spans:?}");
            assert!(labelled(Label::Signing, &text), "{text}: no SIGNING in {spans:?}");
        }
    }

    #[test]
    fn instruments_and_signing_verbs() {
        assert_eq!(instrument("MOA").map(|i| i.names), Some(Names::Acronym));
        assert!(is_instrument_word("Communiqué") && !is_instrument_word("letter"));
        let phrases = instrument_phrases();
        assert!(
            phrases.contains(&"letter of intent".to_string()) && !phrases.contains(&"letter".to_string())
        );
        assert_eq!(signing_verb_ends("entered", "into"), Some(Signs::Concludes));
        assert_eq!(signing_verb_ends("the", "inked"), Some(Signs::Proper));
        assert_eq!(signing_verb_ends("they", "into"), None);
        assert!(is_legal_form("GmbH") && ending_has("Ltd", ENDING_PERIOD | ENDING_AFTER_COMMA));
        assert!(follows_after_comma("LTD") && !follows_after_comma("GmbH"));
    }
}
