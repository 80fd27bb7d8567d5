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
//! Each run is typed by the first rule of [`RUN_RULES`] that is done with it:
//! that list is the order of the evidence. The rules with a head word are in
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

/// One entry of [`RUN_RULES`].
pub(super) struct RunRule {
    /// The rules the entry applies, each checked where it fires (an entry
    /// whose rules are all off is skipped); none for an entry that only
    /// reshapes the run (drops words at its edges).
    pub ids: &'static [RuleId],
    pub apply: fn(&mut Typer<'_, '_>, &mut Run) -> Step,
}

const fn rule(ids: &'static [RuleId], apply: fn(&mut Typer<'_, '_>, &mut Run) -> Step) -> RunRule {
    RunRule { ids, apply }
}

/// Entries that reshape the run rather than type it.
const fn reshape(apply: fn(&mut Typer<'_, '_>, &mut Run) -> Step) -> RunRule {
    RunRule { ids: &[], apply }
}

use RuleId::*;

/// The cues that make a run a person's name, in the order `persons` tries them.
pub(super) const PERSON_CUES: &[RuleId] = &[
    PersonHonorific,
    PersonByline,
    PersonRole,
    PersonReportingVerb,
    PersonGivenName,
    PersonFamilyName,
    PersonHyphenatedGivenName,
    PersonSlavicSurname,
];

/// The rules a head word applies (see `heads::head_rule`).
const HEAD_WORDS: &[RuleId] = &[
    ParkHeadWord,
    OrgLegalSuffix,
    OrgInstitutionWord,
    OrgCompanyWord,
    EventHeadWord,
    LocHeadWord,
    PersonAfterRoleOrganisation,
];

/// The rules that type a capitalised run, in the order they are tried: the
/// first that is done with the run decides. Order matters — a head word
/// beats a gazetteer place (`Singapore Science Park`), a place beats a
/// person's shape (`Hong Kong`), a person cue beats the fallback that any
/// name is an organisation.
pub(super) const RUN_RULES: &[RunRule] = &[
    // A line in capitals: only place names can be told apart there.
    rule(&[PlaceInCapitals], |t, r| t.places_in_capitals_line(r)),
    rule(&[OrgKnown], |t, r| t.known_org(r)),
    rule(&[NameRoleComplement], |t, r| t.role_complement(r)),
    // Runs with a head word (headed.rs).
    rule(&[OrgHeadFirst, EventHeadFirst], |t, r| t.head_first(r)),
    rule(&[ParkHeadFirst], |t, r| t.park_first(r)),
    rule(&[GpeOfficialName], |t, r| t.official_place_name(r)),
    rule(&[NameStreet], |t, r| t.street(r)),
    rule(&[LocNeighbourhoodWord], |t, r| t.neighbourhood_word(r)),
    rule(&[LocFeatureFirst], |t, r| t.feature_first(r)),
    rule(HEAD_WORDS, |t, r| t.head_word(r)),
    // Demonyms lead only organisation names ("Chinese Communist Party").
    reshape(|t, r| t.drop_demonyms(r)),
    // Runs without a head word (plain.rs).
    rule(&[NamePlaceCompound], |t, r| t.place_compound(r)),
    rule(PERSON_CUES, |t, r| t.place_named_person(r)),
    rule(&[PlaceGazetteer], |t, r| t.whole_place(r)),
    rule(&[NamePlaceThenPerson], |t, r| t.place_then_person(r)),
    rule(&[ParkApposition], |t, r| t.park_by_apposition(r)),
    rule(&[OrgCompanyNoun], |t, r| t.company_noun(r)),
    rule(&[EventSidelines], |t, r| t.sidelines(r)),
    rule(PERSON_CUES, |t, r| t.person(r)),
    rule(&[ParkDescribedAfter], |t, r| t.park_described_after(r)),
    rule(&[PlaceAfterDirection], |t, r| t.place_after_direction(r)),
    rule(&[OrgApposition], |t, r| t.place_led_org_apposition(r)),
    rule(&[PlaceBeforeGenericWords], |t, r| t.place_before_generic_words(r)),
    rule(&[PlaceCapitalised], |t, r| t.capitalised_place(r)),
    // English words at sentence starts and in headlines leave the edges.
    reshape(|t, r| t.trim_weak_edges(r)),
    rule(&[PersonAfterRoleComplement], |t, r| t.person_after_role_complement(r)),
    rule(&[GpeAdminUnit], |t, r| t.admin_unit(r)),
    rule(&[PlaceGazetteer], |t, r| t.whole_trimmed_place(r)),
    rule(&[OrgAcronym], |t, r| t.acronym(r)),
    rule(&[NameShortCamel], |t, r| t.short_camel(r)),
    rule(&[GpeUnitAfter], |t, r| t.unit_after(r)),
    rule(&[ParkDescribedAfter], |t, r| t.park_described_after_name(r)),
    rule(&[EventKindAfter], |t, r| t.event_kind_after(r)),
    rule(&[LocNeighbourhoodOf], |t, r| t.neighbourhood_of(r)),
    rule(&[GpeVenue], |t, r| t.venue(r)),
    rule(&[OrgUnknownName], |t, r| t.unknown_name(r)),
    rule(&[OrgNewspaper], |t, r| t.newspaper(r)),
    rule(&[OrgCompanyList], |t, r| t.company_list(r)),
    rule(&[OrgApposition], |t, r| t.org_apposition_after(r)),
];

pub fn find(ctx: &mut Ctx, gaz: &Gazetteer) -> Learned {
    ctx.index_roles();
    let places = Places::new(ctx, gaz);
    let cats = categorise(ctx, &places);
    let raw = runs(ctx, &places);
    let mut typer = Typer { ctx, gaz, places, cats, learned: Vec::new() };
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
        let text = self.text(r);
        if text.chars().count() >= 2 {
            self.learned.push(LearntName { text, label, provenance: why });
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
        let mut run = Run { start, end, honorific };
        for r in RUN_RULES {
            if !r.ids.is_empty() && !r.ids.iter().any(|id| self.on(*id)) {
                continue;
            }
            if (r.apply)(self, &mut run) == Step::Done {
                return;
            }
        }
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
