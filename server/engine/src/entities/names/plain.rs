//! The name rules for runs without a head word: places, persons, parks and
//! organisations told by the gazetteers, the context and the shape of the
//! words. Each is an entry of [`super::RUN_RULES`]; the comment on each
//! names its rule.

use super::super::super::rules::{Provenance, RuleId};
use super::super::super::Label;
use super::super::gazetteer::{W_ACRONYM_STOP, W_GIVEN, W_SURNAME};
use super::super::heads::{is_camel, ADMIN_UNITS};
use super::super::persons::{Evidence, Opening};
use super::super::runs::spelled_by_abbreviation;
use super::{title_case, Cat, Run, Step, Typer};

/// Directions before a place name that are not part of it.
const DIRECTIONS: &[&str] = &[
    "Northern",
    "Southern",
    "Eastern",
    "Western",
    "Central",
    "Northeastern",
    "Northwestern",
    "Southeastern",
    "Southwestern",
    "Upper",
    "Lower",
    "Inner",
    "Outer",
    "Coastal",
    "Rural",
    "Urban",
    "Mainland",
];

/// Lower-case units after a place's name (`Ninghe district`).
const PLACE_UNITS: &[&str] = &[
    "district",
    "county",
    "province",
    "prefecture",
    "city",
    "municipality",
    "region",
    "oblast",
    "township",
    "village",
    "town",
];

/// Lower-case words for a gathering after its name (`NEXTECH forum`).
const GATHERINGS: &[&str] =
    &["forum", "fair", "summit", "expo", "conference", "exhibition", "festival", "congress", "symposium"];

/// Newspapers named by their head word alone (`the Telegraph`).
const NEWSPAPERS: &[&str] = &[
    "Telegraph",
    "Times",
    "Guardian",
    "Herald",
    "Tribune",
    "Gazette",
    "Chronicle",
    "Economist",
    "Independent",
];

fn done_if(done: bool) -> Step {
    if done {
        Step::Done
    } else {
        Step::Next
    }
}

impl Typer<'_, '_> {
    fn opening(&self, run: &Run) -> Opening {
        if run.honorific {
            Opening::AfterHonorific
        } else {
            Opening::Plain
        }
    }

    /// Some word of `start..end` has a category `is` accepts.
    #[inline]
    fn any_cat(&self, start: usize, end: usize, is: impl Fn(Cat) -> bool) -> bool {
        self.cats.get(start..end).is_some_and(|cats| cats.iter().any(|c| is(*c)))
    }

    /// The run is one gazetteer place.
    fn whole_place_run(&self, run: &Run) -> bool {
        self.places.at(run.start).is_some_and(|(e, _)| e == run.end)
    }

    /// `name.place-compound`: "China-Finland", "Sino-German": compounds of
    /// places are adjectives.
    #[inline]
    pub(super) fn place_compound(&mut self, run: &mut Run) -> Step {
        let Run { start, end, .. } = *run;
        done_if(
            end == start + 1
                && self.s(start).contains('-')
                && self
                    .s(start)
                    .split('-')
                    .all(|p| self.gaz.place(p).is_some() || self.gaz.is_demonym_word(p) || p == "Sino"),
        )
    }

    /// A place name that is a person's whole name, by a context cue only
    /// (`Hong Kong` is no person named Hong).
    #[inline]
    pub(super) fn place_named_person(&mut self, run: &mut Run) -> Step {
        let Run { start, end, .. } = *run;
        if !self.whole_place_run(run) || end <= start + 1 {
            return Step::Next;
        }
        let Some(cue) = self.person_cue(start, end, self.opening(run), Evidence::Context) else {
            return Step::Next;
        };
        self.emit_person(start, end, Provenance::rule(cue));
        Step::Done
    }

    /// `place.gazetteer`: a place that is the whole name; an ambiguous one
    /// (`Nice`) only in a place context.
    #[inline]
    pub(super) fn whole_place(&mut self, run: &mut Run) -> Step {
        self.gazetteer_place(run.start, run.end)
    }

