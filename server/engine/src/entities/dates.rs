//! DATE: calendar expressions with their relative modifiers.
//!
//! `26 September`, `August 1, 2018`, `Sep. 26`, `last Dec`, `August this
//! year`, `summer of next year`, `two weeks ago`, `the 1990s` → `1990s`,
//! `2016`, `2016-2020`, `first quarter of 2020`, `Monday`, `mid-2020`.
//! Frame words (`during`, `at the beginning of`) and `today`/`now` stay out.

use super::super::rules::RuleId;
use super::super::Label;
use super::context::{scan_rules, Ctx, Found, Verdict, TRIG_DATE};
use super::numbers::amount_end;

const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const MONTH_ABBREVIATIONS: &[&str] =
    &["Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec"];
const WEEKDAYS: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
/// Parts of a day that open a date (`the morning of May 29, 2018`).
const PARTS_OF_DAY: &[&str] = &["morning", "afternoon", "evening", "night"];
const SEASONS: &[&str] = &["spring", "summer", "autumn", "fall", "winter"];
/// Calendar units that a relative modifier turns into a date (`last year`).
const UNITS: &[&str] =
    &["year", "month", "week", "quarter", "decade", "century", "weekend", "season", "semester"];
const RELATIVE: &[&str] =
    &["last", "next", "this", "past", "coming", "previous", "early", "late", "mid", "end"];
/// Words that make a bare month name a month (`in May`, `since March`).
const MONTH_CUES: &[&str] = &[
    "in", "on", "since", "until", "till", "by", "from", "during", "through", "before", "after", "of",
    "early", "late", "mid", "last", "next", "this", "between", "and", "to",
];
const DURATION_UNITS: &[&str] = &[
    "day", "days", "week", "weeks", "month", "months", "year", "years", "decade", "decades", "hour", "hours",
];

/// Lower-case words that may start a date (besides figures).
pub const TRIGGERS: &[&[&str]] = &[OTHER_TRIGGERS, SEASONS, super::numbers::UNITS, super::numbers::TENS];
/// Month and weekday names (lower case: the table is looked up by the
/// lower-cased word), relative words and ordinals that may open a date.
const OTHER_TRIGGERS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "last",
    "next",
    "this",
    "past",
    "coming",
    "previous",
    "current",
    "early",
    "late",
    "mid",
    "end",
    "yesterday",
    "tomorrow",
    "earlier",
    "later",
    "recent",
    "first",
    "second",
    "third",
    "fourth",
    "final",
];

fn is_in(word: &str, list: &[&str]) -> bool {
    list.iter().any(|w| word.eq_ignore_ascii_case(w))
}

fn is_month(ctx: &Ctx, i: usize) -> bool {
    let s = ctx.s(i);
    MONTHS.contains(&s) || MONTH_ABBREVIATIONS.contains(&s)
}

/// A day of the month (1–31, or `1st`…`31st`).
fn is_day(ctx: &Ctx, i: usize) -> bool {
    if !ctx.is_number(i) {
        return false;
    }
    let s = ctx.s(i);
    let digits: &str = s.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &s[digits.len()..];
    (suffix.is_empty() || is_in(suffix, &["st", "nd", "rd", "th"]))
        && digits.parse::<u32>().is_ok_and(|d| (1..=31).contains(&d))
}

/// A year 1900–2099 written as four digits.
pub fn is_year(ctx: &Ctx, i: usize) -> bool {
    let s = ctx.s(i);
    ctx.is_number(i) && s.len() == 4 && s.parse::<u32>().is_ok_and(|y| (1900..=2099).contains(&y))
}

/// `this year`, `next year`, `last year` at `i`: its end.
fn relative_year(ctx: &Ctx, i: usize) -> Option<usize> {
    (ctx.is_any(i, &["this", "next", "last", "the"])
        && ctx.is_any(i + 1, &["year", "month"])
        && !ctx.is(i, "the"))
    .then_some(i + 2)
}

