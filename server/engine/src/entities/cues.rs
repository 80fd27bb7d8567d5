//! Context cues that type a name by what surrounds it: an apposition
//! ("X, a famous technology park"), a list ("companies such as X, Y"), a
//! describing phrase ("X international technology park"), a place context
//! ("next to Nice"). The name rules (`names/`) and the apposition rules ask
//! them.

use super::names::{Cat, Typer};

/// Nouns for a park after a word of its kind ("technology park").
pub(super) const PARK_NOUNS: &[&str] = &[
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
pub(super) const PARK_KINDS: &[&str] = &[
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
}