    /// `place.gazetteer` on the run trimmed of its weak edges.
    #[inline]
    pub(super) fn whole_trimmed_place(&mut self, run: &mut Run) -> Step {
        self.gazetteer_place(run.start, run.end)
    }

    fn gazetteer_place(&mut self, start: usize, end: usize) -> Step {
        let Some((pe, place)) = self.places.at(start) else { return Step::Next };
        if pe != end {
            return Step::Next;
        }
        if !place.ambiguous || place.country || self.place_context(start, end) {
            self.emit(start..end, place.label, Provenance::rule(RuleId::PlaceGazetteer));
        }
        Step::Done
    }

    /// `name.place-then-person`: "Consul General in Shanghai Christine
    /// Althauser": a place, then a person.
    #[inline]
    pub(super) fn place_then_person(&mut self, run: &mut Run) -> Step {
        let Run { start, end, .. } = *run;
        let Some((pe, place)) = self.places.at(start) else { return Step::Next };
        if end < pe + 2 || !self.ctx.has_flag(pe, W_GIVEN | W_SURNAME) {
            return Step::Next;
        }
        let Some(cue) = self.person_cue(pe, end, Opening::Plain, Evidence::ContextAndShape) else {
            return Step::Next;
        };
        let why = Provenance::rule(RuleId::NamePlaceThenPerson);
        if !place.ambiguous || place.country {
            self.emit(start..pe, place.label, why);
        }
        self.emit_person(pe, end, why.then(cue));
        Step::Done
    }

    /// `park.apposition`: "X, a technology park in Y", "X, Kazakhstan’s
    /// technopark": an apposition says the name is a park's.
    #[inline]
    pub(super) fn park_by_apposition(&mut self, run: &mut Run) -> Step {
        let Run { start, end, .. } = *run;
        let park = !self.whole_place_run(run)
            && self.park_apposition(end)
            && self.any_cat(start, end, |c| matches!(c, Cat::Name | Cat::Place | Cat::Cap));
        if park {
            self.emit_learnt(start..end, Label::Park, RuleId::ParkApposition);
        }
        done_if(park)
    }

    /// `org.company-noun`: "packaging firm X", "chip designer X".
    #[inline]
    pub(super) fn company_noun(&mut self, run: &mut Run) -> Step {
        let Run { start, end, honorific, .. } = *run;
        let org = self.company_noun_before(start)
            && self.any_cat(start, end, |c| matches!(c, Cat::Name | Cat::Cap | Cat::Place))
            && !honorific;
        if org {
            self.emit_learnt(start..end, Label::Org, RuleId::OrgCompanyNoun);
        }
        done_if(org)
    }

    /// `event.sidelines`: "on the sidelines of X": a gathering.
    #[inline]
    pub(super) fn sidelines(&mut self, run: &mut Run) -> Step {
        let Run { start, end, .. } = *run;
        let event =
            self.sidelines_before(start) && self.any_cat(start, end, |c| matches!(c, Cat::Name | Cat::Cap));
        if event {
            self.emit_learnt(start..end, Label::Event, RuleId::EventSidelines);
        }
        done_if(event)
    }

    /// A person by any cue, the shape of the words included (`person.*`).
    #[inline]
    pub(super) fn person(&mut self, run: &mut Run) -> Step {
        let Run { start, end, .. } = *run;
        let place_first = self.places.at(start).is_some_and(|(_, p)| !p.ambiguous);
        let opening = match self.opening(run) {
            Opening::Plain if place_first => Opening::KnownPlace,
            opening => opening,
        };
        let Some(cue) = self.person_cue(start, end, opening, Evidence::ContextAndShape) else {
            return Step::Next;
        };
        self.emit_person(start, end, Provenance::rule(cue));
        Step::Done
    }

    /// `park.described-after`: "Astana Hub international technology park":
    /// a park described after its name.
    #[inline]
    pub(super) fn park_described_after(&mut self, run: &mut Run) -> Step {
        let Run { start, end, .. } = *run;
        let park = !self.whole_place_run(run)
            && !self.ctx.weak_cap[start]
            && self.park_phrase_after(end)
            && self.any_cat(start, end, |c| matches!(c, Cat::Name | Cat::Place | Cat::Cap));
        if park {
            self.emit_learnt(start..end, Label::Park, RuleId::ParkDescribedAfter);
        }
        done_if(park)
    }

