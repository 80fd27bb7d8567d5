//! Numbers: MONEY, PERCENT, ORDINAL, CARDINAL.
//!
//! A small grammar over tokens: an amount is digits (`8,000`, `1.5`,
//! `22, 000`) or number words (`five`, `twenty-two`, `three hundred`),
//! optionally scaled (`million`, `bn`, `5m`); money adds a currency before
//! (`US$`, `HK$`, `€`, `RMB`) or after (`yuan`, `US dollars`). Approximators
//! (`about`, `more than`) are never part of a span. Runs after dates, so
//! years and days already claimed are left alone.

use super::super::rules::RuleId;
use super::super::Label;
use super::context::{scan_rules, Ctx, Found, Verdict, TRIG_NUMBER, TRIG_NUMBER_WORD};
use super::tokens::SHAPE_HYPHEN;
use crate::wordlist::WordList;

/// The most words a number written in words may have.
const MAX_NUMBER_WORDS: usize = 12;

/// Units, tens and scales: the words a number in words is made of.
pub const NUMBER_WORDS: &[&[&str]] = &[UNITS, TENS, SCALES];
pub const UNITS: &[&str] = &[
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
pub const TENS: &[&str] = &["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
const SCALES: &[&str] = &["hundred", "thousand", "million", "billion", "trillion"];
/// Scales written after a figure (`3 million`, `5 bn`).
const FIGURE_SCALES: &[&str] =
    &["hundred", "thousand", "million", "billion", "trillion", "mn", "bn", "m", "b", "k", "crore", "lakh"];
/// Scales that may follow another scale (`lakh crore`, `hundred million`).
const SCALE_OF_SCALE: &[&str] = &["thousand", "million", "billion", "trillion", "crore"];
const ORDINALS: &[&str] = &[
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
    "thirtieth",
    "fortieth",
    "fiftieth",
    "sixtieth",
    "seventieth",
    "eightieth",
    "ninetieth",
    "hundredth",
    "thousandth",
];
/// Currency symbols written before an amount.
const SYMBOLS: &[&str] = &["$", "€", "£", "¥", "₹", "₩", "₽", "₺", "₫", "₱"];
/// Currency codes written before (or after) an amount.
const CODES: &[&str] = &[
    "USD", "EUR", "GBP", "RMB", "CNY", "HKD", "SGD", "MYR", "JPY", "INR", "RM", "Rs", "AUD", "CAD", "CHF",
    "KRW", "RUB", "Rp", "THB", "VND", "AED", "SAR", "QAR", "NZD", "TWD", "SEK", "NOK", "DKK", "ZAR", "BRL",
    "IDR", "PHP",
    // Shilling prefixes of East Africa, and ISO codes of currencies with no symbol of their own.
    "KSh", "TSh", "USh", "KES", "TZS", "UGX", "NGN", "EGP", "KZT", "UAH", "PLN", "CZK", "HUF", "ILS", "NIS",
    "PKR", "BDT", "LKR", "MXN", "CLP", "COP", "ARS", "RON", "BGN", "ISK", "UZS", "MNT", "KGS", "AZN", "TND",
    "DZD", "GHS", "ETB", "XOF", "XAF", "LAK", "MMK", "KHR", "BND", "OMR", "KWD", "BHD", "JOD",
];
/// Currency words written after an amount.
const CURRENCY_WORDS: &[&str] = &[
    "yuan",
    "renminbi",
    "dollars",
    "dollar",
    "euros",
    "euro",
    "pounds",
    "sterling",
    "ringgit",
    "rupees",
    "rupee",
    "yen",
    "won",
    "roubles",
    "rubles",
    "rouble",
    "ruble",
    "francs",
    "baht",
    "dong",
    "dirhams",
    "riyals",
    "pesos",
    "rand",
    "lira",
    "kronor",
    "krona",
    "kroner",
    "rupiah",
    "reais",
    "tenge",
    "som",
    "soms",
    "manat",
    "hryvnia",
    "hryvnias",
    "zloty",
    "zlotys",
    "forint",
    "forints",
    "koruna",
    "shekels",
    "shekel",
    "naira",
    "cedis",
    "shillings",
    "taka",
    "kyat",
    "kip",
    "riel",
    "lari",
    "leu",
    "lei",
    "dinars",
    "dinar",
    "birr",
    "kwacha",
    "rials",
    "ringgits",
    "yuans",
    "soles",
    "lempiras",
    "quetzales",
    "dirham",
    "riyal",
];

/// Lower-case words that may start a number (figures and symbols always do).
pub const TRIGGERS: &[&[&str]] = &[UNITS, TENS, ORDINALS, LOWER_CASE_CODES];
/// Currency codes in capitals trigger by their shape; these are not capitals.
const LOWER_CASE_CODES: &[&str] = &["rs", "rp", "ksh", "tsh", "ush"];

fn is_in(word: &str, list: &[&str]) -> bool {
    list.iter().any(|w| word.eq_ignore_ascii_case(w))
}

// The long lists, filtered (see `wordlist`): most words tested are in none.
static CURRENCY_WORD_LIST: WordList = WordList::new(CURRENCY_WORDS);
static CODE_LIST: WordList = WordList::new(CODES);
static FIGURE_SCALE_LIST: WordList = WordList::new(FIGURE_SCALES);
static UNIT_LIST: WordList = WordList::new(UNITS);
static TEN_LIST: WordList = WordList::new(TENS);
static ORDINAL_LIST: WordList = WordList::new(ORDINALS);

/// The end (exclusive token index) of a number written in words starting
/// at `i`: `five`, `twenty-two`, `three hundred and fifty`.
pub fn number_words_end(ctx: &Ctx, i: usize) -> Option<usize> {
    let mut j = i;
    let mut any = false;
    // Numbers in words are short; the bound keeps pathological input linear.
    while j < ctx.len() && j < i + MAX_NUMBER_WORDS && ctx.is_word(j) {
        let w = ctx.s(j);
        let hyphenated = ctx.toks[j].shape & SHAPE_HYPHEN != 0;
        if !(hyphenated || ctx.triggers(j, TRIG_NUMBER_WORD) || any && w.eq_ignore_ascii_case("and")) {
            break;
        }
        let compound = hyphenated
            && w.split_once('-').is_some_and(|(a, b)| TEN_LIST.contains(a) && UNIT_LIST.contains(b));
        let ok = UNIT_LIST.contains(w) || TEN_LIST.contains(w) || compound || (any && is_in(w, SCALES));
        if ok {
            any = true;
            j += 1;
        } else if any
            && w.eq_ignore_ascii_case("and")
            && j + 1 < ctx.len()
            && is_in(ctx.s(j - 1), &["hundred"])
            && number_words_end(ctx, j + 1).is_some()
        {
            j += 1;
        } else {
            break;
        }
    }
    any.then_some(j)
}

/// A figure token: digits, optionally with separators; `suffix` letters
/// after the digits (`m` in `5m`).
fn figure(s: &str) -> Option<(&str, &str)> {
    let digits_end = s.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(s.len());
    let (num, suffix) = s.split_at(digits_end);
    (!num.is_empty() && num.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b',' | b'/')))
        .then_some((num, suffix))
}

