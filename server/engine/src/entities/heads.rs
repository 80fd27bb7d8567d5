//! Head words that decide what a capitalised name is: `… Science Park` is a
//! PARK, `… Ltd` an ORG, `… Fair` an EVENT; and words that never start a
//! name (function words, honorifics).

use std::sync::OnceLock;

use super::super::lexicon::{self, EndingKind};
use super::super::rules::RuleId;
use super::fxhash::FxHashMap;

/// What a head word makes of the name it ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Head {
    Park,
    /// Legal suffixes and unambiguous institution words.
    Org,
    /// Words that name organisations only after a clear name (`Marvel
    /// Studios`, not `Digital Solutions` in a headline).
    WeakOrg,
    Event,
    /// Natural features: rivers, seas, mountains (LOC).
    Loc,
}

const PARK_HEADS: &[&str] = &[
    "Park",
    "Zone",
    "Technopolis",
    "Technopark",
    "Technopole",
    "Technoparc",
    "Innopolis",
    "Valley",
    "Incubator",
    "Corridor",
    "Science-Park",
    "Sciencepark",
    "Techpark",
];
/// Institution words: an organisation's head besides the legal forms of
/// the lexicon (`lexicon::COMPANY_ENDINGS`).
const INSTITUTION_HEADS: &[&str] = &[
    "University",
    "Universiti",
    "Universidad",
    "Université",
    "College",
    "Institute",
    "Institution",
    "Academy",
    "Ministry",
    "Department",
    "Agency",
    "Authority",
    "Council",
    "Commission",
    "Committee",
    "Bureau",
    "Administration",
    "Bank",
    "Fund",
    "Foundation",
    "Association",
    "Society",
    "Federation",
    "Union",
    "Alliance",
    "Consortium",
    "Party",
    "Chamber",
    "Embassy",
    "Consulate",
    "Municipality",
    "Hospital",
    "Laboratory",
    "Laboratories",
    "Observatory",
    "Museum",
    "Organisation",
    "Organization",
    "Secretariat",
    "Cooperative",
    "Polytechnic",
    "Conservatory",
    "Board",
];
/// Besides the company words of the lexicon (`Group`, `Holdings`).
const WEAK_ORG_HEADS: &[&str] = &[
    "Holding",
    "Partners",
    "Ventures",
    "Capital",
    "Technologies",
    "Systems",
    "Labs",
    "Energy",
    "Telecom",
    "Communications",
    "Robotics",
    "Semiconductor",
    "Semiconductors",
    "Software",
    "Media",
    "Solutions",
    "Services",
    "Network",
    "Studios",
    "Studio",
    "Press",
    "Times",
    "Post",
    "Daily",
    "News",
    "Herald",
    "Tribune",
    "Gazette",
    "Journal",
    "Telegraph",
    "Chronicle",
    "Magazine",
    "Weekly",
    "Office",
    "Industries",
    "Enterprises",
    "Electronics",
    "Motors",
    "Airlines",
    "Airways",
    "Pharma",
    "Pharmaceuticals",
    "Biotech",
    "Exchange",
    "Centre",
    "Center",
    "School",
    "Investments",
    "Consulting",
    "Logistics",
    "Insurance",
    "Securities",
    "Trust",
    "Broadcasting",
    "Institutes",
];
const LOC_HEADS: &[&str] = &[
    "River",
    "Sea",
    "Ocean",
    "Mountains",
    "Peninsula",
    "Desert",
    "Delta",
    "Basin",
    "Plateau",
    "Strait",
    "Straits",
    "Lake",
    "Gulf",
    "Archipelago",
    "Highlands",
];
const EVENT_HEADS: &[&str] = &[
    "Fair",
    "Forum",
    "Summit",
    "Expo",
    "EXPO",
    "Conference",
    "Congress",
    "Week",
    "Festival",
    "Exhibition",
    "Symposium",
    "Convention",
    "Olympics",
    "Games",
    "Awards",
    "Hackathon",
    "Roadshow",
    "Dialogue",
    "Championship",
    "Championships",
    "Cup",
    "Biennale",
    "Showcase",
];
/// Words before `Centre`/`Center`/`City`/`Hub`/`District` that make it a park.
const PARK_CENTRE_MODIFIERS: &[&str] = &[
    "Innovation",
    "Technology",
    "Science",
    "Tech",
    "Hi-Tech",
    "High-Tech",
    "Nano",
    "Startup",
    "Start-up",
    "Incubation",
    "Knowledge",
    "Internet",
    "Software",
    "Silicon",
    "Research",
];
/// (What [`is_park_centre`] matches; the test checks they agree.)
#[cfg(test)]
const PARK_CENTRES: &[&str] =
    &["Centre", "Center", "City", "Hub", "District", "Campus", "Cluster", "Town", "Base"];