    /// `place.after-direction`: "Northern Finland", "Greater Tokyo": the
    /// place without the direction.
    #[inline]
    pub(super) fn place_after_direction(&mut self, run: &mut Run) -> Step {
        let Run { start, end, .. } = *run;
        let Some(p) = (start + 1..end).find(|&k| self.places.at(k).is_some_and(|(e, _)| e == end)) else {
            return Step::Next;
        };
        if !(start..p).all(|k| DIRECTIONS.contains(&self.s(k))) {
            return Step::Next;
        }
        if let Some((_, place)) = self.places.at(p) {
            self.emit(p..end, place.label, Provenance::rule(RuleId::PlaceAfterDirection));
        }
        Step::Done
    }

    /// `org.apposition` on a name that opens with a place: "Oxford
    /// Scientific Innovations, a subsidiary of …".
    #[inline]
    pub(super) fn place_led_org_apposition(&mut self, run: &mut Run) -> Step {
        let Run { start, end, .. } = *run;
        let org = self.places.at(start).is_some_and(|(pe, _)| pe < end) && self.org_apposition(end);
        if org {
            self.emit_learnt(start..end, Label::Org, RuleId::OrgApposition);
        }
        done_if(org)
    }

    /// `place.before-generic-words`: a place followed by generic words
    /// ("Singapore Government") or by headline words: the place alone; the
    /// rest is typed on its own.
    #[inline]
    pub(super) fn place_before_generic_words(&mut self, run: &mut Run) -> Step {
        let Run { start, end, .. } = *run;
        let Some((pe, place)) = self.places.at(start) else { return Step::Next };
        if pe >= end || (pe..end).any(|k| self.cats[k] == Cat::Name) {
            return Step::Next;
        }
        if !place.ambiguous || place.country {
            self.emit(start..pe, place.label, Provenance::rule(RuleId::PlaceBeforeGenericWords));
        }
        self.type_run(pe..end);
        Step::Done
    }

    /// `place.capitalised`: datelines and headlines in capitals: "KUALA LUMPUR".
    #[inline]
    pub(super) fn capitalised_place(&mut self, run: &mut Run) -> Step {
        let Run { start, end, .. } = *run;
        if !(start..end).all(|k| self.ctx.is_all_caps(k) || !self.ctx.is_word(k)) {
            return Step::Next;
        }
        let raw = self.text(start..end);
        let title = title_case(&raw);
        // "HCM CITY" → "HCM City": short words may be acronyms.
        let mixed: String = raw
            .split(' ')
            .map(|w| if w.len() <= 3 { w.to_string() } else { title_case(w) })
            .collect::<Vec<_>>()
            .join(" ");
        let Some(place) = self.gaz.place(&title).or_else(|| self.gaz.place(&mixed)) else {
            return Step::Next;
        };
        self.emit(start..end, place.label, Provenance::rule(RuleId::PlaceCapitalised));
        Step::Done
    }

    /// English words at sentence starts and in headlines leave the edges of
    /// the run; a name its abbreviation spells keeps its first word at a
    /// sentence start. The rules after this one see the trimmed run.
    #[inline]
    pub(super) fn trim_weak_edges(&mut self, run: &mut Run) -> Step {
        let Run { start, end, .. } = *run;
        let (a, mut b) = if spelled_by_abbreviation(self.ctx, start..end) {
            (start, end)
        } else {
            self.trim_weak(start, end)
        };
        // "Urenio Watch Watch: …": a name cut short by its last word said
        // again (a site's name before a section's) keeps that word.
        if b > a
            && b < end
            && end < self.ctx.len()
            && self.s(end) == self.s(end - 1)
            && self.ctx.toks[end].space_before
        {
            b = end;
        }
        if a >= b {
            return Step::Done;
        }
        run.start = a;
        run.end = b;
        run.has_name = self.any_cat(a, b, |c| matches!(c, Cat::Name | Cat::Place));
        run.caps = (a..b).filter(|&k| self.cats[k] == Cat::Cap).count();
        Step::Next
    }

