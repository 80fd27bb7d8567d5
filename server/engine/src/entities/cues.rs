//! Context cues that type a name by what surrounds it: an apposition
//! ("X, a famous technology park"), a list ("companies such as X, Y"), a
//! describing phrase ("X international technology park"), a role's
//! complement ("Minister of … X Y"), a place context ("next to Nice"), and
//! words in capitals.

use super::super::Label;
use super::names::{title_case, Cat, Typer};

/// Nouns for a park after a word of its kind ("technology park").
const PARK_NOUNS: &[&str] = &[
    "park",
    "parks",
    "zone",
    "zones",
    "technopolis",
    "technopark",
    "hub",
    "district",
    "centre",
    "center",
    "incubator",
    "cluster",
    "campus",
];
/// Words that say what kind of park a park noun names.
const PARK_KINDS: &[&str] = &[
    "technology",
    "science",
    "research",
    "innovation",
    "industrial",
    "hi-tech",
    "high-tech",
    "tech",
    "business",
    "software",
    "technological",
    "scientific",
];
/// Lower-case words that name a park on their own.
const PARK_WORDS: &[&str] = &["technopark", "technopolis", "technopole", "science-park", "technoparc"];

impl Typer<'_, '_> {
    /// "Astana Hub international technology park", "TechnoSpark innovation
    /// center": the name is the park the lower-case phrase describes.
    pub(super) fn park_phrase_after(&self, b: usize) -> bool {
        const KINDS: &[&str] = &[
            "international",
            "national",
            "technology",
            "science",
            "scientific",
            "innovation",
            "industrial",
            "hi-tech",
            "high-tech",
            "tech",
            "research",
            "software",
            "it",
        ];
        const NOUNS: &[&str] =
            &["park", "technopark", "zone", "technopolis", "center", "centre", "district", "hub", "campus"];
        let mut k = b;
        while k < b + 3 && self.ctx.is_lower_word(k) && self.ctx.is_any(k, KINDS) {
            k += 1;
        }
        (k > b && self.ctx.is_lower_word(k) && self.ctx.is_any(k, NOUNS))
            || (self.ctx.is_lower_word(b)
                && self.ctx.is_any(b, &["technopark", "technopolis", "science-park"]))
    }

    /// ", a technology park in …", ", Kazakhstan’s international technopark",
    /// ", the innovation district of …" after the name at `b`.
    pub(super) fn park_apposition(&self, b: usize) -> bool {
        if self.s(b) != "," {
            return false;
        }
        let mut k = b + 1;
        if self.ctx.is_any(k, &["a", "an", "the"]) {
            k += 1;
        } else if self.ctx.is_cap(k) && matches!(self.s(k + 1), "’" | "'") && self.s(k + 2) == "s" {
            // "Kazakhstan’s": a possessive instead of an article.
            k += 3;
        } else {
            return false;
        }
        let limit = k + 4;
        while k < limit && self.ctx.is_lower_word(k) {
            if self.ctx.is_any(k, PARK_WORDS) {
                return true;
            }
            if k > b + 2 && self.ctx.is_any(k, PARK_NOUNS) && self.ctx.is_any(k - 1, PARK_KINDS) {
                return true;
            }
            k += 1;
        }
        false
    }

    /// A lower-case noun for a company just before the name at `a`:
    /// "packaging firm X", "chip designer X".
    pub(super) fn company_noun_before(&self, a: usize) -> bool {
        a > 0
            && self.ctx.is_lower_word(a - 1)
            && self.ctx.is_any(
                a - 1,
                &[
                    "firm",
                    "company",
                    "startup",
                    "start-up",
                    "maker",
                    "manufacturer",
                    "chipmaker",
                    "carmaker",
                    "automaker",
                    "designer",
                    "developer",
                    "operator",
                    "supplier",
                    "conglomerate",
                    "lender",
                    "insurer",
                    "retailer",
                    "unicorn",
                    "subsidiary",
                ],
            )
            && !self.ctx.role_ends_at(a)
    }

    /// "district of X", "neighbourhood of X" (lower case) before the name at `a`.
    pub(super) fn neighbourhood_before(&self, a: usize) -> bool {
        a >= 2
            && self.ctx.is(a - 1, "of")
            && self.ctx.is_lower_word(a - 2)
            && self.ctx.is_any(a - 2, &["district", "neighbourhood", "neighborhood", "quarter", "borough"])
    }

