//! Person cues for a capitalised run: an honorific before it, a role next
//! to it (`CEO X`, `X, chief executive officer of Y`, `The Director
//! General, X,`), a reporting verb (`X said`, `said X`), a byline
//! (`Author: X`), or the shape of a personal name (a known given name
//! first, a family name first, a Slavic surname).

use std::ops::Range;

use super::super::lexicon;
use super::super::rules::RuleId;
use super::context::Ctx;
use super::gazetteer::{W_GIVEN, W_HONORIFIC, W_SURNAME};
use super::heads::HONORIFICS;

const BYLINES: &[&str] = &[
    "Author",
    "Photo",
    "Photos",
    "Reporter",
    "Editor",
    "Writer",
    "Photographer",
    "Text",
    "Credit",
    "Interview",
    "Contact",
    "Translator",
    "Translated",
];
const SLAVIC: &[&str] = &[
    "ov", "ova", "ev", "eva", "sky", "ski", "skiy", "skaya", "vich", "enko", "chuk", "shin", "kin", "kina",
    "yan",
];
const CONNECTORS: &[&str] =
    &["bin", "binti", "de", "van", "von", "der", "da", "di", "del", "le", "la", "al", "el"];

/// What opens the run, as far as person cues care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opening {
    Plain,
    /// An honorific stood before the run (`Dr`, `Datuk Seri`): a person.
    AfterHonorific,
    /// The run opens with a known place name that is no given name
    /// (`Barcelona Activa`): a reporting verb after it is no cue,
    /// organisations report too.
    KnownPlace,
}

/// Which cues may decide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Evidence {
    /// Context only (honorific, byline, role, reporting verb): for a run
    /// that is a known place name (`Hong Kong` is not a person named Hong).
    Context,
    /// Context, then the shape of the words (a given name first …).
    ContextAndShape,
}

/// The cue that makes the run `run` a person's name, the first of the
/// person rules (in registry order) that is on and applies; `None` when no
/// cue does.
pub fn person_cue(ctx: &Ctx, run: Range<usize>, opening: Opening, evidence: Evidence) -> Option<RuleId> {
    let Range { start, end } = run;
    let len = end - start;
    if len == 0 || len > 5 {
        return None;
    }
    let words_ok = (start..end).all(|k| {
        (ctx.is_cap(k) && !ctx.is_all_caps(k)) || (ctx.is_word(k) && CONNECTORS.contains(&ctx.s(k)))
    });
    if !words_ok {
        return None;
    }
    let on = |r: RuleId| ctx.on(r);
    let non_common = (start..end).filter(|&k| !ctx.common(k)).count();
    if on(RuleId::PersonHonorific) && (opening == Opening::AfterHonorific || after_honorific(ctx, start)) {
        return Some(RuleId::PersonHonorific);
    }
    if on(RuleId::PersonByline) && after_byline(ctx, start) {
        return Some(RuleId::PersonByline);
    }
    if len == 1 && non_common == 0 {
        return None;
    }
    if on(RuleId::PersonRole) && (role_before(ctx, start) || role_after(ctx, end)) {
        return Some(RuleId::PersonRole);
    }
    let place_first = opening == Opening::KnownPlace && !ctx.has_flag(start, W_GIVEN | W_SURNAME);
    if on(RuleId::PersonReportingVerb)
        && len >= 2
        && (reporting_after(ctx, end) || reporting_before(ctx, start))
        && non_common >= 1
        && !place_first
    {
        return Some(RuleId::PersonReportingVerb);
    }
    if evidence == Evidence::Context {
        return None;
    }
    if on(RuleId::PersonGivenName) && (2..=4).contains(&len) && ctx.has_flag(start, W_GIVEN) {
        return Some(RuleId::PersonGivenName);
    }
    if on(RuleId::PersonFamilyName)
        && (2..=3).contains(&len)
        && ctx.has_flag(start, W_SURNAME)
        && (start + 1..end).all(|k| ctx.s(k).len() <= 8)
        && (start + 1..end).any(|k| !ctx.common(k) || ctx.s(k).contains('-'))
    {
        return Some(RuleId::PersonFamilyName);
    }
    // "Kang Jae-won", "Park Hye-rin": a short family name and a
    // hyphenated given name.
    if on(RuleId::PersonHyphenatedGivenName)
        && len == 2
        && (2..=5).contains(&ctx.s(start).len())
        && super::runs::hyphenated_given_name(ctx.s(start + 1))
    {
        return Some(RuleId::PersonHyphenatedGivenName);
    }
    if on(RuleId::PersonSlavicSurname) && len == 2 && !ctx.common(start) {
        let last = ctx.s(end - 1);
        if SLAVIC.iter().any(|suf| last.len() > suf.len() + 2 && last.ends_with(suf)) {
            return Some(RuleId::PersonSlavicSurname);
        }
    }
    None
}

fn after_honorific(ctx: &Ctx, start: usize) -> bool {
    let p = if start >= 1 && ctx.s(start - 1) == "." { start.wrapping_sub(2) } else { start.wrapping_sub(1) };
    // The gazetteer flags every token that is one of them (all capitalised
    // words): the list is read only for those.
    ctx.has_flag(p, W_HONORIFIC) && HONORIFICS.contains(&ctx.s(p))
}

