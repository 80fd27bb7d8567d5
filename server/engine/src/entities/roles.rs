//! ROLE: job titles and positions, with their modifiers (`acting chief
//! corporate development officer`, `Deputy Mayor`, `Director General`) and
//! without the `of …` complement (`Minister` of Science …).

use std::sync::LazyLock;

use super::super::rules::RuleId;
use super::super::Label;
use super::context::{Ctx, Found, TRIG_ROLE};

/// Lower-case first words of titles.
pub const TRIGGERS: &[&str] = &[
    "permanent",
    "foreign",
    "finance",
    "technical",
    "commercial",
    "financial",
    "scientific",
    "research",
    "marketing",
    "sales",
    "vice-premier",
    "vice-governor",
    "vice-rector",
    "deputy-director",
    "chief",
    "director",
    "director-general",
    "secretary",
    "secretary-general",
    "general",
    "party",
    "managing",
    "executive",
    "prime",
    "vice",
    "vice-president",
    "vice-chairman",
    "vice-mayor",
    "vice-minister",
    "vice-chancellor",
    "consul",
    "consul-general",
    "board",
    "state",
    "project",
    "programme",
    "program",
    "ceo",
    "cfo",
    "cto",
    "coo",
    "cio",
    "cmo",
    "chairman",
    "chairwoman",
    "chairperson",
    "president",
    "minister",
    "mayor",
    "governor",
    "ambassador",
    "founder",
    "co-founder",
    "cofounder",
    "dean",
    "rector",
    "chancellor",
    "commissioner",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "premier",
    "manager",
    "councillor",
    "councilor",
    "senator",
    "treasurer",
    "deputy",
    "head",
];

/// Titles of one or more words (lower case; matched case-insensitively),
/// longest first where one extends another.
const TITLES: &[&[&str]] = &[
    &["chief", "executive", "officer"],
    &["chief", "executive"],
    &["director", "general"],
    &["director-general"],
    &["secretary", "general"],
    &["secretary-general"],
    &["general", "secretary"],
    &["party", "secretary"],
    &["general", "manager"],
    &["managing", "director"],
    &["executive", "director"],
    &["prime", "minister"],
    &["vice", "president"],
    &["vice-president"],
    &["vice-premier"],
    &["vice-governor"],
    &["vice-rector"],
    &["deputy-director"],
    &["vice", "chairman"],
    &["vice-chairman"],
    &["vice", "mayor"],
    &["vice-mayor"],
    &["vice", "governor"],
    &["vice", "minister"],
    &["vice-minister"],
    &["vice", "chancellor"],
    &["vice-chancellor"],
    &["vice", "rector"],
    &["consul", "general"],
    &["consul-general"],
    &["board", "chairman"],
    &["executive", "chairman"],
    &["state", "secretary"],
    &["project", "manager"],
    &["programme", "director"],
    &["program", "director"],
    &["general", "director"],
    &["technical", "director"],
    &["financial", "secretary"],
    &["chief", "secretary"],
    &["permanent", "secretary"],
    &["foreign", "minister"],
    &["finance", "minister"],
    &["commercial", "director"],
    &["financial", "director"],
    &["scientific", "director"],
    &["research", "director"],
    &["marketing", "director"],
    &["sales", "director"],
    &["executive", "vice", "president"],
    &["ceo"],
    &["cfo"],
    &["cto"],
    &["coo"],
    &["cio"],
    &["cmo"],
    &["chairman"],
    &["chairwoman"],
    &["chairperson"],
    &["president"],
    &["director"],
    &["minister"],
    &["secretary"],
    &["mayor"],
    &["governor"],
    &["ambassador"],
    &["consul"],
    &["founder"],
    &["co-founder"],
    &["cofounder"],
    &["dean"],
    &["rector"],
    &["chancellor"],
    &["commissioner"],
    &["spokesperson"],
    &["spokesman"],
    &["spokeswoman"],
    &["premier"],
    &["manager"],
    &["councillor"],
    &["councilor"],
    &["senator"],
    &["treasurer"],
    &["deputy"],
];
/// Words that may precede a title and belong to it.
const MODIFIERS: &[&str] = &[
    "acting",
    "interim",
    "deputy",
    "vice",
    "executive",
    "senior",
    "associate",
    "assistant",
    "founding",
    "honorary",
    "co",
    "joint",
    "first",
    "cabinet",
];
/// Acronym titles must be written in capitals (`CEO`, not `ceo`).
const ACRONYMS: &[&str] = &["ceo", "cfo", "cto", "coo", "cio", "cmo"];

pub fn find(ctx: &mut Ctx) {
    ctx.scan(TRIG_ROLE, role_at);
}

/// The end of a title starting at a token.
type TitleEnd = fn(&Ctx, usize) -> Option<usize>;

/// The role rules in the order they are tried.
const RULES: &[(RuleId, TitleEnd)] = &[
    (RuleId::RoleChiefOfficer, chief_officer),
    (RuleId::RoleTitle, title_end),
    (RuleId::RoleHeadOf, head_of),
];

