//! The name rules that go by a head word: `Ministry of …`, `Parque … de …`,
//! `City of …`, `… Road`, `Lake …`, and a head word ending the name (`…
//! Science Park`, `… Ltd`, `… University`, `… Fair`, `… River`). Each is an
//! entry of [`super::RUN_RULES`].

use super::super::super::lexicon::{self, ENDING_DROPPED, ENDING_PERIOD};
use super::super::super::rules::{Provenance, RuleId};
use super::super::super::Label;
use super::super::gazetteer::W_GENERIC_PARK;
use super::super::heads::{head_of, head_rule, is_camel, Head, HEAD_FIRST, PARK_FIRST};
use super::{ordinal_token, title_case, Cat, Run, Step, Typer};

/// Step for "done" when `done` holds.
fn done_if(done: bool) -> Step {
    if done {
        Step::Done
    } else {
        Step::Next
    }
}

impl Typer<'_, '_> {
    /// `place.in-capitals`: a line in capitals ("MALAYSIA AND CHINA SIGN
    /// MOU"); only place names can be told apart there.
    #[inline]
    pub(super) fn places_in_capitals_line(&mut self, run: &mut Run) -> Step {
        if !self.all_caps_line(run.start) {
            return Step::Next;
        }
        self.places_in_capitals(run.start, run.end);
        Step::Done
    }

    /// Place names in a run of words written in capitals: the longest
    /// title-cased window that is a place.
    fn places_in_capitals(&mut self, start: usize, end: usize) {
        let mut k = start;
        while k < end {
            let mut found = None;
            for n in (1..=3.min(end - k)).rev() {
                let title = title_case(&self.ctx.text[self.ctx.bytes(k, k + n)]);
                if let Some(place) = self.gaz.place(&title) {
                    if !place.ambiguous || place.country {
                        found = Some((n, place));
                        break;
                    }
                }
            }
            match found {
                Some((n, place)) => {
                    self.emit(k..k + n, place.label, Provenance::rule(RuleId::PlaceInCapitals));
                    k += n;
                }
                None => k += 1,
            }
        }
    }

    /// `org.known`: a well-known organisation of the curated list.
    #[inline]
    pub(super) fn known_org(&mut self, run: &mut Run) -> Step {
        let Run { start, end, .. } = *run;
        let known = self.ctx.has_flag(start, super::super::gazetteer::W_KNOWN_ORG_START)
            && self.gaz.is_known_org(&self.ctx.text[self.ctx.bytes(start, end)]);
        if known {
            self.emit(start..end, Label::Org, Provenance::rule(RuleId::OrgKnown));
        }
        done_if(known)
    }

    /// `name.role-complement`: the complement of a role ("Minister of State
    /// for Electronics") in English words names a portfolio, not an
    /// organisation (but "President of University Science Park" names a park).
    #[inline]
    pub(super) fn role_complement(&mut self, run: &mut Run) -> Step {
        let Run { start, end, .. } = *run;
        done_if(
            start > 0
                && self.ctx.is(start - 1, "of")
                && self.ctx.role_ends_at(start - 1)
                && (start..end).all(|k| matches!(self.cats[k], Cat::Cap | Cat::Weak | Cat::Other))
                && !(start..end).any(|k| {
                    matches!(
                        head_of(self.s(k), k.checked_sub(1).map(|p| self.s(p))),
                        Some(Head::Park | Head::Org | Head::Event)
                    )
                }),
        )
    }

    /// `org.head-first`, `event.head-first`: "Ministry of Home Affairs",
    /// "University of Helsinki", "Finnish Ministry of Economic Affairs".
    #[inline]
    pub(super) fn head_first(&mut self, run: &mut Run) -> Step {
        let Run { start, end, .. } = *run;
        // The cheap tests first: most runs are one or two words.
        if end < start + 3 {
            return Step::Next;
        }
        let lead = if matches!(self.cats[start], Cat::Demonym | Cat::Place)
            && start + 1 < end
            && HEAD_FIRST.contains(&self.s(start + 1))
        {
            start + 1
        } else {
            start
        };
        if !(end >= lead + 3
            && HEAD_FIRST.contains(&self.s(lead))
            && self.ctx.is_any(lead + 1, &["of", "for"]))
        {
            return Step::Next;
        }
        let (label, rule) = if matches!(head_of(self.s(start), None), Some(Head::Event)) {
            (Label::Event, RuleId::EventHeadFirst)
        } else {
            (Label::Org, RuleId::OrgHeadFirst)
        };
        if !self.on(rule) {
            return Step::Next;
        }
        self.emit_learnt(start..end, label, rule);
        Step::Done
    }