fn after_byline(ctx: &Ctx, start: usize) -> bool {
    if ctx.s(start.wrapping_sub(1)) == ":" && BYLINES.contains(&ctx.s(start.wrapping_sub(2))) {
        return true;
    }
    // "By John Smith" at the start of a line; "Photo by …".
    let by = start.wrapping_sub(1);
    ctx.s(by) == "By" && ctx.toks.get(by).is_some_and(|t| t.line_start)
        || (ctx.s(by) == "by" && BYLINES.contains(&ctx.s(by.wrapping_sub(1))))
}

fn role_ending_at(ctx: &Ctx, end: usize) -> bool {
    ctx.role_ends_at(end)
}

fn role_starting_at(ctx: &Ctx, start: usize) -> bool {
    ctx.role_starts_at(start)
}

/// "Minister Chang", "CEO X", "The Director General, Denis X,", "Deputy
/// Mayor of Troitsk, Valentina X".
fn role_before(ctx: &Ctx, start: usize) -> bool {
    if start == 0 {
        return false;
    }
    if role_ending_at(ctx, start) {
        return true;
    }
    if ctx.s(start - 1) != "," {
        return false;
    }
    let comma = start - 1;
    if role_ending_at(ctx, comma) {
        return true;
    }
    // A role with its "of …" complement before the comma.
    let mut k = comma;
    let floor = comma.saturating_sub(10);
    while k > floor {
        k -= 1;
        if role_ending_at(ctx, k + 1) && ctx.is_any(k + 1, &["of", "for", "to"]) {
            return true;
        }
        let s = ctx.s(k);
        // "deputy mayor for economic promotion, X", "ambassador to India, X":
        // a short complement in lower-case words too.
        let complement_word = ctx.is_lower_word(k)
            && comma - k <= 4
            && !matches!(s, "who" | "which" | "that" | "is" | "was" | "said" | "says" | "with" | "by");
        let ok = ctx.is_cap(k)
            || matches!(s, "of" | "the" | "and" | "for" | "&" | "," | "’" | "'" | "s" | "(" | ")")
            || complement_word;
        if !ok {
            return false;
        }
    }
    false
}

/// "X, CEO of Y", "X, the park’s CEO", "X, acting chief … officer".
fn role_after(ctx: &Ctx, end: usize) -> bool {
    if ctx.s(end) != "," {
        return false;
    }
    let mut k = end + 1;
    let limit = (end + 7).min(ctx.len());
    while k < limit {
        if role_starting_at(ctx, k) {
            return true;
        }
        let s = ctx.s(k);
        let ok = ctx.is_word(k) && !matches!(s, "and" | "which" | "who" | "that" | "is" | "was")
            || matches!(s, "’" | "'" | "-");
        if !ok {
            return false;
        }
        k += 1;
    }
    false
}

fn reporting_after(ctx: &Ctx, end: usize) -> bool {
    let mut k = end;
    if ctx.is_any(k, &["also", "further", "then", "later", "recently"]) {
        k += 1;
    }
    ctx.is_lower_word(k) && lexicon::is_reporting(ctx.s(k), lexicon::REPORT_BY_PERSON)
}

fn reporting_before(ctx: &Ctx, start: usize) -> bool {
    lexicon::is_reporting(ctx.s(start.wrapping_sub(1)), lexicon::REPORT_INVERTED)
        || (ctx.is(start.wrapping_sub(1), "to") && ctx.is(start.wrapping_sub(2), "according"))
}

#[cfg(test)]
mod tests {
    use crate::rules::Family;
    use crate::testing::check_family;
    use crate::Label::Person;

    /// `after_honorific` reads the list only for tokens the gazetteer
    /// flagged, which it does for capitalised words only.
    #[test]
    fn honorifics_are_capitalised_words() {
        for h in super::HONORIFICS {
            assert!(h.chars().next().is_some_and(char::is_uppercase), "{h}");
        }
        let ctx_text = super::HONORIFICS.join(" ");
        let gaz = super::super::gazetteer::Gazetteer::new();
        let ctx = super::Ctx::new(&ctx_text, &[0..ctx_text.len()], &gaz, crate::rules::Options::default());
        for k in 0..ctx.len() {
            if super::HONORIFICS.contains(&ctx.s(k)) {
                assert!(ctx.has_flag(k, super::W_HONORIFIC), "{}", ctx.s(k));
            }
        }
    }

    #[test]
    fn each_person_cue_decides_its_persons_and_nothing_else() {
        check_family(
            Family::Person,
            &[
                ("The visit impressed Dr Amir Hamzah.", &[("person.honorific", Person, "Amir Hamzah")]),
                ("Author: Natalya Mai\nThe park grew.", &[("person.byline", Person, "Natalya Mai")]),
                ("CEO Maria Lindqvist spoke.", &[("person.role", Person, "Maria Lindqvist")]),
                ("“We are ready,” said Tomas Varga.", &[("person.reporting-verb", Person, "Tomas Varga")]),
                ("Later Anna Kowalski visited the park.", &[("person.given-name", Person, "Anna Kowalski")]),
                ("Later Zhang Wei visited the park.", &[("person.family-name", Person, "Zhang Wei")]),
                (
                    "Later Ryu Hye-rin visited the park.",
                    &[("person.hyphenated-given-name", Person, "Ryu Hye-rin")],
                ),
                (
                    "Later Dzmitry Kovalevich visited the park.",
                    &[("person.slavic-surname", Person, "Dzmitry Kovalevich")],
                ),
                // What must not be a person: a place, an organisation that reports.
                ("Hong Kong grew. The district covers 50 hectares, Oslo Activo says.", &[]),
            ],
        );
    }
}
