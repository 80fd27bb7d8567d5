//! Names: typing capitalised runs as PERSON, ORG, PARK, GPE, LOC or EVENT.
//!
//! Evidence, strongest first: a head word (`… Science Park`, `… Ltd`,
//! `… Fair`, `Ministry of …`); a gazetteer place covering the whole name;
//! person cues (honorific, an adjacent role, a reporting verb, a byline, a
//! known given name or family name); an acronym; and finally the shape of the
//! words — a capitalised word that is not an English word (`Huawei`) names
//! something, and in this genre that is most often an organisation.
//! Capitals at the start of a sentence or in a headline are weak evidence.

use std::ops::Range;

use super::super::Label;
use super::context::Ctx;
use super::gazetteer::{
    Gazetteer, W_ACRONYM_STOP, W_DEMONYM, W_FUNCTION, W_GENERIC_PARK, W_GIVEN, W_HONORIFIC,
};
use super::heads::{
    head_of, is_camel, Head, ABBREVIATED_SUFFIXES, ADMIN_UNITS, HEAD_FIRST, LEGAL_SUFFIXES, PARK_FIRST,
};
use super::persons;
use super::runs::{at_brand, runs, spelled_by_abbreviation, split, Places};

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

/// Names learnt from the paragraph, to be found again in the document.
pub type Learned = Vec<(String, Label)>;