    /// `person.after-role-complement`: "Minister of Communications and
    /// Multimedia Fahmi Fadzil": a role's complement in English words, then
    /// a name in foreign words.
    #[inline]
    pub(super) fn person_after_role_complement(&mut self, run: &mut Run) -> Step {
        let Run { start: a, end: b, .. } = *run;
        let Some(p) = (a + 1..b).find(|&k| self.cats[k] == Cat::Name) else {
            return Step::Next;
        };
        let complement =
            (a..p).all(|k| matches!(self.cats[k], Cat::Cap | Cat::Weak | Cat::Other | Cat::Place));
        let name = b >= p + 2
            && b <= p + 4
            && (p..b).all(|k| {
                matches!(self.cats[k], Cat::Name | Cat::Cap | Cat::Place) && !self.ctx.is_all_caps(k)
            });
        let floor = a.saturating_sub(10);
        let after_role =
            (floor..a).any(|k| self.ctx.is_any(k, &["of", "to", "for"]) && self.ctx.role_ends_at(k));
        if complement && name && after_role {
            self.emit_person(p, b, Provenance::rule(RuleId::PersonAfterRoleComplement));
            return Step::Done;
        }
        Step::Next
    }

    /// `gpe.admin-unit`: "Gyeonggi Province", "Haidian District": the place
    /// without its unit.
    #[inline]
    pub(super) fn admin_unit(&mut self, run: &mut Run) -> Step {
        let Run { start: a, end: b, .. } = *run;
        let unit = b >= a + 2
            && ADMIN_UNITS.contains(&self.s(b - 1))
            && (a..b - 1).all(|k| matches!(self.cats[k], Cat::Name | Cat::Place));
        if unit {
            self.emit(a..b - 1, Label::Gpe, Provenance::rule(RuleId::GpeAdminUnit));
        }
        done_if(unit)
    }

    /// `org.acronym`: a single word in capitals is an organisation's
    /// acronym, unless it is in the stop list, on a line in capitals, or the
    /// abbreviation of lower-case words before it that name no entity
    /// ("special economic zone (SEZ)", "New Industrial Master Plan (NIMP)").
    #[inline]
    pub(super) fn acronym(&mut self, run: &mut Run) -> Step {
        let Run { start: a, end: b, .. } = *run;
        if !(b == a + 1 && self.ctx.is_all_caps(a)) {
            return Step::Next;
        }
        let phrase = if a >= 2 && self.s(a - 1) == "(" { self.abbreviated_phrase(a) } else { None };
        let phrase_is_entity = phrase
            .is_some_and(|k| self.ctx.cands.iter().rev().take(8).any(|c| c.start == k && c.end == a - 1));
        let after_common_phrase = phrase.is_some() && !phrase_is_entity;
        if !self.ctx.has_flag(a, W_ACRONYM_STOP)
            && !after_common_phrase
            && self.s(a).len() <= 8
            && !self.all_caps_line(a)
        {
            self.emit(a..b, Label::Org, Provenance::rule(RuleId::OrgAcronym));
        }
        Step::Done
    }

    /// `name.short-camel`: a one-word CamelCase name of three letters or
    /// fewer (`iOS`) is no entity.
    #[inline]
    pub(super) fn short_camel(&mut self, run: &mut Run) -> Step {
        let Run { start: a, end: b, .. } = *run;
        done_if(b == a + 1 && is_camel(self.s(a)) && self.s(a).chars().count() <= 3)
    }

    /// `gpe.unit-after`: "Ninghe district", "Gyeonggi province": a place
    /// named by its unit.
    #[inline]
    pub(super) fn unit_after(&mut self, run: &mut Run) -> Step {
        let Run { start: a, end: b, .. } = *run;
        let place = run.has_name
            && self.ctx.is_lower_word(b)
            && self.ctx.is_any(b, PLACE_UNITS)
            && !(a..b).any(|k| self.ctx.is_all_caps(k));
        if place {
            self.emit_learnt(a..b, Label::Gpe, RuleId::GpeUnitAfter);
        }
        done_if(place)
    }

