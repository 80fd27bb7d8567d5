//! What follows a modal or an intention: a joint activity (`will exchange
//! information`) or a benefit (`will help SMEs`, `will stimulate growth`).

use super::words::{self, Token};

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
const ACTIVITY: &[&str] = &[
    "exchange",
    "share",
    "study",
    "compare",
    "create",
    "establish",
    "develop",
    "organise",
    "organize",
    "co-organise",
    "co-organize",
    "cooperate",
    "co-operate",
    "collaborate",
    "provide",
    "facilitate",
    "conduct",
    "launch",
    "build",
    "explore",
    "identify",
    "support",
    "offer",
    "hold",
    "implement",
    "co-develop",
    "train",
    "invest",
    "co-invest",
    "expand",
    "deepen",
    "partner",
    "pursue",
    "undertake",
    "co-host",
    "form",
    "learn",
    "coordinate",
    "co-ordinate",
    "send",
    "introduce",
    "connect",
    "link",
    "assist",
    "transfer",
    "commercialise",
    "commercialize",
    "research",
    "design",
    "arrange",
    "engage",
    "combine",
    "pool",
    "extend",
    "intensify",
    "include",
    "cover",
    "involve",
    "prepare",
    "draft",
    "mentor",
    "incubate",
];

/// Verbs of effect: what the cooperation is for.
const BENEFIT: &[&str] = &[
    "help",
    "enable",
    "allow",
    "push",
    "stimulate",
    "boost",
    "foster",
    "promote",
    "encourage",
    "accelerate",
    "drive",
    "speed",
    "enhance",
    "strengthen",
    "improve",
    "contribute",
    "benefit",
    "yield",
    "bring",
    "give",
    "attract",
    "increase",
    "spur",
    "advance",
    "fuel",
    "bolster",
    "unlock",
    "pave",
    "lay",
    "serve",
    "nurture",
    "empower",
    "widen",
    "broaden",
    "raise",
    "generate",
    "ensure",
    "achieve",
    "deliver",
    "reduce",
    "make",
];

/// Verbs that count only with the word after them.
const PARTICLES: &[(&str, &[&str])] = &[
    ("work", &["together", "jointly", "closely", "with", "hand"]),
    ("set", &["up"]),
    ("carry", &["out"]),
    ("focus", &["on"]),
    ("concentrate", &["on"]),
    ("join", &["forces", "hands", "efforts"]),
    ("team", &["up"]),
];

/// Words between a modal and its verb that change nothing: `will also`,
/// `will attempt to`, `will be able to`, `will not only`.
const SKIPPED: &[&str] = &[
    "also",
    "further",
    "jointly",
    "together",
    "actively",
    "closely",
    "mutually",
    "both",
    "then",
    "now",
    "soon",
    "continue",
    "continues",
    "attempt",
    "attempts",
    "try",
    "tries",
    "seek",
    "strive",
    "endeavour",
    "endeavor",
    "be",
    "able",
    "to",
    "only",
    "first",
    "initially",
    "gradually",
    "additionally",
    "each",
    "all",
    "cooperatively",
    "subsequently",
    "thus",
    "therefore",
    "in",
    "turn",
    "immediately",
    "eventually",
    "seriously",
    "really",
    "very",
    "substantially",
    "significantly",
    "greatly",
    "directly",
    "officially",
    "formally",
    "likely",
    "definitely",
    "certainly",
    "like",
    "particularly",
    "specifically",
];

/// Adverbs that make any verb after them joint work.
const JOINT_ADVERBS: &[&str] = &["jointly", "together", "mutually", "cooperatively"];

/// Verbs that are joint by themselves: a single party that will `cooperate`
/// still cooperates with someone.
const JOINT_VERBS: &[&str] = &[
    "cooperate",
    "co-operate",
    "collaborate",
    "partner",
    "exchange",
    "jointly",
    "co-develop",
    "co-host",
    "co-invest",
    "co-organise",
    "co-organize",
    "team",
    "join",
];

/// Words in the rest of a sentence that make an activity joint
/// (`… will open an office with Ascendas`, `… exchange … each other`).
const JOINT_MARKERS: &[&str] = &[
    "with",
    "together",
    "jointly",
    "joint",
    "each",
    "both",
    "mutual",
    "bilateral",
    "reciprocal",
    "between",
    "partners",
    "partner",
    "cooperation",
    "collaboration",
    "co-operation",
];

/// The first real verb of `text[from..to]` after a modal or `to`, with its
/// kind; `None` for a negation (`will not …`) or a verb of neither kind.
pub fn predicate(text: &str, from: usize, to: usize) -> Option<(Predicate, Token<'_>)> {
    let mut tokens = words::forward(text, from, to).take(10).peekable();
    let mut jointly = false;
    while let Some(t) = tokens.next() {
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
        if t.is_any(SKIPPED) {
            jointly |= t.is_any(JOINT_ADVERBS);
            continue;
        }
        let next = tokens.peek().copied();
        // `will jointly run an accelerator`: whatever is done jointly is joint work.
        let kind = classify_verb(t, next).or(jointly.then_some(Predicate::Activity));
        return kind.map(|p| (p, t));
    }
    None
}

/// Kind of `verb` (base form or `-ing` form), given the word after it.
pub fn classify_verb(verb: Token<'_>, next: Option<Token<'_>>) -> Option<Predicate> {
    let lower = verb.text.to_ascii_lowercase();
    for base in base_forms(&lower) {
        if let Some((_, particles)) = PARTICLES.iter().find(|(v, _)| *v == base) {
            return next.filter(|n| n.is_any(particles)).map(|_| Predicate::Activity);
        }
        if ACTIVITY.contains(&base) {
            return Some(Predicate::Activity);
        }
        if BENEFIT.contains(&base) {
            return Some(Predicate::Benefit);
        }
    }
    None
}

/// Whether `verb` is joint by itself.
pub fn is_joint_verb(verb: Token<'_>) -> bool {
    let lower = verb.text.to_ascii_lowercase();
    let joint = base_forms(&lower).any(|b| JOINT_VERBS.contains(&b));
    joint
}

/// Whether the words of `text[from..to]` (at most a sentence's worth) say the
/// activity is done together.
pub fn has_joint_marker(text: &str, from: usize, to: usize) -> bool {
    words::forward(text, from, to).take(40).any(|t| t.is_any(JOINT_MARKERS))
}

/// Candidate base forms of a lower-case verb: itself, and for an `-ing`
/// form the stem, the stem + `e` and the stem without a doubled consonant
/// (`working` → `work`, `sharing` → `share`, `setting` → `set`).
fn base_forms(lower: &str) -> impl Iterator<Item = &str> + '_ {
    let stem = lower.strip_suffix("ing").filter(|s| s.len() >= 2);
    let undoubled = stem.and_then(|s| {
        let b = s.as_bytes();
        (b.len() >= 3 && b[b.len() - 1] == b[b.len() - 2]).then(|| &s[..s.len() - 1])
    });
    let with_e = stem.map(|s| format!("{s}e"));
    // The `-e` form is owned; look it up here so the iterator borrows only `lower`.
    let e_form =
        with_e.and_then(|f| ACTIVITY.iter().chain(BENEFIT).chain(JOINT_VERBS).find(|w| **w == f).copied());
    std::iter::once(lower).chain(stem).chain(undoubled).chain(e_form)
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
        assert_eq!(kind("run an accelerator"), None);
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
        let forms: Vec<&str> = base_forms("sharing").collect();
        assert!(forms.contains(&"share"));
        let forms: Vec<&str> = base_forms("setting").collect();
        assert!(forms.contains(&"set"));
    }
}