/// Words that say nothing about which park a park name names.
pub const GENERIC_PARK_WORDS: &[&str] = &[
    "Science",
    "Sciences",
    "Technology",
    "Technologies",
    "Tech",
    "Hi-Tech",
    "High-Tech",
    "Hi-tech",
    "High-tech",
    "Hi",
    "High",
    "Industrial",
    "Industries",
    "Industry",
    "Development",
    "Business",
    "Research",
    "Innovation",
    "Software",
    "Economic",
    "Free",
    "Trade",
    "Export",
    "Processing",
    "Knowledge",
    "Eco",
    "Ecological",
    "Technological",
    "International",
    "National",
    "New",
    "Digital",
    "Bio",
    "Biotech",
    "Medical",
    "Creative",
    "Cultural",
    "Logistics",
    "Special",
    "Zone",
    "Park",
    "Parks",
    "and",
    "&",
    "of",
    "Scientific",
    "Global",
    "Major",
    "Largest",
    "First",
    "Tech-Park",
    "Science-Tech",
    "Technology-Industrial",
    "Advanced",
    "Innovative",
    "Smart",
    "Startup",
    "Centre",
    "Center",
    "City",
    "Hub",
    "District",
    "Campus",
    "Town",
    "Base",
    "Nano",
    "Internet",
    "Silicon",
    "Incubation",
    "Start-up",
    "Cluster",
    "Corridor",
    "Valley",
    "Agricultural",
    "Industrial-Park",
    "Green",
    "Energy",
    "Environmental",
    "Sister",
];
/// Words that open an organisation's name before `of`/`for`: `Ministry of
/// Home Affairs`, `Bank of China`, `Forum for Asia`.
pub const HEAD_FIRST: &[&str] = &[
    "Ministry",
    "University",
    "Bank",
    "Institute",
    "Academy",
    "Department",
    "Embassy",
    "Council",
    "Chamber",
    "Federation",
    "Association",
    "Agency",
    "Commission",
    "Office",
    "Bureau",
    "College",
    "School",
    "Museum",
    "Municipality",
    "Consulate",
    "Society",
    "Foundation",
    "Centre",
    "Center",
    "Board",
    "Court",
    "Secretariat",
    "Conference",
    "Forum",
    "Congress",
    "Organisation",
    "Organization",
    "Fund",
    "League",
    "Union",
    "Federal",
];
/// Park words that open a park's name in Romance languages: `Parque
/// Tecnológico de Andalucía`, `Parc Científic de Barcelona`.
pub const PARK_FIRST: &[&str] =
    &["Parque", "Parc", "Parco", "Polo", "Tecnopolo", "Technopôle", "Tecnópolis", "Parcul", "Park"];
/// Administrative units written after a place's name; the unit stays out
/// of the GPE span (`Gyeonggi Province` → `Gyeonggi`).
pub const ADMIN_UNITS: &[&str] = &[
    "Province",
    "Prefecture",
    "Oblast",
    "Governorate",
    "County",
    "District",
    "Region",
    "Municipality",
    "Krai",
    "Canton",
];

