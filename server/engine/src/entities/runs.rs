//! Capitalised runs: the stretches of a sentence that may be names.
//!
//! A run is a sequence of capitalised words on one line, joined by name
//! connectors (`of`, `and`, `&`, `de`, `van` …) and by place names that the
//! gazetteer matched across punctuation (`People’s Republic of China`).
//! Tokens that an earlier recogniser claimed (dates, roles, agreements)
//! break runs. Runs are split again at `and`/`of` where the words on either
//! side are names of their own (`Technopolis and Singapore Science Park`).

use std::ops::Range;

use super::context::Ctx;
use super::gazetteer::Gazetteer;
use super::gazetteer::{W_HONORIFIC, W_LOWER_TAIL};
use super::heads::{head_of, Head, HEAD_FIRST};
use super::tokens::Kind;
use super::tokens::{SHAPE_HYPHEN, SHAPE_NON_ASCII};

const CONNECTORS: &[&str] = &[
    "of", "and", "&", "for", "de", "du", "des", "la", "le", "von", "van", "der", "den", "del", "della", "di",
    "da", "do", "dos", "das", "bin", "binti", "al", "el", "y", "on",
];

/// The most tokens a capitalised run may have.
const MAX_RUN: usize = 40;

/// Token-aligned place matches: `ends[i]` is the end (exclusive token
/// index) of a place name starting at token `i`.
pub struct Places {
    pub ends: Vec<Option<(usize, super::gazetteer::Place)>>,
}

impl Places {
    pub fn new(ctx: &Ctx, gaz: &Gazetteer) -> Self {
        Places { ends: gaz.places(ctx.text, &ctx.toks, &ctx.info, &ctx.cap_idx) }
    }

    pub fn at(&self, i: usize) -> Option<(usize, super::gazetteer::Place)> {
        self.ends.get(i).copied().flatten()
    }
}

/// Latin letters only: capitalised Cyrillic or Greek words in an English
/// text are not names this engine can type.
fn latin(word: &str) -> bool {
    word.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || ('\u{C0}'..='\u{24F}').contains(&c))
}

/// Token `i` may be part of a name: a capitalised Latin word nobody claimed.
/// (The first test, which most tokens fail, is inlined at the callers.)
#[inline]
pub fn is_name_word(ctx: &Ctx, i: usize) -> bool {
    i < ctx.len() && !ctx.claimed[i] && ctx.is_cap(i) && is_name_word_cap(ctx, i)
}

/// [`is_name_word`] of a capitalised word nobody claimed.
fn is_name_word_cap(ctx: &Ctx, i: usize) -> bool {
    let t = ctx.toks[i];
    let s = ctx.s(i);
    let ascii = t.shape & SHAPE_NON_ASCII == 0;
    if !ascii && !latin(s) {
        return false;
    }
    // A lone capital ("I", the "R" of "R&D") is not a name; "Z- Park" is
    // handled by the caller. (An ASCII word of two bytes has two letters.)
    if t.end - t.start == 1 || (!ascii && s.chars().nth(1).is_none()) {
        return false;
    }
    // "Oscar-winning", "China-based": adjectives.
    if t.shape & SHAPE_HYPHEN == 0 {
        return true;
    }
    if ctx.has_flag(i, W_LOWER_TAIL) {
        // "Kang Jae-won", "Lin Wen-hsiung": a hyphenated East Asian given
        // name after a short family name, though its tail is an English word.
        return i > 0 && hyphenated_given_name(s) && short_family_name(ctx, i - 1);
    }
    if let Some((_, last)) = s.rsplit_once('-') {
        if last.chars().next().is_some_and(char::is_lowercase)
            && (last.ends_with("ing")
                || last.ends_with("ed")
                || matches!(
                    last,
                    "based"
                        | "led"
                        | "owned"
                        | "style"
                        | "made"
                        | "born"
                        | "funded"
                        | "backed"
                        | "listed"
                        | "related"
                        | "wide"
                        | "bound"
                ))
        {
            return false;
        }
    }
    true
}