/// The end of a title at `i` by the first rule that is on and applies.
fn title_at(ctx: &Ctx, i: usize) -> Option<(usize, RuleId)> {
    RULES.iter().filter(|(id, _)| ctx.on(*id)).find_map(|(id, end)| end(ctx, i).map(|e| (e, *id)))
}

fn role_at(ctx: &Ctx, i: usize) -> Option<Found> {
    if !ctx.is_word(i) || ctx.claimed[i] {
        return None;
    }
    // A modifier before a title: the title's own match takes it in.
    if ctx.is_any(i, MODIFIERS) && title_at(ctx, i + 1).is_some_and(|(_, id)| id != RuleId::RoleHeadOf) {
        return None;
    }
    let (end, rule) = title_at(ctx, i)?;
    // "deputy" alone is a role only before a name or "of": "deputy of".
    if end == i + 1 && ctx.is(i, "deputy") && !(ctx.is_cap(i + 1) || ctx.is(i + 1, "of")) {
        return None;
    }
    // Plural titles and "director" in "board of directors" are generic.
    let mut start = i;
    while start > 0 && ctx.is_word(start - 1) && ctx.is_any(start - 1, MODIFIERS) && !ctx.claimed[start - 1] {
        // "First Secretary" but not "the first director".
        if ctx.is(start - 1, "first") && !ctx.is_cap(start - 1) {
            break;
        }
        start -= 1;
    }
    Some(Found { start, end, label: Label::Role, rule })
}

/// [`TITLES`] by the (lower-case) first byte of their first word, in list
/// order: a token is compared with the few titles that can match it.
static TITLES_BY_FIRST_BYTE: LazyLock<Vec<Vec<&'static [&'static str]>>> = LazyLock::new(|| {
    let mut by_first = vec![Vec::new(); 256];
    for title in TITLES {
        if let Some(b) = title.first().and_then(|w| w.as_bytes().first()) {
            by_first[usize::from(b.to_ascii_lowercase())].push(*title);
        }
    }
    by_first
});

fn title_end(ctx: &Ctx, i: usize) -> Option<usize> {
    let first = ctx.s(i).as_bytes().first().map_or(0, u8::to_ascii_lowercase);
    let titles = TITLES_BY_FIRST_BYTE.get(usize::from(first)).map_or(&[][..], Vec::as_slice);
    'titles: for title in titles {
        for (k, w) in title.iter().enumerate() {
            let j = i + k;
            if !ctx.is_word(j) || !ctx.s(j).eq_ignore_ascii_case(w) {
                continue 'titles;
            }
            if ACRONYMS.contains(w) && !ctx.is_all_caps(j) {
                continue 'titles;
            }
        }
        let end = i + title.len();
        // "premier" is mostly an adjective ("the premier tech hub").
        if title == &["premier"] && !ctx.is_cap(i) {
            continue 'titles;
        }
        // Lower-case one-word titles used as common nouns of an organisation
        // ("the secretary of state" still counts, "secretaries" does not).
        return Some(end);
    }
    None
}

/// "chief corporate development officer": chief, up to three words, officer.
fn chief_officer(ctx: &Ctx, i: usize) -> Option<usize> {
    if !ctx.is(i, "chief") {
        return None;
    }
    (i + 2..=i + 4).find(|&j| ctx.is(j, "officer") && (i + 1..j).all(|k| ctx.is_word(k))).map(|j| j + 1)
}

/// "head of the Chinese Communist Party": `head` is a role before `of` and
/// a name.
fn head_of(ctx: &Ctx, i: usize) -> Option<usize> {
    if !ctx.is(i, "head") || !ctx.is(i + 1, "of") {
        return None;
    }
    let name = if ctx.is(i + 2, "the") { i + 3 } else { i + 2 };
    // "X, head of research at Y": in an apposition any complement will do.
    let apposition = i > 0 && ctx.s(i - 1) == ",";
    (ctx.is_cap(name) || apposition).then_some(i + 1)
}

#[cfg(test)]
mod tests {
    use crate::rules::Family;
    use crate::testing::check_family;
    use crate::Label::Role;

    #[test]
    fn each_role_rule_finds_its_titles_and_nothing_else() {
        check_family(
            Family::Role,
            &[
                (
                    "The Deputy Mayor met the acting CEO and the Director General.",
                    &[
                        ("role.title", Role, "Deputy Mayor"),
                        ("role.title", Role, "acting CEO"),
                        ("role.title", Role, "Director General"),
                    ],
                ),
                (
                    "Eric Or, acting chief corporate development officer at the park, spoke.",
                    &[("role.chief-officer", Role, "acting chief corporate development officer")],
                ),
                ("Li, head of the Chinese Communist Party, spoke.", &[("role.head-of", Role, "head")]),
                // What must not be found: plural and adjectival uses.
                ("The premier tech hub and its board of directors; the ceo of nothing; head office.", &[]),
            ],
        );
    }
}