/// Capitalised function words and sentence adverbs that never start a name.
pub const FUNCTION_WORDS: &[&str] = &[
    "The",
    "A",
    "An",
    "This",
    "These",
    "That",
    "Those",
    "Both",
    "Meanwhile",
    "Yesterday",
    "Today",
    "Clearly",
    "Also",
    "And",
    "But",
    "Or",
    "In",
    "At",
    "On",
    "For",
    "With",
    "From",
    "By",
    "As",
    "When",
    "While",
    "After",
    "Before",
    "Since",
    "Under",
    "Through",
    "Its",
    "Their",
    "His",
    "Her",
    "Our",
    "Your",
    "My",
    "All",
    "Each",
    "Every",
    "Some",
    "Many",
    "Most",
    "Other",
    "Another",
    "It",
    "We",
    "They",
    "He",
    "She",
    "I",
    "You",
    "If",
    "So",
    "Then",
    "Thus",
    "However",
    "Moreover",
    "Furthermore",
    "Additionally",
    "Currently",
    "Now",
    "Here",
    "There",
    "What",
    "Which",
    "Who",
    "Where",
    "Why",
    "How",
    "Such",
    "Apart",
    "Besides",
    "Among",
    "Between",
    "During",
    "Within",
    "Without",
    "Via",
    "According",
    "Following",
    "Recently",
    "Last",
    "Next",
    "Earlier",
    "Later",
    "Over",
    "About",
    "Around",
    "Into",
    "Upon",
    "Despite",
    "Although",
    "Though",
    "Because",
    "Whether",
    "Unlike",
    "Like",
    "Including",
    "Regarding",
    "Dear",
    "Please",
    "Photo",
    "Source",
    "Author",
    "Date",
    "Read",
    "More",
    "See",
    "Click",
    "Share",
    "Tags",
];
pub const HONORIFICS: &[&str] = &[
    "Mr",
    "Mrs",
    "Ms",
    "Miss",
    "Dr",
    "Prof",
    "Professor",
    "Sir",
    "Dame",
    "Madam",
    "Mdm",
    "Datuk",
    "Dato",
    "Tun",
    "Lord",
    "Lady",
    "Mx",
    "Messrs",
    "Academician",
    "Col",
    "Capt",
    "Maj",
    "Lt",
    "Brig",
    "Adm",
    "Hon",
    "Rev",
    "Cdr",
];

/// The head words by text, with a filter in front: per length, the first
/// and the last bytes of the words (each folded to its low six bits). Most
/// capitalised words are no head, and the filter turns nearly all of them
/// away without hashing them.
struct HeadTable {
    words: FxHashMap<&'static str, Head>,
    first: [u64; 32],
    last: [u64; 32],
}

impl HeadTable {
    fn get(&self, word: &str) -> Option<Head> {
        let b = word.as_bytes();
        let (&f, &l) = (b.first()?, b.last()?);
        let n = b.len().min(31);
        if self.first[n] & (1 << (f & 63)) == 0 || self.last[n] & (1 << (l & 63)) == 0 {
            return None;
        }
        self.words.get(word).copied()
    }
}

fn head_table() -> &'static HeadTable {
    static TABLE: OnceLock<HeadTable> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = FxHashMap::default();
        // Later lists do not override earlier ones.
        let legal = lexicon::endings(EndingKind::LegalForm);
        let company = lexicon::endings(EndingKind::CompanyWord);
        let lists: [(Box<dyn Iterator<Item = &'static str>>, Head); 7] = [
            (Box::new(PARK_HEADS.iter().copied()), Head::Park),
            (Box::new(legal), Head::Org),
            (Box::new(INSTITUTION_HEADS.iter().copied()), Head::Org),
            (Box::new(company), Head::WeakOrg),
            (Box::new(WEAK_ORG_HEADS.iter().copied()), Head::WeakOrg),
            (Box::new(EVENT_HEADS.iter().copied()), Head::Event),
            (Box::new(LOC_HEADS.iter().copied()), Head::Loc),
        ];
        for (list, head) in lists {
            for w in list {
                t.entry(w).or_insert(head);
            }
        }
        let (mut first, mut last) = ([0u64; 32], [0u64; 32]);
        for w in t.keys() {
            let b = w.as_bytes();
            if let (Some(&f), Some(&l)) = (b.first(), b.last()) {
                let n = b.len().min(31);
                first[n] |= 1 << (f & 63);
                last[n] |= 1 << (l & 63);
            }
        }
        HeadTable { words: t, first, last }
    })
}

