//! Names: typing capitalised runs as PERSON, ORG, PARK, GPE, LOC or EVENT.
//!
//! Evidence, strongest first: a head word (`… Science Park`, `… Ltd`,
//! `… Fair`, `Ministry of …`); a gazetteer place covering the whole name;
//! person cues (honorific, an adjacent role, a reporting verb, a byline, a
//! known given name or family name); an acronym; and finally the shape of the
//! words — a capitalised word that is not an English word (`Huawei`) names
//! something, and in this genre that is most often an organisation.
//! Capitals at the start of a sentence or in a headline are weak evidence.
//!
//! Each run is typed by the first entry of the `run_rules!` list below that
//! is done with it: that list is the order of the evidence. The rules with a head word are in
//! [`headed`], the others in [`plain`]; the person cues they consult in
//! `entities/persons.rs`.

mod headed;
mod plain;
#[cfg(test)]
mod tests;

use std::ops::Range;

use super::super::rules::{Provenance, RuleId};
use super::super::{Label, LearntName};
use super::context::Ctx;
use super::gazetteer::{Gazetteer, W_DEMONYM, W_FUNCTION, W_GIVEN, W_HONORIFIC};
use super::heads::is_camel;
use super::persons::{Evidence, Opening};
use super::runs::{at_brand, runs, split, Places};

/// What a word in a run is, for typing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Cat {
    /// Not an English word: `Huawei`, `Kovalevich`.
    Name,
    /// An English word capitalised where capitals mean something.
    Cap,
    /// An English word capitalised at a sentence start or in a headline.
    Weak,
    Demonym,
    /// Inside a gazetteer place.
    Place,
    /// Connectors and punctuation inside the run.
    Other,
}

/// Names learnt from the paragraph, to be found again in the document.
pub type Learned = Vec<LearntName>;

pub struct Typer<'c, 'a> {
    pub(super) ctx: &'c mut Ctx<'a>,
    pub(super) gaz: &'c Gazetteer,
    pub(super) places: Places,
    pub(super) cats: Vec<Cat>,
    pub(super) learned: Learned,
}

/// The run a rule looks at: tokens `start..end`, and whether an honorific
/// stood before it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Run {
    pub start: usize,
    pub end: usize,
    pub honorific: bool,
    /// Set when the run is trimmed of its weak edges (for the rules after
    /// that): some word is a name or a place; how many are English words
    /// capitalised where capitals mean something.
    pub has_name: bool,
    pub caps: usize,
}

/// What a rule made of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Step {
    /// The rule does not apply: the next one is tried.
    Next,
    /// The run is typed (or, for a rule that prevents a span, left alone):
    /// no later rule is tried.
    Done,
}