    /// `park.described-after` on the trimmed run of a name.
    #[inline]
    pub(super) fn park_described_after_name(&mut self, run: &mut Run) -> Step {
        let Run { start: a, end: b, .. } = *run;
        let park = run.has_name && self.park_phrase_after(b) && self.places.at(a).is_none_or(|(e, _)| e != b);
        if park {
            self.emit_learnt(a..b, Label::Park, RuleId::ParkDescribedAfter);
        }
        done_if(park)
    }

    /// `event.kind-after`: a name before a lower-case gathering word.
    #[inline]
    pub(super) fn event_kind_after(&mut self, run: &mut Run) -> Step {
        let Run { start: a, end: b, .. } = *run;
        let event = run.has_name && self.ctx.is_any(b, GATHERINGS) && self.ctx.is_lower_word(b);
        if event {
            self.emit(a..b, Label::Event, Provenance::rule(RuleId::EventKindAfter));
        }
        done_if(event)
    }

    /// `loc.neighbourhood-of`: "the former textile district of X", "the
    /// neighbourhood of X": a part of a city.
    #[inline]
    pub(super) fn neighbourhood_of(&mut self, run: &mut Run) -> Step {
        let Run { start: a, end: b, .. } = *run;
        let loc = run.has_name && b == a + 1 && self.neighbourhood_before(a);
        if loc {
            self.emit_learnt(a..b, Label::Loc, RuleId::LocNeighbourhoodOf);
        }
        done_if(loc)
    }

    /// `gpe.venue`: "signed in X", "based in X": an unknown single name
    /// where events happen and offices are is a place.
    #[inline]
    pub(super) fn venue(&mut self, run: &mut Run) -> Step {
        let Run { start: a, end: b, .. } = *run;
        let place = run.has_name
            && b == a + 1
            && self.cats[a] == Cat::Name
            && !self.ctx.is_all_caps(a)
            && self.venue_before(a);
        if place {
            self.emit(a..b, Label::Gpe, Provenance::rule(RuleId::GpeVenue));
        }
        done_if(place)
    }

    /// `org.unknown-name`: places inside an unknown name make it an
    /// organisation ("China Mobile"), and so does a word that is no English
    /// word. Weak evidence: not learnt, so a person or park named the same
    /// elsewhere in the document takes over (see link).
    #[inline]
    pub(super) fn unknown_name(&mut self, run: &mut Run) -> Step {
        let name = run.has_name;
        if name {
            self.emit(run.start..run.end, Label::Org, Provenance::rule(RuleId::OrgUnknownName));
        }
        done_if(name)
    }

    /// `org.newspaper`: "the Telegraph": a newspaper named by its head word alone.
    #[inline]
    pub(super) fn newspaper(&mut self, run: &mut Run) -> Step {
        let Run { start: a, end: b, .. } = *run;
        let paper = b == a + 1
            && run.caps == 1
            && self.ctx.is(a.wrapping_sub(1), "the")
            && NEWSPAPERS.contains(&self.s(a));
        if paper {
            self.emit(a..b, Label::Org, Provenance::rule(RuleId::OrgNewspaper));
        }
        done_if(paper)
    }

    /// `org.company-list`: "companies such as Dell, Shell and Huawei".
    #[inline]
    pub(super) fn company_list(&mut self, run: &mut Run) -> Step {
        let Run { start: a, end: b, .. } = *run;
        let listed = run.caps >= 1 && self.in_company_list(a);
        if listed {
            self.emit(a..b, Label::Org, Provenance::rule(RuleId::OrgCompanyList));
        }
        done_if(listed)
    }

    /// `org.apposition`: "X, the company behind …" after English words.
    #[inline]
    pub(super) fn org_apposition_after(&mut self, run: &mut Run) -> Step {
        let Run { start: a, end: b, .. } = *run;
        let org = run.caps >= 1 && b >= a + 2 && self.org_apposition(b);
        if org {
            self.emit_learnt(a..b, Label::Org, RuleId::OrgApposition);
        }
        done_if(org)
    }
}