/// One of [`PARK_CENTRES`] (a `match`: cheaper than reading the list for
/// every capitalised word).
fn is_park_centre(word: &str) -> bool {
    matches!(word, "Centre" | "Center" | "City" | "Hub" | "District" | "Campus" | "Cluster" | "Town" | "Base")
}

/// The head a token is, given the token before it in the name.
pub fn head_of(word: &str, prev: Option<&str>) -> Option<Head> {
    // "Stock Exchange" names an organisation, "Expertise Exchange" a programme.
    if word == "Exchange" {
        return prev
            .filter(|p| matches!(*p, "Stock" | "Futures" | "Securities" | "Commodity"))
            .map(|_| Head::WeakOrg);
    }
    if !word.chars().next().is_some_and(|c| c.is_uppercase() || c == 'p') {
        return None;
    }
    let listed = head_table().get(word);
    if listed == Some(Head::Park) {
        return Some(Head::Park);
    }
    if is_park_centre(word) && prev.is_some_and(|p| PARK_CENTRE_MODIFIERS.contains(&p)) {
        return Some(Head::Park);
    }
    if let Some((first, last)) = super::tokens::rsplit_hyphen(word) {
        // "Nano-Center", "Z-Park", "Eco-Park".
        if !first.is_empty() && (PARK_HEADS.contains(&last) || matches!(last, "Center" | "Centre")) {
            return Some(Head::Park);
        }
    }
    if camel_park(word) {
        return Some(Head::Park);
    }
    listed
}

/// One-word park brands: `TusPark`, `Technopark`-like CamelCase ending in
/// "park"/"Park".
fn camel_park(word: &str) -> bool {
    word.len() > 5
        && (word.ends_with("Park") || word.ends_with("park"))
        && word.chars().next().is_some_and(char::is_uppercase)
        && !word.contains('-')
}

/// Word of a CamelCase brand (`TechnoSpark`): a capital after a lower-case letter.
pub fn is_camel(word: &str) -> bool {
    let mut prev_lower = false;
    for c in word.chars() {
        if c.is_uppercase() && prev_lower {
            return true;
        }
        prev_lower = c.is_lowercase();
    }
    false
}

/// The rule a head word applies: which kind of name it ends.
pub fn head_rule(word: &str, head: Head) -> RuleId {
    match head {
        Head::Park => RuleId::ParkHeadWord,
        Head::Org if lexicon::is_legal_form(word) => RuleId::OrgLegalSuffix,
        Head::Org => RuleId::OrgInstitutionWord,
        Head::WeakOrg => RuleId::OrgCompanyWord,
        Head::Event => RuleId::EventHeadWord,
        Head::Loc => RuleId::LocHeadWord,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn park_centres_are_what_the_match_accepts() {
        for w in PARK_CENTRES {
            assert!(is_park_centre(w), "{w}");
        }
        let matched = ["Centre", "Center", "City", "Hub", "District", "Campus", "Cluster", "Town", "Base"];
        assert_eq!(matched.len(), PARK_CENTRES.len());
        assert!(!is_park_centre("Centres") && !is_park_centre("city"));
    }

    #[test]
    fn the_head_filter_lets_every_head_word_through() {
        let table = head_table();
        for (w, h) in &table.words {
            assert_eq!(table.get(w), Some(*h), "{w}");
        }
        assert_eq!(table.get(""), None);
    }
}
