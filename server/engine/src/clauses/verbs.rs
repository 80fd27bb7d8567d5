//! What follows a modal or an intention: a joint activity (`will exchange
//! information`) or a benefit (`will help SMEs`, `will stimulate growth`).

use super::words::{self, Token, WordSet};

/// The kind of the first real verb after a modal, `want to`, `agreed to` …
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Predicate {
    /// Something the parties do: exchange, share, study, set up, work together …
    Activity,
    /// What an agreement brings about: help, enable, stimulate, foster …
    Benefit,
}

/// Verbs of joint work. `work`, `set`, `carry`, `focus`, `join`, `team` count
/// only with their particle (see [`PARTICLES`]).
const ACTIVITY: WordSet = WordSet::new(&[
    "accept",
    "admit",
    "allocate",
    "appoint",
    "arrange",
    "assess",
    "assist",
    "attend",
    "award",
    "build",
    "co-develop",
    "co-finance",
    "co-fund",
    "co-host",
    "co-invest",
    "co-locate",
    "co-operate",
    "co-ordinate",
    "co-organise",
    "co-organize",
    "collaborate",
    "combine",
    "commercialise",
    "commercialize",
    "compare",
    "conduct",
    "connect",
    "cooperate",
    "coordinate",
    "cover",
    "create",
    "deepen",
    "deploy",
    "design",
    "designate",
    "develop",
    "discuss",
    "dispatch",
    "draft",
    "earmark",
    "engage",
    "establish",
    "evaluate",
    "exchange",
    "expand",
    "explore",
    "extend",
    "facilitate",
    "finance",
    "form",
    "fund",
    "hold",
    "host",
    "identify",
    "implement",
    "include",
    "incubate",
    "intensify",
    "introduce",
    "invest",
    "invite",
    "involve",
    "launch",
    "learn",
    "leverage",
    "link",
    "match",
    "meet",
    "mentor",
    "monitor",
    "nominate",
    "offer",
    "open",
    "organise",
    "organize",
    "pair",
    "participate",
    "partner",
    "pilot",
    "pool",
    "prepare",
    "prioritise",
    "prioritize",
    "provide",
    "publish",
    "pursue",
    "recruit",
    "research",
    "review",
    "scout",
    "select",
    "send",
    "share",
    "showcase",
    "sponsor",
    "study",
    "support",
    "tap",
    "test",
    "train",
    "transfer",
    "undertake",
    "visit",
    "welcome",
]);

/// Verbs of effect: what the cooperation is for.
const BENEFIT: WordSet = WordSet::new(&[
    "accelerate",
    "achieve",
    "advance",
    "allow",
    "attract",
    "benefit",
    "bolster",
    "boost",
    "bring",
    "broaden",
    "contribute",
    "deliver",
    "drive",
    "empower",
    "enable",
    "encourage",
    "enhance",
    "ensure",
    "foster",
    "fuel",
    "generate",
    "give",
    "help",
    "improve",
    "increase",
    "lay",
    "make",
    "nurture",
    "pave",
    "promote",
    "push",
    "raise",
    "reduce",
    "serve",
    "speed",
    "spur",
    "stimulate",
    "strengthen",
    "unlock",
    "widen",
    "yield",
]);

/// Verbs that count only with the word after them.
const PARTICLES: &[(&str, &[&str])] = &[
    ("work", &["together", "jointly", "closely", "with", "hand"]),
    ("set", &["up", "aside"]),
    ("carry", &["out"]),
    ("focus", &["on"]),
    ("concentrate", &["on"]),
    ("join", &["forces", "hands", "efforts"]),
    ("team", &["up"]),
    ("look", &["into"]),
    ("embark", &["on"]),
    ("take", &["part", "turns"]),
];

/// Verbs whose kind depends on the word after them: `contribute to growth`
/// is a benefit, `contribute NT$60 million` an activity; `open up markets`
/// a benefit, `open an office` an activity.
const BENEFIT_BEFORE: &[(&str, &[&str])] = &[("contribute", &["to", "towards"]), ("open", &["up", "doors"])];