/// What may follow a month or season: a year, `this year`, `of next year`.
fn year_tail(ctx: &Ctx, j: usize) -> usize {
    if is_year(ctx, j) {
        return j + 1;
    }
    if ctx.s(j) == "," && is_year(ctx, j + 1) {
        return j + 2;
    }
    if let Some(e) = relative_year(ctx, j) {
        return e;
    }
    if ctx.is(j, "of") {
        if is_year(ctx, j + 1) {
            return j + 2;
        }
        if let Some(e) = relative_year(ctx, j + 1) {
            return e;
        }
    }
    j
}

pub fn find(ctx: &mut Ctx) {
    ctx.scan(TRIG_DATE, date_at);
}

scan_rules! {
    /// The date rules, in the order they are tried on a trigger token. A
    /// date whose key word is token `i` may start one or two tokens earlier
    /// (`26 September`, `last Dec`).
    fn date_at {
        DateMonth => Date by month,
        DateWeekday => Date by weekday,
        DateRelativeDay => Date by relative_day,
        DateSeason => Date by season,
        DateRelative => Date by relative,
        DateYearPart => Date by year_part,
        DateAgo => Date by ago,
        DateNumeric => Date by number_date,
    }
}

fn found(r: Option<(usize, usize)>) -> Verdict {
    r.map_or(Verdict::Stop, |(s, e)| Verdict::Found(s, e))
}

fn month(ctx: &Ctx, i: usize) -> Verdict {
    if is_month(ctx, i) {
        found(month_date(ctx, i))
    } else {
        Verdict::Next
    }
}

fn weekday(ctx: &Ctx, i: usize) -> Verdict {
    if !WEEKDAYS.contains(&ctx.s(i)) {
        return Verdict::Next;
    }
    let start = if ctx.is_any(i.wrapping_sub(1), &["last", "next", "this"]) { i - 1 } else { i };
    // "Thursday 26 November 2015", "Tuesday, 14 February, 2006", "Thursday
    // 23rd of October, 2019": the weekday opens the calendar date after it.
    let j = if ctx.s(i + 1) == "," { i + 2 } else { i + 1 };
    let month_at = [j, j + 1, j + 2].into_iter().find(|&m| is_month(ctx, m));
    if let Some((s, e)) = month_at.and_then(|m| month_date(ctx, m)) {
        if s == j && e > j + 1 {
            return Verdict::Found(start, e);
        }
    }
    Verdict::Found(start, i + 1)
}

fn relative_day(ctx: &Ctx, i: usize) -> Verdict {
    if ctx.is_any(i, &["yesterday", "tomorrow"]) {
        Verdict::Found(i, i + 1)
    } else {
        Verdict::Next
    }
}

fn season(ctx: &Ctx, i: usize) -> Verdict {
    if !is_in(ctx.s(i), SEASONS) {
        return Verdict::Next;
    }
    let start =
        if ctx.is_any(i.wrapping_sub(1), &["last", "next", "this", "early", "late"]) { i - 1 } else { i };
    let end = year_tail(ctx, i + 1);
    // "expected in the autumn", "by the spring": a season as a time.
    let time_frame = ctx.is(i.wrapping_sub(1), "the")
        && ctx
            .is_any(i.wrapping_sub(2), &["in", "by", "during", "until", "over", "before", "after", "since"])
        && !ctx.is(i, "fall")
        && !ctx.is_word(i + 1);
    found((start < i || end > i + 1 || time_frame).then_some((start, end)))
}