/// "Jae-won", "Hye-rin", "Wen-hsiung": two romanised syllables, the second
/// in lower case.
pub fn hyphenated_given_name(s: &str) -> bool {
    let Some((a, b)) = s.split_once('-') else {
        return false;
    };
    let syllable = |p: &str, len: std::ops::RangeInclusive<usize>| {
        len.contains(&p.len()) && p.bytes().skip(1).all(|c| c.is_ascii_lowercase())
    };
    a.bytes().next().is_some_and(|c| c.is_ascii_uppercase())
        && syllable(a, 2..=4)
        && b.bytes().next().is_some_and(|c| c.is_ascii_lowercase())
        && syllable(b, 2..=6)
}

/// A capitalised word of two to five letters just before token `j`, with a space.
fn short_family_name(ctx: &Ctx, k: usize) -> bool {
    let s = ctx.s(k);
    ctx.is_cap(k)
        && !ctx.is_all_caps(k)
        && (2..=5).contains(&s.len())
        && ctx.toks.get(k + 1).is_some_and(|t| t.space_before)
}

/// "22@Barcelona": digits glued to "@" and a capitalised word, a brand
/// starting at token `i`; returns its end. Inlined: most tokens fail the
/// first two tests.
#[inline]
pub fn at_brand(ctx: &Ctx, i: usize) -> Option<usize> {
    (i + 2 < ctx.len()
        && ctx.is_number(i)
        && !ctx.claimed[i]
        && ctx.s(i + 1) == "@"
        && ctx.touching(i + 1)
        && ctx.touching(i + 2)
        && ctx.is_cap(i + 2)
        && ctx.same_line(i, i + 2))
    .then_some(i + 3)
}

/// "Z- Park", "Z-Park" as separate tokens: a lone capital, a hyphen, a park word.
/// (The first test, which most tokens fail, is inlined at the callers.)
#[inline]
fn letter_park(ctx: &Ctx, i: usize) -> Option<usize> {
    if !ctx.is_cap(i) || ctx.s(i + 1) != "-" {
        return None;
    }
    letter_park_after_hyphen(ctx, i)
}

/// [`letter_park`] of a capitalised word followed by a hyphen.
fn letter_park_after_hyphen(ctx: &Ctx, i: usize) -> Option<usize> {
    let s = ctx.s(i);
    let one = s.chars().nth(1).is_none() && ctx.is_cap(i) && !ctx.claimed[i];
    (one && ctx.s(i + 1) == "-"
        && ctx.touching(i + 1)
        && matches!(head_of(ctx.s(i + 2), None), Some(super::heads::Head::Park))
        && ctx.same_line(i, i + 2))
    .then_some(i + 3)
}

/// Pinyin with a stray space after the apostrophe: "Xi’ an".
fn pinyin_apostrophe(ctx: &Ctx, last: usize) -> Option<usize> {
    let apostrophe = matches!(ctx.s(last + 1), "’" | "'") && ctx.touching(last + 1);
    let syllable = ctx.is_lower_word(last + 2)
        && ctx.s(last + 2).len() <= 3
        && !matches!(ctx.s(last + 2), "s" | "t" | "re" | "ve" | "ll" | "d" | "m");
    (apostrophe && syllable && is_name_word(ctx, last + 3) && ctx.same_line(last, last + 3))
        .then_some(last + 3)
}

