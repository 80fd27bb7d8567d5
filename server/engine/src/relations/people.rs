//! `has_role` and `member_of`: a named person, the title the sentence gives
//! them and the organisation the title belongs to (appositions, `Y's CEO X`,
//! `CEO of Y, X`). The person's own name must be in the sentence (the guide).

use super::{is_honorific, words, Found, RelationLabel, Sentence, LOOK_AROUND};
use crate::{Label, RuleId};

/// How many entities before and after a title its rules look at.
const NEIGHBOURS: usize = 6;

fn is_body(l: Label) -> bool {
    matches!(l, Label::Org | Label::Park | Label::Gpe)
}

pub(super) fn find(s: &Sentence<'_>, f: &mut Found<'_>) {
    let mut roles: Vec<(usize, usize, usize)> = Vec::new(); // (person, role, role's place in s.ents)
    for (k, &r) in s.ents.iter().enumerate() {
        if f.label(r) != Label::Role {
            continue;
        }
        // `Rais Hussin, CEO of MRANTI`, `Nguyen Thanh Hai, the Vietnam ambassador`.
        // (A few entities around the title are enough; fewer keeps it linear.)
        let before = &s.ents[k.saturating_sub(NEIGHBOURS)..k];
        if let Some(&p) = before.iter().rev().find(|&&e| matches!(f.label(e), Label::Person | Label::Role)) {
            let gap = s.between(f.span(p).end, f.span(r).start);
            let inner = before.iter().filter(|&&e| f.span(e).start >= f.span(p).end).count();
            if f.label(p) == Label::Person
                && name_to_title(gap, inner)
                && !roles.iter().rev().take(NEIGHBOURS).any(|&(q, _, _)| q == p)
                && f.add(p, r, RelationLabel::HasRole, RuleId::RelationRoleApposition)
            {
                roles.push((p, r, k));
                continue;
            }
        }
        // `CEO Anoop Ambika`, `President of Saigon Hi-Tech Park Nguyen Anh Thi`.
        let after = &s.ents[k + 1..(k + 1 + NEIGHBOURS).min(s.ents.len())];
        if let Some(&p) = after.iter().find(|&&e| matches!(f.label(e), Label::Person | Label::Role)) {
            let between = &s.ents[k + 1..k + 1 + after.iter().position(|&e| e == p).unwrap_or(0)];
            if f.label(p) == Label::Person
                && title_to_name(s.between(f.span(r).end, f.span(p).start), between.len())
                && f.add(p, r, RelationLabel::HasRole, RuleId::RelationRoleBeforeName)
            {
                roles.push((p, r, k));
            }
        }
    }
    for (p, r, k) in roles {
        member_of(s, f, p, r, k);
    }
    from_body(s, f);
}

/// `Mr. Adnan Samara and Mr. Ziad Touma from the Higher Council`: the
/// people named just before `from` (a list of them) belong to the body.
fn from_body(s: &Sentence<'_>, f: &mut Found<'_>) {
    for (k, &b) in s.ents.iter().enumerate() {
        if !is_body(f.label(b)) || k == 0 {
            continue;
        }
        let mut j = k - 1;
        let gap = s.between(f.span(s.ents[j]).end, f.span(b).start).trim();
        if !(matches!(gap, "from" | "from the") && f.label(s.ents[j]) == Label::Person) {
            continue;
        }
        loop {
            f.add(s.ents[j], b, RelationLabel::MemberOf, RuleId::RelationMemberFrom);
            let Some(prev) = j.checked_sub(1) else { break };
            let gap = s.between(f.span(s.ents[prev]).end, f.span(s.ents[j]).start);
            let listed = words(gap).all(|w| w == "and" || is_honorific(&w)) && !gap.contains([';', '(']);
            if f.label(s.ents[prev]) != Label::Person || !listed {
                break;
            }
            j = prev;
        }
    }
}

/// From a title to the name it introduces: nothing, honorifics, a comma, or
/// the title's `of …` complement naming at most two bodies (no full stop).
fn title_to_name(gap: &str, entities_between: usize) -> bool {
    if gap.len() > LOOK_AROUND {
        return false;
    }
    let w: Vec<String> = words(gap).collect();
    if w.iter().all(|w| is_honorific(w)) {
        return !gap.contains(['(', ';', ':']) && gap.matches(',').count() <= 1;
    }
    // `of IBA, Sukkur, Dr`: a complement, then the name — either names only
    // (`of Saigon Hi-Tech Park Nguyen Anh Thi`) or closed by a comma (`of
    // the Party in the city of Xinxiang, Zhang Guowei`).
    let starts = w.first().is_some_and(|x| matches!(x.as_str(), "of" | "for" | "at" | "to"));
    let names_only = gap.split_whitespace().skip(1).all(|x| {
        x.chars().next().is_some_and(|c| c.is_uppercase() || !c.is_alphabetic())
            || matches!(x.trim_end_matches(','), "of" | "for" | "the" | "and" | "&" | "de" | "to")
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
    if gap.len() > LOOK_AROUND {
        return false;
    }
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
fn member_of(s: &Sentence<'_>, f: &mut Found<'_>, p: usize, r: usize, k: usize) {
    if let Some(&b) = k.checked_sub(1).and_then(|j| s.ents.get(j)) {
        let gap = s.between(f.span(b).end, f.span(r).start).trim();
        // `Gangwon Technopark, represented by President Jang-Hyun Hur`.
        let frame = gap.trim_start_matches(',').trim_start();
        let led = ["represented by", "led by", "headed by"].iter().any(|by| {
            frame == *by || frame.strip_prefix(by).is_some_and(|r| matches!(r.trim(), "its" | "their"))
        });
        let adjacent = gap.is_empty() || matches!(gap, "’s" | "'s" | "’" | "'") || led;
        if is_body(f.label(b)) && adjacent && b != p {
            f.add(p, b, RelationLabel::MemberOf, RuleId::RelationMemberBeforeRole);
            return;
        }
    }
    if let Some(&b) = s.ents.get(k + 1) {
        let gap = s.between(f.span(r).end, f.span(b).start);
        if gap.len() > LOOK_AROUND {
            return;
        }
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
            &[
                RelationRoleBeforeName,
                RelationRoleApposition,
                RelationMemberBeforeRole,
                RelationMemberRoleOf,
                RelationMemberFrom,
            ],
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
                (
                    "The MoU was signed by Mr. Denis Kovalevich and Mr. Eric Or from Technopolis.",
                    &[
                        ("relation.member-of.from", "member_of", "Denis Kovalevich", "Technopolis"),
                        ("relation.member-of.from", "member_of", "Eric Or", "Technopolis"),
                    ],
                ),
                // No name, no relation; a title far from the name is not its.
                ("The CEO of MRANTI said so.", &[]),
            ],
        );
    }
}
