//! `located_in`: a park or organisation and the place the text puts it in
//! (`in`, `of`, `based in`, `X's Y`, brackets). `next to`, `near`, `north of`
//! are not enough (the guide), so only these frames count.

use super::{Found, RelationLabel, Sentence};
use crate::{Label, RuleId};

fn is_place(l: Label) -> bool {
    matches!(l, Label::Gpe | Label::Loc)
}

fn is_located(l: Label) -> bool {
    matches!(l, Label::Park | Label::Org)
}

pub(super) fn find(s: &Sentence<'_>, f: &mut Found<'_>) {
    for (k, &a) in s.ents.iter().enumerate() {
        let Some(&b) = s.ents.get(k + 1) else { break };
        let gap = s.between(f.span(a).end, f.span(b).start);
        // `China's Haidian Science Park`, `Lahore-based Daily Times`.
        if is_place(f.label(a)) && is_located(f.label(b)) && possessive(gap) {
            f.add(b, a, RelationLabel::LocatedIn, RuleId::RelationLocatedPossessive);
        }
        if !is_located(f.label(a)) {
            continue;
        }
        // `HTP (Kyrgyzstan)`.
        if is_place(f.label(b)) && gap.trim() == "(" && s.after(f.span(b).end).trim_start().starts_with(')') {
            f.add(a, b, RelationLabel::LocatedIn, RuleId::RelationLocatedBracket);
            continue;
        }
        // `Zhangjiang Hi-Tech Park in Shanghai`, `… of Shaanxi province in China`,
        // `Cyberport, an innovative digital community based in Hong Kong`.
        let mut last = a;
        for &c in &s.ents[k + 1..] {
            let gap = s.between(f.span(last).end, f.span(c).start);
            let ok = if last == a { in_frame(gap) } else { place_chain(gap) };
            if !ok || !is_place(f.label(c)) {
                break;
            }
            f.add(a, c, RelationLabel::LocatedIn, RuleId::RelationLocatedIn);
            last = c;
        }
    }
}

/// `’s `, `'s `, `-based `: the place owns or hosts what follows.
fn possessive(gap: &str) -> bool {
    let g = gap.trim();
    matches!(g, "’s" | "'s" | "’" | "'" | "-based" | "–based" | "based")
}

/// The text from a park or organisation to its place: `in`, `of`, `at`,
/// `based in`, `located in`, possibly after an apposition without another
/// entity (`, an innovative digital community based in`).
fn in_frame(gap: &str) -> bool {
    let w: Vec<String> = super::words(gap).collect();
    if gap.contains(['.', ';', '(', ')', '"', '“', '”']) || w.is_empty() {
        return false;
    }
    let last = w[w.len() - 1].as_str();
    let before = if w.len() >= 2 { w[w.len() - 2].as_str() } else { "" };
    match w.len() {
        // `X in Shanghai`, `X of Taiwan`, `X, in Shanghai`.
        1 => matches!(last, "in" | "of"),
        // `X in the Philippines`, `X based in Y`.
        2 if last == "the" => matches!(before, "in" | "of"),
        _ => {
            matches!(before, "based" | "located" | "headquartered" | "situated" | "operates" | "operating")
                && last == "in"
                && w.len() <= 10
        }
    }
}

/// From one place to the next of the same chain: `, ` or `province in`.
fn place_chain(gap: &str) -> bool {
    let g = gap.trim();
    g == ","
        || matches!(
            super::words(gap).collect::<Vec<_>>().join(" ").as_str(),
            "province in" | "province of" | "in" | "city in" | "state in" | "region in" | "province, in"
        )
}

#[cfg(test)]
mod tests {
    use super::super::testing::check;
    use crate::RuleId::*;

    #[test]
    fn places_of_parks_and_organisations() {
        check(
            &[RelationLocatedIn, RelationLocatedPossessive, RelationLocatedBracket],
            &[
                (
                    "The Kista Science Park in Stockholm signed an MOU.",
                    &[("relation.located-in.in-place", "located_in", "Kista Science Park", "Stockholm")],
                ),
                (
                    "Earlier, China's Haidian Science Park grew.",
                    &[("relation.located-in.possessive", "located_in", "Haidian Science Park", "China")],
                ),
                (
                    "The members are Technopolis Plc (Finland) and Ascendas.",
                    &[("relation.located-in.bracket", "located_in", "Technopolis Plc", "Finland")],
                ),
                // Near is not in; a person is never located.
                ("Kista Science Park near Stockholm grew. Denis Kovalevich in Minsk spoke.", &[]),
            ],
        );
    }
}