/// The raw runs of a paragraph.
pub fn runs(ctx: &Ctx, places: &Places) -> Vec<Range<usize>> {
    let n = ctx.len();
    let mut out = Vec::new();
    let mut next = 0;
    // Names, places and "Z- Park" all start with a capitalised word.
    for &i in &ctx.cap_idx {
        if i < next {
            continue;
        }
        let place = places.at(i).filter(|(e, _)| ctx.free(i..*e));
        let start_ok = is_name_word(ctx, i) || place.is_some() || letter_park(ctx, i).is_some();
        if !start_ok {
            continue;
        }
        // "22@Barcelona": the run starts at the digits.
        let start = if i >= 2 && i - 2 >= next && at_brand(ctx, i - 2) == Some(i + 1) { i - 2 } else { i };
        let mut end = consume(ctx, places, i);
        loop {
            let j = end;
            // No name is this long; the bound keeps pathological input linear.
            if j >= n || j - start >= MAX_RUN || !ctx.same_line(end - 1, j) {
                break;
            }
            let next_ok = |k: usize| {
                at_brand(ctx, k).is_some()
                    || is_name_word(ctx, k)
                    || places.at(k).is_some_and(|(e, _)| ctx.free(k..e))
                    || letter_park(ctx, k).is_some()
            };
            // An honorific starts a person's name of its own.
            if ctx.has_flag(j, W_HONORIFIC) && end > start {
                break;
            }
            if ctx.toks[j].space_before && next_ok(j) && ctx.s(j) != ctx.s(end - 1) {
                end = consume(ctx, places, j);
                continue;
            }
            if ctx.is_word(j) && CONNECTORS.contains(&ctx.s(j)) && ctx.same_line(j, j + 1) && next_ok(j + 1) {
                end = consume(ctx, places, j + 1);
                continue;
            }
            if ctx.s(j) == "&" && next_ok(j + 1) {
                end = consume(ctx, places, j + 1);
                continue;
            }
            // "Sharjah Research, Technology and Innovation Park": a list of
            // fields inside a name that a head word closes.
            if ctx.s(j) == "," && ctx.common(end - 1) && next_ok(j + 1) {
                if let Some(close) = field_list_head(ctx, j + 1) {
                    end = close;
                    continue;
                }
            }
            // "Ministry of Science, Technology and Innovation".
            if ctx.s(j) == ","
                && next_ok(j + 1)
                && HEAD_FIRST.contains(&ctx.s(start))
                && ctx.is(start + 1, "of")
            {
                end = consume(ctx, places, j + 1);
                continue;
            }
            // "People’s Committee", "Children’s Hospital": an English word's
            // possessive inside an organisation's name.
            if matches!(ctx.s(j), "’" | "'")
                && ctx.touching(j)
                && ctx.s(j + 1) == "s"
                && ctx.touching(j + 1)
                && ctx.common(end - 1)
                && places.at(end - 1).is_none()
            {
                let after = j + 2;
                if is_name_word(ctx, after)
                    && ctx.same_line(j, after)
                    && head_of(ctx.s(after), None).is_some_and(|h| h == super::heads::Head::Org)
                {
                    end = consume(ctx, places, after);
                    continue;
                }
            }
            // "Korea–Taiwan Deep Tech Forum": places joined by a dash inside
            // a name that a head word closes.
            if matches!(ctx.s(j), "–" | "-")
                && ctx.touching(j)
                && ctx.touching(j + 1)
                && places.at(start).is_some_and(|(e, _)| e == end)
                && places.at(j + 1).is_some_and(|(e, _)| ctx.free(j + 1..e) && head_within(ctx, e, 4))
            {
                end = consume(ctx, places, j + 1);
                continue;
            }
            if let Some(k) = pinyin_apostrophe(ctx, end - 1) {
                end = consume(ctx, places, k);
                continue;
            }
            break;
        }
        out.push(start..end);
        next = end;
    }
    out
}

/// After a comma inside a name: capitalised English words joined by
/// "and"/"&" up to a park or organisation head; returns the end after it.
fn field_list_head(ctx: &Ctx, from: usize) -> Option<usize> {
    let mut k = from;
    let mut saw_and = false;
    while k < ctx.len() && k < from + 7 && ctx.same_line(from, k) {
        if ctx.is(k, "and") || ctx.s(k) == "&" {
            saw_and = true;
        } else if !(ctx.is_cap(k) && ctx.common(k)) {
            return None;
        } else if matches!(head_of(ctx.s(k), Some(ctx.s(k - 1))), Some(Head::Park | Head::Org)) {
            return saw_and.then_some(k + 1);
        }
        k += 1;
    }
    None
}

/// Consumes the name token(s) at `i`: a place name, a "Z- Park", or one word.
fn consume(ctx: &Ctx, places: &Places, i: usize) -> usize {
    if let Some(e) = at_brand(ctx, i) {
        return e;
    }
    if let Some((e, _)) = places.at(i).filter(|(e, _)| ctx.free(i..*e)) {
        return e;
    }
    letter_park(ctx, i).unwrap_or(i + 1)
}