    /// `park.head-first`: "Parque Tecnológico de Andalucía"; "Park" itself
    /// only before a place or a foreign word ("Park Innovaare"), never a
    /// Korean surname before a given name.
    #[inline]
    pub(super) fn park_first(&mut self, run: &mut Run) -> Step {
        let Run { start, end, .. } = *run;
        let park = end >= start + 2 && PARK_FIRST.contains(&self.s(start)) && self.s(start) != "Park";
        if park {
            self.emit_learnt(start..end, Label::Park, RuleId::ParkHeadFirst);
        }
        done_if(park)
    }

    /// `gpe.official-name`: "City of Casey", "Town of Oulu": a place's
    /// official name (headline words after it are typed on their own).
    #[inline]
    pub(super) fn official_place_name(&mut self, run: &mut Run) -> Step {
        let Run { start, end, .. } = *run;
        if !(end >= start + 3
            && matches!(self.s(start), "City" | "Town" | "Municipality" | "County" | "Province" | "Republic")
            && self.ctx.is(start + 1, "of"))
        {
            return Step::Next;
        }
        let mut stop = end;
        while stop > start + 2 && self.cats[stop - 1] == Cat::Weak {
            stop -= 1;
        }
        self.emit(start..stop, Label::Gpe, Provenance::rule(RuleId::GpeOfficialName));
        if stop < end {
            self.type_run(stop..end);
        }
        Step::Done
    }

