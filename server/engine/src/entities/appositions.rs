//! The apposition family: names the name rules typed as organisations or
//! persons that what is said of them shows to be parks — an apposition
//! (`Sophia Antipolis, a famous technology park`), a description (`the
//! French technology park of Sophia Antipolis`), a list of parks (`parks
//! such as X, Y and Z`), an abbreviation after a park's name. Runs once per
//! paragraph after the name rules; a relabelled name is learnt as a park for
//! the link pass.

use super::super::rules::{Provenance, RuleId};
use super::super::Label;
use super::cues::{PARK_KINDS, PARK_NOUNS};
use super::names::Typer;

impl Typer<'_, '_> {
    /// Candidate `ci` becomes a park by `rule`; its provenance after that.
    fn relabel(&mut self, ci: usize, rule: RuleId) -> Provenance {
        let cand = &mut self.ctx.cands[ci];
        cand.label = Label::Park;
        cand.why = cand.why.then(rule);
        cand.why
    }

    /// "X, a famous technology park …" and "technology parks, including X,
    /// the Y Science Park and Z": X is a park wherever it is named. Runs
    /// over the candidates of the paragraph once its runs are typed.
    pub(crate) fn relabel_by_appositions(&mut self) {
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
                    if self.ctx.cands[ai].end == b + 2
                        && self.ctx.cands[ai].label == Label::Org
                        && self.on(RuleId::ParkAbbreviation)
                    {
                        let why = self.relabel(ai, RuleId::ParkAbbreviation);
                        self.learn(b + 1..b + 2, Label::Park, why);
                    }
                }
            }
            if !matches!(label, Label::Org | Label::Person) {
                continue;
            }
            // Apposition after the name.
            if self.on(RuleId::ParkAppositionRelabel) {
                let park = self.park_apposition(b)
                    || (self.s(b) == "," && self.ctx.is_any(b + 1, &["a", "an", "the"]) && {
                        let window = b + 2..(b + 6).min(self.ctx.len());
                        window.clone().any(|k| {
                            self.ctx.is_any(k, PARK_NOUNS) && k > b + 2 && self.ctx.is_any(k - 1, PARK_KINDS)
                        })
                    });
                if park {
                    let why = self.relabel(ci, RuleId::ParkAppositionRelabel);
                    self.learn(a..b, Label::Park, why);
                }
            }
            // "the French technology park of Sophia Antipolis".
            if a >= 2
                && self.ctx.is(a - 1, "of")
                && self.ctx.is_any(a - 2, PARK_NOUNS)
                && self.ctx.is_lower_word(a - 2)
                && self.ctx.is_any(a.saturating_sub(3), PARK_KINDS)
                && self.on(RuleId::ParkOfDescription)
            {
                let why = self.relabel(ci, RuleId::ParkOfDescription);
                self.learn(a..b, Label::Park, why);
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
                if list_ok
                    && self.ctx.is_any(noun, &["parks", "zones", "technoparks", "technopolises"])
                    && self.on(RuleId::ParkListed)
                {
                    let why = self.relabel(ci, RuleId::ParkListed);
                    self.learn(a..b, Label::Park, why);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::Family;
    use crate::testing::check_family;
    use crate::Label::Park;

    #[test]
    fn each_apposition_rule_relabels_its_parks_and_nothing_else() {
        check_family(
            Family::Apposition,
            &[
                (
                    "The Belarusian High-Tech Park (HTP) grew.",
                    &[("org.acronym+park.abbreviation", Park, "HTP")],
                ),
                (
                    "Zorvik Holdings, the largest science park in Oslo, grew.",
                    &[("org.company-word+park.apposition-relabel", Park, "Zorvik Holdings")],
                ),
                (
                    "The French technology park of Sophia Antipolis agreed.",
                    &[("person.given-name+park.of-description", Park, "Sophia Antipolis")],
                ),
                (
                    "It joins technology parks such as Zorvik and Quellbridge.",
                    &[
                        ("org.unknown-name+park.listed", Park, "Zorvik"),
                        ("org.unknown-name+park.listed", Park, "Quellbridge"),
                    ],
                ),
                // What must not be relabelled: a company in an apposition.
                ("Zorvik, a famous technology company, grew.", &[]),
            ],
        );
    }
}
