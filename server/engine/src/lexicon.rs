//! The words several recognisers share, each written down once, so that an
//! entity rule and a clause rule can never disagree about them: the legal
//! forms that end a company's name, the nouns that name a cooperation
//! instrument, the verbs that sign one.
//!
//! Where recognisers use a word differently, the difference is an attribute
//! of its entry here (`charter` names an instrument as the object of a
//! signing verb only), never a second list. Rules read these lists or the
//! tables built from them; they keep no copies.

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