/// Words between a modal and its verb that change nothing: `will also`,
/// `will attempt to`, `will be able to`, `will not only`.
const SKIPPED: WordSet = WordSet::new(&[
    "able",
    "actively",
    "addition",
    "additionally",
    "alia",
    "all",
    "also",
    "among",
    "attempt",
    "attempts",
    "be",
    "both",
    "certainly",
    "closely",
    "continue",
    "continues",
    "cooperatively",
    "definitely",
    "directly",
    "each",
    "endeavor",
    "endeavour",
    "eventually",
    "example",
    "first",
    "for",
    "formally",
    "further",
    "future",
    "gradually",
    "greatly",
    "however",
    "immediately",
    "in",
    "initially",
    "instance",
    "inter",
    "jointly",
    "like",
    "likely",
    "mutually",
    "now",
    "officially",
    "only",
    "other",
    "particular",
    "particularly",
    "really",
    "seek",
    "seriously",
    "significantly",
    "soon",
    "specifically",
    "strive",
    "subsequently",
    "substantially",
    "the",
    "then",
    "therefore",
    "things",
    "thus",
    "to",
    "together",
    "tries",
    "try",
    "turn",
    "very",
]);

/// Adverbs that make any verb after them joint work.
const JOINT_ADVERBS: &[&str] = &["jointly", "together", "mutually", "cooperatively"];

/// Verbs that are joint by themselves: a single party that will `cooperate`
/// still cooperates with someone.
const JOINT_VERBS: WordSet = WordSet::new(&[
    "co-develop",
    "co-host",
    "co-invest",
    "co-operate",
    "co-organise",
    "co-organize",
    "collaborate",
    "cooperate",
    "exchange",
    "join",
    "jointly",
    "partner",
    "team",
]);

/// Words in the rest of a sentence that make an activity joint
/// (`… will open an office with Ascendas`, `… exchange … each other`).
/// The instrument counts too (the lexicon's instrument nouns): what a party
/// does under the agreement or for the partnership is its share of the
/// joint work.
const JOINT_MARKERS: WordSet = WordSet::new(&[
    "alliance",
    "between",
    "bilateral",
    "both",
    "co-operation",
    "collaboration",
    "cooperation",
    "each",
    "joint",
    "jointly",
    "mutual",
    "partner",
    "partners",
    "partnership",
    "reciprocal",
    "together",
    "with",
]);

/// The first real verb of `text[from..to]` after a modal or `to`, with its
/// kind; `None` for a negation (`will not …`) or a verb of neither kind.
pub fn predicate(text: &str, from: usize, to: usize) -> Option<(Predicate, Token<'_>)> {
    let mut tokens = words::forward(text, from, to).take(14).peekable();
    let mut jointly = false;
    let mut passive = false;
    while let Some(t) = tokens.next() {
        // `will, among other things, exchange …`: commas around an aside.
        if t.text == "," {
            continue;
        }
        if !t.is_word() {
            return None;
        }
        if t.is("not") {
            // `will not only stimulate …` states a benefit; `will not sign` nothing.
            if tokens.peek().is_some_and(|n| n.is("only")) {
                continue;
            }
            return None;
        }
        if t.is_in(&SKIPPED) {
            jointly |= t.is_any(JOINT_ADVERBS);
            passive |= t.is("be");
            continue;
        }
        let next = tokens.peek().copied();
        // `will be seconded to …`, `will be shared …`: a passive activity.
        let participle = if passive { classify_participle(t) } else { None };
        // `will jointly run an accelerator`: whatever is done jointly is joint work.
        let kind = classify_verb(t, next).or(participle).or(jointly.then_some(Predicate::Activity));
        return kind.map(|p| (p, t));
    }
    None
}

/// Whether a verb follows the modal that ends at `from` (`will host …`,
/// `will be responsible for …`), rather than a negation or nothing.
pub fn acts(text: &str, from: usize, to: usize) -> bool {
    let first =
        words::forward(text, from, to).take(8).find(|t| t.text != "," && (t.is("be") || !t.is_in(&SKIPPED)));
    first.is_some_and(|t| t.is_word() && !t.is_any(&["not", "never", "no"]))
}