/// The end of an amount starting at token `i` (a figure with optional
/// scale, or number words), and whether it is a bare figure. `22, 000`
/// (a group of three after a comma and a space) is one amount.
pub fn amount_end(ctx: &Ctx, i: usize) -> Option<usize> {
    if ctx.is_number(i) {
        let (num, suffix) = figure(ctx.s(i))?;
        if num.contains('/') {
            return None;
        }
        let mut j = i + 1;
        if suffix.is_empty() {
            // "22, 000": a thousands group split by a stray space.
            if num.len() <= 3
                && !num.contains([',', '.'])
                && ctx.s(j) == ","
                && ctx.is_number(j + 1)
                && ctx.s(j + 1).len() == 3
                && ctx.s(j + 1).starts_with('0')
            {
                j += 2;
            }
            if ctx.is_word(j) && FIGURE_SCALE_LIST.contains(ctx.s(j)) && ctx.s(j) != "m" {
                j += 1;
                // "8.6 lakh crore", "2 hundred million": a scale of a scale.
                if ctx.is_word(j) && is_in(ctx.s(j), SCALE_OF_SCALE) {
                    j += 1;
                }
            }
        } else if !FIGURE_SCALE_LIST.contains(suffix) {
            return None;
        }
        return Some(j);
    }
    number_words_end(ctx, i)
}