/// `early next year`, `this financial year`, `the past year`, `earlier this
/// month`, `recent years`.
fn relative(ctx: &Ctx, i: usize) -> Verdict {
    let s = ctx.s(i);
    // "early next year", "late last month".
    if ctx.is_any(i, &["early", "late", "mid"])
        && ctx.is_any(i + 1, &["next", "last", "this"])
        && is_in(ctx.s(i + 2), UNITS)
    {
        return Verdict::Found(i, i + 3);
    }
    // "this financial year", "last fiscal year".
    if ctx.is_any(i, &["this", "next", "last", "previous", "coming", "current"])
        && ctx.is_any(i + 1, &["financial", "fiscal", "academic", "calendar", "budget"])
        && ctx.is(i + 2, "year")
    {
        return Verdict::Found(i, i + 3);
    }
    if is_in(s, RELATIVE) && is_in(ctx.s(i + 1), UNITS) && !ctx.is(i, "end") {
        // "the past year" → "past year"; "this year".
        return Verdict::Found(i, i + 2);
    }
    if ctx.is_any(i, &["earlier", "later"]) && ctx.is(i + 1, "this") && is_in(ctx.s(i + 2), UNITS) {
        return Verdict::Found(i, i + 3);
    }
    // "this past July", "this past month": `this` reinforces `past`.
    if ctx.is(i, "this") && ctx.is(i + 1, "past") && (is_in(ctx.s(i + 2), UNITS) || is_month(ctx, i + 2)) {
        return Verdict::Found(i, i + 3);
    }
    if ctx.is_any(i, &["recent"]) && ctx.is_any(i + 1, &["years", "months"]) {
        return Verdict::Found(i, i + 2);
    }
    Verdict::Next
}

/// `mid-2020`, `mid-March`, `Q1 2020`, `first quarter of 2020`.
fn year_part(ctx: &Ctx, i: usize) -> Verdict {
    let s = ctx.s(i);
    if ctx.is_word(i) {
        // "mid-2020", "mid-March", "early-2019".
        let prefix = ["mid-", "early-", "late-"]
            .into_iter()
            .find(|p| s.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p)));
        if let Some(rest) = prefix.and_then(|p| s.get(p.len()..)) {
            let year = rest.len() == 4 && rest.parse::<u32>().is_ok_and(|y| (1900..=2099).contains(&y));
            if year || MONTHS.iter().any(|m| m.eq_ignore_ascii_case(rest)) {
                return Verdict::Found(i, year_tail(ctx, i + 1));
            }
        }
        // "Q1 2020", "H2".
        if s.len() == 2
            && matches!(s.as_bytes(), [b'Q', b'1'..=b'4'] | [b'H', b'1'..=b'2'])
            && is_year(ctx, i + 1)
        {
            return Verdict::Found(i, i + 2);
        }
    }
    // "first quarter of 2020", "second half of next year".
    if ctx.is_any(i, &["first", "second", "third", "fourth", "final"])
        && ctx.is_any(i + 1, &["quarter", "half"])
    {
        let end = year_tail(ctx, i + 2);
        if end > i + 2 {
            return Verdict::Found(i, end);
        }
    }
    Verdict::Next
}

/// "two weeks ago", "three years earlier".
fn ago(ctx: &Ctx, i: usize) -> Verdict {
    if let Some(a) = amount_end(ctx, i) {
        if is_in(ctx.s(a), DURATION_UNITS) && ctx.is_any(a + 1, &["ago"]) {
            return Verdict::Found(i, a + 2);
        }
    }
    Verdict::Next
}