/// Kind of `verb` (base form or `-ing` form), given the word after it.
pub fn classify_verb(verb: Token<'_>, next: Option<Token<'_>>) -> Option<Predicate> {
    let forms = BaseForms::of(verb.text)?;
    for base in forms.iter() {
        if let Some((_, words)) = BENEFIT_BEFORE.iter().find(|(v, _)| *v == base) {
            let benefit = next.is_some_and(|n| n.is_any(words));
            return Some(if benefit { Predicate::Benefit } else { Predicate::Activity });
        }
        if let Some((_, particles)) = PARTICLES.iter().find(|(v, _)| *v == base) {
            return next.filter(|n| n.is_any(particles)).map(|_| Predicate::Activity);
        }
        if ACTIVITY.contains(base) {
            return Some(Predicate::Activity);
        }
        if BENEFIT.contains(base) {
            return Some(Predicate::Benefit);
        }
    }
    None
}

/// Verbs of joint work only in the passive (`staff will be seconded`).
const PASSIVE_ACTIVITY: &[&str] = &["second"];

/// Kind of a past participle (`shared`, `hosted`, `planned`, `seconded`).
fn classify_participle(word: Token<'_>) -> Option<Predicate> {
    let lower = word.text.to_ascii_lowercase();
    let stem = lower.strip_suffix("ed")?;
    let undoubled = stem.len() >= 3 && stem.as_bytes().last() == stem.as_bytes().get(stem.len() - 2);
    let candidates = [
        Some(stem.to_string()),
        lower.strip_suffix('d').map(str::to_string),
        undoubled.then(|| stem[..stem.len() - 1].to_string()),
        stem.strip_suffix('i').map(|s| format!("{s}y")),
    ];
    candidates.into_iter().flatten().find_map(|base| {
        if ACTIVITY.contains(&base) || PASSIVE_ACTIVITY.contains(&base.as_str()) {
            Some(Predicate::Activity)
        } else {
            BENEFIT.contains(&base).then_some(Predicate::Benefit)
        }
    })
}

/// Whether `verb` is joint by itself.
pub fn is_joint_verb(verb: Token<'_>) -> bool {
    BaseForms::of(verb.text).is_some_and(|forms| forms.iter().any(|b| JOINT_VERBS.contains(b)))
}

/// Whether the words of `text[from..to]` (at most a sentence's worth) say the
/// activity is done together.
pub fn has_joint_marker(text: &str, from: usize, to: usize) -> bool {
    words::forward(text, from, to)
        .take(40)
        .any(|t| t.is_in(&JOINT_MARKERS) || crate::lexicon::is_instrument_word(t.text))
}

/// The longest verb form looked up, in bytes (`commercialising`).
const MAX_VERB_BYTES: usize = 24;

/// Candidate base forms of a verb, lower-cased without allocating: itself,
/// and for an `-ing` form the stem, the stem without a doubled consonant and
/// the stem + `e` (`working` → `work`, `setting` → `set`, `sharing` → `share`).
struct BaseForms {
    /// The lower-cased word, followed by an `e` for the `stem + e` form.
    buf: [u8; MAX_VERB_BYTES + 1],
    len: usize,
}

impl BaseForms {
    /// `None` for words that cannot be one of our verbs (too long, not ASCII).
    fn of(word: &str) -> Option<Self> {
        if word.len() > MAX_VERB_BYTES || !word.is_ascii() {
            return None;
        }
        let mut buf = [0u8; MAX_VERB_BYTES + 1];
        for (b, w) in buf.iter_mut().zip(word.bytes()) {
            *b = w.to_ascii_lowercase();
        }
        Some(BaseForms { buf, len: word.len() })
    }