/// A currency written before an amount at `i`: returns the amount's first
/// token. `US$3`, `HK$ 204`, `$5m`, `€20`, `RMB 1`, `USD 3`.
fn currency_prefix(ctx: &Ctx, i: usize) -> Option<usize> {
    let s = ctx.s(i);
    if SYMBOLS.contains(&s) {
        return Some(i + 1);
    }
    // The capital first (cheap) before the list of codes.
    if ctx.is_word(i) && s.chars().next().is_some_and(char::is_uppercase) && CODE_LIST.contains(s) {
        return Some(i + 1);
    }
    // "US$", "HK$", "S$": letters glued to a dollar sign.
    if ctx.is_word(i)
        && s.len() <= 3
        && s.chars().all(|c| c.is_ascii_uppercase())
        && ctx.s(i + 1) == "$"
        && ctx.touching(i + 1)
    {
        return Some(i + 2);
    }
    None
}

/// A currency written after an amount ending at `j`: returns the new end.
fn currency_suffix(ctx: &Ctx, j: usize) -> Option<usize> {
    if CURRENCY_WORD_LIST.contains(ctx.s(j)) || (ctx.is_all_caps(j) && CODE_LIST.contains(ctx.s(j))) {
        return Some(j + 1);
    }
    // "US dollars", "Hong Kong dollars", "Singapore dollars".
    for k in 1..=2 {
        if ctx.is_cap(j) && (j..j + k).all(|x| ctx.is_cap(x)) && is_in(ctx.s(j + k), &["dollars", "dollar"]) {
            return Some(j + k + 1);
        }
    }
    None
}

pub fn find(ctx: &mut Ctx) {
    ctx.scan(TRIG_NUMBER, number_at);
}

scan_rules! {
    /// The number rules, in the order they are tried on a trigger token;
    /// each starts at the token.
    fn number_at {
        MoneyCurrencyBefore => Money by currency_before,
        MoneyCurrencyAfter => Money by currency_after,
        PercentAmount => Percent by percent_at,
        OrdinalNumber => Ordinal by ordinal_at,
        CardinalNumber => Cardinal by cardinal_at,
    }
}

/// A match of `i..end`, or the next rule.
fn to(i: usize, end: Option<usize>) -> Verdict {
    end.map_or(Verdict::Next, |e| Verdict::Found(i, e))
}

/// `US$3 million`, `€20`, `RMB 1 billion`, `RM5`.
fn currency_before(ctx: &Ctx, i: usize) -> Verdict {
    if let Some(a) = currency_prefix(ctx, i) {
        // "RM5": a code glued to digits is one word token; handled below.
        if let Some(end) = amount_end(ctx, a) {
            if ctx.is_number(a) {
                return Verdict::Found(i, end);
            }
        }
    }
    // "RM5 million": a currency code glued to the figure.
    if ctx.is_word(i) {
        let s = ctx.s(i);
        if let Some(pos) = s.find(|c: char| c.is_ascii_digit()) {
            let (code, amount) = s.split_at(pos);
            // "RM5", "RM3.5bn", "USD1.2".
            let digits = amount.trim_end_matches(|c: char| c.is_ascii_alphabetic());
            let scale = &amount[digits.len()..];
            if CODES.contains(&code)
                && digits.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
                && (scale.is_empty() || FIGURE_SCALE_LIST.contains(scale))
            {
                let mut end = i + 1;
                if FIGURE_SCALE_LIST.contains(ctx.s(end)) {
                    end += 1;
                }
                return Verdict::Found(i, end);
            }
        }
    }
    Verdict::Next
}