    /// "signed in X", "headquartered in X": a verb of place and "in" before
    /// the name at `a`, and no more name after it.
    pub(super) fn venue_before(&self, a: usize) -> bool {
        a >= 2
            && self.ctx.is(a - 1, "in")
            && self.ctx.is_any(
                a - 2,
                &[
                    "signed",
                    "held",
                    "based",
                    "headquartered",
                    "located",
                    "hosted",
                    "sealed",
                    "inked",
                    "born",
                    "convened",
                    "staged",
                ],
            )
            && !self.ctx.is_cap(a + 1)
    }

    /// "on the sidelines of X", "on the margins of X": X is a gathering.
    pub(super) fn sidelines_before(&self, a: usize) -> bool {
        a >= 3
            && self.ctx.is(a - 1, "of")
            && self.ctx.is_any(a - 2, &["sidelines", "margins"])
            && self.ctx.is(a - 3, "the")
    }

    /// Where the phrase starts whose initials the acronym at `a` (after
    /// "(") spells: "New Industrial Master Plan (NIMP)", "special economic
    /// zone (SEZ)".
    pub(super) fn abbreviated_phrase(&self, a: usize) -> Option<usize> {
        let letters: Vec<char> =
            self.s(a).chars().filter(|c| c.is_alphabetic()).map(|c| c.to_ascii_lowercase()).collect();
        let mut k = a.checked_sub(1)?;
        let mut initials = Vec::new();
        while k > 0 && initials.len() < letters.len() {
            k -= 1;
            if !self.ctx.is_word(k) {
                return None;
            }
            if !matches!(self.s(k), "and" | "of" | "for" | "the" | "&") {
                initials.push(self.s(k).chars().next().map_or(' ', |c| c.to_ascii_lowercase()));
            }
        }
        initials.reverse();
        (!letters.is_empty() && initials == letters).then_some(k)
    }

    /// "Minister of Communications and Multimedia Fahmi Fadzil": a role's
    /// complement in English words, then a name in foreign words.
    pub(super) fn role_complement_person(&mut self, a: usize, b: usize) -> bool {
        let Some(p) = (a + 1..b).find(|&k| self.cats[k] == Cat::Name) else {
            return false;
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
            self.emit_person(p, b);
            return true;
        }
        false
    }

    /// "companies such as Dell, Shell and Huawei": names in a list of companies.
    pub(super) fn in_company_list(&self, a: usize) -> bool {
        let floor = a.saturating_sub(12);
        let Some(k) = (floor..a).rev().find(|&k| self.ctx.is_any(k, &["including", "like", "as"])) else {
            return false;
        };
        let intro = if self.ctx.is(k, "as") {
            if self.ctx.is(k.wrapping_sub(1), "such") {
                k - 1
            } else {
                return false;
            }
        } else {
            k
        };
        let noun =
            if self.s(intro.wrapping_sub(1)) == "," { intro.wrapping_sub(2) } else { intro.wrapping_sub(1) };
        let list = (k + 1..a).all(|j| {
            self.ctx.is_cap(j) || matches!(self.s(j), "," | "and" | "&") || self.cats[j] == Cat::Place
        });
        list && self.ctx.is_any(
            noun,
            &[
                "companies",
                "firms",
                "brands",
                "corporations",
                "giants",
                "players",
                "enterprises",
                "multinationals",
                "tenants",
                "customers",
                "clients",
                "partners",
                "investors",
                "unicorns",
                "startups",
                "start-ups",
                "residents",
            ],
        )
    }