/// Declares the ordered list of run rules once: `RUN_RULES` (the ids of
/// each entry, in order, for the tests) and
/// `Typer::apply_run_rules`, which tries them in that order with direct
/// calls (the engine's hottest loop: a table of function pointers would
/// cost every run a dozen indirect calls).
///
/// An entry is `[rule ids] => method`: the rules the method applies, each
/// checked where it fires (an entry whose rules are all off is skipped);
/// `[] => method` for an entry that only reshapes the run.
macro_rules! run_rules {
    ($( $(#[$doc:meta])* [$($id:ident),*] => $method:ident, )*) => {
        /// The rules that type a capitalised run, in the order they are tried,
        /// with the method that applies each entry (tests check it).
        #[cfg(test)]
        pub(super) const RUN_RULES: &[(&[RuleId], &str)] = &[ $( (&[$(RuleId::$id),*], stringify!($method)), )* ];

        impl Typer<'_, '_> {
            /// Tries the run rules in order until one is done with the run.
            fn apply_run_rules(&mut self, run: &mut Run) {
                let all_on = self.ctx.options.all_enabled();
                $(
                    $(#[$doc])*
                    {
                        let ids: &[RuleId] = &[$(RuleId::$id),*];
                        let on = all_on || ids.is_empty() || ids.iter().any(|id| self.on(*id));
                        if on && self.$method(run) == Step::Done {
                            return;
                        }
                    }
                )*
            }
        }
    };
}

// The order of the evidence: a head word beats a gazetteer place
// (`Singapore Science Park`), a place beats a person's shape (`Hong Kong`),
// a person cue beats the fallback that any name is an organisation. The
// person cues are tried in `persons::person_cue`'s order.
run_rules! {
    // A line in capitals: only place names can be told apart there.
    [PlaceInCapitals] => places_in_capitals_line,
    [OrgKnown] => known_org,
    [NameRoleComplement] => role_complement,
    // Runs with a head word (headed.rs).
    [OrgHeadFirst, EventHeadFirst] => head_first,
    [ParkHeadFirst] => park_first,
    [GpeOfficialName] => official_place_name,
    [NameStreet] => street,
    [LocNeighbourhoodWord] => neighbourhood_word,
    [LocFeatureFirst] => feature_first,
    [ParkHeadWord, OrgLegalSuffix, OrgInstitutionWord, OrgCompanyWord, EventHeadWord, LocHeadWord, PersonAfterRoleOrganisation] => head_word,
    // Demonyms lead only organisation names ("Chinese Communist Party").
    [] => drop_demonyms,
    // Runs without a head word (plain.rs).
    [NamePlaceCompound] => place_compound,
    [PersonHonorific, PersonByline, PersonRole, PersonReportingVerb] => place_named_person,
    [PlaceGazetteer] => whole_place,
    [NamePlaceThenPerson] => place_then_person,
    [ParkApposition] => park_by_apposition,
    [OrgCompanyNoun] => company_noun,
    [EventSidelines] => sidelines,
    [PersonHonorific, PersonByline, PersonRole, PersonReportingVerb, PersonGivenName, PersonFamilyName, PersonHyphenatedGivenName, PersonSlavicSurname] => person,
    [ParkDescribedAfter] => park_described_after,
    [PlaceAfterDirection] => place_after_direction,
    [OrgApposition] => place_led_org_apposition,
    [PlaceBeforeGenericWords] => place_before_generic_words,
    [PlaceCapitalised] => capitalised_place,
    // English words at sentence starts and in headlines leave the edges.
    [] => trim_weak_edges,
    [PersonAfterRoleComplement] => person_after_role_complement,
    [GpeAdminUnit] => admin_unit,
    [PlaceGazetteer] => whole_trimmed_place,
    [OrgAcronym] => acronym,
    [NameShortCamel] => short_camel,
    [GpeUnitAfter] => unit_after,
    [ParkDescribedAfter] => park_described_after_name,
    [EventKindAfter] => event_kind_after,
    [LocNeighbourhoodOf] => neighbourhood_of,
    [GpeVenue] => venue,
    [OrgUnknownName] => unknown_name,
    [OrgNewspaper] => newspaper,
    [OrgCompanyList] => company_list,
    [OrgApposition] => org_apposition_after,
}

pub fn find(ctx: &mut Ctx, gaz: &Gazetteer) -> Learned {
    ctx.index_roles();
    let places = Places::new(ctx, gaz);
    let cats = categorise(ctx, &places);
    let raw = runs(ctx, &places);
    // A name learnt for about every other capitalised word.
    let learned = Vec::with_capacity(ctx.cap_idx.len() / 2 + 4);
    let mut typer = Typer { ctx, gaz, places, cats, learned };
    let mut parts = Vec::new();
    for run in raw {
        split(typer.ctx, &typer.places, run, &mut parts);
        for part in parts.drain(..) {
            typer.type_run(part);
        }
    }
    // The next family: names relabelled by what is said of them.
    typer.relabel_by_appositions();
    typer.learned
}

fn categorise(ctx: &Ctx, places: &Places) -> Vec<Cat> {
    let mut cats = vec![Cat::Other; ctx.len()];
    // Places and names start with capitalised words.
    let mut next = 0;
    for &i in &ctx.cap_idx {
        if i < next {
            continue;
        }
        if let Some((e, _)) = places.at(i) {
            for c in cats.iter_mut().take(e).skip(i) {
                *c = Cat::Place;
            }
            next = e;
            continue;
        }
        let s = ctx.s(i);
        cats[i] = if ctx.has_flag(i, W_DEMONYM) {
            Cat::Demonym
        } else if !ctx.common(i) || is_camel(s) || ctx.is_all_caps(i) {
            Cat::Name
        } else if ctx.weak_cap[i] {
            Cat::Weak
        } else {
            Cat::Cap
        };
    }
    cats
}

impl Typer<'_, '_> {
    pub(super) fn s(&self, i: usize) -> &str {
        self.ctx.s(i)
    }

    pub(super) fn text(&self, r: Range<usize>) -> String {
        self.ctx.text[self.ctx.bytes(r.start, r.end)].to_string()
    }

    /// Whether rule `id` is on.
    pub(super) fn on(&self, id: RuleId) -> bool {
        self.ctx.on(id)
    }

    pub(super) fn emit(&mut self, r: Range<usize>, label: Label, why: Provenance) {
        if r.start < r.end {
            self.ctx.propose(r.start, r.end, label, why);
        }
    }

    pub(super) fn learn(&mut self, r: Range<usize>, label: Label, why: Provenance) {
        // Two characters at least; the text is copied only then.
        let text = &self.ctx.text[self.ctx.bytes(r.start, r.end)];
        if text.chars().nth(1).is_some() {
            self.learned.push(LearntName { text: text.to_string(), label, provenance: why });
        }
    }

    /// Emits `r` and learns it, for the link pass to find again.
    pub(super) fn emit_learnt(&mut self, r: Range<usize>, label: Label, rule: RuleId) {
        let why = Provenance::rule(rule);
        self.emit(r.clone(), label, why);
        self.learn(r, label, why);
    }

    /// Types one run (after splitting), emitting candidates.
    pub(super) fn type_run(&mut self, run: Range<usize>) {
        let Range { mut start, end } = run;
        let mut honorific = false;
        // Leading function words, honorifics and (outside organisation names)
        // demonyms are not part of a name.
        while start < end {
            if self.ctx.has_flag(start, W_FUNCTION) && self.cats[start] != Cat::Place {
                start += 1;
            } else if self.ctx.has_flag(start, W_HONORIFIC) && start + 1 < end {
                honorific = true;
                start += 1;
                // "Datuk Seri", "Tan Sri": two-word honorifics.
                if start + 1 < end && matches!(self.s(start), "Seri" | "Sri") {
                    start += 1;
                }
            } else {
                break;
            }
        }
        if start >= end || (end == start + 1 && self.ctx.has_flag(start, W_HONORIFIC)) {
            return;
        }
        let mut run = Run { start, end, honorific, has_name: false, caps: 0 };
        self.apply_run_rules(&mut run);
    }

    /// A run typed as a person by `why`: the person, and each of its names
    /// alone learnt (`Hamzah` after `Amir Hamzah`).
    pub(super) fn emit_person(&mut self, start: usize, end: usize, why: Provenance) {
        self.emit(start..end, Label::Person, why);
        self.learn(start..end, Label::Person, why);
        if end > start + 1 {
            for k in start..end {
                // A word that is also a known place is not learnt alone:
                // the place is named elsewhere in the document.
                let place = k == start
                    && !self.ctx.has_flag(k, W_GIVEN)
                    && self.places.at(k).is_some_and(|(e, p)| e == k + 1 && !p.ambiguous);
                if self.ctx.is_word(k) && !self.ctx.is_lower_word(k) && !place {
                    self.learn(k..k + 1, Label::Person, why);
                }
            }
        }
    }

    /// The cue that makes `start..end` a person's name (see `persons::person_cue`).
    pub(super) fn person_cue(
        &self,
        start: usize,
        end: usize,
        opening: Opening,
        evidence: Evidence,
    ) -> Option<RuleId> {
        super::persons::person_cue(self.ctx, start..end, opening, evidence)
    }

    /// Strips English words at sentence starts and in headlines from the
    /// edges of a name ("Clearly", "Sign").
    pub(super) fn trim_weak(&self, mut a: usize, mut b: usize) -> (usize, usize) {
        while a < b
            && matches!(self.cats[a], Cat::Weak | Cat::Demonym | Cat::Other)
            && at_brand(self.ctx, a).is_none()
        {
            a += 1;
        }
        while b > a && matches!(self.cats[b - 1], Cat::Weak | Cat::Demonym | Cat::Other) {
            b -= 1;
        }
        (a, b)
    }

    /// The line of token `i` is written in capitals.
    pub(super) fn all_caps_line(&self, i: usize) -> bool {
        self.ctx.caps_line.get(i).copied().unwrap_or(false)
    }

    /// Leading demonyms are dropped; nothing left, nothing to type.
    fn drop_demonyms(&mut self, run: &mut Run) -> Step {
        while run.start < run.end && self.cats[run.start] == Cat::Demonym {
            run.start += 1;
        }
        if run.start >= run.end {
            Step::Done
        } else {
            Step::Next
        }
    }
}

/// "KUALA LUMPUR" → "Kuala Lumpur".
pub(super) fn title_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut start = true;
    for c in s.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start = !c.is_alphanumeric();
    }
    out
}

pub(super) fn ordinal_token(ctx: &Ctx, i: usize) -> bool {
    let s = ctx.s(i);
    ctx.is_number(i) && (s.ends_with("th") || s.ends_with("st") || s.ends_with("nd") || s.ends_with("rd"))
}