    fn iter(&self) -> impl Iterator<Item = &str> {
        let lower = std::str::from_utf8(&self.buf[..self.len]).unwrap_or("");
        let stem = lower.strip_suffix("ing").filter(|s| s.len() >= 2);
        let undoubled = stem.and_then(|s| {
            let b = s.as_bytes();
            (b.len() >= 3 && b[b.len() - 1] == b[b.len() - 2]).then(|| &s[..s.len() - 1])
        });
        // `stem + e` reuses the buffer: the byte after the stem becomes `e` in a copy.
        let with_e = stem.and_then(|s| {
            let mut e_form = [0u8; MAX_VERB_BYTES + 1];
            e_form[..s.len()].copy_from_slice(s.as_bytes());
            e_form[s.len()] = b'e';
            let e_form = std::str::from_utf8(&e_form[..=s.len()]).ok()?;
            [&ACTIVITY, &BENEFIT, &JOINT_VERBS].iter().find_map(|set| set.get(e_form))
        });
        std::iter::once(lower).chain(stem).chain(undoubled).chain(with_e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(text: &str) -> Option<Predicate> {
        predicate(text, 0, text.len()).map(|(p, _)| p)
    }

    #[test]
    fn activities_and_benefits() {
        assert_eq!(kind("also share information"), Some(Predicate::Activity));
        assert_eq!(kind("attempt to identify new ways"), Some(Predicate::Activity));
        assert_eq!(kind("work together to create"), Some(Predicate::Activity));
        assert_eq!(kind("be working together"), Some(Predicate::Activity));
        assert_eq!(kind("focus on several key areas"), Some(Predicate::Activity));
        assert_eq!(kind("push them to share resources"), Some(Predicate::Benefit));
        assert_eq!(kind("not only stimulate their development"), Some(Predicate::Benefit));
        assert_eq!(kind("enable the sharing"), Some(Predicate::Benefit));
        assert_eq!(kind("jointly run an accelerator"), Some(Predicate::Activity));
        assert_eq!(kind(", among other things, exchange staff"), Some(Predicate::Activity));
        assert_eq!(kind(", however, not sign"), None);
        assert_eq!(kind("run an accelerator"), None);
    }

    #[test]
    fn verbs_whose_kind_depends_on_the_next_word() {
        assert_eq!(kind("contribute to growth"), Some(Predicate::Benefit));
        assert_eq!(kind("contribute NT$60 million"), Some(Predicate::Activity));
        assert_eq!(kind("open up new markets"), Some(Predicate::Benefit));
        assert_eq!(kind("open a joint office"), Some(Predicate::Activity));
        assert_eq!(kind("set aside €2 million"), Some(Predicate::Activity));
        assert_eq!(kind("set the rules"), None);
        assert_eq!(kind("take turns hosting"), Some(Predicate::Activity));
        assert_eq!(kind("take place in May"), None);
    }

    #[test]
    fn passives_after_be() {
        assert_eq!(kind("be seconded to the partner park"), Some(Predicate::Activity));
        assert_eq!(kind("be shared equally"), Some(Predicate::Activity));
        assert_eq!(kind("be planned"), None);
        assert_eq!(kind("seconded"), None);
        assert_eq!(kind("be closed"), None);
    }

    #[test]
    fn a_verb_follows_the_modal() {
        let acts_in = |t: &str| acts(t, 0, t.len());
        assert!(acts_in(" also be responsible for transport"));
        assert!(acts_in(" host ten startups"));
        assert!(!acts_in(" not charge rent"));
        assert!(!acts_in("."));
    }

    #[test]
    fn other_verbs_and_negations() {
        assert_eq!(kind("not be published"), None);
        assert_eq!(kind("get some feedback"), None);
        assert_eq!(kind("work out well"), None);
        assert_eq!(kind("become the park"), None);
        assert_eq!(kind("inaugurate its office"), None);
        assert_eq!(kind(""), None);
    }

    #[test]
    fn base_forms_of_ing_verbs() {
        let of = |w: &str| BaseForms::of(w).map(|f| f.iter().map(str::to_string).collect::<Vec<_>>());
        assert!(of("Sharing").is_some_and(|f| f.contains(&"share".to_string())));
        assert!(of("setting").is_some_and(|f| f.contains(&"set".to_string())));
        assert!(of("Работать").is_none());
        assert!(of(&"x".repeat(40)).is_none());
    }
}