pub struct Typer<'c, 'a> {
    pub(super) ctx: &'c mut Ctx<'a>,
    pub(super) gaz: &'c Gazetteer,
    pub(super) places: Places,
    pub(super) cats: Vec<Cat>,
    pub(super) learned: Learned,
}

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
    typer.learn_park_appositions();
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

    pub(super) fn emit(&mut self, r: Range<usize>, label: Label) {
        if r.start < r.end {
            self.ctx.propose(r.start, r.end, label);
        }
    }

    pub(super) fn learn(&mut self, r: Range<usize>, label: Label) {
        let t = self.text(r);
        if t.chars().count() >= 2 {
            self.learned.push((t, label));
        }
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
        // A line in capitals: only place names can be told apart there.
        if self.all_caps_line(start) {
            self.places_in_capitals(start, end);
            return;
        }
        if self.ctx.has_flag(start, super::gazetteer::W_KNOWN_ORG_START)
            && self.gaz.is_known_org(&self.ctx.text[self.ctx.bytes(start, end)])
        {
            self.emit(start..end, Label::Org);
            return;
        }
        // The complement of a role ("Minister of State for Electronics") in
        // English words names a portfolio, not an organisation (but "President
        // of University Science Park" names a park).
        if start > 0
            && self.ctx.is(start - 1, "of")
            && self.ctx.role_ends_at(start - 1)
            && (start..end).all(|k| matches!(self.cats[k], Cat::Cap | Cat::Weak | Cat::Other))
            && !(start..end).any(|k| {
                matches!(
                    head_of(self.s(k), k.checked_sub(1).map(|p| self.s(p))),
                    Some(Head::Park | Head::Org | Head::Event)
                )
            })
        {
            return;
        }
        if self.type_headed(start, end) {
            return;
        }
        // Demonyms lead only organisation names ("Chinese Communist Party").
        while start < end && self.cats[start] == Cat::Demonym {
            start += 1;
        }
        if start >= end {
            return;
        }
        self.type_plain(start, end, honorific);
    }

    /// Runs with a head word; returns whether the run was typed.
    fn type_headed(&mut self, start: usize, end: usize) -> bool {
        // "Ministry of Home Affairs", "University of Helsinki", "Finnish
        // Ministry of Economic Affairs".
        let lead = if matches!(self.cats[start], Cat::Demonym | Cat::Place)
            && start + 1 < end
            && HEAD_FIRST.contains(&self.s(start + 1))
        {
            start + 1
        } else {
            start
        };
        if HEAD_FIRST.contains(&self.s(lead)) && self.ctx.is_any(lead + 1, &["of", "for"]) && end >= lead + 3
        {
            let label = if matches!(head_of(self.s(start), None), Some(Head::Event)) {
                Label::Event
            } else {
                Label::Org
            };
            self.emit(start..end, label);
            self.learn(start..end, label);
            return true;
        }
        // "Parque Tecnológico de Andalucía"; "Park" itself only before a
        // place or a foreign word ("Park Innovaare"), never a Korean surname
        // before a given name.
        if PARK_FIRST.contains(&self.s(start)) && end >= start + 2 && self.s(start) != "Park" {
            self.emit(start..end, Label::Park);
            self.learn(start..end, Label::Park);
            return true;
        }
        // "City of Casey", "Town of Oulu": a place's official name.
        if matches!(self.s(start), "City" | "Town" | "Municipality" | "County" | "Province" | "Republic")
            && self.ctx.is(start + 1, "of")
            && end >= start + 3
        {
            let mut stop = end;
            while stop > start + 2 && self.cats[stop - 1] == Cat::Weak {
                stop -= 1;
            }
            self.emit(start..stop, Label::Gpe);
            if stop < end {
                self.type_run(stop..end);
            }
            return true;
        }
        // Streets and buildings are no entity of this label set.
        if end >= start + 2
            && matches!(
                self.s(end - 1),
                "Road"
                    | "Street"
                    | "Avenue"
                    | "Boulevard"
                    | "Lane"
                    | "Square"
                    | "Bridge"
                    | "Tower"
                    | "Building"
                    | "Plaza"
                    | "Highway"
                    | "Expressway"
            )
        {
            return true;
        }
        // "Lake Geneva", "Mount Kilimanjaro", "Gulf of Finland".
        // "Bairro Alto", "Barrio de Salamanca", "Quartier Latin": a city's
        // neighbourhood in the language of the city.
        if matches!(self.s(start), "Bairro" | "Barrio" | "Quartier" | "Quartiere" | "Stadtteil" | "Dzielnica")
            && end >= start + 2
        {
            self.emit(start..end, Label::Loc);
            self.learn(start..end, Label::Loc);
            return true;
        }
        if matches!(self.s(start), "Lake" | "Mount" | "Mt" | "Gulf" | "Bay" | "Sea" | "Isle")
            && end >= start + 2
            && self.cats[start + 1] != Cat::Weak
        {
            self.emit(start..end, Label::Loc);
            return true;
        }
        let mut heads: Vec<(usize, Head)> = Vec::new();
        for k in start..end {
            if self.ctx.is_word(k) && (self.ctx.is_cap(k) || self.s(k) == "plc") {
                let prev = (k > start).then(|| self.s(k - 1));
                if let Some(h) = head_of(self.s(k), prev) {
                    if self.s(k) == "Co"
                        && !(self.s(k + 1) == "."
                            || self.ctx.is_any(k + 1, &["Ltd", "Limited", "Inc"])
                            || k + 1 == end)
                    {
                        continue;
                    }
                    heads.push((k, h));
                }
            }
        }
        // "Science and Technology Park of Hebei University of Technology": a
        // head with an of-complement names the whole run, whatever heads its
        // complement has.
        let with_complement = heads.iter().copied().find(|&(h, head)| {
            matches!(head, Head::Park | Head::Org)
                && h > start
                && self.ctx.is(h + 1, "of")
                && h + 2 < end
                && (h + 2..end).any(|k| matches!(self.cats[k], Cat::Name | Cat::Place))
                && !(h + 2..end).any(|k| self.ctx.is_all_caps(k) && self.s(k).len() > 4)
        });
        if let Some((h, head)) = with_complement {
            let label = if head == Head::Park { Label::Park } else { Label::Org };
            self.emit(start..end, label);
            self.learn(start..end, label);
            // "Optics Valley of China" is later "Optics Valley".
            if label == Label::Park {
                self.learn(start..h + 1, label);
            }
            return true;
        }
        for idx in (0..heads.len()).rev() {
            let (h, head) = heads[idx];
            // A weak head needs its own evidence after the last strong head.
            let seg_from = heads[..idx]
                .iter()
                .rev()
                .find(|(_, hd)| matches!(hd, Head::Park | Head::Org | Head::Event))
                .map_or(start, |(k, _)| k + 1);
            if !self.head_valid(start, seg_from, h, head) {
                continue;
            }
            let mut stop = h + 1;
            // "Skolkovo Institute of Science and Technology", "World
            // Conference on Science Parks": the complement is in the name.
            if matches!(head, Head::Org | Head::Event | Head::Park)
                && self.ctx.is_any(h + 1, &["of", "for", "on"])
                && h + 2 < end
                && !(h + 2..end).any(|k| self.ctx.is_all_caps(k) && self.s(k).len() > 4)
            {
                stop = end;
            }
            if matches!(head, Head::Org | Head::WeakOrg) {
                stop = self.suffix_tail(stop);
            }
            // "Technopark Zurich": a park brand followed by its place.
            if head == Head::Park && self.places.at(stop).is_some_and(|(e, _)| e == end) {
                stop = end;
            }
            // "Tallinn Science Park Tehnopol": a brand after the park's
            // descriptive name is part of it, and names the park alone later.
            if head == Head::Park
                && stop < end
                && end <= stop + 2
                && (stop..end).all(|k| self.cats[k] == Cat::Name && !self.ctx.is_all_caps(k))
            {
                self.learn(stop..end, Label::Park);
                stop = end;
            }
            let mut from = start;
            let label = match head {
                Head::Park => Label::Park,
                Head::Loc => Label::Loc,
                Head::Org | Head::WeakOrg => Label::Org,
                Head::Event => {
                    // "2017 Global Innovation and Entrepreneurship Fair", "5th China Hi-Tech Fair".
                    if from > 0
                        && (super::dates::is_year(self.ctx, from - 1) || ordinal_token(self.ctx, from - 1))
                        && !self.ctx.touching(from)
                    {
                        from -= 1;
                    }
                    Label::Event
                }
            };
            // Leading headline words that are not part of the name.
            while from < h
                && self.cats[from] == Cat::Weak
                && !self.generic_park(from)
                && label != Label::Event
                && from + 1 < h
                && self.cats[from + 1] != Cat::Weak
            {
                from += 1;
            }
            self.emit(from..stop, label);
            self.learn_headed(from, h, stop, label);
            // "Chairman of HCM City People’s Committee Nguyen Thanh Phong":
            // after a role's organisation, the person who holds it.
            let after_role_of = from >= 1 && self.ctx.is(from - 1, "of") && self.ctx.role_ends_at(from - 1);
            if after_role_of
                && end >= stop + 2
                && end <= stop + 4
                && self.cats[stop] == Cat::Name
                && (stop..end).all(|k| self.ctx.is_cap(k) && !self.ctx.is_all_caps(k))
            {
                self.emit_person(stop, end);
                return true;
            }
            // "Optics Valley of China" is later "Optics Valley".
            if label == Label::Park && stop > h + 2 && self.ctx.is(h + 1, "of") {
                self.learn(from..h + 1, label);
            }
            if stop < end {
                self.type_run(stop..end);
            }
            return true;
        }
        false
    }

    /// Token `k` says nothing about which park a park name names.
    fn generic_park(&self, k: usize) -> bool {
        self.ctx.has_flag(k, W_GENERIC_PARK) || self.ctx.is_any(k, &["and", "&", "of"])
    }

    fn head_valid(&self, start: usize, seg_from: usize, h: usize, head: Head) -> bool {
        let word = self.s(h);
        let self_contained = word.contains('-')
            || is_camel(word)
            || (head == Head::Park
                && word.len() > 5
                && word.get(word.len() - 4..).is_some_and(|e| e.eq_ignore_ascii_case("park"))
                && word != "Park");
        match head {
            Head::Park => {
                // "Belarusian High-Tech Park": a national park's name.
                let national = matches!(word, "Park" | "Zone")
                    && self.cats[start] == Cat::Demonym
                    && h > start + 1
                    && (start + 1..h).all(|k| self.generic_park(k))
                    && !self.ctx.weak_cap[start];
                self_contained
                    || national
                    || (start..h).any(|k| {
                        self.ctx.is_word(k)
                            && !self.generic_park(k)
                            && !matches!(self.cats[k], Cat::Weak | Cat::Other | Cat::Demonym)
                    })
            }
            Head::Org => h > start && (start..h).any(|k| self.cats[k] != Cat::Other),
            // "Yangtze River", not a lone "River" or "the Lake".
            Head::Loc => {
                h > start && (start..h).any(|k| matches!(self.cats[k], Cat::Name | Cat::Place | Cat::Cap))
            }
            Head::WeakOrg => (seg_from..h).any(|k| matches!(self.cats[k], Cat::Name | Cat::Place | Cat::Cap)),
            Head::Event => {
                h > start
                    && ((start..h).any(|k| matches!(self.cats[k], Cat::Name | Cat::Place | Cat::Cap))
                        || (start > 0
                            && (super::dates::is_year(self.ctx, start - 1)
                                || ordinal_token(self.ctx, start - 1))))
            }
        }
    }

    /// "Co., Ltd.": abbreviation periods and further legal suffixes after
    /// the head.
    fn suffix_tail(&self, mut stop: usize) -> usize {
        loop {
            let last = self.s(stop - 1);
            if ABBREVIATED_SUFFIXES.contains(&last) && self.s(stop) == "." && self.ctx.touching(stop) {
                stop += 1;
                continue;
            }
            if self.s(stop) == ","
                && self.ctx.is_any(stop + 1, &["Ltd", "Inc", "LLC", "Limited", "Bhd", "Plc"])
                && self.ctx.is_cap(stop + 1)
            {
                stop += 2;
                continue;
            }
            return stop;
        }
    }

    fn learn_headed(&mut self, from: usize, h: usize, stop: usize, label: Label) {
        self.learn(from..stop, label);
        // A company named once with its legal suffix is named later without.
        if label == Label::Org && LEGAL_SUFFIXES.contains(&self.s(h)) {
            let mut base_end = h;
            while base_end > from
                && (LEGAL_SUFFIXES.contains(&self.s(base_end - 1))
                    || matches!(self.s(base_end - 1), "," | "."))
            {
                base_end -= 1;
            }
            if base_end > from && (from..base_end).any(|k| self.cats[k] == Cat::Name) {
                self.learn(from..base_end, Label::Org);
            }
        }
        // "TechnoSpark Nano-Center" → the brand alone is the park.
        if label == Label::Park && h > from && is_camel(self.s(from)) && self.cats[from] == Cat::Name {
            self.learn(from..from + 1, Label::Park);
        }
    }

    /// Runs without a head.
    fn type_plain(&mut self, start: usize, end: usize, honorific: bool) {
        // "China-Finland", "Sino-German": compounds of places are adjectives.
        if end == start + 1
            && self.s(start).contains('-')
            && self
                .s(start)
                .split('-')
                .all(|p| self.gaz.place(p).is_some() || self.gaz.is_demonym_word(p) || p == "Sino")
        {
            return;
        }
        // A place that is the whole name.
        if let Some((pe, place)) = self.places.at(start) {
            if pe == end {
                if end > start + 1 && persons::is_person(self.ctx, start, end, honorific, false, false) {
                    self.emit_person(start, end);
                    return;
                }
                if !place.ambiguous || place.country || self.place_context(start, end) {
                    self.emit(start..end, place.label);
                }
                return;
            }
        }
        // "Consul General in Shanghai Christine Althauser": a place, then a person.
        if let Some((pe, place)) = self.places.at(start) {
            if end >= pe + 2
                && persons::is_person(self.ctx, pe, end, false, true, false)
                && self.ctx.has_flag(pe, super::gazetteer::W_GIVEN | super::gazetteer::W_SURNAME)
            {
                if !place.ambiguous || place.country {
                    self.emit(start..pe, place.label);
                }
                self.emit_person(pe, end);
                return;
            }
        }
        let place_first = self.places.at(start).is_some_and(|(_, p)| !p.ambiguous);
        let whole_place = self.places.at(start).is_some_and(|(e, _)| e == end);
        // "X, a technology park in Y", "X, Kazakhstan’s technopark": an
        // apposition says the name is a park's.
        if !whole_place
            && self.park_apposition(end)
            && (start..end).any(|k| matches!(self.cats[k], Cat::Name | Cat::Place | Cat::Cap))
        {
            self.emit(start..end, Label::Park);
            self.learn(start..end, Label::Park);
            return;
        }
        // "packaging firm X", "chip designer X": a company noun before the name.
        if self.company_noun_before(start)
            && (start..end).any(|k| matches!(self.cats[k], Cat::Name | Cat::Cap | Cat::Place))
            && !honorific
        {
            self.emit(start..end, Label::Org);
            self.learn(start..end, Label::Org);
            return;
        }
        // "on the sidelines of X": a gathering.
        if self.sidelines_before(start) && (start..end).any(|k| matches!(self.cats[k], Cat::Name | Cat::Cap))
        {
            self.emit(start..end, Label::Event);
            self.learn(start..end, Label::Event);
            return;
        }
        if persons::is_person(self.ctx, start, end, honorific, true, place_first) {
            self.emit_person(start, end);
            return;
        }
        // "Astana Hub international technology park": a park described after its name.
        if !whole_place
            && !self.ctx.weak_cap[start]
            && self.park_phrase_after(end)
            && (start..end).any(|k| matches!(self.cats[k], Cat::Name | Cat::Place | Cat::Cap))
        {
            self.emit(start..end, Label::Park);
            self.learn(start..end, Label::Park);
            return;
        }
        // "Northern Finland", "Greater Tokyo": the place without the direction.
        if let Some(p) = (start + 1..end).find(|&k| self.places.at(k).is_some_and(|(e, _)| e == end)) {
            if (start..p).all(|k| DIRECTIONS.contains(&self.s(k))) {
                if let Some((_, place)) = self.places.at(p) {
                    self.emit(p..end, place.label);
                }
                return;
            }
        }
        // A place followed by generic words ("Singapore Government") or in a
        // headline: the place alone.
        if let Some((pe, place)) = self.places.at(start) {
            // "Oxford Scientific Innovations, a subsidiary of …".
            if pe < end && self.org_apposition(end) {
                self.emit(start..end, Label::Org);
                self.learn(start..end, Label::Org);
                return;
            }
            if pe < end && !(pe..end).any(|k| self.cats[k] == Cat::Name) {
                if !place.ambiguous || place.country {
                    self.emit(start..pe, place.label);
                }
                self.type_run(pe..end);
                return;
            }
        }
        // Datelines and headlines in capitals: "KUALA LUMPUR".
        if (start..end).all(|k| self.ctx.is_all_caps(k) || !self.ctx.is_word(k)) {
            let raw = self.text(start..end);
            let title = title_case(&raw);
            // "HCM CITY" → "HCM City": short words may be acronyms.
            let mixed: String = raw
                .split(' ')
                .map(|w| if w.len() <= 3 { w.to_string() } else { title_case(w) })
                .collect::<Vec<_>>()
                .join(" ");
            if let Some(place) = self.gaz.place(&title).or_else(|| self.gaz.place(&mixed)) {
                self.emit(start..end, place.label);
                return;
            }
        }
        // A name its abbreviation spells keeps its first word at a sentence start.
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
            return;
        }
        if self.role_complement_person(a, b) {
            return;
        }
        // "Gyeonggi Province", "Haidian District": the place without its unit.
        if b >= a + 2
            && ADMIN_UNITS.contains(&self.s(b - 1))
            && (a..b - 1).all(|k| matches!(self.cats[k], Cat::Name | Cat::Place))
        {
            self.emit(a..b - 1, Label::Gpe);
            return;
        }
        if let Some((pe, place)) = self.places.at(a) {
            if pe == b {
                if !place.ambiguous || place.country || self.place_context(a, b) {
                    self.emit(a..b, place.label);
                }
                return;
            }
        }
        let has_name = (a..b).any(|k| matches!(self.cats[k], Cat::Name | Cat::Place));
        // "special economic zone (SEZ)": the abbreviation of the lower-case
        // words before it is no organisation.
        // "New Industrial Master Plan (NIMP)": the abbreviation of a phrase
        // that names no organisation is none either.
        let phrase = if a >= 2 && self.s(a - 1) == "(" { self.abbreviated_phrase(a) } else { None };
        let phrase_is_entity = phrase
            .is_some_and(|k| self.ctx.cands.iter().rev().take(8).any(|c| c.start == k && c.end == a - 1));
        let after_common_phrase = phrase.is_some() && !phrase_is_entity;
        if b == a + 1 && self.ctx.is_all_caps(a) {
            if !self.ctx.has_flag(a, W_ACRONYM_STOP)
                && !after_common_phrase
                && self.s(a).len() <= 8
                && !self.all_caps_line(a)
            {
                self.emit(a..b, Label::Org);
            }
            return;
        }
        if b == a + 1 && is_camel(self.s(a)) && self.s(a).chars().count() <= 3 {
            return;
        }
        // "Ninghe district", "Gyeonggi province": a place named by its unit.
        if has_name
            && self.ctx.is_lower_word(b)
            && self.ctx.is_any(
                b,
                &[
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
                ],
            )
            && !(a..b).any(|k| self.ctx.is_all_caps(k))
        {
            self.emit(a..b, Label::Gpe);
            self.learn(a..b, Label::Gpe);
            return;
        }
        if has_name && self.park_phrase_after(b) && self.places.at(a).is_none_or(|(e, _)| e != b) {
            self.emit(a..b, Label::Park);
            self.learn(a..b, Label::Park);
            return;
        }
        if has_name
            && self.ctx.is_any(
                b,
                &[
                    "forum",
                    "fair",
                    "summit",
                    "expo",
                    "conference",
                    "exhibition",
                    "festival",
                    "congress",
                    "symposium",
                ],
            )
            && self.ctx.is_lower_word(b)
        {
            self.emit(a..b, Label::Event);
            return;
        }
        // "the former textile district of X", "the neighbourhood of X": a
        // part of a city.
        if has_name && b == a + 1 && self.neighbourhood_before(a) {
            self.emit(a..b, Label::Loc);
            self.learn(a..b, Label::Loc);
            return;
        }
        // "signed in X", "based in X": an unknown single name where events
        // happen and offices are is a place.
        if has_name
            && b == a + 1
            && self.cats[a] == Cat::Name
            && !self.ctx.is_all_caps(a)
            && self.venue_before(a)
        {
            self.emit(a..b, Label::Gpe);
            return;
        }
        if has_name {
            // Places inside an unknown name make it an organisation ("China Mobile").
            // Weak evidence: not learnt, so a person or park named the same
            // elsewhere in the document takes over (see link).
            self.emit(a..b, Label::Org);
            return;
        }
        let caps = (a..b).filter(|&k| self.cats[k] == Cat::Cap).count();
        // "the Telegraph": a newspaper named by its head word alone.
        if b == a + 1
            && caps == 1
            && self.ctx.is(a.wrapping_sub(1), "the")
            && matches!(
                self.s(a),
                "Telegraph"
                    | "Times"
                    | "Guardian"
                    | "Herald"
                    | "Tribune"
                    | "Gazette"
                    | "Chronicle"
                    | "Economist"
                    | "Independent"
            )
        {
            self.emit(a..b, Label::Org);
            return;
        }
        if caps >= 1 && self.in_company_list(a) {
            self.emit(a..b, Label::Org);
            return;
        }
        if caps >= 1 && b >= a + 2 && self.org_apposition(b) {
            self.emit(a..b, Label::Org);
            self.learn(a..b, Label::Org);
        }
    }

    pub(super) fn emit_person(&mut self, start: usize, end: usize) {
        self.emit(start..end, Label::Person);
        self.learn(start..end, Label::Person);
        if end > start + 1 {
            for k in start..end {
                // A word that is also a known place is not learnt alone:
                // the place is named elsewhere in the document.
                let place = k == start
                    && !self.ctx.has_flag(k, W_GIVEN)
                    && self.places.at(k).is_some_and(|(e, p)| e == k + 1 && !p.ambiguous);
                if self.ctx.is_word(k) && !self.ctx.is_lower_word(k) && !place {
                    self.learn(k..k + 1, Label::Person);
                }
            }
        }
    }

    /// Strips English words at sentence starts and in headlines from the
    /// edges of a name ("Clearly", "Sign").
    fn trim_weak(&self, mut a: usize, mut b: usize) -> (usize, usize) {
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

fn ordinal_token(ctx: &Ctx, i: usize) -> bool {
    let s = ctx.s(i);
    ctx.is_number(i) && (s.ends_with("th") || s.ends_with("st") || s.ends_with("nd") || s.ends_with("rd"))
}