fn month_date(ctx: &Ctx, m: usize) -> Option<(usize, usize)> {
    let s = ctx.s(m);
    let abbreviated = MONTH_ABBREVIATIONS.contains(&s);
    let mut start = m;
    let mut end;
    // "Sep. 26": the abbreviation's period belongs to the date only inside it.
    let dot = abbreviated && ctx.s(m + 1) == "." && ctx.touching(m + 1);
    let after = if dot { m + 2 } else { m + 1 };
    if is_day(ctx, after) {
        end = after + 1;
        if ctx.s(end) == "," && is_year(ctx, end + 1) {
            end += 2;
        } else if is_year(ctx, end) {
            end += 1;
        }
    } else {
        end = year_tail(ctx, m + 1);
    }
    // "26 September", "26th of September".
    if is_day(ctx, m.wrapping_sub(1)) {
        start = m - 1;
        end = end.max(year_tail(ctx, m + 1));
    } else if ctx.is(m.wrapping_sub(1), "of") && is_day(ctx, m.wrapping_sub(2)) {
        start = m - 2;
    }
    if start == m && ctx.is_any(m.wrapping_sub(1), &["last", "next", "this", "early", "late", "mid", "mid-"])
    {
        start = m - 1;
    }
    // "the morning of September 9, 2025": the part of the day is in the date.
    if start > m.saturating_sub(2)
        && end > m + 1
        && ctx.is(start.wrapping_sub(1), "of")
        && ctx.is_any(start.wrapping_sub(2), PARTS_OF_DAY)
    {
        start -= 2;
    }
    // Words that are also months need a cue: "may", "March" as a verb,
    // "Aug" as a name are rare once capitalised, but "May" is a modal at
    // the start of a sentence.
    let bare = start == m && end == m + 1;
    if bare
        && (matches!(s, "May" | "March" | "Mar" | "Jan" | "Jun" | "Sep") || abbreviated)
        && !ctx.is_any(m.wrapping_sub(1), MONTH_CUES)
    {
        return None;
    }
    if bare && ctx.initial[m] && s == "May" {
        return None;
    }
    Some((start, end))
}

/// Dates that start with a figure: years, ranges of years, decades,
/// numeric dates.
fn number_date(ctx: &Ctx, i: usize) -> Verdict {
    if ctx.is_number(i) {
        found(figure_date(ctx, i))
    } else {
        Verdict::Next
    }
}

fn figure_date(ctx: &Ctx, i: usize) -> Option<(usize, usize)> {
    let s = ctx.s(i);
    // "1990s".
    if s.len() == 5
        && s.ends_with('s')
        && s[..4].parse::<u32>().is_ok_and(|y| (1900..=2099).contains(&y) && y % 10 == 0)
    {
        return Some((i, i + 1));
    }
    // "26/09/2018", "09/2018".
    // "2019.05.23", "23.05.2019".
    if s.bytes().filter(|&b| b == b'.').count() == 2 && !s.contains(',') {
        let parts: Vec<&str> = s.split('.').collect();
        let year = |p: &str| p.len() == 4 && p.parse::<u32>().is_ok_and(|y| (1900..=2099).contains(&y));
        let small =
            |p: &str| (1..=2).contains(&p.len()) && p.parse::<u32>().is_ok_and(|d| (1..=31).contains(&d));
        let ymd = parts.len() == 3 && year(parts[0]) && small(parts[1]) && small(parts[2]);
        let dmy = parts.len() == 3 && small(parts[0]) && small(parts[1]) && year(parts[2]);
        if ymd || dmy {
            return Some((i, i + 1));
        }
    }
    if s.contains('/') {
        let parts: Vec<&str> = s.split('/').collect();
        let year_last = parts.last().is_some_and(|p| p.len() == 4 && p.parse::<u32>().is_ok());
        return (parts.len() >= 2 && year_last).then_some((i, i + 1));
    }
    if !is_year(ctx, i) {
        return None;
    }
    // "2021-07-16": an ISO date (a scraped page's date line), not a range.
    let small = |k: usize, max: u32| {
        ctx.is_number(k)
            && (1..=2).contains(&ctx.s(k).len())
            && ctx.s(k).parse::<u32>().is_ok_and(|n| (1..=max).contains(&n))
    };
    if ctx.s(i + 1) == "-"
        && ctx.s(i + 3) == "-"
        && (i + 1..i + 5).all(|k| ctx.touching(k))
        && small(i + 2, 12)
        && small(i + 4, 31)
    {
        return Some((i, i + 5));
    }
    // "2016-2020", "2016–20".
    if matches!(ctx.s(i + 1), "-" | "–" | "—")
        && ctx.is_number(i + 2)
        && ctx.touching(i + 1)
        && ctx.touching(i + 2)
    {
        let second = ctx.s(i + 2);
        if (second.len() == 4 && is_year(ctx, i + 2)) || second.len() == 2 {
            return Some((i, i + 3));
        }
    }
    // A year before a counted noun is a count: "2000 employees".
    if ctx.is_lower_word(i + 1)
        && ctx.s(i + 1).ends_with('s')
        && !ctx.is_any(i + 1, &["was", "has", "is", "as", "plus", "levels"])
    {
        let prev_the = ctx.is_any(i.wrapping_sub(1), &["in", "since", "of", "by", "until", "from", "the"]);
        if !prev_the {
            return None;
        }
    }
    // After a currency or before a percent sign it is an amount.
    if matches!(ctx.s(i + 1), "%") || matches!(ctx.s(i.wrapping_sub(1)), "$" | "€" | "£" | "¥") {
        return None;
    }
    let start = if ctx.is_any(i.wrapping_sub(1), &["early", "late", "mid", "fiscal"]) { i - 1 } else { i };
    Some((start, i + 1))
}

