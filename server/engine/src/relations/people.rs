//! `has_role` and `member_of`: a named person, the title the sentence gives
//! them and the organisation the title belongs to (appositions, `Y's CEO X`,
//! `CEO of Y, X`). The person's own name must be in the sentence (the guide).

use super::{is_honorific, words, Found, RelationLabel, Sentence};
use crate::{Label, RuleId};

fn is_body(l: Label) -> bool {
    matches!(l, Label::Org | Label::Park | Label::Gpe)
}

pub(super) fn find(s: &Sentence<'_>, f: &mut Found<'_>) {
    let mut roles: Vec<(usize, usize)> = Vec::new(); // (person, role)
    for (k, &r) in s.ents.iter().enumerate() {
        if f.label(r) != Label::Role {
            continue;
        }
        // `Rais Hussin, CEO of MRANTI`, `Nguyen Thanh Hai, the Vietnam ambassador`.
        let before = &s.ents[..k];
        if let Some(&p) = before.iter().rev().find(|&&e| matches!(f.label(e), Label::Person | Label::Role)) {
            let gap = s.between(f.span(p).end, f.span(r).start);
            let inner = before.iter().filter(|&&e| f.span(e).start >= f.span(p).end).count();
            if f.label(p) == Label::Person
                && name_to_title(gap, inner)
                && !roles.iter().any(|&(q, _)| q == p)
                && f.add(p, r, RelationLabel::HasRole, RuleId::RelationRoleApposition)
            {
                roles.push((p, r));
                continue;
            }
        }
        // `CEO Anoop Ambika`, `President of Saigon Hi-Tech Park Nguyen Anh Thi`.
        let after = &s.ents[k + 1..];
        if let Some(&p) = after.iter().find(|&&e| matches!(f.label(e), Label::Person | Label::Role)) {
            let between = &s.ents[k + 1..k + 1 + after.iter().position(|&e| e == p).unwrap_or(0)];
            if f.label(p) == Label::Person
                && title_to_name(s.between(f.span(r).end, f.span(p).start), between.len())
                && f.add(p, r, RelationLabel::HasRole, RuleId::RelationRoleBeforeName)
            {
                roles.push((p, r));
            }
        }
    }
    for (p, r) in roles {
        member_of(s, f, p, r);
    }
}

/// From a title to the name it introduces: nothing, honorifics, a comma, or
/// the title's `of …` complement naming at most two bodies (no full stop).
fn title_to_name(gap: &str, entities_between: usize) -> bool {
    let w: Vec<String> = words(gap).collect();
    if w.iter().all(|w| is_honorific(w)) {
        return !gap.contains(['(', ';', ':']) && gap.matches(',').count() <= 1;
    }
    // `of IBA, Sukkur, Dr`: a complement, then the name — either names only
    // (`of Saigon Hi-Tech Park Nguyen Anh Thi`) or closed by a comma (`of
    // the Party in the city of Xinxiang, Zhang Guowei`).
    let starts = w.first().is_some_and(|x| matches!(x.as_str(), "of" | "for" | "at"));
    let names_only = gap.split_whitespace().skip(1).all(|x| {
        x.chars().next().is_some_and(|c| c.is_uppercase() || !c.is_alphabetic())
            || matches!(x.trim_end_matches(','), "of" | "for" | "the" | "and" | "&" | "de")
    });
    let tail: Vec<&str> = gap.trim_end().rsplit(',').next().unwrap_or("").split_whitespace().collect();
    let comma_closed = gap.contains(',') && tail.iter().all(|x| is_honorific(&x.to_lowercase()));
    let no_verb = w.iter().all(|x| {
        !matches!(
            x.as_str(),
            "said" | "says" | "with" | "who" | "by" | "on" | "during" | "when" | "while" | "that" | "which"
        )
    });
    starts
        && (names_only || comma_closed)
        && no_verb
        && entities_between <= 2
        && gap.len() <= 90
        && !gap.contains([';', '(', '“', '"'])
}

/// From a name to its title in apposition: `, ` (`the`, `a`, a body or its
/// possessive before the title), a dash, or `as`.
fn name_to_title(gap: &str, entities_between: usize) -> bool {
    let g = gap.trim();
    let Some(rest) = g.strip_prefix([',', '–', '—', '-']).or_else(|| g.strip_prefix("as ")) else {
        return false;
    };
    // `Peter Lai—Viclink’s Senior Manager`: any other word is the body's
    // (capitalised) or a determiner.
    entities_between <= 1
        && rest.len() <= 40
        && !rest.contains([',', '(', ';', '.'])
        && rest.split_whitespace().all(|x| {
            x.chars().next().is_some_and(char::is_uppercase)
                || matches!(
                    x.to_lowercase().as_str(),
                    "the" | "a" | "an" | "its" | "their" | "former" | "then"
                )
        })
}

/// The body a person's title belongs to: just before the title (`KSUM CEO`,
/// `Viclink’s manager`, `Tel Aviv deputy mayor`) or its `of`/`at`/`for`
/// complement (`CEO of MRANTI`).
fn member_of(s: &Sentence<'_>, f: &mut Found<'_>, p: usize, r: usize) {
    let k = s.ents.iter().position(|&e| e == r).unwrap_or(0);
    if let Some(&b) = k.checked_sub(1).and_then(|j| s.ents.get(j)) {
        let gap = s.between(f.span(b).end, f.span(r).start).trim();
        // `Gangwon Technopark, represented by President Jang-Hyun Hur`.
        let led = [", represented by", ", led by", ", headed by"].iter().any(|frame| {
            gap == *frame || gap.strip_prefix(frame).is_some_and(|r| matches!(r.trim(), "its" | "their"))
        });
        let adjacent = gap.is_empty() || matches!(gap, "’s" | "'s" | "’" | "'") || led;
        if is_body(f.label(b)) && adjacent && b != p {
            f.add(p, b, RelationLabel::MemberOf, RuleId::RelationMemberBeforeRole);
            return;
        }
    }
    if let Some(&b) = s.ents.get(k + 1) {
        let gap = s.between(f.span(r).end, f.span(b).start);
        let w: Vec<String> = words(gap).collect();
        let of = w.first().is_some_and(|x| matches!(x.as_str(), "of" | "at" | "for"))
            && w.len() <= 6
            && !gap.contains([',', '.', ';', '('])
            && w.iter().all(|x| !matches!(x.as_str(), "and" | "with" | "by" | "said"));
        if is_body(f.label(b)) && of && b != p {
            f.add(p, b, RelationLabel::MemberOf, RuleId::RelationMemberRoleOf);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::check;
    use crate::RuleId::*;

    #[test]
    fn roles_and_organisations_of_named_people() {
        check(
            &[RelationRoleBeforeName, RelationRoleApposition, RelationMemberBeforeRole, RelationMemberRoleOf],
            &[
                (
                    "The MoU was signed by KSUM CEO Anoop Ambika.",
                    &[
                        ("relation.has-role.title-before", "has_role", "Anoop Ambika", "CEO"),
                        ("relation.member-of.before-role", "member_of", "Anoop Ambika", "KSUM"),
                    ],
                ),
                (
                    "Dr Rais Hussin, CEO of MRANTI, said the park will grow.",
                    &[
                        ("relation.has-role.apposition", "has_role", "Rais Hussin", "CEO"),
                        ("relation.member-of.role-of", "member_of", "Rais Hussin", "MRANTI"),
                    ],
                ),
                // No name, no relation; a title far from the name is not its.
                ("The CEO of MRANTI said so.", &[]),
            ],
        );
    }
}