    /// Place names in a run of words written in capitals ("MALAYSIA AND
    /// CHINA SIGN MOU"): the longest title-cased window that is a place.
    pub(super) fn places_in_capitals(&mut self, start: usize, end: usize) {
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
                    self.emit(k..k + n, place.label);
                    k += n;
                }
                None => k += 1,
            }
        }
    }

    /// An ambiguous place name (`Nice`) in a place context: mid-sentence
    /// after a locative word, or before ", <place>".
    pub(super) fn place_context(&self, start: usize, end: usize) -> bool {
        if self.ctx.weak_cap[start] {
            return false;
        }
        let before = start.checked_sub(1).map(|p| self.s(p)).unwrap_or("");
        let locative = [
            "in", "to", "near", "from", "at", "of", "across", "outside", "around", "visit", "visited",
            "visiting",
        ]
        .iter()
        .any(|w| before.eq_ignore_ascii_case(w));
        let comma_place = self.s(end) == "," && self.places.at(end + 1).is_some();
        // "sites in Rabat, Tangier and Agadir": a place in a list of places.
        let listed = self.ctx.is_any(start.wrapping_sub(1), &[",", "and"])
            && (start.saturating_sub(5)..start.saturating_sub(1))
                .any(|k| self.places.at(k).is_some_and(|(e, p)| e + 1 == start && !p.ambiguous));
        locative || comma_place || listed
    }

    /// ", the company behind …": an apposition that says the name is an organisation.
    pub(super) fn org_apposition(&self, b: usize) -> bool {
        if self.s(b) != "," {
            return false;
        }
        let mut k = b + 1;
        if self.ctx.is_any(k, &["the", "a", "an"]) {
            k += 1;
        }
        (k..k + 3).any(|j| {
            self.ctx.is_any(
                j,
                &[
                    "company",
                    "firm",
                    "group",
                    "developer",
                    "maker",
                    "operator",
                    "startup",
                    "start-up",
                    "provider",
                    "manufacturer",
                    "giant",
                    "conglomerate",
                    "subsidiary",
                    "agency",
                    "organization",
                    "organisation",
                    "institute",
                    "university",
                    "studio",
                    "bank",
                    "fund",
                    "newspaper",
                    "publisher",
                    "broadcaster",
                    "association",
                ],
            )
        })
    }

    /// "X, a famous technology park …" and "technology parks, including X,
    /// the Y Science Park and Z": X is a park wherever it is named.
    pub(super) fn learn_park_appositions(&mut self) {
        let mut by_start = vec![usize::MAX; self.ctx.len() + 1];
        for (ci, c) in self.ctx.cands.iter().enumerate() {
            by_start[c.start] = ci;
        }
        for ci in 0..self.ctx.cands.len() {
            let c = self.ctx.cands[ci];
            let (a, b, label) = (c.start, c.end, c.label);
            // "Belarusian High-Tech Park (HTP)", "… Park, SRTIP,": the
            // abbreviation names the park.
            if label == Label::Park
                && matches!((self.s(b), self.s(b + 2)), ("(", ")") | (",", ","))
                && self.ctx.is_all_caps(b + 1)
            {
                if let Some(&ai) = by_start.get(b + 1).filter(|&&ai| ai != usize::MAX) {
                    if self.ctx.cands[ai].end == b + 2 && self.ctx.cands[ai].label == Label::Org {
                        self.ctx.cands[ai].label = Label::Park;
                        self.learn(b + 1..b + 2, Label::Park);
                    }
                }
            }
            if !matches!(label, Label::Org | Label::Person) {
                continue;
            }
            // Apposition after the name.
            if self.park_apposition(b) {
                self.learn(a..b, Label::Park);
                self.ctx.cands[ci].label = Label::Park;
            } else if self.s(b) == "," && self.ctx.is_any(b + 1, &["a", "an", "the"]) {
                let window = b + 2..(b + 6).min(self.ctx.len());
                let is_park = window.clone().any(|k| {
                    self.ctx.is_any(k, PARK_NOUNS) && k > b + 2 && self.ctx.is_any(k - 1, PARK_KINDS)
                });
                if is_park {
                    self.learn(a..b, Label::Park);
                    self.ctx.cands[ci].label = Label::Park;
                }
            }
            // "the French technology park of Sophia Antipolis".
            if a >= 2
                && self.ctx.is(a - 1, "of")
                && self.ctx.is_any(a - 2, PARK_NOUNS)
                && self.ctx.is_lower_word(a - 2)
                && self.ctx.is_any(a.saturating_sub(3), PARK_KINDS)
            {
                self.learn(a..b, Label::Park);
                self.ctx.cands[ci].label = Label::Park;
            }
            // A list introduced by "parks, including" / "parks such as".
            let from = a.saturating_sub(40);
            let intro = (from..a).rev().find(|&k| self.ctx.is_any(k, &["including", "such", "like"]));
            if let Some(k) = intro {
                let noun = k
                    .checked_sub(1)
                    .filter(|&p| self.s(p) == ",")
                    .map_or(k.wrapping_sub(1), |p| p.wrapping_sub(1));
                let list_ok = (k + 1..a).all(|j| !matches!(self.s(j), "." | ";" | ":"))
                    && !(k + 1..a).any(|j| self.ctx.is_any(j, &["which", "that", "who", "where", "with"]));
                if list_ok && self.ctx.is_any(noun, &["parks", "zones", "technoparks", "technopolises"]) {
                    self.learn(a..b, Label::Park);
                    self.ctx.cands[ci].label = Label::Park;
                }
            }
        }
    }
}