#[cfg(test)]
mod tests {
    use crate::rules::Family;
    use crate::testing::check_family;
    use crate::Label::Date;

    #[test]
    fn each_date_rule_finds_its_dates_and_nothing_else() {
        check_family(
            Family::Date,
            &[
                (
                    "On 26 September, Sep. 26 and August 1, 2018 they met; last Dec too.",
                    &[
                        ("date.month", Date, "26 September"),
                        ("date.month", Date, "Sep. 26"),
                        ("date.month", Date, "August 1, 2018"),
                        ("date.month", Date, "last Dec"),
                    ],
                ),
                (
                    "They met next Friday and again yesterday.",
                    &[("date.weekday", Date, "next Friday"), ("date.relative-day", Date, "yesterday")],
                ),
                (
                    "Signed on Thursday 26 November 2015 and Tuesday, 14 February, 2006, not on Monday, as planned.",
                    &[
                        ("date.weekday", Date, "Thursday 26 November 2015"),
                        ("date.weekday", Date, "Tuesday, 14 February, 2006"),
                        ("date.weekday", Date, "Monday"),
                    ],
                ),
                (
                    "The ceremony was held on the morning of September 9, 2025; the morning of the talks was cold.",
                    &[("date.month", Date, "morning of September 9, 2025")],
                ),
                (
                    "They met this past July and this past month.",
                    &[("date.relative", Date, "this past July"), ("date.relative", Date, "this past month")],
                ),
                (
                    "Work starts in the summer of next year; the first intake is expected in the autumn.",
                    &[("date.season", Date, "summer of next year"), ("date.season", Date, "autumn")],
                ),
                (
                    "Budgets for this financial year grew, talks resume early next year, as in recent years.",
                    &[
                        ("date.relative", Date, "this financial year"),
                        ("date.relative", Date, "early next year"),
                        ("date.relative", Date, "recent years"),
                    ],
                ),
                (
                    "Sales fell in mid-2020 and in Q1 2021, then rose in the first quarter of 2022.",
                    &[
                        ("date.year-part", Date, "mid-2020"),
                        ("date.year-part", Date, "Q1 2021"),
                        ("date.year-part", Date, "first quarter of 2022"),
                    ],
                ),
                ("The park opened two weeks ago.", &[("date.ago", Date, "two weeks ago")]),
                (
                    "Founded in 2016, the plan for 2016-2020 recalls the 1990s and the deal of 2019.05.23 (2021-07-16).",
                    &[
                        ("date.numeric", Date, "2016"),
                        ("date.numeric", Date, "2016-2020"),
                        ("date.numeric", Date, "1990s"),
                        ("date.numeric", Date, "2019.05.23"),
                        ("date.numeric", Date, "2021-07-16"),
                    ],
                ),
                // What must not be found: a modal, a time unit, counts, today.
                (
                    "May we go? It took a second. 2000 employees work there today, not in the spring rain.",
                    &[],
                ),
                ("The fall of prices and the end of the year.", &[]),
            ],
        );
    }
}
