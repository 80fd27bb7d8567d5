//! The relation families' tests: for made-up texts, exactly the relations
//! the given rules propose (a spurious one fails as a missing one does), and
//! every one of those rules has an example.

use std::collections::BTreeSet;

use crate::{Options, RuleId};

/// A relation as the tests write it: rule, label, head text, child text.
pub type Expected<'a> = (&'a str, &'a str, &'a str, &'a str);

#[track_caller]
pub fn check(rules: &[RuleId], cases: &[(&str, &[Expected<'_>])]) {
    let engine = crate::testing::engine();
    let mut exercised = BTreeSet::new();
    for (text, expected) in cases {
        let spans = crate::testing::annotate_with(text, Options::default());
        let rels = engine.relations(text, &spans);
        let shown = |i: usize| text[spans[i].start..spans[i].end].to_string();
        let mut got: Vec<(String, String, String, String)> = rels
            .iter()
            .filter(|r| r.provenance.rules().any(|x| rules.contains(&x)))
            .map(|r| (r.provenance.to_string(), r.label.as_str().to_string(), shown(r.head), shown(r.child)))
            .collect();
        exercised.extend(rels.iter().flat_map(|r| r.provenance.rules()));
        let mut want: Vec<(String, String, String, String)> = expected
            .iter()
            .map(|(a, b, c, d)| (a.to_string(), b.to_string(), c.to_string(), d.to_string()))
            .collect();
        got.sort();
        want.sort();
        assert_eq!(got, want, "relations of {text:?}");
        // A rule turned off proposes nothing.
        for r in rules {
            let off = engine.clone().with_options(Options::default().disable(*r));
            assert!(
                off.relations(text, &spans).iter().all(|x| x.provenance.rules().all(|y| y != *r)),
                "{r} off"
            );
        }
    }
    let missing: Vec<&str> = rules.iter().filter(|r| !exercised.contains(r)).map(|r| r.as_str()).collect();
    assert!(missing.is_empty(), "rules with no example: {missing:?}");
}