/// `5 million yuan`, `3 million tenge`, `40 US dollars`.
fn currency_after(ctx: &Ctx, i: usize) -> Verdict {
    to(i, amount_end(ctx, i).and_then(|end| currency_suffix(ctx, end)))
}

fn percent_at(ctx: &Ctx, i: usize) -> Verdict {
    to(i, percent_end(ctx, i))
}

fn percent_end(ctx: &Ctx, i: usize) -> Option<usize> {
    let end = amount_end(ctx, i)?;
    if ctx.s(end) == "%" || ctx.s(end) == "％" {
        return Some(end + 1);
    }
    if is_in(ctx.s(end), &["percent", "pct"]) {
        return Some(end + 1);
    }
    if ctx.is(end, "per") && ctx.is(end + 1, "cent") {
        return Some(end + 2);
    }
    None
}

fn ordinal_at(ctx: &Ctx, i: usize) -> Verdict {
    to(i, ordinal_end(ctx, i))
}

fn ordinal_end(ctx: &Ctx, i: usize) -> Option<usize> {
    let s = ctx.s(i);
    if ctx.is_number(i) {
        let (num, suffix) = figure(s)?;
        let ok = num.bytes().all(|b| b.is_ascii_digit()) && is_in(suffix, &["st", "nd", "rd", "th"]);
        return ok.then_some(i + 1);
    }
    if !ctx.is_word(i) {
        return None;
    }
    let compound = s.split_once('-').is_some_and(|(a, b)| TEN_LIST.contains(a) && ORDINAL_LIST.contains(b));
    if !(ORDINAL_LIST.contains(s) || compound) {
        return None;
    }
    // "a second", "per second", "seconds": the time unit.
    if s.eq_ignore_ascii_case("second")
        && (ctx.is_any(i.wrapping_sub(1), &["a", "per", "every", "split"]) || !ctx.is_word(i + 1))
    {
        return None;
    }
    Some(i + 1)
}

fn cardinal_at(ctx: &Ctx, i: usize) -> Verdict {
    to(i, cardinal_end(ctx, i))
}

fn cardinal_end(ctx: &Ctx, i: usize) -> Option<usize> {
    if ctx.is_number(i) {
        if list_marker(ctx, i) || brand_number(ctx, i) || clock_time(ctx, i) || in_file_name(ctx, i) {
            return None;
        }
        // "5G", "3D", "2nd": letters after digits that are not a scale.
        let end = amount_end(ctx, i)?;
        // A figure glued to a word ("COVID-19" is one word token anyway;
        // "B2B" too) or inside a code like "A-1".
        if i > 0 && ctx.touching(i) && (ctx.is_word(i - 1) || ctx.s(i - 1) == "-") {
            return None;
        }
        return Some(end);
    }
    let end = number_words_end(ctx, i)?;
    // "the two companies", "both": a back-reference, not a count.
    if ctx.is_any(i.wrapping_sub(1), &["the"]) && ctx.is(i, "two") && end == i + 1 {
        return None;
    }
    if end == i + 1 && ctx.is(i, "one") && !counts_something(ctx, i + 1) {
        return None;
    }
    Some(end)
}

/// After a lone "one": a noun it counts (`one year`), not "one of", "one
/// another", "no one".
fn counts_something(ctx: &Ctx, j: usize) -> bool {
    ctx.is_word(j)
        && !ctx.is_any(
            j,
            &[
                "of", "another", "by", "and", "or", "in", "to", "who", "that", "which", "is", "was", "the",
                "a", "an", "at", "on", "for", "with", "more", "day",
            ],
        )
        && !ctx.is_any(j.wrapping_sub(2), &["no", "any", "every", "each", "the", "this", "that", "which"])
}

