//! Test helpers shared by the rule families' tests: each family lists, for
//! made-up texts, exactly the spans its rules must propose there — so a
//! spurious extra span fails as surely as a missing one — and every rule of
//! the family must appear in the list.

use std::collections::BTreeSet;

use crate::{Engine, Family, Label, Options, RuleId, Span};

/// One engine for all tests (building the gazetteers takes a while in a
/// debug build).
pub fn engine() -> &'static Engine {
    static ENGINE: std::sync::OnceLock<Engine> = std::sync::OnceLock::new();
    ENGINE.get_or_init(|| Engine::new().with_options(rules_only(Options::default())))
}

/// The spans of `text` with `options`, all rules on unless turned off —
/// except the trained models: these tests pin what the hand-written rules
/// do (the models have their own tests in `model/`).
pub fn annotate_with(text: &str, options: Options) -> Vec<Span> {
    engine().clone().with_options(rules_only(options)).annotate(text)
}

/// `options` with the trained models off.
pub fn rules_only(options: Options) -> Options {
    options.disable(RuleId::ModelEntity).disable(RuleId::ModelClause)
}

/// A span as the tests write it: the rules that proposed it, its label and
/// its text.
pub type Expected<'a> = (&'a str, Label, &'a str);

/// A text and the spans a family must propose there.
pub type Case<'a> = (&'a str, &'a [Expected<'a>]);

fn shown(text: &str, s: &Span) -> (String, Label, String) {
    (s.provenance.to_string(), s.label, text[s.start..s.end].to_string())
}

/// Checks, text by text, that the spans `family`'s rules took part in
/// (proposed, relabelled, found again) are exactly the expected ones, and
/// that every rule of the family is exercised.
#[track_caller]
pub fn check_family(family: Family, cases: &[Case<'_>]) {
    let mut exercised = BTreeSet::new();
    for (text, expected) in cases {
        let spans = annotate_with(text, Options::default());
        let mut got: Vec<(String, Label, String)> = spans
            .iter()
            .filter(|s| s.provenance.rules().any(|r| r.family() == family))
            .map(|s| shown(text, s))
            .collect();
        let mut want: Vec<(String, Label, String)> =
            expected.iter().map(|(r, l, t)| (r.to_string(), *l, t.to_string())).collect();
        got.sort();
        want.sort();
        assert_eq!(got, want, "{} spans of {text:?}", family.as_str());
        for s in &spans {
            exercised.extend(s.provenance.rules().filter(|r| r.family() == family));
        }
    }
    let missing: Vec<&str> =
        family.rules().filter(|r| r.proposes_spans() && !exercised.contains(r)).map(RuleId::as_str).collect();
    assert!(missing.is_empty(), "rules of {} with no example: {missing:?}", family.as_str());
}

/// Checks that `rule`, which prevents spans, keeps `covered` (in `text`)
/// free of entities, and that turning it off lets another rule type it.
#[track_caller]
pub fn check_prevents(rule: RuleId, text: &str, covered: &str) {
    assert!(!rule.proposes_spans());
    let at = text.find(covered).expect("covered text in the example");
    let overlaps = |s: &&Span| !s.label.is_clause() && s.start < at + covered.len() && at < s.end;
    let on = annotate_with(text, Options::default());
    let typed: Vec<(String, Label, String)> = on.iter().filter(overlaps).map(|s| shown(text, s)).collect();
    assert!(typed.is_empty(), "{rule} on: {covered:?} typed as {typed:?}");
    let off = annotate_with(text, Options::default().disable(rule));
    assert!(off.iter().any(|s| overlaps(&s)), "{rule} off: nothing else types {covered:?} in {text:?}");
}

/// The spans of `text` as (rules, label, text), sorted by position.
pub fn spans(text: &str, options: Options) -> Vec<(String, Label, String)> {
    annotate_with(text, options).iter().map(|s| shown(text, s)).collect()
}