    /// `name.street`: streets and buildings are no entity of this label set.
    #[inline]
    pub(super) fn street(&mut self, run: &mut Run) -> Step {
        let Run { start, end, .. } = *run;
        done_if(
            end >= start + 2
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
                ),
        )
    }

    /// `loc.neighbourhood-word`: "Bairro Alto", "Barrio de Salamanca",
    /// "Quartier Latin": a city's neighbourhood in the language of the city.
    #[inline]
    pub(super) fn neighbourhood_word(&mut self, run: &mut Run) -> Step {
        let Run { start, end, .. } = *run;
        let found = end >= start + 2
            && matches!(
                self.s(start),
                "Bairro" | "Barrio" | "Quartier" | "Quartiere" | "Stadtteil" | "Dzielnica"
            );
        if found {
            self.emit_learnt(start..end, Label::Loc, RuleId::LocNeighbourhoodWord);
        }
        done_if(found)
    }

    /// `loc.feature-first`: "Lake Geneva", "Mount Kilimanjaro", "Gulf of Finland".
    #[inline]
    pub(super) fn feature_first(&mut self, run: &mut Run) -> Step {
        let Run { start, end, .. } = *run;
        let found = end >= start + 2
            && matches!(self.s(start), "Lake" | "Mount" | "Mt" | "Gulf" | "Bay" | "Sea" | "Isle")
            && self.cats[start + 1] != Cat::Weak;
        if found {
            self.emit(start..end, Label::Loc, Provenance::rule(RuleId::LocFeatureFirst));
        }
        done_if(found)
    }

    /// A head word ends the name (`park.head-word`, `org.legal-suffix`,
    /// `org.institution-word`, `org.company-word`, `event.head-word`,
    /// `loc.head-word`): the last valid head of a rule that is on decides,
    /// and what follows it is typed on its own.
    pub(super) fn head_word(&mut self, run: &mut Run) -> Step {
        let Run { start, end, .. } = *run;
        let all_on = self.ctx.options.all_enabled();
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
                && (all_on || self.on(head_rule(self.s(h), head)))
        });
        if let Some((h, head)) = with_complement {
            let rule = head_rule(self.s(h), head);
            let label = if head == Head::Park { Label::Park } else { Label::Org };
            self.emit_learnt(start..end, label, rule);
            // "Optics Valley of China" is later "Optics Valley".
            if label == Label::Park {
                self.learn(start..h + 1, label, Provenance::rule(rule));
            }
            return Step::Done;
        }
        for idx in (0..heads.len()).rev() {
            let (h, head) = heads[idx];
            if !all_on && !self.on(head_rule(self.s(h), head)) {
                continue;
            }
            // A weak head needs its own evidence after the last strong head.
            let seg_from = heads[..idx]
                .iter()
                .rev()
                .find(|(_, hd)| matches!(hd, Head::Park | Head::Org | Head::Event))
                .map_or(start, |(k, _)| k + 1);
            if !self.head_valid(start, seg_from, h, head) {
                continue;
            }
            let why = Provenance::rule(head_rule(self.s(h), head));
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
                self.learn(stop..end, Label::Park, why);
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
                        && (super::super::dates::is_year(self.ctx, from - 1)
                            || ordinal_token(self.ctx, from - 1))
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
            self.emit(from..stop, label, why);
            self.learn_headed(from, h, stop, label, why);
            // "Chairman of HCM City People’s Committee Nguyen Thanh Phong":
            // after a role's organisation, the person who holds it.
            let after_role_of = from >= 1 && self.ctx.is(from - 1, "of") && self.ctx.role_ends_at(from - 1);
            if after_role_of
                && end >= stop + 2
                && end <= stop + 4
                && self.cats[stop] == Cat::Name
                && (stop..end).all(|k| self.ctx.is_cap(k) && !self.ctx.is_all_caps(k))
                && self.on(RuleId::PersonAfterRoleOrganisation)
            {
                self.emit_person(stop, end, Provenance::rule(RuleId::PersonAfterRoleOrganisation));
                return Step::Done;
            }
            // "Optics Valley of China" is later "Optics Valley".
            if label == Label::Park && stop > h + 2 && self.ctx.is(h + 1, "of") {
                self.learn(from..h + 1, label, why);
            }
            if stop < end {
                self.type_run(stop..end);
            }
            return Step::Done;
        }
        Step::Next
    }

    /// "the High-Tech Park", "Azerbaijan’s High-Tech Park", "National
    /// Science and Technology Park (NSTP)": a park name of generic words
    /// names one park when a definite article, a possessive or its own
    /// abbreviation points at it (`a High-Tech Park`, `the provincial
    /// High-Tech Park` stay common nouns).
    fn made_definite(&self, start: usize, h: usize) -> bool {
        let named = matches!(self.s(h), "Park" | "Zone")
            && h > start
            && (start..h)
                .all(|k| self.generic_park(k) && (self.ctx.is_cap(k) || self.ctx.is_any(k, &["and", "&"])))
            && !self.ctx.is(h + 1, "of");
        let before = start.wrapping_sub(1);
        let possessive = self.s(before) == "s" && matches!(self.s(before.wrapping_sub(1)), "’" | "'");
        named
            && (self.ctx.is(before, "the")
                || possessive
                || super::super::runs::spelled_by_abbreviation(self.ctx, start..h + 1))
    }

    /// Token `k` says nothing about which park a park name names.
    pub(super) fn generic_park(&self, k: usize) -> bool {
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
                    || self.made_definite(start, h)
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
                            && (super::super::dates::is_year(self.ctx, start - 1)
                                || ordinal_token(self.ctx, start - 1))))
            }
        }
    }

    /// "Co., Ltd.": abbreviation periods and further legal forms after the
    /// head.
    fn suffix_tail(&self, mut stop: usize) -> usize {
        loop {
            let last = self.s(stop - 1);
            if lexicon::ending_has(last, ENDING_PERIOD) && self.s(stop) == "." && self.ctx.touching(stop) {
                stop += 1;
                continue;
            }
            if self.s(stop) == ","
                && lexicon::follows_after_comma(self.s(stop + 1))
                && self.ctx.is_cap(stop + 1)
            {
                stop += 2;
                continue;
            }
            return stop;
        }
    }

    fn learn_headed(&mut self, from: usize, h: usize, stop: usize, label: Label, why: Provenance) {
        self.learn(from..stop, label, why);
        // A company named once with its legal form is named later without.
        if label == Label::Org && lexicon::ending_has(self.s(h), ENDING_DROPPED) {
            let mut base_end = h;
            while base_end > from
                && (lexicon::ending_has(self.s(base_end - 1), ENDING_DROPPED)
                    || matches!(self.s(base_end - 1), "," | "."))
            {
                base_end -= 1;
            }
            if base_end > from && (from..base_end).any(|k| self.cats[k] == Cat::Name) {
                self.learn(from..base_end, Label::Org, why);
            }
        }
        // "TechnoSpark Nano-Center" → the brand alone is the park.
        if label == Label::Park && h > from && is_camel(self.s(from)) && self.cats[from] == Cat::Name {
            self.learn(from..from + 1, Label::Park, why);
        }
    }
}