/// Splits a run at connectors that join two names rather than build one:
/// `Technopolis and Singapore Science Park` → two runs, `Shenzhen Science
/// and Technology Industrial Park` → one.
/// Parts are appended to `out` (cleared first), a buffer the caller reuses.
pub fn split(ctx: &Ctx, places: &Places, run: Range<usize>, out: &mut Vec<Range<usize>>) {
    out.clear();
    // "Software Technology Parks of India (STPI)": the abbreviation after
    // the run spells the whole run, which is one name.
    if spelled_by_abbreviation(ctx, run.clone()) {
        out.push(run);
        return;
    }
    let mut start = run.start;
    let head_after = |k: usize| (k + 1..run.end).any(|x| head_of(ctx.s(x), Some(ctx.s(x - 1))).is_some());
    let mut k = run.start;
    // Inside the complement of "Ministry of …": "and"/"of" join English words.
    let mut complement = false;
    while k + 1 < run.end {
        if let Some((e, _)) = places.at(k).filter(|(e, _)| *e <= run.end) {
            k = e;
            continue;
        }
        if k == run.start {
            k += 1;
            continue;
        }
        let s = ctx.s(k);
        let is_connector = ctx.kind(k) == Some(Kind::Word) && CONNECTORS.contains(&s) || s == "&";
        if !is_connector || ctx.is_cap(k) {
            k += 1;
            continue;
        }
        if complement && ctx.common(k + 1) && places.at(k + 1).is_none() {
            k += 1;
            continue;
        }
        let keep = match s {
            "and" | "&" => {
                let prev = ctx.s(k - 1);
                let prev_is_head = head_of(prev, Some(ctx.s(k.saturating_sub(2)))).is_some();
                let next_is_place = places.at(k + 1).is_some();
                let next_ok = ctx.common(k + 1) || head_of(ctx.s(k + 2), Some(ctx.s(k + 1))).is_some();
                (ctx.common(k - 1) && !prev_is_head && !next_is_place && next_ok && head_after(k))
                    || (s == "&" && !ctx.common(k - 1))
            }
            "of" | "for" | "on" => {
                HEAD_FIRST.contains(&ctx.s(start))
                    || head_after(k)
                    || head_of(ctx.s(k - 1), Some(ctx.s(k.saturating_sub(2)))).is_some()
                    // "City of Casey", "Gulf of Finland".
                    || (s == "of" && matches!(ctx.s(k - 1), "City" | "Town" | "Municipality" | "County" | "Province" | "Republic" | "Gulf" | "Bay" | "Sea" | "Isle"))
            }
            _ => true,
        };
        if !keep {
            if start < k {
                out.push(start..k);
            }
            start = k + 1;
            complement = false;
        } else if matches!(s, "of" | "for" | "on")
            && (HEAD_FIRST.contains(&ctx.s(k - 1)) || head_of(ctx.s(k - 1), None).is_some())
        {
            complement = true;
        }
        k += 1;
    }
    if start < run.end {
        out.push(start..run.end);
    }
}

/// The run is followed by "(ABBR)" whose letters are the initials of the
/// run's words (connectors left out).
/// (The first test, which most runs fail, is inlined at the callers.)
#[inline]
pub fn spelled_by_abbreviation(ctx: &Ctx, run: Range<usize>) -> bool {
    ctx.s(run.end) == "(" && spelled_by_abbreviation_after_paren(ctx, run)
}

/// [`spelled_by_abbreviation`] of a run followed by "(".
fn spelled_by_abbreviation_after_paren(ctx: &Ctx, run: Range<usize>) -> bool {
    let e = run.end;
    if ctx.s(e + 2) != ")" || !ctx.is_all_caps(e + 1) || run.len() > 12 {
        return false;
    }
    let abbr = ctx.s(e + 1).bytes().filter(u8::is_ascii_alphabetic).map(|b| b.to_ascii_uppercase());
    let initials = run
        .filter(|&k| ctx.is_word(k) && ctx.is_cap(k))
        .filter_map(|k| ctx.s(k).bytes().next())
        .map(|b| b.to_ascii_uppercase());
    let (abbr, initials): (Vec<u8>, Vec<u8>) = (abbr.collect(), initials.collect());
    abbr.len() >= 2 && abbr == initials
}

/// A head word among the `n` capitalised words from `from` on one line.
fn head_within(ctx: &Ctx, from: usize, n: usize) -> bool {
    (from..from + n)
        .take_while(|&k| k < ctx.len() && ctx.is_cap(k) && ctx.same_line(from, k))
        .any(|k| matches!(head_of(ctx.s(k), Some(ctx.s(k - 1))), Some(Head::Event | Head::Org | Head::Park)))
}