/// "1. Joint research", "2) Talent": a number opening a line before a
/// period or a bracket numbers a list item; it counts nothing.
fn list_marker(ctx: &Ctx, i: usize) -> bool {
    let at_line_start = ctx.toks.get(i).is_some_and(|t| t.line_start);
    at_line_start
        && matches!(ctx.s(i + 1), "." | ")")
        && ctx.touching(i + 1)
        && ctx.toks.get(i + 2).is_some_and(|t| t.space_before)
        && ctx.s(i).len() <= 2
}

/// "02:15 AM", "09:13:58", "18:53": the figures of a time of day (a scraped
/// page's date line) count nothing.
fn clock_time(ctx: &Ctx, i: usize) -> bool {
    let figures = |k: usize| ctx.is_number(k) && (1..=2).contains(&ctx.s(k).len());
    let glued_colon = |k: usize| ctx.s(k) == ":" && ctx.touching(k) && ctx.touching(k + 1);
    figures(i) && ((glued_colon(i + 1) && figures(i + 2)) || (i >= 2 && glued_colon(i - 1) && figures(i - 2)))
}

/// "IMG_6966_1.jpg", "2022_05_09_Park.png": figures glued to `_` belong to
/// a file name or an address, not to the text.
fn in_file_name(ctx: &Ctx, i: usize) -> bool {
    (i > 0 && ctx.s(i - 1) == "_" && ctx.touching(i)) || (ctx.s(i + 1) == "_" && ctx.touching(i + 1))
}

/// "22@Work": digits glued to "@" and a word are a brand, not a count.
fn brand_number(ctx: &Ctx, i: usize) -> bool {
    ctx.s(i + 1) == "@" && ctx.touching(i + 1) && ctx.is_word(i + 2) && ctx.touching(i + 2)
}

#[cfg(test)]
mod tests {
    use crate::rules::Family;
    use crate::testing::check_family;
    use crate::Label::{Cardinal, Money, Ordinal, Percent};

    #[test]
    fn each_number_rule_finds_its_numbers_and_nothing_else() {
        check_family(
            Family::Number,
            &[
                (
                    "It raised US$3 million, €20 million, RMB 1 billion and RM5 million.",
                    &[
                        ("money.currency-before", Money, "US$3 million"),
                        ("money.currency-before", Money, "€20 million"),
                        ("money.currency-before", Money, "RMB 1 billion"),
                        ("money.currency-before", Money, "RM5 million"),
                    ],
                ),
                (
                    "Grants of 5 million yuan and 3 million tenge.",
                    &[("money.currency-after", Money, "5 million yuan"), ("money.currency-after", Money, "3 million tenge")],
                ),
                (
                    "Exports grew 12% and 20 percent, imports 3 per cent.",
                    &[
                        ("percent.amount", Percent, "12%"),
                        ("percent.amount", Percent, "20 percent"),
                        ("percent.amount", Percent, "3 per cent"),
                    ],
                ),
                (
                    "The fifth forum and the 17th fair; about 8,000 people and five startups, nearly 22, 000 firms.",
                    &[
                        ("ordinal.number", Ordinal, "fifth"),
                        ("ordinal.number", Ordinal, "17th"),
                        ("cardinal.number", Cardinal, "8,000"),
                        ("cardinal.number", Cardinal, "five"),
                        ("cardinal.number", Cardinal, "22, 000"),
                    ],
                ),
                // What must not be found: back-references, `one of`, list
                // markers, brands, codes, time units.
                ("The two companies and one of them.\n1. Research: 5G labs at 22@Work, wait a second.", &[]),
                ("7 January 2018 18:53 (UTC+04:00), 02:15 AM, 09:13:58, IMG_6966_1.jpg", &[]),
            ],
        );
    }
}
